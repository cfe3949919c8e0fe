"""Turn the catalogue into page content.

Every string from a data file is HTML-escaped by Jinja's autoescape and
placed inside raw HTML blocks, which Markdown leaves alone, so contributor
text can neither add markup nor be read as a template. Only our own fixed
headings are Markdown, so they get permalinks.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import jinja2
import markupsafe
import yaml

from . import offline, open_data, registry, reviews, site_urls
from .catalogue import CaseStudy, Catalogue, Term

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


long_date = reviews.long_date


@jinja2.pass_context
def abbreviate(context, text: str) -> markupsafe.Markup:
    """Escape text, then mark each known abbreviation with a tooltip."""
    return mark_abbreviations(text, context["catalogue"].abbreviations)


@functools.lru_cache(maxsize=8)
def _abbreviation_marker(pairs: tuple[tuple[str, str], ...]):
    """A compiled pattern and its replacement, built once per glossary."""
    titles = dict(pairs)
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True)) + r")\b")
    return pattern, lambda m: f'<abbr title="{markupsafe.escape(titles[m[1]])}">{m[1]}</abbr>'


def mark_abbreviations(text: str, abbreviations: dict[str, str]) -> markupsafe.Markup:
    escaped = str(markupsafe.escape(text))
    if not abbreviations:
        return markupsafe.Markup(escaped)
    pattern, replace = _abbreviation_marker(tuple(abbreviations.items()))
    return markupsafe.Markup(pattern.sub(replace, escaped))


def markdown_text(text: str) -> str:
    """Plain text made safe inside Markdown: HTML-escaped, and every
    character Markdown treats as syntax backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", html.escape(text, quote=False))


_ENV.filters["text_blocks"] = text_blocks
_ENV.filters["long_date"] = long_date
_ENV.filters["abbreviate"] = abbreviate
_ENV.globals["review_dates"] = reviews.line_html


# Search weights (Material's `search.boost`): a case study is the fuller
# answer, so it ranks above a term page that matches the same words.
CASE_STUDY_SEARCH_BOOST = 3


def front_matter(title: str, description: str, search_words: list[str] = (), boost: float | None = None) -> str:
    """Page metadata. Material writes meta titles into HTML as they are,
    so they are escaped here; macros must never render generated pages.
    Search words go in `tags`: Material's search indexes them, and without
    its tags plugin no page shows them (the search results hide them too)."""
    meta = {
        "title": html.escape(title),
        "description": html.escape(" ".join(description.split())),
        "render_macros": False,
    }
    if search_words:
        meta["tags"] = [html.escape(word) for word in search_words]
    if boost is not None:
        meta["search"] = {"boost": boost}
    # libyaml's dumper when installed: the pure-Python one took a second at 1,000 case studies.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n\n"


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

    def page(self, url: str) -> str:
        return site_urls.relative_url(self.from_url, url)


def _render(template: str, catalogue: Catalogue, from_url: str, **context) -> str:
    return _ENV.get_template(template).render(
        catalogue=catalogue, link=Linker(from_url), facets=registry.TAXONOMIES, **context
    )


# What a case's last list is called, by its top_tips_label (see the registry).
TOP_TIPS_HEADINGS = next(s for s in registry.SECTIONS if s.key == "top_tips").labelled_headings


def case_study_page(catalogue: Catalogue, case: CaseStudy) -> str:
    url = site_urls.case_study_url(case.slug)
    headings = {section.key: section.heading_for(case.data["sections"]) for section in registry.SECTIONS}
    body = _render(
        "case_study.md.j2",
        catalogue,
        url,
        case=case,
        data=case.data,
        related=catalogue.related(case),
        sections=registry.SECTIONS,
        headings=headings,
    )
    return front_matter(case.title, case.data["summary"], boost=CASE_STUDY_SEARCH_BOOST) + body


# How many related themes a term page with no case study suggests.
RELATED_THEMES_SHOWN = 5

# Words too common in theme names to say two themes are related, and
# "benefits", which means welfare benefits in some themes and the good that
# co-production does in others.
_COMMON_WORDS = frozenset(
    "about from into that their them this what when where with work working "
    "production people service services mental health benefits".split()
)


def _theme_words(term: Term) -> set[str]:
    """The words of a term's name and search words, for finding related themes."""
    text = " ".join([term.name, *term.search_words]).lower()
    return {word for word in re.findall(r"[a-z]+", text) if len(word) > 3 and word not in _COMMON_WORDS}


