"""The pages for a person with lived experience asked to join a group:
"Before you join a group" and "Paid involvement and your benefits". They
link the ladder, the benefits detail and free advice, name the benefits
people get, and state no amounts (rules and rates change every April)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import mkdocs_config
from tests.test_search import pages_in_order, searcher
from tests.test_site import main_text, page

BEFORE = "questions/before-you-join-a-group"
BENEFITS = "questions/paid-involvement-and-benefits"
ADVICE_SERVICES = {
    "Citizens Advice": "https://www.citizensadvice.org.uk/",
    "Turn2us": "https://www.turn2us.org.uk/",
    "Disability Rights UK": "https://www.disabilityrightsuk.org/",
}
# A sum of money: "£5", "£ 15", "£2.3bn". The pages must state none.
AMOUNT = re.compile(r"£\s?\d")


def test_before_you_join_is_under_common_questions_first():
    nav = mkdocs_config()["nav"]
    questions = next(item["Common questions"] for item in nav if "Common questions" in item)
    entries = [next(iter(entry.values())) for entry in questions]
    assert "questions/before-you-join-a-group.md" in entries
    at = entries.index("questions/before-you-join-a-group.md")
    before = entries[:at]
    assert before in ([], ["questions/starting-in-your-team-or-ward.md"]), before


def test_before_you_join_links_the_ladder_the_benefits_page_and_advice(built_site):
    site, _ = built_site
    soup = page(site, BEFORE)
    assert next(soup.select_one("h1").strings).strip() == "Before you join a group"
    article = soup.select_one("article")
    hrefs = [a["href"] for a in article.select("a[href]")]
    assert "../../guide/what-is-co-production/#ladder" in hrefs
    assert "../paid-involvement-and-benefits/" in hrefs
    linked = [name for name, address in ADVICE_SERVICES.items() if any(h.startswith(address) for h in hrefs)]
    assert len(linked) >= 2, linked
    text = main_text(soup)
    for benefit in ["Personal Independence Payment (PIP)", "Universal Credit", "Carer's Allowance"]:
        assert benefit in text, benefit
    # The ladder's rungs, named, and tokenism explained on the page.
    for rung in ["coercion", "educating", "informing", "consultation", "engagement", "co-design"]:
        assert rung in text, rung
    assert "Tokenism means" in text


def test_before_you_join_says_where_it_goes_beyond_the_guide(built_site):
    site, _ = built_site
    soup = page(site, BEFORE)
    titles = [t.get_text(strip=True) for t in soup.select("article .admonition-title")]
    assert "Parts of this page go beyond the guide" in titles
    assert any(t.startswith("Beyond the guide") for t in titles), titles
    checklist = soup.select_one("#checklist")
    assert checklist is not None
    assert "This checklist is ours" in checklist.find_next("p").get_text()
    assert len(checklist.find_next("ul").select("li")) >= 8


def test_benefits_page_names_each_benefit_and_free_advice(built_site):
    site, _ = built_site
    soup = page(site, BENEFITS)
    text = main_text(soup)
    for words in [
        "Universal Credit",
        "Personal Independence Payment (PIP)",
        "Carer's Allowance",
        "Citizens Advice",
        "Turn2us",
        "welfare rights",
    ]:
        assert words in text, words
    for anchor in ["universal-credit", "pip", "carers-allowance", "where-to-get-advice"]:
        assert soup.select_one(f"#{anchor}") is not None, anchor
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    for address in ["https://www.citizensadvice.org.uk/", "https://www.turn2us.org.uk/"]:
        assert address in hrefs, address
    # Still marked as going beyond the guide.
    titles = [t.get_text(strip=True) for t in soup.select("article .admonition-title")]
    assert "This page goes beyond the guide" in titles


@pytest.mark.parametrize("url", [BEFORE, BENEFITS])
def test_no_amounts_of_money(built_site, url):
    site, _ = built_site
    text = main_text(page(site, url))
    assert not AMOUNT.search(text), AMOUNT.findall(text)


@pytest.mark.parametrize("url", [BEFORE, BENEFITS])
def test_review_dates_in_front_matter(url):
    from tests.helpers import ROOT

    source = (ROOT / "docs" / f"{url}.md").read_text(encoding="utf-8")
    front = source.split("---\n")[1]
    assert re.search(r"^last_reviewed: \d{4}-\d{2}-\d{2}$", front, re.M)
    assert re.search(r"^next_review: \d{4}-\d{2}-\d{2}$", front, re.M)


@pytest.fixture(scope="session")
def search_before_you_join(browser, served_site):
    results_for = searcher(browser, served_site.url)
    yield results_for
    results_for.page.close()


@pytest.mark.parametrize(
    "words, expected",
    [
        ("what support can I ask for", BEFORE + "/"),
        ("tokenism", BEFORE + "/"),
        ("carers allowance", BENEFITS + "/"),
        ("PIP", BENEFITS + "/"),
    ],
)
def test_search_finds_the_pages_in_the_top_three(search_before_you_join, words, expected):
    assert expected in pages_in_order(search_before_you_join(words))[:3]


def test_page_reads_on_a_phone(browser, served_site):
    """At 390 px the page fits the screen and its sections are all there."""
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        tab.goto(served_site.url + BEFORE + "/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        for anchor in ["tokenism", "what-you-can-ask-for", "your-benefits", "free-advice", "checklist"]:
            assert tab.locator(f"#{anchor}").count() == 1, anchor
    finally:
        tab.close()
