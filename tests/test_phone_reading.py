"""Reading a long case study on a phone: an "On this page" list of its
sections sits under the fact box, because case studies are not in the
navigation drawer. Tested in a real browser at 320 and 390 pixels."""

from __future__ import annotations

import pytest

CASE = "case-studies/sheffield-flourish/"


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 700})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_phone_shows_every_section_and_jumps_to_it(page_at, served_site, width):
    page = page_at(width)
    page.goto(served_site.url + CASE)
    jump = page.get_by_role("navigation", name="On this page")
    assert jump.is_visible()
    box = jump.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    headings = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
    targets = jump.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets == headings
    jump.get_by_role("link", name="Outcomes").click()
    page.wait_for_function("() => location.hash === '#outcomes'")
    top = page.eval_on_selector("#outcomes", "h => h.getBoundingClientRect().top")
    assert 0 <= top < 700


def test_wide_screens_use_the_table_of_contents_instead(page_at, served_site):
    page = page_at(1280)
    page.goto(served_site.url + CASE)
    assert not page.get_by_role("navigation", name="On this page").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link[href='#outcomes']").is_visible()
