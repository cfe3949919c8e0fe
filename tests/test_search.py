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


# The results line says "Type to start searching" with nothing typed, and
# "... matching document(s)" once a query has been answered.
CLEARED = "() => document.querySelector('.md-search-result__meta').textContent.trim() === 'Type to start searching'"
ANSWERED = "() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)"


def searcher(browser, url: str):
    """A page on the site at `url` with search open, and a function that
    types a query and returns the result links (site-relative)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.click("input.md-search__input")
    wait_for_search_index(page)

    def results_for(query: str) -> list[str]:
        # The whole query at once, so that the only answer that can appear is
        # the answer to it (typed a key at a time, an earlier key's answer
        # can be on screen when the last key's is still coming). Clear first,
        # so the previous query's answer is gone. Material reads the box on
        # key presses, hence the End key after each fill. (Typing a key at
        # a time is tested in test_the_index_loads_only_when_a_reader_turns_to_search.)
        page.fill("input.md-search__input", "")
        page.keyboard.press("End")
        page.wait_for_function(CLEARED)
        page.fill("input.md-search__input", query)
        page.keyboard.press("End")
        page.wait_for_function(ANSWERED, timeout=10000)
        hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
        return [href.removeprefix(url).split("#")[0].split("?")[0] for href in hrefs]

    results_for.page = page
    return results_for


@pytest.fixture(scope="session")
def search(browser, served_site):
    results_for = searcher(browser, served_site.url)
    yield results_for
    results_for.page.close()


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


# A contributor's new case study may rightly rank above the answer: the
# answer must lead the site's own pages.
CONTRIBUTED = {f"case-studies/{case.slug}/" for case in CATALOGUE.contributed_case_studies}


@pytest.mark.parametrize("words, expected", QUESTIONS.items())
def test_questions_land_on_their_answer_first_or_second(search, words, expected):
    assert expected in [page for page in pages_in_order(search(words)) if page not in CONTRIBUTED][:2]


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
    assert all(
        sheffield < pages.index(term)
        for term in ["barriers/contracts-that-leave-it-out/", "models/commissioned-co-produced-service/"]
        if term in pages
    )


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


def _index_requests(page) -> list[str]:
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "search_index" in request.url else None)
    return requests


@pytest.mark.parametrize("turn_to_search", ["click", "slash key", "phone search button"])
def test_the_index_loads_only_when_a_reader_turns_to_search(browser, served_site, turn_to_search):
    phone = turn_to_search == "phone search button"
    page = browser.new_page(viewport={"width": 390, "height": 800} if phone else {"width": 1280, "height": 800})
    requests = _index_requests(page)
    page.goto(served_site.url + "case-studies/sheffield-flourish/", wait_until="networkidle")
    assert requests == [], "a first visit downloaded the search index"
    if turn_to_search == "click":
        page.click("input.md-search__input")
    elif turn_to_search == "slash key":
        page.keyboard.press("/")
    else:
        page.click(".md-header label[for='__search']")
    page.keyboard.type("crisis")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert [url.rsplit("/", 2)[-2:] for url in requests] == [["search", "search_index.json"]]
    page.close()


def test_a_page_opened_from_a_result_highlights_the_words(browser, served_site):
    # Material marks the searched words (?h=) using the index's settings,
    # so such a page loads the index at once.
    page = browser.new_page()
    requests = _index_requests(page)
    page.goto(served_site.url + "case-studies/dorset-acute-care-pathway/?h=crisis")
    page.wait_for_selector("article mark", timeout=30000)
    assert "crisis" in page.inner_text("article mark").lower()
    assert len(requests) == 1
    page.close()


# --- the split index (material_9_8/search_index.py, search-worker.js) ------


def _search_requests(page) -> list[str]:
    requests = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.url.split("?")[0])
            if "/search/" in request.url or "/workers/" in request.url
            else None
        ),
    )
    return requests


def test_a_first_search_loads_only_the_files_it_needs(browser, served_site, built_site):
    site, _ = built_site
    page = browser.new_page()
    requests = _search_requests(page)
    page.goto(served_site.url + "case-studies/sheffield-flourish/", wait_until="networkidle")
    assert requests == []
    page.click("input.md-search__input")
    page.keyboard.type("crisis")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    page.wait_for_load_state("networkidle")
    loaded = sorted(url.removeprefix(served_site.url) for url in set(requests))
    # The page list, the file of words beginning "cri" and the text of the
    # pages listed; Material's own worker and whole index are never loaded.
    assert "search/docs.json" in loaded and "search/t/637269.json" in loaded
    pages = [url for url in loaded if url.startswith("search/p/")]
    assert 0 < len(pages) <= 30
    # Typed a key at a time: "c" is looked up as a whole word (no file: the
    # index has no such word), "cr" needs the files of words beginning "cr?",
    # and "cri", "cris"... need no more.
    words = [url for url in loaded if url.startswith("search/t/")]
    assert words and all(url.startswith("search/t/6372") for url in words), words
    assert not [url for url in loaded if "workers/" in url]
    total = sum((site / url).stat().st_size for url in loaded if (site / url).is_file())
    whole = sum(path.stat().st_size for path in (site / "search").rglob("*.json"))
    assert total < whole / 2, (total, whole)
    page.close()


@pytest.fixture(scope="session")
def material_search(browser, material_search_site):
    """Search on the same site built with Material's own search
    (split_search=False; the build is the session's, in conftest.py)."""
    from tests.helpers import SiteServer

    site = material_search_site
    assert (site / "search/search_index.json").stat().st_size > 100_000  # the whole index
    with SiteServer(site) as server:
        results_for = searcher(browser, server.url)
        yield results_for
        results_for.page.close()


# Words whose results once came from Material's own search: the split index
# must list the same pages in the same order.
SAME_AS_MATERIAL = [
    "payment",
    "benefits",
    "recruitment",
    "crisis",
    "rural",
    "vouchers",
    "volunteer",
    "tender",
    "contract",
    "evidence",
    "training",
    "leadership",
    "welfare",
    "meetings",
    "sandwell",
    "young people",
    "peer support",
    "save money",
    "lived experience",
    "co-production",
    '"peer support"',
    "support -peer",
    "recov",
]


def test_results_match_materials_own_search(search, material_search):
    different = {}
    for words in SAME_AS_MATERIAL:
        ours, theirs = pages_in_order(search(words)), pages_in_order(material_search(words))
        if ours != theirs:
            different[words] = (ours[:5], theirs[:5])
    assert not different, different


def test_results_mark_the_words_found(search):
    search("crisis")
    page = search.page
    marks = page.eval_on_selector_all(".md-search-result__item mark", "marks => marks.map(m => m.textContent)")
    assert marks and all(mark.lower().startswith("crisis") for mark in marks)
    first = page.get_attribute(".md-search-result__item > a", "href")
    assert "h=crisis" in first


def test_the_not_found_page_searches_the_split_index_too(browser, served_site):
    """404.html is a theme template, not a page: its search must still use
    our worker (Material's would find nothing in the small index file)."""
    page = browser.new_page()
    page.goto(served_site.url + "404.html")
    page.click("input.md-search__input")
    page.keyboard.type("crisis")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert "crisis" in page.inner_text(".md-search-result__list").lower()
    page.close()
