"""A manager or practitioner on a phone, with five minutes, finds a first
step: the "Starting in your team or ward" page is short, each step says
where it comes from, and search finds it for "where do I start"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers import mkdocs_config
from tests.test_search import pages_in_order, searcher

URL = "questions/starting-in-your-team-or-ward/"
SOURCE = "questions/starting-in-your-team-or-ward.md"
PHONE = {"width": 390, "height": 844}


def soup_of(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / URL / "index.html").read_text(encoding="utf-8"), "html.parser")


def target_file(site: Path, href: str) -> Path:
    """The built file a relative link on the page opens."""
    path = urlsplit(urljoin("http://site/" + URL, href)).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_page_builds_with_one_heading_and_is_first_of_the_common_questions(built_site):
    site, _ = built_site
    soup = soup_of(site)
    assert [h.get_text(strip=True).rstrip("¶") for h in soup.select("h1")] == ["Starting in your team or ward"]
    nav = mkdocs_config()["nav"]
    questions = next(item["Common questions"] for item in nav if "Common questions" in item)
    assert questions[0] == {"Starting in your team or ward": SOURCE}


def test_every_step_links_to_a_page_of_the_site(built_site):
    site, _ = built_site
    steps = soup_of(site).select("#first-steps + ol > li")
    assert 4 <= len(steps) <= 6
    for step in steps:
        hrefs = [a["href"] for a in step.select("a[href]")]
        assert hrefs, step.get_text(" ", strip=True)
        for href in hrefs:
            assert not urlsplit(href).scheme, href
            assert target_file(site, href).is_file(), href
            anchor = urlsplit(href).fragment
            if anchor:
                target = BeautifulSoup(target_file(site, href).read_text(encoding="utf-8"), "html.parser")
                assert target.find(id=anchor) is not None, href


def test_page_links_the_ladder_and_paid_involvement_and_at_most_three_next_reads(built_site):
    site, _ = built_site
    soup = soup_of(site)
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    assert "../../guide/what-is-co-production/#ladder" in hrefs
    assert any(h.startswith("../paid-involvement-and-benefits/") for h in hrefs)
    assert len(soup.select("#read-next + ul > li")) <= 3


def test_page_fits_in_four_phone_screens(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(served_site.url + URL)
        height = page.evaluate("document.body.scrollHeight")
        assert height <= 4 * PHONE["height"], f"{height}px is {height / PHONE['height']:.1f} screens"
        # Nothing wider than the phone, so it reads without sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.parametrize("words", ["where do I start", "ward"])
def test_search_lists_the_page_in_the_top_three(browser, served_site, words):
    results_for = searcher(browser, served_site.url)
    try:
        assert URL in pages_in_order(results_for(words))[:3]
    finally:
        results_for.page.close()