def related_themes(catalogue: Catalogue, term: Term, shown: int = RELATED_THEMES_SHOWN) -> list[Term]:
    """Themes that do have case studies, closest to term first: those that
    share words or a "read next" page with it, then those in its group, then
    those that draw on the same guide sections. A page with no case study
    links them, so the reader can go on to real examples."""
    words = _theme_words(term)
    sections = {section.id for section in term.guide_sections}
    group = term.group.id if term.group else None
    scored = []
    for taxonomy in catalogue.taxonomies.values():
        for other in taxonomy.terms.values():
            cases = catalogue.cases_for(other)
            if other is term or not cases:
                continue
            same_group = other.facet == term.facet and (other.group.id if other.group else None) == group
            shared_sections = len(sections & {section.id for section in other.guide_sections})
            same_next_read = bool(term.read_more) and other.read_more == term.read_more
            closeness = (len(words & _theme_words(other)) + same_next_read, same_group, shared_sections)
            if any(closeness):
                scored.append((closeness, len(cases), other))
    # Equally close: more case studies first, then the data files' order.
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [other for _, _, other in scored[:shown]]


def term_page(catalogue: Catalogue, term: Term) -> str:
    url = site_urls.term_url(term.facet, term.id)
    taxonomy = catalogue.taxonomies[term.facet]
    cases = catalogue.cases_for(term)
    body = _render(
        "term.md.j2",
        catalogue,
        url,
        term=term,
        taxonomy=taxonomy,
        cases=cases,
        limit=None,
        related=[] if cases else related_themes(catalogue, term),
        contribute_url="contribute/",
    )
    return front_matter(term.name, term.definition, term.search_words) + body


def data_problems_page(problems: list[str]) -> str:
    """The page `make serve` shows while a data file is broken."""
    body = _ENV.get_template("data_problems.html.j2").render(problems=problems)
    return front_matter("The data files have problems", "The site cannot be built until they are fixed.") + body


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


def script_data_block(catalogue: Catalogue) -> markupsafe.Markup:
    """The registry's JSON for the page scripts (registry.script_data), to go
    in a <script type="application/json"> block: data, not code, so the
    Content Security Policy allows it, and no file to fetch, so it works
    from disk too. "<" is escaped so no text can close the element."""
    titles = {facet: taxonomy.title for facet, taxonomy in catalogue.taxonomies.items()}
    return markupsafe.Markup(open_data.to_json(registry.script_data(titles)).replace("<", "\\u003c"))


def case_study_index(catalogue: Catalogue, from_url: str) -> str:
    """Every case study as a card, with the filter (hidden until its script runs)."""
    return _render(
        "case_study_index.html.j2",
        catalogue,
        from_url,
        filter_facets=open_data.filter_facets(catalogue),
        case_terms=open_data.case_terms,
        script_data=script_data_block(catalogue),
    )


def matrix(catalogue: Catalogue, from_url: str) -> str:
    """Every case study against every term, one table per facet."""
    return _render(
        "matrix.html.j2",
        catalogue,
        from_url,
        section_facets=open_data.section_facets(catalogue),
        case_terms=open_data.case_terms,
    )


def compare(catalogue: Catalogue, from_url: str) -> str:
    """The compare page's frame; its script fills it from /data/case-studies/<slug>.json."""
    return _render("compare.html.j2", catalogue, from_url, script_data=script_data_block(catalogue))


def term_index(catalogue: Catalogue, facet: str, from_url: str) -> str:
    return _render("term_index.html.j2", catalogue, from_url, taxonomy=catalogue.taxonomies[facet])


# Hand-written pages show a few case studies per term and link to the term
# page for the rest, so they stay readable (and small) with many cases.
CASES_ON_HANDBOOK_PAGES = 5


def cases_for_term(catalogue: Catalogue, facet: str, term_id: str, from_url: str) -> str:
    term = catalogue.term(facet, term_id)
    return _render(
        "cases_for_term.html.j2",
        catalogue,
        from_url,
        term=term,
        cases=catalogue.cases_for(term),
        limit=CASES_ON_HANDBOOK_PAGES,
    )


def term_sections(catalogue: Catalogue, facet: str, group_id: str | None, level: int, from_url: str) -> str:
    """A Markdown heading (with a permalink) per term, its definition and
    the case studies that show it."""
    taxonomy = catalogue.taxonomies[facet]
    terms = [t for t in taxonomy.terms.values() if group_id is None or (t.group and t.group.id == group_id)]
    if not terms:
        raise KeyError(f"no {facet} in group {group_id!r}")
    return _render(
        "term_sections.md.j2",
        catalogue,
        from_url,
        terms=terms,
        hashes="#" * level,
        markdown_text=markdown_text,
        limit=CASES_ON_HANDBOOK_PAGES,
    )


def for_trainers_list(catalogue: Catalogue, from_url: str) -> str:
    """Every case study with discussion questions, linked to them."""
    return _render("for_trainers_list.html.j2", catalogue, from_url)


def offline_download(
    catalogue: Catalogue, from_url: str, download: offline.OfflineZip | None, in_offline_copy: bool, site_url: str
) -> str:
    """The /trainers/ paragraph on getting the offline copy (see offline_download.html.j2)."""
    return _render(
        "offline_download.html.j2",
        catalogue,
        from_url,
        download=download,
        download_url=offline.DOWNLOAD_URL,
        offline=in_offline_copy,
        site_url=site_url,
    )


