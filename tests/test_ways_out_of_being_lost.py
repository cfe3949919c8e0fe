"""Small ways out of being lost (issue 18), in a real browser: the 404 page
offers search, the home page's routes and the common questions; a long page
shows "On this page" in its text on a phone; a page opened from search
scrolls to the first word it marks."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.helpers import ROOT, axe_script, axe_violations

ROUTES = ["commissioners", "managers", "practitioners", "lived-experience", "trainers"]
QUESTIONS = sorted(f"questions/{path.stem}/" for path in (ROOT / "docs/questions").glob("*.md"))
LONG_PAGE = "guide/practicalities/"
SHORT_PAGE = "open-data/"  # two sections
TOC = ".md-typeset .kb-toc-phone"


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(width, **options):
        context = browser.new_context(viewport={"width": width, "height": 800}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# The 404 page


def _hrefs(page) -> list[str]:
    return page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("width", [390, 1280])
def test_not_found_page_offers_search_routes_and_questions(page_at, served_site, built_site, width):
    site, _ = built_site
    page = page_at(width)
    page.goto(served_site.url + "404.html")
    assert page.title().startswith("Page not found")
    form = page.get_by_role("search", name="Search this site")
    assert form.is_visible()
    assert form.get_attribute("method") == "get"
    assert form.get_by_role("searchbox", name="Words to search for").get_attribute("name") == "q"
    assert "at the top of every page" in page.inner_text("article")

    hrefs = _hrefs(page)
    for route in ROUTES:
        assert f"/#{route}" in hrefs, route
    for question in QUESTIONS:
        assert "/" + question in hrefs, question
    # Every link leads somewhere real, from any depth (addresses from the root).
    for href in hrefs:
        path = urlsplit(href).path
        assert path.startswith("/"), href
        assert (site / path.lstrip("/") / "index.html").is_file(), href
    home = (site / "index.html").read_text(encoding="utf-8")
    for route in ROUTES:
        assert f'id="{route}"' in home, route

    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page, axe_script()) == []


def test_not_found_search_form_opens_search_with_the_words(page_at, served_site):
    page = page_at(390)
    page.goto(served_site.url + "404.html")
    box = page.get_by_role("searchbox", name="Words to search for")
    box.fill("crisis")
    box.press("Enter")
    page.wait_for_url(re.compile(r"\?q=crisis$"))
    assert urlsplit(page.url).path == "/"
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert page.input_value("input.md-search__input") == "crisis"
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0",
        timeout=30000,
    )


# "On this page" on a phone


def test_long_page_shows_on_this_page_on_a_phone(page_at, served_site):
    page = page_at(390)
    page.goto(served_site.url + LONG_PAGE)
    toc = page.locator(TOC)
    assert toc.is_visible()
    # Just under the page's title, before the text.
    assert page.evaluate(
        """sel => {
        const toc = document.querySelector(sel);
        return toc.previousElementSibling.tagName === 'H1';
    }""",
        TOC,
    )
    assert toc.bounding_box()["y"] < 800
    # Closed until opened, and opened by the keyboard.
    nav = page.get_by_role("navigation", name="On this page")
    assert not nav.is_visible()
    toc.locator("summary").focus()
    page.keyboard.press("Enter")
    assert nav.is_visible()
    # Every section of the page is listed, in order.
    headings = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
    targets = nav.locator(":scope > ul > li > a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets == headings
    assert axe_violations(page, axe_script()) == []
    # Tab reaches the first section's link; Enter goes there.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hash") == "#" + headings[0]
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#{headings[0]}'")
    top = page.eval_on_selector(f"#{headings[0]}", "h => h.getBoundingClientRect().top")
    assert 0 <= top < 800


def test_on_this_page_is_not_in_print(page_at, served_site):
    page = page_at(390)
    page.goto(served_site.url + LONG_PAGE)
    page.emulate_media(media="print")
    assert not page.locator(TOC).is_visible()


@pytest.mark.parametrize("width", [960, 1280])
def test_wider_screens_use_the_table_of_contents_beside_the_text(page_at, served_site, width):
    page = page_at(width)
    page.goto(served_site.url + LONG_PAGE)
    assert page.locator(TOC).count() == 1
    assert not page.locator(TOC).is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()


@pytest.mark.parametrize(
    "url",
    [
        SHORT_PAGE,  # too short to need it
        "matrix/",  # hides the table of contents
        "case-studies/sheffield-flourish/",  # has its own list (.kb-jump)
    ],
)
def test_no_on_this_page_where_it_is_not_needed(page_at, served_site, url):
    page = page_at(390)
    page.goto(served_site.url + url)
    assert page.locator(TOC).count() == 0


# Arriving from search (?h=)


def _a_word_far_down(page) -> str:
    """A word of 8 or more letters from the page's last section that appears
    nowhere before it, so its first mark is far down the page."""
    return page.evaluate(
        """() => {
        const article = document.querySelector('article');
        const last = [...article.querySelectorAll('h2[id]')].pop();
        const range = document.createRange();
        range.setStart(article, 0);
        range.setEndBefore(last);
        const before = range.toString().toLowerCase();
        range.setStartBefore(last);
        range.setEndAfter(article.lastChild);
        const words = range.toString().match(/[A-Za-z]{8,}/g) || [];
        return words.find(w => !before.includes(w.toLowerCase()));
    }"""
    )


FIRST_MARK_IN_VIEW = """() => {
    const mark = document.querySelector('article mark[data-md-highlight]');
    if (!mark) return false;
    const box = mark.getBoundingClientRect();
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    return box.top >= header && box.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_page_opened_from_search_scrolls_to_the_first_mark(page_at, served_site, width, motion):
    page = page_at(width, reduced_motion=motion)
    page.goto(served_site.url + LONG_PAGE)
    word = _a_word_far_down(page)
    assert word, "no word found only in the last section"
    page.goto(served_site.url + LONG_PAGE + "?h=" + word.lower())
    page.wait_for_selector("article mark[data-md-highlight]", state="attached", timeout=30000)
    page.wait_for_function(FIRST_MARK_IN_VIEW, timeout=5000)
    assert page.evaluate("scrollY") > 800
