"""Search, in a real browser, finds case studies and terms by name and by
the everyday words people type."""

from __future__ import annotations

import pytest

from knowledge_base.catalogue import FACETS
from tests.helpers import wait_for_search_index
from tests.test_site import CATALOGUE

EVERYDAY_WORDS = {
    "payment": "barriers/payment-and-benefits/",
    "benefits": "barriers/payment-and-benefits/",
    "recruitment": "case-studies/2gether-social-inclusion-team/",
    "young people": "case-studies/gloucestershire-young-carers/",
    "crisis": "case-studies/dorset-acute-care-pathway/",
    "rural": "case-studies/gloucestershire-recovery-college/",
}


@pytest.fixture(scope="module")
def search(browser, served_site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_site.url)
    wait_for_search_index(page)

    def results_for(query: str) -> list[str]:
        # Material listens for real key presses, so type like a person.
        page.click("input.md-search__input")
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(query)
        page.wait_for_function(
            "q => document.querySelector('.md-search__input').value === q"
            " && /matching/.test(document.querySelector('.md-search-result__meta').textContent)",
            arg=query, timeout=10000)
        # Results for earlier keys may still be arriving: read the list until
        # it stays the same for 150 ms (a slow machine only waits longer).
        hrefs, previous = None, []
        for _ in range(25):
            page.wait_for_timeout(150)
            hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
            if hrefs == previous:
                break
            previous = hrefs
        return [href.removeprefix(served_site.url).split("#")[0].split("?")[0] for href in hrefs]

    yield results_for
    page.close()


# The questions people arrive with: the page that answers each must be the
# first or second page listed (ranked by Material's search boost and weights).
QUESTIONS = {
    "universal credit": "questions/paid-involvement-and-benefits/",
    "vouchers": "questions/paid-involvement-and-benefits/",
    "volunteer": "questions/paid-involvement-and-benefits/",
    "tender": "questions/commissioning-for-co-production/",
    "contract": "questions/commissioning-for-co-production/",
    "evidence": "questions/what-the-evidence-says/",
    "save money": "questions/what-the-evidence-says/",
    "peer support": "glossary/",
}


def pages_in_order(results: list[str]) -> list[str]:
    """Material lists a page's matching sections under it: one entry per page."""
    return list(dict.fromkeys(results))


@pytest.mark.parametrize("words, expected", QUESTIONS.items())
def test_questions_land_on_their_answer_first_or_second(search, words, expected):
    assert expected in pages_in_order(search(words))[:2]


def test_a_phrase_ranks_pages_with_both_words_first(search, built_site):
    """'peer support' once listed pages titled 'Supporting...' that never say
    'peer' above the pages that use the phrase."""
    site, _ = built_site
    for url in pages_in_order(search("peer support"))[:2]:
        text = (site / url / "index.html").read_text(encoding="utf-8").lower()
        assert "peer" in text and "support" in text, url


def test_a_case_study_ranks_above_term_pages_for_the_same_words(search):
    pages = pages_in_order(search("tender"))
    sheffield = pages.index("case-studies/sheffield-flourish/")
    assert all(sheffield < pages.index(term) for term in
               ["barriers/contracts-that-leave-it-out/", "models/commissioned-co-produced-service/"]
               if term in pages)


def test_search_words_are_found_but_not_shown(search, built_site):
    """A term's search words are in its page's tags: searchable, but no
    longer printed as a line of keywords."""
    site, _ = built_site
    assert "barriers/payment-and-benefits/" in search("remuneration")
    html = (site / "barriers/payment-and-benefits/index.html").read_text(encoding="utf-8")
    assert "People also search for" not in html and "remuneration" not in html.lower()


@pytest.mark.parametrize("words, expected", EVERYDAY_WORDS.items())
def test_everyday_words_find_the_right_page(search, words, expected):
    assert expected in search(words)


def test_every_case_study_and_term_is_found_by_name(search):
    missing = []
    for case in CATALOGUE.case_studies:
        if f"case-studies/{case.slug}/" not in search(case.title):
            missing.append(case.title)
    for facet in FACETS:
        for term in CATALOGUE.taxonomies[facet].terms.values():
            if f"{facet}/{term.id}/" not in search(term.name):
                missing.append(f"{facet}: {term.name}")
    assert not missing, missing
