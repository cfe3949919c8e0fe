"""A theme (term) page with no case study is not a dead end: it links the
guide pages it draws on, related themes that do have case studies, and the
contribute page. Pages with case studies keep their list and none of this."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from knowledge_base import render
from knowledge_base.catalogue import load_catalogue
from knowledge_base.site_urls import term_url
from tests.helpers import ROOT, axe_script, axe_violations

CATALOGUE = load_catalogue(ROOT)
TERMS = [term for taxonomy in CATALOGUE.taxonomies.values() for term in taxonomy.terms.values()]
WITHOUT_CASES = [term for term in TERMS if not CATALOGUE.cases_for(term)]
WITH_CASES = [term for term in TERMS if CATALOGUE.cases_for(term)]
URLS_WITH_CASES = {term_url(term.facet, term.id) for term in WITH_CASES}
GUIDE_PAGES = {
    urlsplit(section["page"]).path
    for section in CATALOGUE.guide["sections"]
    if section.get("page", "").startswith("guide/")
}
CONTRIBUTE = "contribute/"


def article_links(site: Path, url: str) -> set[str]:
    """Every link in a page's article, as a site URL without its #part."""
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    base = "http://site.invalid/"
    links = set()
    for anchor in soup.select("article a[href]"):
        target = urljoin(base + url, anchor["href"])
        if target.startswith(base):
            links.add(urlsplit(target[len(base) :]).path)
    return links


def ids(terms):
    return [f"{term.facet}/{term.id}" for term in terms]


def test_there_are_pages_of_both_kinds():
    assert WITHOUT_CASES, "no theme page without a case study: these tests check nothing"
    assert WITH_CASES


@pytest.mark.parametrize("term", WITHOUT_CASES, ids=ids(WITHOUT_CASES))
def test_page_without_cases_leads_somewhere(built_site, term):
    site, _ = built_site
    links = article_links(site, term_url(term.facet, term.id))
    assert links & GUIDE_PAGES, "no link to a handbook page"
    assert links & URLS_WITH_CASES, "no link to a theme page that has case studies"
    assert CONTRIBUTE in links, "no link to the contribute page"
    if term.read_more:
        assert term.read_more["page"] in links


@pytest.mark.parametrize("term", WITH_CASES, ids=ids(WITH_CASES))
def test_page_with_cases_lists_them_and_nothing_else(built_site, term):
    site, _ = built_site
    url = term_url(term.facet, term.id)
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select(".kb-related-themes, .kb-invite")
    links = article_links(site, url)
    assert CONTRIBUTE not in links
    cases = {f"case-studies/{case.slug}/" for case, _ in CATALOGUE.cases_for(term)}
    assert cases <= links


def test_related_themes_have_cases_and_are_close():
    for term in WITHOUT_CASES:
        related = render.related_themes(CATALOGUE, term)
        assert related, term.id
        assert len(related) <= render.RELATED_THEMES_SHOWN
        assert term not in related
        assert all(CATALOGUE.cases_for(other) for other in related)
    # A theme with a close namesake that has case studies suggests it first.
    by_id = {t.id: t for t in WITHOUT_CASES}
    if "clarity-and-honesty" in by_id:
        first = render.related_themes(CATALOGUE, by_id["clarity-and-honesty"])[0]
        assert (first.facet, first.id) == ("enablers", "honesty-and-transparency")


def test_term_page_markdown_unchanged_for_a_term_with_cases():
    """The no-case parts are only added when the list is empty."""
    term = max(WITH_CASES, key=lambda t: len(CATALOGUE.cases_for(t)))
    page = render.term_page(CATALOGUE, term)
    assert "kb-related-themes" not in page and "kb-invite" not in page
    assert "No case study" not in page


@pytest.mark.skipif(not WITHOUT_CASES, reason="every theme has a case study")
@pytest.mark.parametrize("width", [390, 1280])
def test_page_without_cases_reads_on_a_phone(browser, served_site, width):
    term = WITHOUT_CASES[0]
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site.url + term_url(term.facet, term.id))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        invite = page.locator(".kb-invite")
        assert invite.is_visible()
        box = invite.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator(".kb-related-themes a").count() >= 1
        assert not axe_violations(page, axe_script())
    finally:
        context.close()
