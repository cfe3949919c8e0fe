"""Load every data file, check the links between them, and index them.

`load_catalogue(root)` returns a Catalogue or raises DataError listing every
problem in every file. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import data_file, registry, search_words, self_assessment, site_urls
from . import redirects as redirect_rules
from .problems import DataError, Problem
from .safe_yaml import LoadedFile, field_name
from .schema_check import date_problem, did_you_mean
from .search_words import Synonyms
from .self_assessment import SelfAssessment

# The taxonomies, in the order pages show them (knowledge_base/registry.py).
FACETS = registry.TAXONOMIES
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED_SLUGS = {"index"}
# The commented template `make new` copies; it lives beside the case studies
# so that people using GitHub's web editor can find and copy it too.
TEMPLATE_FILE = "_template.yml"
# Text a contributor has still to replace (the template's placeholders).
PLACEHOLDER = "FILL IN"


def slug_for(name: str) -> str:
    """The file name to use for a title or a badly named file:
    'Tameside Peer Research' -> 'tameside-peer-research'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


@dataclass
class GuideSection:
    id: str
    label: str
    title: str
    page: str = ""  # where this site covers the section, e.g. "guide/practicalities/"


@dataclass
class Group:
    id: str
    name: str
    description: str
    guide_sections: list[GuideSection]


@dataclass
class Term:
    facet: str
    id: str
    name: str
    definition: str
    guide_sections: list[GuideSection]
    group: Group | None = None
    search_words: list[str] = field(default_factory=list)
    read_more: dict | None = None  # {"title", "page"}: a page that answers the reader's next question


@dataclass
class Taxonomy:
    facet: str
    title: str
    singular: str
    introduction: str
    groups: list[Group]
    terms: dict[str, Term]


@dataclass
class Tag:
    term: Term
    how: str


@dataclass
class CaseStudy:
    slug: str
    path: str
    data: dict
    guide_sections: list[GuideSection]
    tags: dict[str, list[Tag]]
    title_line: int = 1

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def from_guide(self) -> bool:
        """True for the guide's own case studies; False for contributed ones."""
        return self.data["source"] == "guide"

    @functools.cached_property
    def term_keys(self) -> frozenset[tuple[str, str]]:
        return frozenset((facet, tag.term.id) for facet, tags in self.tags.items() for tag in tags)


@dataclass
class Related:
    case: CaseStudy
    shared: list[Term]


@dataclass
class Catalogue:
    guide: dict
    taxonomies: dict[str, Taxonomy]
    case_studies: list[CaseStudy]
    glossary: list[dict] = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    redirects: list[dict] = field(default_factory=list)  # {"from": old address, "to": new address}
    search_words: list[Synonyms] = field(default_factory=list)  # data/search-words.yml
    self_assessment: SelfAssessment | None = None  # data/self-assessment.yml

    @functools.cached_property
    def abbreviations(self) -> dict[str, str]:
        """'NHS' -> 'National Health Service', for tooltips."""
        return {entry["abbreviation"]: entry["term"] for entry in self.glossary if "abbreviation" in entry}

    def term(self, facet: str, term_id: str) -> Term:
        return self.taxonomies[facet].terms[term_id]

    @functools.cached_property
    def _by_slug(self) -> dict[str, CaseStudy]:
        return {case.slug: case for case in self.case_studies}

    def case_study(self, slug: str) -> CaseStudy:
        return self._by_slug[slug]

    @property
    def guide_case_studies(self) -> list[CaseStudy]:
        return [case for case in self.case_studies if case.from_guide]

    @property
    def contributed_case_studies(self) -> list[CaseStudy]:
        return [case for case in self.case_studies if not case.from_guide]

    @functools.cached_property
    def _tagged(self) -> dict[tuple[str, str], list[tuple[CaseStudy, str]]]:
        """(facet, term id) -> [(case study, how)], built once."""
        index = defaultdict(list)
        # The guide's own case studies come first, so pages that discuss the
        # guide lead with them; contributed ones follow, marked as such.
        for case in sorted(self.case_studies, key=lambda c: not c.from_guide):
            for facet, tags in case.tags.items():
                for tag in tags:
                    index[(facet, tag.term.id)].append((case, tag.how))
        return index

    def cases_for(self, term: Term) -> list[tuple[CaseStudy, str]]:
        """Every case study tagged with term, with the sentence saying how."""
        return self._tagged.get((term.facet, term.id), [])

    @functools.cached_property
    def _slugs_by_term(self) -> dict[tuple[str, str], list[str]]:
        return {key: [case.slug for case, _ in pairs] for key, pairs in self._tagged.items()}

    @functools.cached_property
    def _position(self) -> dict[str, int]:
        return {case.slug: number for number, case in enumerate(self.case_studies)}

    def related(self, case: CaseStudy, limit: int = 3) -> list[Related]:
        """The case studies sharing the most terms with case, most first
        (ties in title order). Counting through the term index keeps this
        fast with thousands of case studies."""
        counts: Counter[str] = Counter()
        for key in case.term_keys:
            counts.update(self._slugs_by_term[key])
        counts.pop(case.slug, None)
        # Most shared terms first, ties in title order. Taking one count at a
        # time, highest first, avoids a Python call per case study for each
        # case study: seconds at 5,000.
        top: list[str] = []
        for shared in sorted(set(counts.values()), reverse=True):
            if len(top) >= limit:
                break
            top += sorted((slug for slug, n in counts.items() if n == shared), key=self._position.__getitem__)
        result = []
        for slug in top[:limit]:
            other = self._by_slug[slug]
            shared = sorted(case.term_keys & other.term_keys, key=_facet_order)
            result.append(Related(other, [self.term(*key) for key in shared]))
        return result


