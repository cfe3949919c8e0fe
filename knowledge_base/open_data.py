"""The case studies as open data and as the filter's options.

Plain functions of the catalogue, so the files can be built by any renderer:
- `dataset(catalogue)`: everything, for /data/case-studies.json;
- `case_record(catalogue, case)`: one case study, also written on its own to
  /data/case-studies/<slug>.json for the compare page;
- `dataset_csv(catalogue)`: one row per case study, for spreadsheets;
- `filter_facets(catalogue)`: the filter's facets, options and groups;
- `section_facets(catalogue)`: the facets read from a narrative section
  (which practicalities a case study describes), for the matrix.

A field a contributor adds to the case-study schema (say `provenance`) is
carried into the JSON and the CSV without any change here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from . import registry, site_urls
from .catalogue import CaseStudy, Catalogue
from .registry import TAXONOMIES

# Facets whose values are the parts of a narrative section a case study
# fills in (practicalities: funding, payment, training, support).
SECTION_FACETS = tuple(facet for facet in registry.FACETS if facet.is_section)

# Fields written out in a fixed shape; every other field is copied as it is.
_SHAPED = {
    "title",
    "summary",
    "place",
    "setting",
    "organisations",
    "participants",
    "guide_sections",
    "last_reviewed",
    "next_review",
    "sections",
    *TAXONOMIES,
}

# Who to credit for what: the guide for its own seven case studies, and for
# each contributed case study the organisation that contributed it (its
# record says which, in `source` and `contributed_by`).
LICENCE_NOTE = (
    "The text is published under the Creative Commons Attribution 4.0 licence (CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/). The facts in a record whose 'source' is 'guide' "
    "come from the guide named in 'source' above; the facts in a record whose 'source' is "
    "'contributed' come from the organisation named in its 'contributed_by', and rest on its "
    "'sources'. The wording, tags and structure are this site's own. When you reuse this data, "
    "please credit this site and, for each case study, the guide or the contributing organisation. "
    "Field names and addresses are stable: new fields may be added, existing ones are not renamed "
    "or removed."
)


def setting_id(value: str) -> str:
    """'London borough' -> 'london-borough': settings are free words in the
    schema's list; the filter and addresses need ids."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")


def setting_name(value: str) -> str:
    return value[:1].upper() + value[1:]


def case_record(catalogue: Catalogue, case: CaseStudy) -> dict:
    data = case.data
    record = {
        "slug": case.slug,
        "url": site_urls.case_study_url(case.slug),
        "title": data["title"],
        "summary": " ".join(data["summary"].split()),
        "place": data["place"],
        "setting": list(data["setting"]),
        "organisations": [dict(org) for org in data["organisations"]],
        "participants": list(data["participants"]),
        "guide_sections": [{"id": s.id, "label": s.label, "title": s.title} for s in case.guide_sections],
        "last_reviewed": data["last_reviewed"],
        "next_review": data["next_review"],
        "sections": data["sections"],
    }
    for facet in TAXONOMIES:
        record[facet] = [{"id": tag.term.id, "name": tag.term.name, "how": tag.how} for tag in case.tags.get(facet, [])]
    for facet in SECTION_FACETS:
        names = {part.key: part.heading for part in registry.section_options(facet)}
        record[facet.key] = [
            {"id": key, "name": names[key]} for key in registry.section_values(facet, data["sections"])
        ]
    for key in sorted(set(data) - _SHAPED):
        record[key] = data[key]
    return record


def dataset(catalogue: Catalogue) -> dict:
    guide = catalogue.guide
    return {
        "source": {"title": guide["title"], "publisher": guide["publisher"], "partner": guide.get("partner", "")},
        "licence_note": LICENCE_NOTE,
        "facets": {
            facet: {
                "title": taxonomy.title,
                "singular": taxonomy.singular,
                "terms": [
                    {
                        "id": term.id,
                        "name": term.name,
                        "group": term.group.name if term.group else None,
                        "url": site_urls.term_url(facet, term.id),
                    }
                    for term in taxonomy.terms.values()
                ],
            }
            for facet, taxonomy in catalogue.taxonomies.items()
        }
        | {
            # No term pages: each value is a part of the case study's section.
            facet.key: {
                "title": facet.label,
                "from_section": facet.section,
                "terms": [
                    {"id": part.key, "name": part.heading, "group": None, "url": None}
                    for part in registry.section_options(facet)
                ],
            }
            for facet in SECTION_FACETS
        },
        "case_studies": [case_record(catalogue, case) for case in catalogue.case_studies],
    }


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _joined(value, separator: str = "; ") -> str:
    """Any YAML value as one spreadsheet cell."""
    if isinstance(value, list):
        return separator.join(_joined(item, ", ") for item in value)
    if isinstance(value, dict):
        return separator.join(f"{key}: {_joined(item, ', ')}" for key, item in value.items())
    return "" if value is None else " ".join(str(value).split()) if isinstance(value, str) else str(value)


