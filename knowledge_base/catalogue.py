"""Load every data file, check the links between them, and index them.

`load_catalogue(root)` returns a Catalogue or raises DataError listing every
problem in every file. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import redirects as redirect_rules
from . import site_urls
from .problems import DataError, Problem
from .safe_yaml import LoadedFile, field_name, load_yaml_file
from .schema_check import check_against_schema, did_you_mean

# The order facets appear in on pages. Principles are optional on a case study.
FACETS = ("models", "barriers", "enablers", "skills", "principles")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED_SLUGS = {"index"}


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

    @functools.cached_property
    def _tagged(self) -> dict[tuple[str, str], list[tuple[CaseStudy, str]]]:
        """(facet, term id) -> [(case study, how)], built once."""
        index = defaultdict(list)
        for case in self.case_studies:
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
        top = heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], self._position[item[0]]))
        result = []
        for slug, _ in top:
            other = self._by_slug[slug]
            shared = sorted(case.term_keys & other.term_keys, key=_facet_order)
            result.append(Related(other, [self.term(*key) for key in shared]))
        return result


def _fingerprint(root: Path) -> tuple:
    """What the catalogue depends on: every data file's name, size and time."""
    files = sorted((root / "data").glob("*")) + sorted((root / "case_studies").glob("*"))
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


_cache: dict[Path, tuple[tuple, Catalogue]] = {}


def load_catalogue_cached(root: Path) -> Catalogue:
    """load_catalogue, reused while no data file changes. A build asks for the
    catalogue twice (macros and the page hook); `mkdocs serve` asks again on
    every rebuild and must then see edits."""
    root = root.resolve()
    fingerprint = _fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    catalogue = load_catalogue(root)
    _cache[root] = (fingerprint, catalogue)
    return catalogue


def _facet_order(key: tuple[str, str]) -> tuple[int, str]:
    return FACETS.index(key[0]), key[1]


def load_catalogue(root: Path) -> Catalogue:
    problems: list[Problem] = []
    guide = _load(root, "data/guide.yml", "data/guide.schema.json", problems)
    # None when data/guide.yml is broken: section ids then go unchecked.
    sections = {s["id"]: GuideSection(**s) for s in guide.data["sections"]} if guide else None
    taxonomies = {}
    for facet in FACETS:
        loaded = _load(root, f"data/{facet}.yml", "data/taxonomy.schema.json", problems)
        if loaded:
            taxonomies[facet] = _build_taxonomy(loaded, facet, sections, problems)
    glossary = _load(root, "data/glossary.yml", "data/glossary.schema.json", problems)
    sources = _load(root, "data/sources.yml", "data/sources.schema.json", problems)
    # Case studies are checked even when a taxonomy or the guide file is
    # broken, so one run reports everything; only ids that cannot be looked
    # up are skipped.
    case_studies = _load_case_studies(root, taxonomies, sections, problems)
    redirects = _load_redirects(root, taxonomies, case_studies, problems)
    if problems or guide is None:
        raise DataError(problems)
    return Catalogue(guide.data, taxonomies, case_studies, glossary.data["terms"], sources.data, redirects)


def _load_redirects(root: Path, taxonomies: dict, case_studies: list[CaseStudy], problems: list[Problem]) -> list[dict]:
    """data/redirects.yml is optional: with no file, nothing has moved."""
    if not (root / redirect_rules.REDIRECTS_FILE).is_file():
        return []
    loaded = _load(root, redirect_rules.REDIRECTS_FILE, "data/redirects.schema.json", problems)
    if loaded is None:
        return []
    pages = redirect_rules.hand_written_addresses(root / "docs")
    pages |= {"/" + site_urls.case_study_url(case.slug) for case in case_studies}
    pages |= {"/" + site_urls.term_url(facet, term_id) for facet, taxonomy in taxonomies.items() for term_id in taxonomy.terms}
    return redirect_rules.check(loaded, pages, problems)


def _load(root: Path, relative: str, schema: str, problems: list[Problem]) -> LoadedFile | None:
    path = root / relative
    if not path.is_file():
        problems.append(Problem(relative, 1, "(file)", "file is missing"))
        return None
    try:
        loaded = load_yaml_file(path, relative)
    except DataError as error:
        problems.extend(error.problems)
        return None
    found = check_against_schema(loaded, root / schema)
    problems.extend(found)
    return None if found else loaded


def _sections(loaded: LoadedFile, json_path: tuple, ids: list[str], sections: dict | None,
              problems: list[Problem]):
    if sections is None:
        return []  # data/guide.yml is broken and already reported
    result = []
    for i, section_id in enumerate(ids):
        if section_id in sections:
            result.append(sections[section_id])
        else:
            at = json_path + (i,)
            problems.append(Problem(loaded.path, loaded.line_of(at), field_name(at),
                                    f"unknown guide section '{section_id}'{did_you_mean(section_id, sections)}"
                                    " (sections are listed in data/guide.yml)"))
    return result