def _facet_order(key: tuple[str, str]) -> tuple[int, str]:
    return FACETS.index(key[0]), key[1]


def load_catalogue(root: Path) -> Catalogue:
    problems: list[Problem] = []
    guide = _load(root, "data/guide.yml", "data/guide.schema.json", problems)
    # None when data/guide.yml is broken: section ids then go unchecked.
    sections = {s["id"]: GuideSection(**s) for s in guide.data["sections"]} if guide else None
    taxonomies = {}
    for facet in registry.TAXONOMY_FACETS:
        loaded = _load(root, facet.data_file, "data/taxonomy.schema.json", problems)
        if loaded:
            taxonomies[facet.key] = _build_taxonomy(loaded, facet.key, sections, problems)
    glossary = _load(root, "data/glossary.yml", "data/glossary.schema.json", problems)
    sources = _load(root, "data/sources.yml", "data/sources.schema.json", problems)
    synonyms = search_words.load(root, problems)
    assessment = self_assessment.load(root, taxonomies, sections, problems)
    # Case studies are checked even when a taxonomy or the guide file is
    # broken, so one run reports everything; only ids that cannot be looked
    # up are skipped.
    guide_cases = set(guide.data.get("case_studies", [])) if guide else None
    case_studies = _load_case_studies(root, taxonomies, sections, guide_cases, problems)
    redirects = _load_redirects(root, taxonomies, case_studies, problems)
    if problems or guide is None:
        raise DataError(problems)
    return Catalogue(
        guide.data,
        taxonomies,
        case_studies,
        glossary.data["terms"],
        sources.data,
        redirects,
        synonyms,
        self_assessment=assessment,
    )


def _load_redirects(root: Path, taxonomies: dict, case_studies: list[CaseStudy], problems: list[Problem]) -> list[dict]:
    """data/redirects.yml is optional: with no file, nothing has moved."""
    if not (root / redirect_rules.REDIRECTS_FILE).is_file():
        return []
    loaded = _load(root, redirect_rules.REDIRECTS_FILE, "data/redirects.schema.json", problems)
    if loaded is None:
        return []
    pages = site_urls.hand_written_addresses(root / "docs")
    pages |= {"/" + site_urls.case_study_url(case.slug) for case in case_studies}
    pages |= {
        "/" + site_urls.term_url(facet, term_id) for facet, taxonomy in taxonomies.items() for term_id in taxonomy.terms
    }
    return redirect_rules.check(loaded, pages, problems)


def _load(
    root: Path, relative: str, schema: str, problems: list[Problem], placeholders: bool = False
) -> LoadedFile | None:
    return data_file.load(root, relative, schema, problems, _report_placeholders if placeholders else None)


