"""The self-assessment ("Where are we?", /self-assessment/): statements a
team rates together, each resting on guide sections and theme terms, and the
rungs of the ladder of co-production (data/self-assessment.yml).

`load` reads and checks the file against the guide and the taxonomies, so a
wrong id gets the usual `file:line: field: message` with the fix.
`script_data` is what the page's script needs (statements, each term's name,
page and case studies, and the filtered-list link for each statement),
embedded in the page so that it works opened from disk, where fetch does not.
`page` renders the checklist the script brings to life.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import data_file, registry
from .problems import Problem
from .safe_yaml import LoadedFile, field_name
from .schema_check import did_you_mean

if TYPE_CHECKING:  # the catalogue imports this module to load the file
    from .catalogue import Catalogue, GuideSection, Taxonomy, Term

FILE = "data/self-assessment.yml"
SCHEMA = "data/self-assessment.schema.json"
PAGE_URL = "self-assessment/"
# Enough to cover the guide's themes; few enough for one team meeting.
FEWEST_STATEMENTS, MOST_STATEMENTS = 12, 20
# The answers, in the order the page offers them, as they appear in the address.
ANSWERS = (("not-yet", "Not yet"), ("partly", "Partly"), ("yes", "Yes"))
# Address parameters the page uses itself, so no statement may take them.
RESERVED_IDS = frozenset({"date"})
# Case studies per term the page can show; the filtered list has them all.
CASES_PER_TERM = 5


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    group: str
    guide_sections: tuple[GuideSection, ...]
    terms: tuple[Term, ...]
    ladder: str | None
    line: int


@dataclass(frozen=True)
class Rung:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class SelfAssessment:
    groups: tuple[tuple[str, tuple[Statement, ...]], ...]  # (title, statements)
    ladder: tuple[Rung, ...]  # bottom rung first

    @property
    def statements(self) -> list[Statement]:
        return [statement for _, statements in self.groups for statement in statements]


def load(
    root: Path, taxonomies: dict[str, Taxonomy], sections: dict[str, GuideSection] | None, problems: list[Problem]
) -> SelfAssessment | None:
    """The file's statements and ladder, with its problems added to
    `problems`. A taxonomy missing from `taxonomies` (its own file is
    broken, and reported) leaves its ids unchecked; so does a broken guide
    file for section ids."""
    loaded = data_file.load(root, FILE, SCHEMA, problems)
    if loaded is None:
        return None
    found: list[Problem] = []
    rungs = _ladder(loaded, found)
    groups = []
    seen: dict[str, int] = {}
    for g, group in enumerate(loaded.data["groups"]):
        statements = []
        for s, raw in enumerate(group["statements"]):
            at = ("groups", g, "statements", s)
            _check_id(loaded, at, raw["id"], seen, found)
            statements.append(
                Statement(
                    raw["id"],
                    " ".join(raw["text"].split()),
                    group["title"],
                    _sections(loaded, at, raw["guide_sections"], sections, found),
                    _terms(loaded, at, raw, taxonomies, found),
                    _rung(loaded, at, raw.get("ladder"), rungs, found),
                    loaded.line_of(at),
                )
            )
        groups.append((group["title"], tuple(statements)))
    count = len(seen)
    if not FEWEST_STATEMENTS <= count <= MOST_STATEMENTS:
        found.append(
            Problem(
                FILE,
                loaded.line_of(("groups",)),
                "groups",
                f"has {count} statement{'s' if count != 1 else ''}; a team can rate "
                f"{FEWEST_STATEMENTS} to {MOST_STATEMENTS} in one sitting: "
                + ("add statements" if count < FEWEST_STATEMENTS else "merge or remove some"),
            )
        )
    problems.extend(found)
    return None if found else SelfAssessment(tuple(groups), tuple(rungs.values()))


def _ladder(loaded: LoadedFile, found: list[Problem]) -> dict[str, Rung]:
    rungs: dict[str, Rung] = {}
    for i, raw in enumerate(loaded.data["ladder"]):
        if raw["id"] in rungs:
            at = ("ladder", i, "id")
            found.append(Problem(FILE, loaded.line_of(at), field_name(at), f"the rung '{raw['id']}' is listed twice"))
        else:
            rungs[raw["id"]] = Rung(raw["id"], raw["name"], raw["description"])
    return rungs


def _check_id(loaded: LoadedFile, at: tuple, statement_id: str, seen: dict[str, int], found: list[Problem]) -> None:
    where = at + ("id",)
    if statement_id in RESERVED_IDS:
        message = f"'{statement_id}' is taken by the page's address (?{statement_id}=...): choose another id"
    elif statement_id in seen:
        message = f"the id '{statement_id}' is also used on line {seen[statement_id]}: each statement needs its own"
    else:
        seen[statement_id] = loaded.line_of(where)
        return
    found.append(Problem(FILE, loaded.line_of(where), field_name(where), message))


def _sections(
    loaded: LoadedFile, at: tuple, ids: list[str], sections: dict | None, found: list[Problem]
) -> tuple[GuideSection, ...]:
    if sections is None:
        return ()  # data/guide.yml is broken and already reported
    result = []
    for i, section_id in enumerate(ids):
        if section_id in sections:
            result.append(sections[section_id])
            continue
        where = at + ("guide_sections", i)
        found.append(
            Problem(
                FILE,
                loaded.line_of(where),
                field_name(where),
                f"unknown guide section '{section_id}'{did_you_mean(section_id, sections)}"
                " (sections are listed in data/guide.yml)",
            )
        )
    return tuple(result)


def _terms(loaded: LoadedFile, at: tuple, raw: dict, taxonomies: dict, found: list[Problem]) -> tuple[Term, ...]:
    """The statement's terms, facet by facet in the registry's order."""
    if not any(raw.get(facet) for facet in registry.TAXONOMIES):
        where = at + ("id",)
        found.append(
            Problem(
                FILE,
                loaded.line_of(where),
                field_name(at) or "statement",
                "names no theme: add at least one term it rests on, under "
                + ", ".join(registry.TAXONOMIES)
                + " (term ids from data/<that name>.yml)",
            )
        )
    result = []
    for facet in registry.TAXONOMIES:
        if facet not in taxonomies:
            continue  # that taxonomy's file is broken and already reported
        terms = taxonomies[facet].terms
        for i, term_id in enumerate(raw.get(facet, [])):
            if term_id in terms:
                result.append(terms[term_id])
                continue
            where = at + (facet, i)
            found.append(
                Problem(FILE, loaded.line_of(where), field_name(where), _unknown_term(facet, term_id, taxonomies))
            )
    return tuple(result)


def _unknown_term(facet: str, term_id: str, taxonomies: dict) -> str:
    singular = taxonomies[facet].singular.lower()
    for other, taxonomy in taxonomies.items():
        if other != facet and term_id in taxonomy.terms:
            return (
                f"'{term_id}' is not one of the {facet} but one of the {other} "
                f"(data/{other}.yml): move it under {other}"
            )
    return (
        f"unknown {singular} '{term_id}'{did_you_mean(term_id, taxonomies[facet].terms)} (listed in data/{facet}.yml)"
    )


def _rung(loaded: LoadedFile, at: tuple, rung: str | None, rungs: dict[str, Rung], found: list[Problem]) -> str | None:
    if rung is None or rung in rungs:
        return rung
    where = at + ("ladder",)
    found.append(
        Problem(
            FILE,
            loaded.line_of(where),
            field_name(where),
            f"unknown rung '{rung}'{did_you_mean(rung, rungs)} (choose from the ladder at the end of this file: "
            + ", ".join(rungs)
            + ")",
        )
    )
    return None


# What the page needs.


def _filtered_list(catalogue: Catalogue, statement: Statement, link) -> dict | None:
    """A link to the case-study list filtered to one statement's case
    studies. The filter matches any term within a facet but every facet
    given, so one facet is used: the one whose terms reach the most case
    studies (the filter's own facet order breaks a tie)."""
    best = None
    for facet in registry.FILTER_FACETS:
        ids = [term.id for term in statement.terms if term.facet == facet.key]
        if not ids:
            continue
        slugs = {
            case.slug for term in statement.terms if term.facet == facet.key for case, _ in catalogue.cases_for(term)
        }
        if slugs and (best is None or len(slugs) > best[2]):
            best = (facet, ids, len(slugs))
    if best is None:
        return None
    facet, ids, count = best
    return {"url": link.page(f"case-studies/?{facet.param}={','.join(ids)}"), "count": count}


def script_data(catalogue: Catalogue, from_url: str = PAGE_URL) -> dict:
    """Everything the page's script reads, with addresses relative to the page."""
    from .render import Linker  # render imports the catalogue, which imports this module

    link = Linker(from_url)
    assessment = catalogue.self_assessment
    terms: dict[str, dict] = {}
    statements = []
    for statement in assessment.statements:
        for term in statement.terms:
            key = f"{term.facet}/{term.id}"
            if key in terms:
                continue
            cases = catalogue.cases_for(term)
            terms[key] = {
                "name": term.name,
                "kind": catalogue.taxonomies[term.facet].singular,
                "url": link.term(term),
                "total": len(cases),
                "cases": [
                    {"title": case.title, "url": link.case(case), "how": " ".join(how.split())}
                    for case, how in cases[:CASES_PER_TERM]
                ],
            }
        statements.append(
            {
                "id": statement.id,
                "text": statement.text,
                "group": statement.group,
                "ladder": statement.ladder,
                "terms": [f"{term.facet}/{term.id}" for term in statement.terms],
                "sections": [
                    {"label": section.label, "title": section.title, "url": link.page(section.page)}
                    for section in statement.guide_sections
                ],
                "list": _filtered_list(catalogue, statement, link),
            }
        )
    return {
        "answers": [{"id": answer, "label": label} for answer, label in ANSWERS],
        "statements": statements,
        "terms": terms,
        "ladder": [{"id": rung.id, "name": rung.name} for rung in assessment.ladder],
    }


def page(catalogue: Catalogue, from_url: str = PAGE_URL) -> str:
    """The checklist (a plain form that works without scripts), the frame
    of the result, and the data block for the script."""
    import markupsafe

    from . import open_data, render
    from .catalogue import slug_for

    # Data, not code: the Content Security Policy allows it. "<" is escaped
    # so that no text can close the element.
    data = markupsafe.Markup(open_data.to_json(script_data(catalogue, from_url)).replace("<", "\\u003c"))
    return render._render(
        "self_assessment.html.j2",
        catalogue,
        from_url,
        assessment=catalogue.self_assessment,
        group_ids=[slug_for(title) for title, _ in catalogue.self_assessment.groups],
        answers=ANSWERS,
        script_data=data,
    )
