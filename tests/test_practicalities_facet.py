"""Finding case studies by the practicalities they describe (issue 18).

A case study "describes payment" when its file fills in
`sections.practicalities.payment`; the same for funding, training and
support. The facet is read from that section (knowledge_base/registry.py),
so no new field is kept. Every expected result here is worked out from the
YAML files themselves, not from the code under test."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import open_data, registry, render
from knowledge_base.catalogue import load_catalogue
from tests.helpers import ROOT

CASES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "case_studies").glob("[!_]*.yml"))
}
PARTS = ["funding", "payment", "training", "support"]
HEADINGS = {"funding": "Funding", "payment": "Payment", "training": "Training", "support": "Support"}


def describing(part: str) -> set[str]:
    return {slug for slug, case in CASES.items() if case["sections"]["practicalities"].get(part)}


def described(slug: str) -> list[str]:
    return [part for part in PARTS if CASES[slug]["sections"]["practicalities"].get(part)]


def test_the_registry_reads_the_facet_from_the_practicalities_section():
    facet = registry.facet("practicalities")
    assert facet.param == "practicality" and facet.is_section and not facet.is_taxonomy
    assert [part.key for part in registry.section_options(facet)] == PARTS
    assert [part.heading for part in registry.section_options(facet)] == [HEADINGS[p] for p in PARTS]
    assert facet in registry.FILTER_FACETS
    for slug, case in CASES.items():
        assert registry.section_values(facet, case["sections"]) == described(slug), slug


def test_at_least_two_case_studies_describe_payment():
    # The guide reports payment for 2gether, Newham and Dorset's peer specialists.
    assert len(describing("payment")) >= 2
    assert {"2gether-social-inclusion-team", "newham-co-production-team"} <= describing("payment")


def test_the_filter_markup_offers_each_part_with_its_count():
    catalogue = load_catalogue(ROOT)
    soup = BeautifulSoup(render.case_study_index(catalogue, "case-studies/"), "html.parser")
    box = soup.select_one('details[data-facet="practicality"]')
    assert box["data-key"] == "practicalities"
    assert "Practicalities described" in box.summary.get_text()
    options = {
        label.input["value"]: (
            label.select_one(".kb-option__name").get_text(),
            int(label.select_one("[data-count]").string),
        )
        for label in box.select("label.kb-option")
    }
    assert options == {part: (HEADINGS[part], len(describing(part))) for part in PARTS}
    for slug in CASES:
        card = soup.find(attrs={"data-case-study": slug})
        assert card["data-practicalities"].split() == described(slug)
    data = json.loads(soup.find("script", id="kb-registry").string)
    assert {"key": "practicalities", "param": "practicality", "title": "Practicalities described"} in data["filter"]


def test_open_data_records_and_rows_carry_the_parts_described():
    catalogue = load_catalogue(ROOT)
    dataset = open_data.dataset(catalogue)
    for record in dataset["case_studies"]:
        assert record["practicalities"] == [{"id": p, "name": HEADINGS[p]} for p in described(record["slug"])]
    terms = dataset["facets"]["practicalities"]["terms"]
    assert [(t["id"], t["name"]) for t in terms] == [(p, HEADINGS[p]) for p in PARTS]
    rows = list(csv.DictReader(io.StringIO(open_data.dataset_csv(catalogue).lstrip("\ufeff"), newline="")))
    for row in rows:
        assert row["practicalities_ids"].split() == described(row["slug"])
        assert row["practicalities"].split("; ") == [HEADINGS[p] for p in described(row["slug"])]


# --- In the built site -------------------------------------------------------


def test_built_matrix_json_and_csv_have_the_facet(built_site):
    site, _ = built_site
    soup = BeautifulSoup((site / "matrix/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('nav.kb-matrix__facets a[href="#matrix-practicalities"]')
    table = soup.find("h2", id="matrix-practicalities").find_next("table")
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == [HEADINGS[p] for p in PARTS]
    rows = table.select("tbody tr")
    assert len(rows) == len(CASES)
    for row in rows:
        slug = row.th.a["href"].split("/")[-2]
        for part, cell in zip(PARTS, row.find_all("td"), strict=True):
            mark = cell.find("a")
            assert bool(mark) == (part in described(slug)), (slug, part)
            if mark:
                assert mark["href"] == f"../case-studies/{slug}/#{part}"
                page = BeautifulSoup(
                    (site / f"case-studies/{slug}/index.html").read_text(encoding="utf-8"), "html.parser"
                )
                assert page.find(id=part).get_text().strip().startswith(HEADINGS[part])

    data = json.loads((site / "data/case-studies.json").read_text(encoding="utf-8"))
    for record in data["case_studies"]:
        assert [p["id"] for p in record["practicalities"]] == described(record["slug"])
    raw = (site / "data/case-studies.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert {row["slug"] for row in rows if "payment" in row["practicalities_ids"].split()} == describing("payment")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def shown(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".kb-cards [data-case-study]:not([hidden])", "cards => cards.map(c => c.dataset.caseStudy)"
        )
    )


def test_ticking_payment_lists_the_cases_that_describe_it_and_the_link_keeps_it(page, served_site):
    page.goto(served_site.url + "case-studies/")
    page.wait_for_selector("html[data-kb-filter=ready]")
    page.click('details[data-facet="practicality"] summary')
    page.check("input[name=practicality][value=payment]")
    want = describing("payment")
    assert len(want) >= 2 and shown(page) == want
    assert parse_qs(urlsplit(page.url).query) == {"practicality": ["payment"]}
    assert "Practicalities described: Payment" in page.inner_text("[data-chosen-list]")
    # Other facets' counts now count among the payment cases only.
    label = page.locator("input[name=practicality][value=training]").locator("xpath=..")
    assert int(label.locator("[data-count]").text_content()) == len(describing("training"))
    barrier_ids = {tag["id"] for slug in want for tag in CASES[slug]["barriers"]}
    for barrier in barrier_ids:
        label = page.locator(f"input[name=barrier][value='{barrier}']").locator("xpath=..")
        expected = sum(barrier in {t["id"] for t in CASES[slug]["barriers"]} for slug in want)
        assert int(label.locator("[data-count]").text_content()) == expected, barrier

    # The address, opened fresh in a new page, gives the same view.
    link = page.url
    fresh = page.context.new_page()
    fresh.goto(link)
    fresh.wait_for_selector("html[data-kb-filter=ready]")
    assert shown(fresh) == want
    assert fresh.is_checked("input[name=practicality][value=payment]")

    # OR within the facet, AND with another.
    fresh.goto(served_site.url + "case-studies/?practicality=payment,funding")
    fresh.wait_for_selector("html[data-kb-filter=ready]")
    assert shown(fresh) == describing("payment") | describing("funding")
    assert not page.errors, page.errors


def test_the_filtered_csv_download_names_the_practicalities(browser, served_site):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(served_site.url + "case-studies/?practicality=payment")
    page.wait_for_selector("html[data-kb-filter=ready]")
    with page.expect_download() as info:
        page.click("[data-action=csv]")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert {row["Title"] for row in rows} == {CASES[slug]["title"] for slug in describing("payment")}
    assert all("Payment" in row["Practicalities described"].split("; ") for row in rows)
    context.close()
