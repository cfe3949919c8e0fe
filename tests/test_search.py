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
# "... matching page(s)" once a query has been answered (overrides/partials/language.html).
META = "(document.querySelector('.md-search-result__meta') || {}).textContent || ''"
CLEARED = f"() => ({META}).trim() === 'Type to start searching'"
# The answer to a query that finds pages: its results are listed. An empty
# answer ("No matching pages") is no sign that the query asked has been
# answered: Material shows any late empty answer (to the cleared box, say)
# that way once the box holds the new query, so it is never taken as settled.
LISTED = (
    "() => /[0-9]+ matching page|match your search/.test(" + META + ")"
    " && document.querySelectorAll('.md-search-result__item').length > 0"
)
# search-help.js's line when nothing matches and ways on are listed instead.
NOTHING_FOUND = f"() => /No pages match/.test({META})"


def ask(page, query: str, answered: str) -> None:
    """Clear the search box, wait for the results to go, then fill in the
    whole query and wait until `answered` (a page function) is true."""
    page.fill("input.md-search__input", "")
    page.keyboard.press("End")
    page.wait_for_function(CLEARED)
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_function(answered, timeout=10000)


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
        ask(page, query, LISTED)
        hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
        return [href.removeprefix(url).split("#")[0].split("?")[0] for href in hrefs]

    results_for.page = page
    return results_for


@pytest.fixture(scope="session")
def search(browser, served_site):
    results_for = searcher(browser, served_site.url)
    yield results_for
    results_for.page.close()


# The questions people arrive with: the page that answers each must be
# among the first three pages listed. (A theme page whose search words
# include the word can come first: "tender" lists "Contracts that leave
# co-production out" above the commissioning page.)
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
def test_questions_land_on_their_answer_in_the_top_three(search, words, expected):
    assert expected in [page for page in pages_in_order(search(words)) if page not in CONTRIBUTED][:3]


def test_a_phrase_ranks_pages_with_both_words_first(search, built_site):
    """'peer support' once listed pages titled 'Supporting...' that never say
    'peer' above the pages that use the phrase."""
    site, _ = built_site
    for url in pages_in_order(search("peer support"))[:2]:
        text = (site / url / "index.html").read_text(encoding="utf-8").lower()
        assert "peer" in text and "support" in text, url


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


# The words readers typed (issue 17), each with a page that must be among
# the first three listed: other spellings, abbreviations, plain words,
# typos, questions.
TOP_THREE = {
    "coproduction": "guide/what-is-co-production/",
    "co production": "guide/what-is-co-production/",
    "what is co-production": "guide/what-is-co-production/",
    "tokenism": "guide/what-is-co-production/",
    "organization": "barriers/little-influence-over-bigger-organisations/",
    "PIP": "questions/paid-involvement-and-benefits/",
    "carers allowance": "questions/paid-involvement-and-benefits/",
    "paying": "questions/paid-involvement-and-benefits/",
    "commisioning": "questions/commissioning-for-co-production/",
    "comissioning": "questions/commissioning-for-co-production/",
    "ICB": "questions/what-has-changed-since-the-guide/",
    "schools": "barriers/timing-around-school-or-work/",
    "where do I start": "guide/top-tips/",
    "staff resistance": "barriers/reluctance-to-change/",
    "peer support": "glossary/",
    "recovry colege": "case-studies/gloucestershire-recovery-college/",
    "the same people always": "barriers/same-few-people/",
    "payment": "barriers/payment-and-benefits/",
}


@pytest.mark.parametrize("words, expected", TOP_THREE.items())
def test_the_words_people_type_find_the_page_in_the_top_three(search, words, expected):
    assert expected in pages_in_order(search(words))[:3]


def test_short_and_stop_words_match_whole_words_only(search):
    """'for' is a stop word: it never finds "forum" (while a word is being
    typed, its first three letters find nothing, and no help flickers)."""
    page = search.page
    ask(page, "for", f"() => ({META}).trim() === 'No matching pages'")
    assert page.locator(".md-search-result__item").count() == 0
    assert "case-studies/newham-co-production-team/" in pages_in_order(search("forum"))


def test_pay_finds_paid_and_payment(search):
    search("paying")
    marks = {
        m.lower()
        for m in search.page.eval_on_selector_all(".md-search-result__item mark", "ms => ms.map(m => m.textContent)")
    }
    assert {"paid", "payment"} <= marks, marks