def _build_taxonomy(loaded: LoadedFile, facet: str, sections: dict | None, problems: list[Problem]) -> Taxonomy:
    data = loaded.data
    if data["facet"] != facet:
        problems.append(Problem(loaded.path, loaded.line_of(("facet",)), "facet", f"must be '{facet}' in this file"))
    groups = {}
    for i, group in enumerate(data.get("groups", [])):
        groups[group["id"]] = Group(group["id"], group["name"], group.get("description", ""),
                                    _sections(loaded, ("groups", i, "guide_sections"), group["guide_sections"],
                                              sections, problems))
    terms: dict[str, Term] = {}
    for i, raw in enumerate(data["terms"]):
        at = ("terms", i)
        if raw["id"] in terms:
            problems.append(Problem(loaded.path, loaded.line_of(at + ("id",)), field_name(at + ("id",)),
                                    f"the id '{raw['id']}' is used twice in this file"))
            continue
        group = None
        if groups:
            group = groups.get(raw.get("group"))
            if group is None:
                problems.append(Problem(loaded.path, loaded.line_of(at + ("group",)), field_name(at + ("group",)),
                                        f"must name one of this file's groups: {', '.join(groups)}"
                                        + did_you_mean(raw.get("group", ""), groups)))
        elif "group" in raw:
            problems.append(Problem(loaded.path, loaded.line_of(at + ("group",)), field_name(at + ("group",)),
                                    "this file has no groups"))
        terms[raw["id"]] = Term(facet, raw["id"], raw["name"], raw["definition"],
                                _sections(loaded, at + ("guide_sections",), raw["guide_sections"], sections, problems),
                                group, raw.get("search_words", []), raw.get("read_more"))
    return Taxonomy(facet, data["title"], data["singular"], data["introduction"], list(groups.values()), terms)


def _load_case_studies(root: Path, taxonomies: dict, sections: dict | None, problems: list[Problem]) -> list[CaseStudy]:
    folder = root / "case_studies"
    cases = []
    for path in sorted(folder.iterdir()):
        relative = f"case_studies/{path.name}"
        if path.suffix == ".yaml":
            problems.append(Problem(relative, 1, "(file)", "name the file with .yml, not .yaml"))
            continue
        if path.suffix != ".yml":
            continue
        if not SLUG_PATTERN.match(path.stem) or path.stem in RESERVED_SLUGS:
            problems.append(Problem(relative, 1, "(file)",
                                    "the file name is the page address: use lowercase letters and numbers "
                                    "joined by hyphens, like 'sheffield-flourish.yml' (and not 'index')"))
            continue
        loaded = _load(root, relative, "data/case-study.schema.json", problems)
        if loaded:
            cases.append(_build_case_study(loaded, path.stem, taxonomies, sections, problems))
    _check_unique_titles(cases, problems)
    return sorted(cases, key=lambda case: case.title.casefold())


def _build_case_study(loaded: LoadedFile, slug: str, taxonomies: dict, sections: dict | None,
                      problems: list[Problem]) -> CaseStudy:
    data = loaded.data
    tags: dict[str, list[Tag]] = {}
    for facet in FACETS:
        if facet not in taxonomies:
            continue  # its file is broken and already reported
        terms = taxonomies[facet].terms
        seen = set()
        for i, raw in enumerate(data.get(facet, [])):
            at = (facet, i, "id")
            where = (loaded.path, loaded.line_of(at), field_name(at))
            if raw["id"] in seen:
                problems.append(Problem(*where, f"'{raw['id']}' is listed twice"))
            elif raw["id"] not in terms:
                problems.append(Problem(*where, f"unknown {taxonomies[facet].singular.lower()} '{raw['id']}'"
                                        f"{did_you_mean(raw['id'], terms)} (see data/{facet}.yml)"))
            else:
                tags.setdefault(facet, []).append(Tag(terms[raw["id"]], raw["how"]))
            seen.add(raw["id"])
    guide_sections = _sections(loaded, ("guide_sections",), data["guide_sections"], sections, problems)
    return CaseStudy(slug, loaded.path, data, guide_sections, tags, loaded.line_of(("title",)))


def _check_unique_titles(cases: list[CaseStudy], problems: list[Problem]) -> None:
    counts = Counter(case.title.strip().casefold() for case in cases)
    for case in cases:
        if counts[case.title.strip().casefold()] > 1:
            problems.append(Problem(case.path, case.title_line, "title", "another case study has the same title"))
