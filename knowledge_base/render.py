"""Turn the catalogue into page content.

Every string from a data file is HTML-escaped by Jinja's autoescape and
placed inside raw HTML blocks, which Markdown leaves alone, so contributor
text can neither add markup nor be read as a template. Only our own fixed
headings are Markdown, so they get permalinks.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import jinja2
import yaml

from . import site_urls
from .catalogue import FACETS, Catalogue, CaseStudy, Term

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # Markdown heading ids look like {#id}, so Jinja comments use another marker.
    comment_start_string="{%#",
    comment_end_string="#%}",
)

PRACTICALITIES = {"funding": "Funding", "payment": "Payment", "training": "Training", "support": "Support"}


def text_blocks(text: str) -> list[tuple[str, object]]:
    """Split narrative text into ("p", text) and ("ul", [items]) blocks.

    Blank lines separate paragraphs; line breaks inside one are spaces. A
    block whose lines all start with "- " is a bulleted list.
    """
    blocks = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [line[2:].strip() for line in lines]))
        elif lines:
            blocks.append(("p", " ".join(" ".join(lines).split())))
    return blocks


def long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


_ENV.filters["text_blocks"] = text_blocks
_ENV.filters["long_date"] = long_date


def front_matter(title: str, description: str) -> str:
    """Page metadata. Material writes meta titles into HTML as they are,
    so they are escaped here; macros must never render generated pages."""
    meta = {"title": html.escape(title), "description": html.escape(" ".join(description.split())),
            "render_macros": False}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


class Linker:
    """Relative links from one page to the others."""

    def __init__(self, from_url: str):
        self.from_url = from_url

    def case(self, case: CaseStudy) -> str:
        return site_urls.relative_url(self.from_url, site_urls.case_study_url(case.slug))

    def term(self, term: Term) -> str:
        return site_urls.relative_url(self.from_url, site_urls.term_url(term.facet, term.id))

    def facet(self, facet: str) -> str:
        return site_urls.relative_url(self.from_url, site_urls.facet_url(facet))


def _render(template: str, catalogue: Catalogue, from_url: str, **context) -> str:
    return _ENV.get_template(template).render(
        catalogue=catalogue, link=Linker(from_url), facets=FACETS, practicalities=PRACTICALITIES, **context)


def case_study_page(catalogue: Catalogue, case: CaseStudy) -> str:
    url = site_urls.case_study_url(case.slug)
    body = _render("case_study.md.j2", catalogue, url, case=case, data=case.data,
                   related=catalogue.related(case))
    return front_matter(case.title, case.data["summary"]) + body


def term_page(catalogue: Catalogue, term: Term) -> str:
    url = site_urls.term_url(term.facet, term.id)
    taxonomy = catalogue.taxonomies[term.facet]
    body = _render("term.md.j2", catalogue, url, term=term, taxonomy=taxonomy, cases=catalogue.cases_for(term))
    return front_matter(term.name, term.definition) + body


def escaped(value):
    """A copy of plain data with every string HTML-escaped, for pages that
    show data values directly."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


# Fragments for hand-written pages, called through macros.py.

def case_study_index(catalogue: Catalogue, from_url: str) -> str:
    return _render("case_study_index.html.j2", catalogue, from_url)


def term_index(catalogue: Catalogue, facet: str, from_url: str) -> str:
    return _render("term_index.html.j2", catalogue, from_url, taxonomy=catalogue.taxonomies[facet])


def cases_for_term(catalogue: Catalogue, facet: str, term_id: str, from_url: str) -> str:
    term = catalogue.term(facet, term_id)
    return _render("cases_for_term.html.j2", catalogue, from_url, term=term, cases=catalogue.cases_for(term))


def term_link(catalogue: Catalogue, facet: str, term_id: str, from_url: str) -> str:
    term = catalogue.term(facet, term_id)
    return _ENV.from_string('<a href="{{ href }}">{{ name }}</a>').render(
        href=Linker(from_url).term(term), name=term.name)