def test_nothing_found_suggests_a_word_and_the_ways_on(search, served_site):
    page = search.page
    ask(page, "comunty", NOTHING_FOUND)
    items = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => [a.getAttribute('href'), a.innerText])"
    )
    assert items[0][1].startswith("Did you mean"), items
    listed = [href.removeprefix(served_site.url).split("?")[0] for href, _ in items[1:]]
    # The case studies first, then every common question (in file order).
    assert listed[0] == "case-studies/" and listed[1].startswith("questions/"), listed
    assert "questions/commissioning-for-co-production/" in listed[1:]
    # The suggestion is a search: following it lists results.
    page.click(".md-search-result__item > a >> nth=0")
    page.wait_for_url("**?q=county*")
    page.wait_for_function(LISTED, timeout=30000)
    page.goto(served_site.url)
    page.click("input.md-search__input")
    wait_for_search_index(page)


def test_the_result_is_the_passage_that_matched(search):
    """The glossary's entry for peer support, not its first entries."""
    search("peer support")
    entry = search.page.locator('.md-search-result__item a[href*="glossary/"][href$="#peer-support"]')
    assert entry.count() == 1
    text = entry.inner_text()
    assert "Peer support" in text and "something similar" in text, text


def test_no_word_is_struck_through_and_no_link_highlights_nothing(search):
    search("crisis zebra")
    page = search.page
    assert page.locator(".md-search-result__terms, .md-search-result del").count() == 0
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert hrefs and all("?h=" in href and "?h=&" not in href and not href.endswith("?h=") for href in hrefs), hrefs


def test_a_search_is_a_link(browser, served_site):
    page = browser.new_page()
    page.goto(served_site.url + "?q=paying")
    page.wait_for_function(LISTED, timeout=30000)
    assert page.input_value("input.md-search__input") == "paying"
    first = page.get_attribute(".md-search-result__item > a", "href")
    assert "questions/paid-involvement-and-benefits/" in first
    page.close()


def searcher_on_built_site(browser, project_site):
    """The searcher on a site built by a conftest fixture that yields
    (project, site, validate result, build result)."""
    from tests.helpers import SiteServer

    _, site, _, built = project_site
    assert built.returncode == 0, built.stderr
    with SiteServer(site) as server:
        results_for = searcher(browser, server.url)
        yield results_for
        results_for.page.close()


@pytest.fixture(scope="session")
def search_with_a_new_case(browser, site_with_a_new_case):
    """Search on the site with the contributed example, whose title says
    "peer researchers" and which never says "support"."""
    yield from searcher_on_built_site(browser, site_with_a_new_case)


# Material lists the first ten results, then four more each time the list
# is scrolled to its end (it notices reaching the end, so the list goes back
# up in between): scroll until every page counted is listed.
EVERY_RESULT_LISTED = """() => {
    const count = parseInt(document.querySelector('.md-search-result__meta').textContent, 10);
    const items = document.querySelectorAll('.md-search-result__item').length;
    const wrap = document.querySelector('.md-search-result').parentElement;
    wrap.dataset.down = wrap.dataset.down === 'yes' ? 'no' : 'yes';
    wrap.scrollTop = wrap.dataset.down === 'yes' ? wrap.scrollHeight : 0;
    return items >= count;
}"""


def every_result(results_for, query: str) -> list[str]:
    results_for(query)
    page = results_for.page
    page.wait_for_function(EVERY_RESULT_LISTED, polling=200, timeout=30000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    base = page.url.split("?")[0]
    return pages_in_order([href.removeprefix(base).split("#")[0].split("?")[0] for href in hrefs])


def test_a_page_with_every_word_ranks_above_one_with_some_in_its_title(search_with_a_new_case):
    # Every result, not only the first screenful: more pages now use the
    # phrase (the peer support model, and the cases tagged with it).
    pages = every_result(search_with_a_new_case, "peer support")
    assert "case-studies/anytown-peer-research/" in pages
    assert "case-studies/anytown-peer-research/" not in pages[:2]


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
    # The answer to the whole word (its links highlight it): "No matching
    # pages" for its first letters also says "matching".
    page.wait_for_selector('.md-search-result__item a[href*="h=crisis"]', timeout=30000)
    assert "crisis" in page.inner_text(".md-search-result__list").lower()
    page.close()