def spreadsheet_safe(cell: str) -> str:
    """Excel runs a cell starting with = + - @ as a formula; a leading
    apostrophe makes it plain text, so no data file can run code there."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_rows(catalogue: Catalogue) -> list[dict[str, str]]:
    rows = []
    extras = sorted({key for case in catalogue.case_studies for key in case.data} - _SHAPED)
    for case in catalogue.case_studies:
        record = case_record(catalogue, case)
        sections = record["sections"]
        row = {
            "slug": record["slug"],
            "title": record["title"],
            "url": record["url"],
            "summary": record["summary"],
            "place": record["place"],
            "setting": _joined(record["setting"]),
            "organisations": "; ".join(f"{o['name']} ({o['type']})" for o in record["organisations"]),
            "participants": _joined(record["participants"]),
            "guide_sections": "; ".join(f"{s['label']}: {s['title']}" for s in record["guide_sections"]),
            "last_reviewed": record["last_reviewed"],
            "next_review": record["next_review"],
        }
        for facet in TAXONOMIES:
            row[facet] = "; ".join(tag["name"] for tag in record[facet])
            row[f"{facet}_ids"] = " ".join(tag["id"] for tag in record[facet])
        for facet in SECTION_FACETS:
            row[facet.key] = "; ".join(value["name"] for value in record[facet.key])
            row[f"{facet.key}_ids"] = " ".join(value["id"] for value in record[facet.key])
        # The narrative sections in the registry's order, a group's parts in
        # its place: text as one cell, points one per line.
        for path, section in registry.leaf_sections():
            value = sections.get(path[0])
            if len(path) > 1:  # a group's part, say practicalities' funding
                value = (value or {}).get(path[1])
            if section.kind == registry.POINTS:
                row[section.key] = "\n".join(" ".join(point.split()) for point in value or [])
            else:
                row[section.key] = _joined(value)
        for key in extras:
            row[key] = _joined(case.data.get(key))
        rows.append(row)
    return rows


def dataset_csv(catalogue: Catalogue) -> str:
    """UTF-8 with a byte order mark and CRLF line ends, as Excel expects."""
    rows = csv_rows(catalogue)
    out = io.StringIO()
    out.write("\ufeff")
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()


@dataclass
class Option:
    id: str
    name: str
    count: int
    anchor: str = ""  # for a section facet's option: its heading id on the case-study page


@dataclass
class FilterFacet:
    key: str  # the card's data attribute: data-<key>
    param: str  # the address parameter
    legend: str
    groups: list[tuple[str | None, list[Option]]]


def facet_values(facet: registry.Facet, case: CaseStudy) -> list[str]:
    """One facet's ids for one case study: its tags, the parts of a section
    it fills in, or its own words (setting) as ids."""
    if facet.is_taxonomy:
        return [tag.term.id for tag in case.tags.get(facet.key, [])]
    if facet.is_section:
        return registry.section_values(facet, case.data["sections"])
    return [setting_id(value) for value in case.data[facet.key]]


def case_terms(case: CaseStudy) -> dict[str, list[str]]:
    """Each filter facet's ids for one case study, setting included, in the
    registry's order (the cards' data attributes come in this order)."""
    return {facet.key: facet_values(facet, case) for facet in registry.FACETS}


def filter_facets(catalogue: Catalogue) -> list[FilterFacet]:
    counts: dict[tuple[str, str], int] = {}
    free_words: dict[tuple[str, str], str] = {}  # (facet, id) -> name, for facets without a taxonomy
    for case in catalogue.case_studies:
        for facet, ids in case_terms(case).items():
            for term_id in ids:
                counts[(facet, term_id)] = counts.get((facet, term_id), 0) + 1
        for facet in registry.FACETS:
            if not facet.is_taxonomy and not facet.is_section:
                for value in case.data[facet.key]:
                    free_words.setdefault((facet.key, setting_id(value)), setting_name(value))
    facets = []
    for facet in registry.FILTER_FACETS:
        key, param = facet.key, facet.param
        if facet.is_section:
            # The section's parts, in the registry's order.
            options = [
                Option(part.key, part.heading, counts.get((key, part.key), 0), part.anchor)
                for part in registry.section_options(facet)
            ]
            facets.append(FilterFacet(key, param, facet.label, [(None, options)]))
            continue
        if not facet.is_taxonomy:
            # Free words from the case studies (setting): options in id order.
            options = [
                Option(i, name, counts.get((key, i), 0))
                for (values_of, i), name in sorted(free_words.items())
                if values_of == key
            ]
            facets.append(FilterFacet(key, param, facet.label, [(None, options)]))
            continue
        taxonomy = catalogue.taxonomies[key]

        def option(term, key=key):
            return Option(term.id, term.name, counts.get((key, term.id), 0))

        if taxonomy.groups:
            groups = [
                (group.name, [option(t) for t in taxonomy.terms.values() if t.group is group])
                for group in taxonomy.groups
            ]
        else:
            groups = [(None, [option(t) for t in taxonomy.terms.values()])]
        facets.append(FilterFacet(key, param, taxonomy.title, groups))
    return facets


def section_facets(catalogue: Catalogue) -> list[FilterFacet]:
    """The facets read from a narrative section, with their options, for
    the matrix (which has the taxonomies' tables already)."""
    return [facet for facet in filter_facets(catalogue) if registry.facet(facet.key).is_section]
