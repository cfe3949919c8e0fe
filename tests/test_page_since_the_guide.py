"""Issue 18: a commissioner can tell how current the site is. The page
"What has changed since the guide" (CCGs to ICBs, the duty to involve,
policy since 2016), a one-page briefing for a director that really prints
on one A4 side, and ICB in the glossary."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.helpers import ROOT
from tests.test_site import CATALOGUE

CHANGES = "questions/what-has-changed-since-the-guide/"
BRIEFING = "questions/briefing-for-a-director/"
SOURCES = {
    CHANGES: "docs/questions/what-has-changed-since-the-guide.md",
    BRIEFING: "docs/questions/briefing-for-a-director.md",
}


def article(site, url: str):
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup, soup.select_one("article.md-content__inner")


def words_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def front_matter(url: str) -> dict:
    text = (ROOT / SOURCES[url]).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize(
    "url, title", [(CHANGES, "What has changed since the guide"), (BRIEFING, "Co-production: a one-page briefing")]
)
def test_both_pages_build_with_their_title(built_site, url, title):
    site, _ = built_site
    soup, content = article(site, url)
    assert content.find("h1").get_text(strip=True).removesuffix("¶") == title
    assert soup.title.get_text().startswith(title)


def test_both_pages_are_under_common_questions_the_briefing_after_the_changes_page(built_site):
    site, _ = built_site
    soup, _ = article(site, "")
    section = next(
        item
        for item in soup.select(".md-nav--primary .md-nav__item--section")
        if item.find("label") and "Common questions" in item.find("label").get_text()
    )
    links = [a["href"] for a in section.select("a.md-nav__link[href]")]
    assert links.index(CHANGES) + 1 == links.index(BRIEFING), links


@pytest.mark.parametrize("url", [CHANGES, BRIEFING])
def test_front_matter_has_the_search_words_and_review_dates(url):
    meta = front_matter(url)
    assert meta["search"] == {"boost": 3}
    assert str(meta["last_reviewed"]) == "2026-12-02" and str(meta["next_review"]) == "2027-06-02"
    expected = {
        CHANGES: ["ICB", "integrated care board", "CCG", "since 2018", "what has changed"],
        BRIEFING: ["briefing", "director", "one page"],
    }
    assert set(expected[url]) <= set(meta["tags"])


def test_the_changes_page_names_the_year_the_date_and_each_policy(built_site):
    site, _ = built_site
    _, content = article(site, CHANGES)
    text = words_of(content)
    for needed in [
        "2018",
        "1 July 2022",
        "integrated care board",
        "section 14Z45",
        "NHS Long Term Plan",
        "Community Mental Health Framework",
        "10 Year Health Plan",
        "Mental Health Act 2025",
        "Working in partnership with people and communities",
        "ten principles",
        "Working Well Together",
        "What still holds from the guide",
    ]:
        assert needed in text, needed


def test_the_changes_page_is_marked_as_beyond_the_guide_with_its_review_date(built_site):
    site, _ = built_site
    _, content = article(site, CHANGES)
    warning = content.select_one(".admonition.warning")
    assert warning is not None
    assert warning.select_one(".admonition-title").get_text(strip=True) == "This page goes beyond the guide"
    assert warning.select_one('time[datetime="2026-12-02"]') is not None
    # Every source is listed with a link, and each says its date (or that it has none).
    sources = content.find("h2", id="sources").find_next("ul").find_all("li", recursive=False)
    assert len(sources) >= 20
    for item in sources:
        assert item.find("a", href=re.compile(r"^https?://")), item
        assert re.search(r"\((?:[^()]*\b(?:19|20)\d\d\b|undated)", item.get_text()), item.get_text()


def test_the_briefing_has_its_five_parts(built_site):
    site, _ = built_site
    _, content = article(site, BRIEFING)
    assert "What it is." in words_of(content)
    headings = [h2.get_text(strip=True).removesuffix("¶") for h2 in content.find_all("h2")]
    assert headings == ["Why now", "What the guide's case studies show", "Three asks of a director", "Read more"]
    asks = content.find("h2", id="three-asks").find_next("ol").find_all("li", recursive=False)
    assert len(asks) == 3
    why_now = words_of(content.find("h2", id="why-now").find_next("p"))
    assert "Beyond the 2018 guide" in why_now and "1 July 2022" in why_now and "14Z45" in why_now
    read_more = content.find("h2", id="read-more").find_next("ul")
    assert read_more.find("a", href="../what-has-changed-since-the-guide/")


def test_the_glossary_defines_icb_and_says_it_replaced_ccgs():
    entry = next(entry for entry in CATALOGUE.glossary if entry.get("abbreviation") == "ICB")
    assert entry["term"] == "Integrated care board"
    assert "1 July 2022" in entry["definition"] and "clinical commissioning groups" in entry["definition"]
    assert (
        "when the guide was written"
        in next(e for e in CATALOGUE.glossary if e.get("abbreviation") == "CCG")["definition"]
    )


def test_icb_is_listed_in_the_glossary_and_explained_as_a_tooltip(built_site):
    site, _ = built_site
    _, glossary = article(site, "glossary/")
    assert "ICB: Integrated care board" in [h2.get_text(strip=True).removesuffix("¶") for h2 in glossary.find_all("h2")]
    _, content = article(site, CHANGES)
    assert content.select_one('abbr[title="Integrated care board"]') is not None


def test_the_briefing_prints_on_exactly_one_a4_page_with_room_to_spare(browser, served_site, tmp_path):
    """Chromium's A4 print of the built page, QR code and link addresses
    included, is one page; the text ends at least two lines above the
    bottom margin, so a longer site address (SITE_URL) still fits."""
    if not shutil.which("pdfinfo"):
        pytest.fail("this test needs poppler: apt-get install -y poppler-utils")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site.url + BRIEFING)
    pdf = tmp_path / "briefing.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) == 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for needed in ["Scan for this page", "Why now", "Three asks of a director", "Read more", "Working Well Together"]:
        assert needed in text, needed
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes)[1])
    lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', boxes))
    bottom_margin = 15 / 25.4 * 72  # print.css: @page margin-bottom 15mm
    two_lines = 2 * 10.5 * 1.45  # print.css: 10.5pt type, line-height 1.45
    assert lowest <= height - bottom_margin - two_lines, (lowest, height)