def barriers_met(catalogue: Catalogue) -> list[tuple[Term, list[tuple[CaseStudy, str]]]]:
    """Each barrier at least one case study met, in the data's order, with
    those cases and what each says about it (the tag's sentence)."""
    terms = catalogue.taxonomies["barriers"].terms.values()
    return [(term, catalogue.cases_for(term)) for term in terms if catalogue.cases_for(term)]


def group_says(catalogue: Catalogue, from_url: str) -> str:
    """The /trainers/ table "If your group says..., try...": barrier to the
    case studies that met it."""
    return _render("group_says.html.j2", catalogue, from_url, rows=barriers_met(catalogue))


def case_summary_sheets(catalogue: Catalogue, from_url: str) -> str:
    """/trainers/case-summaries/: each case study on one printed page."""
    # The registry's first section: what makes the case worth reading.
    return _render("case_summary_sheets.html.j2", catalogue, from_url, lead=registry.SECTIONS[0])


def question_sheets(catalogue: Catalogue, from_url: str) -> str:
    """/trainers/question-sheets/: each case study's questions and activity, a page each."""
    return _render("question_sheets.html.j2", catalogue, from_url)


def glossary(catalogue: Catalogue, from_url: str) -> str:
    return _render("glossary.html.j2", catalogue, from_url)


def references(catalogue: Catalogue, from_url: str) -> str:
    return _render("references.html.j2", catalogue, from_url)


def resources(catalogue: Catalogue, from_url: str) -> str:
    return _render("resources.html.j2", catalogue, from_url)


def guide_source(catalogue: Catalogue, section_ids: tuple[str, ...], from_url: str) -> str:
    sections = {s["id"]: s for s in catalogue.guide["sections"]}
    return _render("guide_source.html.j2", catalogue, from_url, sections=[sections[i] for i in section_ids])


_HTML_BLOCK_START = re.compile(r"<(p|div|dl|ul|ol|h1|table)[\s>]")
_PLACEHOLDER = re.compile(r"<!--kb-block-(\d+)-->")


def split_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """Swap each raw HTML block of a generated page for a short placeholder.

    Python-Markdown would only pass these blocks through unchanged, but it
    parses every tag to do so: a fifth of the build time with a thousand
    case studies. restore_html_blocks puts them back in the finished HTML.
    Contributor text is escaped, so it can never contain a placeholder.
    """
    chunks = markdown.split("\n\n")
    blocks: list[str] = []
    for number, chunk in enumerate(chunks):
        # A template's {% if %} can leave a stray newline before a block.
        block = chunk.lstrip("\n")
        if _HTML_BLOCK_START.match(block):
            chunks[number] = chunk[: len(chunk) - len(block)] + f"<!--kb-block-{len(blocks)}-->"
            blocks.append(block)
    return "\n\n".join(chunks), blocks


def restore_html_blocks(page_html: str, blocks: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda m: blocks[int(m[1])], page_html)


_INDENTATION = re.compile(r"\n[ \t]+")


def collapse_indentation(page_html: str) -> str:
    """Drop the indentation at the start of each line of a built page: about
    a fifth of a page's bytes, and meaningless in HTML outside <pre> and
    <textarea>, so pages containing those are left alone."""
    if "<pre" in page_html or "<textarea" in page_html:
        return page_html
    return _INDENTATION.sub("\n", page_html)


_LINK_OR_ABBREVIATION = re.compile(r'<a\b|</a>|<abbr title="([^"]*)">')


def focusable_first_abbreviations(content_html: str) -> str:
    """Make the first use of each abbreviation on a page a tab stop, so
    keyboard users get its tooltip too (Material shows it on focus). Only
    the first, to keep the tab order short; never inside a link, where a
    second focusable element would confuse."""
    seen: set[str] = set()
    link_depth = 0

    def visit(match: re.Match) -> str:
        nonlocal link_depth
        tag = match[0]
        if tag == "</a>":
            link_depth = max(0, link_depth - 1)
        elif tag == "<a":
            link_depth += 1
        elif link_depth == 0 and match[1] not in seen:
            seen.add(match[1])
            return f'<abbr tabindex="0" title="{match[1]}">'
        return tag

    return _LINK_OR_ABBREVIATION.sub(visit, content_html)


def abbreviation_definitions(catalogue: Catalogue) -> str:
    """Markdown abbreviation definitions, for Python-Markdown's abbr extension."""
    return "\n".join(f"*[{abbr}]: {html.escape(term)}" for abbr, term in catalogue.abbreviations.items())


def term_link(catalogue: Catalogue, facet: str, term_id: str, from_url: str) -> str:
    term = catalogue.term(facet, term_id)
    return _ENV.from_string('<a href="{{ href }}">{{ name }}</a>').render(
        href=Linker(from_url).term(term), name=term.name
    )
