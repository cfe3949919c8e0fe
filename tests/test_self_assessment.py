"""The self-assessment (/self-assessment/) in a real browser: answers kept
in the address and the same result after a reload, keyboard only, the
result announced, axe at four sizes empty and answered, a checklist with no
script, a printed action sheet of at most two pages whose one QR code
reopens the same answers, and the offline copy."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
import zxingcpp

from knowledge_base.self_assessment import ANSWERS
from tests.helpers import axe_script, axe_violations
from tests.test_offline import offline_copy  # noqa: F401 (the shared fixture: one offline build)
from tests.test_print import first_page_gray, pdf_pages
from tests.test_site import CATALOGUE

URL = "self-assessment/"
STATEMENTS = CATALOGUE.self_assessment.statements
ANSWER_IDS = [answer for answer, _ in ANSWERS]
# Every answer used, in a pattern that leaves no group all the same.
MIXED = {statement.id: ANSWER_IDS[i % 3] for i, statement in enumerate(STATEMENTS)}
ALL_NOT_YET = {statement.id: "not-yet" for statement in STATEMENTS}
SIZES = {
    "320x640": {"width": 320, "height": 640},
    "1280x720": {"width": 1280, "height": 720},
    "1366x768": {"width": 1366, "height": 768},
    "1280x800": {"width": 1280, "height": 800},
}
AXE = axe_script()


@pytest.fixture
def tab(browser):
    contexts = []

    def open_tab(viewport=SIZES["1280x800"], **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        return page

    yield open_tab
    for context in contexts:
        context.close()


def answer(page, answers: dict[str, str]) -> None:
    for statement_id, value in answers.items():
        page.check(f'input[name="{statement_id}"][value="{value}"]')


def result_text(page) -> str:
    page.wait_for_selector("#kb-sa-result:not([hidden])")
    return page.inner_text("#kb-sa-result")


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_every_answer_goes_into_the_address_and_a_reload_shows_the_same_result(tab, served_site):
    page = tab()
    page.goto(served_site.url + URL)
    assert page.is_hidden("#kb-sa-result")
    answer(page, MIXED)
    page.click("#kb-sa-form button[type=submit]")
    before = result_text(page)
    query = query_of(page.url)
    assert {key: value for key, value in query.items() if key != "date"} == MIXED
    assert len(query["date"]) == 10
    page.reload()
    assert result_text(page) == before
    checked = page.eval_on_selector_all("input[type=radio]:checked", "els => els.map(e => [e.name, e.value])")
    assert dict(checked) == MIXED
    # The result: what was answered yes, and each gap with where it leads.
    yes = [s.text for s in STATEMENTS if MIXED[s.id] == "yes"]
    assert all(text in before for text in yes)
    gaps = page.locator(".kb-sa__gap")
    assert gaps.count() == sum(1 for value in MIXED.values() if value != "yes")
    first_gap = gaps.first
    assert first_gap.locator(".kb-sa__themes a").count() >= 1
    assert first_gap.locator(".kb-sa__read a").count() >= 1
    assert page.locator(".kb-sa__rung--marked").count() >= 1
    assert "not a score" in before
    assert not page.errors


def test_a_gap_leads_to_the_case_studies_with_their_sentence_and_the_filtered_list(tab, served_site):
    statement = next(s for s in STATEMENTS if s.id == "wider-range")
    page = tab()
    page.goto(f"{served_site.url}{URL}?{statement.id}=not-yet")
    gap = page.locator(".kb-sa__gap").first
    gap.wait_for()
    cases = [(case, how) for term in statement.terms for case, how in CATALOGUE.cases_for(term)]
    first_case, first_how = cases[0]
    link = gap.locator(".kb-sa__cases a").first
    assert link.inner_text() == first_case.title
    assert " ".join(first_how.split()) in gap.locator(".kb-sa__cases li").first.inner_text()
    listed = gap.locator(".kb-sa__list a")
    assert "/case-studies/?barrier=same-few-people,reaching-people-outside-services" in listed.get_attribute(
        "data-print-href"
    )
    listed.click()
    page.wait_for_url("**/case-studies/?barrier=*")
    shown = page.eval_on_selector_all(".kb-card:not([hidden])", "els => els.length")
    barrier_cases = {case.slug for t in statement.terms if t.facet == "barriers" for case, _ in CATALOGUE.cases_for(t)}
    assert shown == len(barrier_cases)


def test_keyboard_only_answers_and_the_result_is_announced(tab, served_site):
    page = tab()
    page.goto(served_site.url + URL)
    first = STATEMENTS[0].id
    page.focus(f'input[name="{first}"][value="not-yet"]')
    page.keyboard.press("ArrowRight")  # moves to "partly" and chooses it
    page.keyboard.press("Tab")  # to the next statement's answers
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form from a radio button
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'kb-sa-result-heading'")
    assert query_of(page.url)[first] == "partly"
    assert query_of(page.url)[STATEMENTS[1].id] == "not-yet"
    # The heading that takes focus names the region screen readers land in.
    assert page.get_attribute("#kb-sa-result", "aria-labelledby") == "kb-sa-result-heading"


def test_clearing_empties_the_address_and_hides_the_result(tab, served_site):
    page = tab()
    page.goto(f"{served_site.url}{URL}?{STATEMENTS[0].id}=yes")
    result_text(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-sa-clear]")
    page.wait_for_selector("#kb-sa-result", state="hidden")
    assert urlsplit(page.url).query == ""
    assert page.eval_on_selector_all("#kb-sa-form input:checked", "els => els.length") == 0


def test_an_old_address_with_unknown_answers_still_opens(tab, served_site):
    page = tab()
    page.goto(f"{served_site.url}{URL}?{STATEMENTS[0].id}=yes&a-removed-statement=yes&{STATEMENTS[1].id}=maybe")
    text = result_text(page)
    assert "2 parts of the address did not match" in text
    assert page.is_checked(f'input[name="{STATEMENTS[0].id}"][value="yes"]')
    assert not page.errors


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("answered", [False, True], ids=["empty", "answered"])
def test_axe_finds_nothing(tab, served_site, size, answered):
    page = tab(SIZES[size])
    query = "?" + "&".join(f"{key}={value}" for key, value in MIXED.items()) if answered else ""
    page.goto(served_site.url + URL + query)
    if answered:
        result_text(page)
    assert axe_violations(page, AXE) == []


def test_without_a_script_it_is_a_checklist_whose_form_keeps_answers_in_the_address(tab, served_site):
    page = tab(java_script_enabled=False)
    page.goto(served_site.url + URL)
    assert page.locator("fieldset").count() == len(STATEMENTS)
    assert page.locator("fieldset legend").count() == len(STATEMENTS)
    assert page.is_visible("[data-sa-no-script]")
    assert page.is_hidden("#kb-sa-result")
    assert page.is_hidden("[data-sa-clear]")
    answer(page, {STATEMENTS[0].id: "yes", STATEMENTS[2].id: "partly"})
    page.click("#kb-sa-form button[type=submit]")
    page.wait_for_url("**?*")
    assert query_of(page.url) == {STATEMENTS[0].id: "yes", STATEMENTS[2].id: "partly"}


def printed(page, tmp_path, name: str):
    page.emulate_media(media="print")
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.emulate_media(media="screen")
    return pdf


@pytest.mark.parametrize("answers", [MIXED, ALL_NOT_YET], ids=["mixed", "all-not-yet"])
def test_the_result_prints_as_one_or_two_pages_with_one_qr_code_that_reopens_it(tab, served_site, tmp_path, answers):
    page = tab()
    page.goto(served_site.url + URL)
    answer(page, answers)
    result_text(page)
    address = page.get_attribute("link[rel=canonical]", "href") + "?" + urlsplit(page.url).query
    pdf = printed(page, tmp_path, "sheet")
    assert 1 <= pdf_pages(pdf) <= 2
    pixels, _, _ = first_page_gray(pdf, dpi=200)
    codes = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [address]
    # Every link on the sheet prints its full address.
    page.emulate_media(media="print")
    unaddressed = page.eval_on_selector_all(
        "article a[href]",
        """links => links.filter(a => a.getClientRects().length
            && !/\\(https?:/.test(getComputedStyle(a, '::after').content)).map(a => a.href)""",
    )
    shown_form = page.eval_on_selector("#kb-sa-form", "form => getComputedStyle(form).display")
    assert unaddressed == [] and shown_form == "none"


def test_the_empty_page_prints_as_a_checklist(tab, served_site, tmp_path):
    page = tab()
    page.goto(served_site.url + URL)
    pdf = printed(page, tmp_path, "checklist")
    text = __import__("subprocess").run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(" ".join(s.text.split()[:6]) in " ".join(text.split()) for s in STATEMENTS)
    assert "Show our result" not in text


def test_it_works_from_the_offline_copy(tab, offline_copy):  # noqa: F811
    folder, _ = offline_copy
    page = tab()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    start = (folder / URL / "index.html").as_uri()
    page.goto(start)
    answer(page, {STATEMENTS[0].id: "not-yet"})
    before = result_text(page)
    assert query_of(page.url)[STATEMENTS[0].id] == "not-yet"
    page.reload()
    assert result_text(page) == before
    theme = page.locator(".kb-sa__themes a").first
    assert theme.get_attribute("href").endswith("/index.html")
    theme.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and page.title() != ""
    assert all(url.startswith(folder.as_uri()) for url in requests), requests
    assert not page.errors