def _placeholder_paths(value, json_path: tuple = ()):
    if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
        yield json_path
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _placeholder_paths(item, json_path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholder_paths(item, json_path + (key,))


def _report_placeholders(loaded: LoadedFile, found: list[Problem]) -> list[Problem]:
    """One line per placeholder still to fill in, instead of the schema's
    complaints about the same value (a placeholder is not a valid date or id)."""
    found = [_explain_missing_review(loaded, p) for p in found]
    paths = list(_placeholder_paths(loaded.data))
    if not paths:
        return found
    names = {field_name(p) for p in paths}
    kept = [p for p in found if p.field not in names]
    return kept + [
        Problem(
            loaded.path,
            loaded.line_of(p),
            field_name(p),
            f"still to fill in: replace the {PLACEHOLDER} text (see the example in the comment above)"
            + (", or delete it if it does not apply" if _optional(p) else ""),
        )
        for p in paths
    ]


def _explain_missing_review(loaded: LoadedFile, problem: Problem) -> Problem:
    """A missing next_review says what to write, on the line after
    last_reviewed, where the template puts it."""
    if problem.field != "next_review" or not problem.message.startswith("this required field is missing"):
        return problem
    last = loaded.data.get("last_reviewed")
    line = loaded.line_of(("last_reviewed",)) if last is not None else problem.line
    try:
        example = review_suggestion(str(last))
    except ValueError:
        example = "YYYY-MM-DD"
    return Problem(
        loaded.path,
        line,
        "next_review",
        "this required field is missing: add a line 'next_review: YYYY-MM-DD' after last_reviewed, "
        f"the date by when someone should check this file again (usually a year later, like {example})",
    )


_OPTIONAL_FACETS = {facet.key for facet in registry.TAXONOMY_FACETS if not facet.required}


def _optional(json_path: tuple) -> bool:
    """Template fields a case study may leave out."""
    return (
        json_path[0] in _OPTIONAL_FACETS
        or json_path[0] == "links"
        or json_path[-1] == "role"
        or json_path[:2] == ("sections", "practicalities")
    )


def _sections(loaded: LoadedFile, json_path: tuple, ids: list[str], sections: dict | None, problems: list[Problem]):
    if sections is None:
        return []  # data/guide.yml is broken and already reported
    result = []
    for i, section_id in enumerate(ids):
        if section_id in sections:
            result.append(sections[section_id])
        else:
            at = json_path + (i,)
            problems.append(
                Problem(
                    loaded.path,
                    loaded.line_of(at),
                    field_name(at),
                    f"unknown guide section '{section_id}'{did_you_mean(section_id, sections)}"
                    " (sections are listed in data/guide.yml)",
                )
            )
    return result


def _build_taxonomy(loaded: LoadedFile, facet: str, sections: dict | None, problems: list[Problem]) -> Taxonomy:
    data = loaded.data
    if data["facet"] != facet:
        problems.append(Problem(loaded.path, loaded.line_of(("facet",)), "facet", f"must be '{facet}' in this file"))
    groups = {}
    for i, group in enumerate(data.get("groups", [])):
        groups[group["id"]] = Group(
            group["id"],
            group["name"],
            group.get("description", ""),
            _sections(loaded, ("groups", i, "guide_sections"), group["guide_sections"], sections, problems),
        )
    terms: dict[str, Term] = {}
    for i, raw in enumerate(data["terms"]):
        at = ("terms", i)
        if raw["id"] in terms:
            problems.append(
                Problem(
                    loaded.path,
                    loaded.line_of(at + ("id",)),
                    field_name(at + ("id",)),
                    f"the id '{raw['id']}' is used twice in this file",
                )
            )
            continue
        group = None
        if groups:
            group = groups.get(raw.get("group"))
            if group is None:
                problems.append(
                    Problem(
                        loaded.path,
                        loaded.line_of(at + ("group",)),
                        field_name(at + ("group",)),
                        f"must name one of this file's groups: {', '.join(groups)}"
                        + did_you_mean(raw.get("group", ""), groups),
                    )
                )
        elif "group" in raw:
            problems.append(
                Problem(
                    loaded.path, loaded.line_of(at + ("group",)), field_name(at + ("group",)), "this file has no groups"
                )
            )
        terms[raw["id"]] = Term(
            facet,
            raw["id"],
            raw["name"],
            raw["definition"],
            _sections(loaded, at + ("guide_sections",), raw.get("guide_sections", []), sections, problems),
            group,
            raw.get("search_words", []),
            raw.get("read_more"),
        )
    return Taxonomy(facet, data["title"], data["singular"], data["introduction"], list(groups.values()), terms)


def file_name_problem(name: str) -> str | None:
    """What is wrong with a case study's file name, and the name to use."""
    stem, _, extension = name.rpartition(".")
    suggestion = (slug_for(stem) or "my-case-study") + ".yml"
    if stem in RESERVED_SLUGS:
        return (
            f"'{stem}' is taken by the list of case studies: name the file after the case, like '{stem}-something.yml'"
        )
    if not SLUG_PATTERN.match(stem):
        return (
            f"the file name is the page address, so it must be lowercase letters and numbers joined by "
            f"hyphens: rename the file '{suggestion}'"
        )
    if extension != "yml":
        return f"name the file with .yml, not .{extension}: rename it '{suggestion}'"
    return None


def _load_case_studies(
    root: Path, taxonomies: dict, sections: dict | None, guide_cases: set | None, problems: list[Problem]
) -> list[CaseStudy]:
    folder = root / "case_studies"
    cases = []
    titles: list[_Titled] = []
    for path in sorted(folder.iterdir()):
        relative = f"case_studies/{path.name}"
        if path.name == TEMPLATE_FILE or path.suffix.lower() not in (".yml", ".yaml") or not path.is_file():
            continue
        wrong_name = file_name_problem(path.name)
        if wrong_name:
            problems.append(Problem(relative, 1, "(file)", wrong_name))
            continue
        # Read even when the schema finds problems, so that the ids and the
        # title are checked in the same run (each check below allows for
        # values of the wrong shape, which the schema has already reported).
        loaded = data_file.load_partly(root, relative, "data/case-study.schema.json", problems, _report_placeholders)
        if loaded is None:
            continue
        titles += _titled(loaded, path.stem in (guide_cases or ()))
        case = _build_case_study(loaded, path.stem, taxonomies, sections, guide_cases, problems)
        if not loaded.problems:
            cases.append(case)
    _check_unique_titles(titles, problems)
    return sorted(cases, key=lambda case: case.title.casefold())


def _wrong_id_hint(term_id: str, facet: str, taxonomies: dict) -> str:
    """Why an id is not a term of this facet when it is something else we know:
    a group's id, or a term of another facet."""
    taxonomy = taxonomies[facet]
    noun = taxonomy.singular.lower()
    for group in taxonomy.groups:
        if group.id == term_id:
            choices = ", ".join(t.id for t in taxonomy.terms.values() if t.group is group)
            return (
                f"'{term_id}' is a group of {taxonomy.title.lower()}, not a {noun}; "
                f"use one of the {noun} ids in it: {choices}"
            )
    for other, other_taxonomy in taxonomies.items():
        if other != facet and term_id in other_taxonomy.terms:
            return (
                f"'{term_id}' is {_article(other_taxonomy.singular)} {other_taxonomy.singular.lower()}, "
                f"not {_article(noun)} {noun}: move this tag to the {other} list"
            )
    return ""


def _near_id_elsewhere(term_id: str, facet: str, taxonomies: dict) -> str:
    """For a misspelt id with no near match in its own list: a near match
    in another facet's ('peer-suport' under enablers -> the model)."""
    for other, taxonomy in taxonomies.items():
        hint = did_you_mean(term_id, taxonomy.terms) if other != facet else ""
        if hint:
            near = hint.removeprefix("; did you mean '").removesuffix("'?")
            return (
                f"; did you mean the {taxonomy.singular.lower()} '{near}'? "
                f"It goes in the {other} list, not the {facet} list"
            )
    return ""


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _build_case_study(
    loaded: LoadedFile,
    slug: str,
    taxonomies: dict,
    sections: dict | None,
    guide_cases: set | None,
    problems: list[Problem],
) -> CaseStudy:
    """The case study, with its cross-references checked. For a file with
    other problems, only what can be checked is (a wrong shape is the
    schema's to report), and the result is not used."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    tags: dict[str, list[Tag]] = {}
    for facet in FACETS:
        if facet not in taxonomies:
            continue  # its file is broken and already reported
        terms = taxonomies[facet].terms
        seen = set()
        items = data.get(facet)
        for i, raw in enumerate(items if isinstance(items, list) else []):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                continue  # the schema reports it
            at = (facet, i, "id")
            where = (loaded.path, loaded.line_of(at), field_name(at))
            if raw["id"].startswith(PLACEHOLDER) or not SLUG_PATTERN.match(raw["id"]):
                pass  # already reported, as still to fill in or not an id
            elif raw["id"] in seen:
                problems.append(Problem(*where, f"'{raw['id']}' is listed twice"))
            elif raw["id"] not in terms:
                hint = _wrong_id_hint(raw["id"], facet, taxonomies)
                problems.append(
                    Problem(
                        *where,
                        hint
                        or f"unknown {taxonomies[facet].singular.lower()} '{raw['id']}'"
                        f"{did_you_mean(raw['id'], terms) or _near_id_elsewhere(raw['id'], facet, taxonomies)}"
                        f" (see {registry.facet(facet).data_file})",
                    )
                )
            else:
                tags.setdefault(facet, []).append(Tag(terms[raw["id"]], raw.get("how")))
            seen.add(raw["id"])
    ids = data.get("guide_sections")
    ids = [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
    guide_sections = _sections(loaded, ("guide_sections",), ids, sections, problems)
    if data.get("source") == "guide" and guide_cases is not None and slug not in guide_cases:
        problems.append(
            Problem(
                loaded.path,
                loaded.line_of(("source",)),
                "source",
                "only the guide's own case studies (listed in data/guide.yml) can say 'guide': "
                "write source: contributed, with contributed_by, contributed_on and sources",
            )
        )
    _check_review_order(loaded, problems)
    return CaseStudy(slug, loaded.path, data, guide_sections, tags, loaded.line_of(("title",)))


def _check_review_order(loaded: LoadedFile, problems: list[Problem]) -> None:
    """next_review must come after last_reviewed (checked only when both are
    real dates; ISO dates sort as text)."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    last, next_review = data.get("last_reviewed"), data.get("next_review")
    if not (_real_iso_date(last) and _real_iso_date(next_review)):
        return  # missing or not a date: the schema reports it
    if next_review <= last:
        problems.append(
            Problem(
                loaded.path,
                loaded.line_of(("next_review",)),
                "next_review",
                f"{next_review} is not after last_reviewed ({last}): set the next review after the last one, "
                f"usually a year later, like next_review: {review_suggestion(last)}",
            )
        )


def _real_iso_date(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and not date_problem(value)


def a_year_after(day: datetime.date) -> datetime.date:
    """The same date a year on (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def review_suggestion(last_reviewed: str) -> str:
    """A year after last_reviewed, as YYYY-MM-DD."""
    return a_year_after(datetime.date.fromisoformat(last_reviewed)).isoformat()


@dataclass
class _Titled:
    """What the duplicate-title check needs from a case-study file."""

    path: str
    title: str
    line: int
    in_the_guide: bool
    contributed_on: str


def _titled(loaded: LoadedFile, in_the_guide: bool) -> list[_Titled]:
    data = loaded.data if isinstance(loaded.data, dict) else {}
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or title.lstrip().startswith(PLACEHOLDER):
        return []
    contributed_on = data.get("contributed_on")
    return [
        _Titled(
            loaded.path,
            title,
            loaded.line_of(("title",)),
            in_the_guide,  # listed in data/guide.yml, not only saying so
            contributed_on if isinstance(contributed_on, str) else "",
        )
    ]


def _check_unique_titles(titled: list[_Titled], problems: list[Problem]) -> None:
    """Two case studies with one title: the newer file is the one to change.
    The guide's own case studies come first, then contributed ones in the
    order they were contributed (then by file name); every later one is
    reported, naming the file that has the title already."""
    by_title: dict[str, list[_Titled]] = defaultdict(list)
    for case in titled:
        by_title[" ".join(case.title.split()).casefold()].append(case)
    for same in by_title.values():
        same.sort(key=lambda c: (not c.in_the_guide, c.contributed_on or "9999", c.path))
        first = same[0]
        for case in same[1:]:
            problems.append(
                Problem(
                    case.path,
                    case.line,
                    "title",
                    f"{first.path} already has this title: give this case study a title of its own, "
                    "so readers can tell the two apart in lists and search",
                )
            )
