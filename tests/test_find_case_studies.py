"""Finding case studies: the filter on /case-studies/, the compare page, the
matrix and the open data. Browser behaviour is tested in Chromium; every
expected result is worked out here from the YAML files themselves, not from
the code under test."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import registry
from tests.helpers import ROOT, SiteServer, axe_script, axe_violations

AXE = axe_script()
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}

# The filter's facets: address parameter -> YAML field.
FACETS = {facet.param: facet.key for facet in registry.FILTER_FACETS}


def load_yaml(folder: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((folder / "case_studies").glob("[!_]*.yml"))
    }


CASES = load_yaml(ROOT)
TERMS = {
    facet: {term["id"]: term["name"] for term in yaml.safe_load((ROOT / f"data/{facet}.yml").read_text())["terms"]}
    for facet in registry.TAXONOMIES
}


def ids(case: dict, param: str) -> set[str]:
    if param == "setting":
        return {re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") for value in case["setting"]}
    return {tag["id"] for tag in case.get(FACETS[param], [])}


def expected(choices: dict[str, list[str]], words: str = "") -> set[str]:
    """Slugs matching: any option within a facet, every facet, every word."""
    result = set()
    for slug, case in CASES.items():
        text = " ".join([case["title"], case["place"], " ".join(case["summary"].split())]).lower()
        if all(ids(case, param) & set(chosen) for param, chosen in choices.items() if chosen) and all(
            word in text for word in words.lower().split()
        ):
            result.add(slug)
    return result


def a_pair_with_results() -> tuple[str, str]:
    """A barrier and a skill that some case study has both of."""
    for case in CASES.values():
        if case["barriers"] and case["skills"]:
            return case["barriers"][0]["id"], case["skills"][-1]["id"]
    raise AssertionError("no case has a barrier and a skill")


def a_pair_with_no_results() -> tuple[str, str]:
    """A barrier and a model that no case study has together, each shown by some case."""
    for barrier in sorted(set().union(*(ids(c, "barrier") for c in CASES.values()))):
        for model in sorted(set().union(*(ids(c, "model") for c in CASES.values()))):
            if not expected({"barrier": [barrier], "model": [model]}):
                return barrier, model
    raise AssertionError("every pair matches something")


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def open_filter(page, base: str, query: str = ""):
    page.goto(base + "case-studies/" + query)
    page.wait_for_selector("html[data-kb-filter=ready]")


def shown(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".kb-cards [data-case-study]:not([hidden])", "cards => cards.map(c => c.dataset.caseStudy)"
        )
    )


def query_of(page) -> dict[str, list[str]]:
    return {key: value[0].split(",") for key, value in parse_qs(urlsplit(page.url).query).items()}


def tick(page, param: str, term_id: str):
    box = page.locator(f"details[data-facet={param}]")
    if not box.evaluate("d => d.open"):
        box.locator("summary").click()
    page.locator(f"input[name={param}][value='{term_id}']").check()


def count_shown(page, param: str, term_id: str) -> int:
    label = page.locator(f"input[name={param}][value='{term_id}']").locator("xpath=..")
    return int(label.locator("[data-count]").text_content())


# --- The filter -------------------------------------------------------------


def test_without_javascript_every_case_is_listed_with_an_anchor(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url + "case-studies/")
    cards = page.eval_on_selector_all("[data-case-study]", "cs => cs.map(c => [c.id, c.dataset.caseStudy])")
    assert cards and all(anchor == slug for anchor, slug in cards)
    assert {slug for _, slug in cards} == set(CASES)
    assert not page.is_visible("#kb-filter"), "the filter is an enhancement: hidden without JavaScript"
    for facet in registry.TAXONOMIES:
        assert page.locator(f"article a[href='../{facet}/']").count(), f"no link to the {facet} pages"
    context.close()


def test_choose_count_share_reload_back_and_clear(page_at, served_site):
    page = page_at()
    open_filter(page, served_site.url)
    assert shown(page) == set(CASES)
    assert page.inner_text("[data-status]") == f"Showing all {len(CASES)} case studies."

    barrier, skill = a_pair_with_results()
    tick(page, "barrier", barrier)
    assert shown(page) == expected({"barrier": [barrier]})
    assert query_of(page) == {"barrier": [barrier]}
    # Each skill's count is what ticking it would show.
    for skill_id in TERMS["skills"]:
        assert count_shown(page, "skill", skill_id) == len(expected({"barrier": [barrier], "skill": [skill_id]})), (
            skill_id
        )
    # Barriers are OR: their counts ignore the barrier already ticked.
    for barrier_id in TERMS["barriers"]:
        assert count_shown(page, "barrier", barrier_id) == len(expected({"barrier": [barrier_id]})), barrier_id

    tick(page, "skill", skill)
    both = expected({"barrier": [barrier], "skill": [skill]})
    assert shown(page) == both
    assert query_of(page) == {"barrier": [barrier], "skill": [skill]}
    n = len(both)
    assert (
        page.inner_text("[data-status]")
        == f"{n} case stud{'y' if n == 1 else 'ies'} of {len(CASES)} match{'es' if n == 1 else ''} your choices."
    )
    assert page.get_attribute("[data-status]", "role") == "status"
    assert page.get_attribute("[data-status]", "aria-live") == "polite"
    chosen = page.inner_text("[data-chosen-list]")
    assert TERMS["barriers"][barrier] in chosen and TERMS["skills"][skill] in chosen and "and" in chosen

    page.reload()
    page.wait_for_selector("html[data-kb-filter=ready]")
    assert shown(page) == both
    assert page.is_checked(f"input[name=skill][value='{skill}']")

    page.go_back()
    page.wait_for_function("() => !location.search.includes('skill=')")
    assert shown(page) == expected({"barrier": [barrier]})
    assert not page.is_checked(f"input[name=skill][value='{skill}']")
    page.go_forward()
    page.wait_for_function("() => location.search.includes('skill=')")
    assert shown(page) == both

    page.click("[data-action=clear]")
    assert shown(page) == set(CASES)
    assert urlsplit(page.url).query == ""
    assert not page.errors, page.errors


def test_words_match_titles_places_and_summaries(page_at, served_site):
    page = page_at()
    case = CASES["gloucestershire-young-carers"]
    word = case["place"].split()[0]
    open_filter(page, served_site.url, "?q=" + word)
    assert shown(page) == expected({}, word) and shown(page)
    # Material would open its own search for ?q=; here q belongs to the filter.
    assert not page.is_checked("#__search")
    page.wait_for_function("() => location.search.includes('q=')")
    assert page.input_value("#kb-filter-q") == word
    page.fill("#kb-filter-q", "")
    page.type("#kb-filter-q", "carers young")
    page.wait_for_function("() => location.search.includes('carers')")
    assert shown(page) == expected({}, "carers young")


def test_an_unknown_id_in_a_link_is_dropped_with_a_note(page_at, served_site):
    page = page_at()
    barrier, _ = a_pair_with_results()
    open_filter(page, served_site.url, f"?barrier=no-longer-here,{barrier}&skill=gone-too")
    assert page.inner_text("[data-note]") == "2 filters in this link no longer exist, so they have been left out."
    assert shown(page) == expected({"barrier": [barrier]})
    page.wait_for_function(f"() => location.search === '?barrier={barrier}'")
    open_filter(page, served_site.url, "?principle=vanished")
    assert page.inner_text("[data-note]") == "1 filter in this link no longer exists, so it has been left out."
    assert shown(page) == set(CASES)
    assert not page.errors, page.errors


def test_no_results_names_the_filter_to_drop(page_at, served_site):
    page = page_at()
    barrier, model = a_pair_with_no_results()
    open_filter(page, served_site.url, f"?barrier={barrier}&model={model}")
    assert shown(page) == set()
    empty = page.locator("[data-empty]")
    assert empty.is_visible()
    text = empty.inner_text()
    assert "No case study matches" in text
    assert f"Remove Barriers: {TERMS['barriers'][barrier]}" in text
    assert f"Remove Models: {TERMS['models'][model]}" in text
    without_model = expected({"barrier": [barrier]})
    assert f"({len(without_model)} case stud" in text
    empty.get_by_role("button", name=f"Remove Models: {TERMS['models'][model]}").click()
    assert shown(page) == without_model
    assert not empty.is_visible()
    assert query_of(page) == {"barrier": [barrier]}


def test_keyboard_alone_filters_and_clears(page_at, served_site):
    page = page_at()
    open_filter(page, served_site.url)
    barrier, _ = a_pair_with_results()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('details[data-facet=barrier] > summary')"):
            break
    else:
        raise AssertionError("Tab never reached the Barriers group")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.value === '{barrier}'"):
            break
    else:
        raise AssertionError("Tab never reached the option")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Space")
    assert shown(page) == expected({"barrier": [barrier]})
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action === 'clear'"):
            break
    else:
        raise AssertionError("Tab never reached Clear all")
    page.keyboard.press("Enter")
    assert shown(page) == set(CASES)


def test_on_a_phone_the_options_fold_behind_one_button(page_at, served_site):
    page = page_at(PHONE)
    barrier, _ = a_pair_with_results()
    open_filter(page, served_site.url, f"?barrier={barrier}")
    toggle = page.locator(".kb-filter__toggle")
    assert toggle.inner_text() == "Filters (1 on)"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#kb-filter-panel")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.is_visible("#kb-filter-panel")
    page.fill("#kb-filter-q", "a")
    page.wait_for_function("() => location.search.includes('q=a')")
    assert toggle.inner_text() == "Filters (2 on)"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    desktop = page_at(DESKTOP)
    open_filter(desktop, served_site.url)
    assert not desktop.is_visible(".kb-filter__toggle") and desktop.is_visible("#kb-filter-panel")


def test_the_filtered_list_downloads_as_csv_for_excel(page_at, served_site):
    page = page_at(accept_downloads=True)
    barrier, _ = a_pair_with_results()
    open_filter(page, served_site.url, f"?barrier={barrier}")
    with page.expect_download() as info:
        page.click("[data-action=csv]")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    want = expected({"barrier": [barrier]})
    assert {row["Title"] for row in rows} == {CASES[slug]["title"] for slug in want}
    for row in rows:
        slug = urlsplit(row["Address"]).path.rstrip("/").rsplit("/", 1)[-1]
        assert row["Barriers"].split("; ") == [TERMS["barriers"][t["id"]] for t in CASES[slug]["barriers"]]
        assert row["Place"] == CASES[slug]["place"]


def test_filter_states_pass_axe(page_at, served_site):
    barrier, model = a_pair_with_no_results()
    problems = []
    for viewport in [DESKTOP, PHONE]:
        page = page_at(viewport)
        open_filter(page, served_site.url, f"?barrier={barrier}&model={model}&compare={next(iter(CASES))}")
        if viewport is PHONE:
            page.click(".kb-filter__toggle")
        page.click("details[data-facet=barrier] summary")
        problems += axe_violations(page, AXE)
    assert not problems, "\n".join(problems)


# --- Compare ----------------------------------------------------------------


def practicality(case: dict, key: str) -> str | None:
    return case["sections"].get("practicalities", {}).get(key)


def test_compare_three_cases_chosen_from_the_list(page_at, served_site):
    page = page_at()
    open_filter(page, served_site.url)
    slugs = sorted(CASES)[:3]
    for slug in slugs:
        page.locator(f"input[data-compare='{slug}']").check()
    link = page.locator("[data-compare-link]")
    assert link.inner_text() == "Compare 3 case studies"
    assert query_of(page)["compare"] == slugs
    link.click()
    page.wait_for_selector("[data-compare-ready='3']")
    assert urlsplit(page.url).path.endswith("/compare/") and query_of(page) == {"cases": slugs}
    headers = page.eval_on_selector_all(".kb-compare__table thead th", "ths => ths.map(t => t.textContent)")
    assert headers == [CASES[slug]["title"] for slug in slugs]
    rows = {
        row[0]: row[1:]
        for row in page.eval_on_selector_all(
            ".kb-compare__table tbody tr",
            "trs => trs.map(tr => [tr.querySelector('th').textContent, ...Array.from(tr.querySelectorAll('td'), "
            "td => Array.from(td.children).slice(1).map(c => c.innerText).join('\\n'))])",
        )
    }
    for heading in [
        "Model",
        "Organisations",
        "Place and setting",
        "Who takes part",
        "What is co-produced",
        "Funding",
        "Payment",
        "Training",
        "Support",
        "Challenges",
        "Outcomes",
        "Top tips, or what the source gives instead",
    ]:
        assert heading in rows, heading
    for key in [part.key for section in registry.SECTIONS for part in section.parts]:
        for slug, cell in zip(slugs, rows[key.capitalize()], strict=False):
            text = practicality(CASES[slug], key)
            assert " ".join(cell.split()) == ("Not stated" if text is None else " ".join(text.split())), (slug, key)
    shared = set.intersection(*(ids(CASES[slug], "barrier") for slug in slugs))
    assert set(filter(None, rows["Barriers they all share"][0].split("\n"))) == (
        {TERMS["barriers"][i] for i in shared} or {"None shared by all"}
    )
    for slug, cell in zip(slugs, rows["Barriers not shared by all"], strict=False):
        own = ids(CASES[slug], "barrier") - shared
        assert set(filter(None, cell.split("\n"))) == ({TERMS["barriers"][i] for i in own} or {"None"})
    assert not page.errors, page.errors


def test_compare_on_a_phone_is_one_row_at_a_time(page_at, served_site):
    page = page_at({"width": 320, "height": 640})
    slugs = sorted(CASES)[-3:]
    page.goto(served_site.url + "compare/?cases=" + ",".join(slugs))
    page.wait_for_selector("[data-compare-ready='3']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate("document.querySelector('.kb-compare__table').scrollWidth") <= 320
    labels = page.eval_on_selector_all("tbody tr:first-child .kb-compare__case", "ps => ps.map(p => p.innerText)")
    assert labels == [CASES[slug]["title"] for slug in slugs]
    assert not axe_violations(page, AXE)


def test_compare_from_a_case_study_page_and_bad_links(page_at, served_site):
    page = page_at()
    slug = sorted(CASES)[0]
    page.goto(served_site.url + f"case-studies/{slug}/")
    page.click("text=Compare with other case studies")
    page.wait_for_selector("html[data-kb-filter=ready]")
    assert page.is_checked(f"input[data-compare='{slug}']")
    assert "Tick one more" in page.inner_text("[data-compare-bar]")
    page.goto(served_site.url + f"compare/?cases={slug},no-such-case,{sorted(CASES)[1]}")
    page.wait_for_selector("[data-compare-ready='2']")
    assert "1 case study in this link no longer exists" in page.inner_text("#kb-compare")
    page.goto(served_site.url + "compare/?cases=" + slug)
    page.wait_for_selector("[data-compare-ready='0']")
    assert "Choose at least two" in page.inner_text("#kb-compare")
    assert not page.errors, page.errors


# --- Matrix -----------------------------------------------------------------


def test_matrix_marks_every_tag_and_links_to_its_sentence(built_site):
    site, _ = built_site
    soup = BeautifulSoup((site / "matrix/index.html").read_text(encoding="utf-8"), "html.parser")
    pages = {}
    for facet in TERMS:
        table = soup.find("h2", id=f"matrix-{facet}").find_next("table")
        assert table.caption
        columns = [th.a["href"] for th in table.select("thead th[scope=col]")]
        assert columns == [f"../{facet}/{term_id}/" for term_id in ordered_by_group(facet)]
        rows = table.select("tbody tr")
        assert [row.th["scope"] for row in rows] == ["row"] * len(CASES)
        for row in rows:
            slug = row.th.a["href"].split("/")[-2]
            tagged = {tag["id"]: tag["how"] for tag in CASES[slug].get(facet, [])}
            for term_id, cell in zip(ordered_by_group(facet), row.find_all("td"), strict=False):
                mark = cell.find("a")
                assert bool(mark) == (term_id in tagged), (slug, facet, term_id)
                if mark:
                    target = mark["href"]
                    assert target == f"../case-studies/{slug}/#{facet}-{term_id}"
                    page = pages.setdefault(
                        slug,
                        BeautifulSoup(
                            (site / f"case-studies/{slug}/index.html").read_text(encoding="utf-8"), "html.parser"
                        ),
                    )
                    sentence = page.find(id=f"{facet}-{term_id}")
                    assert sentence is not None and " ".join(tagged[term_id].split())[:30] in " ".join(
                        sentence.get_text().split()
                    )


def ordered_by_group(facet: str) -> list[str]:
    data = yaml.safe_load((ROOT / f"data/{facet}.yml").read_text())
    if not data.get("groups"):
        return [term["id"] for term in data["terms"]]
    return [term["id"] for group in data["groups"] for term in data["terms"] if term.get("group") == group["id"]]


def test_matrix_groups_terms_as_the_guide_does(built_site):
    site, _ = built_site
    soup = BeautifulSoup((site / "matrix/index.html").read_text(encoding="utf-8"), "html.parser")
    data = yaml.safe_load((ROOT / "data/barriers.yml").read_text())
    table = soup.find("h2", id="matrix-barriers").find_next("table")
    groups = [(th.get_text(), int(th["colspan"])) for th in table.select("thead th[scope=colgroup]")]
    assert groups == [(g["name"], sum(t.get("group") == g["id"] for t in data["terms"])) for g in data["groups"]]


def test_matrix_on_a_phone_keeps_case_names_in_view(page_at, served_site):
    page = page_at(PHONE)
    page.goto(served_site.url + "matrix/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    region = page.locator(".kb-matrix").nth(1)
    region.evaluate("r => r.scrollLeft = 400")
    first = region.locator("tbody th").first
    box, frame = first.bounding_box(), region.bounding_box()
    assert abs(box["x"] - frame["x"]) < 3, "the case-study column stays at the left edge"


# --- Open data --------------------------------------------------------------


def test_open_data_json_and_csv_come_from_the_yaml(built_site):
    site, _ = built_site
    data = json.loads((site / "data/case-studies.json").read_text(encoding="utf-8"))
    records = {record["slug"]: record for record in data["case_studies"]}
    assert set(records) == set(CASES)
    for slug, case in CASES.items():
        record = records[slug]
        assert record["title"] == case["title"] and record["place"] == case["place"]
        assert record["url"] == f"case-studies/{slug}/"
        assert record["sections"] == case["sections"]
        for facet in TERMS:
            assert [(t["id"], t["name"], t["how"]) for t in record[facet]] == [
                (t["id"], TERMS[facet][t["id"]], t["how"]) for t in case.get(facet, [])
            ]
        single = json.loads((site / f"data/case-studies/{slug}.json").read_text(encoding="utf-8"))
        assert single == record
    assert data["licence_note"]
    raw = (site / "data/case-studies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["slug"] for row in rows] == [r["slug"] for r in data["case_studies"]]
    for row in rows:
        case = CASES[row["slug"]]
        assert row["barriers"].split("; ") == [TERMS["barriers"][t["id"]] for t in case["barriers"]]
        assert row["barriers_ids"].split() == [t["id"] for t in case["barriers"]]
        assert row["top_tips"].split("\n") == [" ".join(tip.split()) for tip in case["sections"]["top_tips"]]


def test_spreadsheet_cells_cannot_be_formulas():
    from knowledge_base.open_data import spreadsheet_safe

    assert spreadsheet_safe("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("Sheffield") == "Sheffield"


def test_a_new_field_is_carried_into_the_open_data():
    """A field added to the schema later (say provenance) needs no change here."""
    from knowledge_base import open_data
    from knowledge_base.catalogue import load_catalogue

    catalogue = load_catalogue(ROOT)
    case = catalogue.case_studies[0]
    case.data = dict(case.data, provenance="contributed")
    assert open_data.case_record(catalogue, case)["provenance"] == "contributed"
    assert open_data.csv_rows(catalogue)[0]["provenance"] == "contributed"


def test_a_new_case_study_file_appears_everywhere_without_code_changes(site_with_a_new_case, browser):
    """The contributed example (tests/examples/anytown-peer-research.yml),
    added to a copy of the project with nothing else changed, reaches the
    cards, the open data, the matrix and the filter. (Shares its build with
    test_contributing.py.)"""
    _, site, _, result = site_with_a_new_case
    assert result.returncode == 0, result.stdout + result.stderr
    slug = "anytown-peer-research"
    soup = BeautifulSoup((site / "case-studies/index.html").read_text(encoding="utf-8"), "html.parser")
    card = soup.find(attrs={"data-case-study": slug})
    assert card and card["id"] == slug and card["data-setting"] == "borough"
    assert json.loads((site / f"data/case-studies/{slug}.json").read_text())["place"] == "Anytown"
    assert slug in (site / "data/case-studies.csv").read_text(encoding="utf-8")
    matrix = (site / "matrix/index.html").read_text(encoding="utf-8")
    assert f"../case-studies/{slug}/#barriers-payment-and-benefits" in matrix
    with SiteServer(site) as server:
        context = browser.new_context()
        page = context.new_page()
        open_filter(page, server.url, "?setting=borough&barrier=payment-and-benefits&q=anytown")
        assert shown(page) == {slug}
        context.close()
