"""The trainer kit (issue 20): the offline copy published by the site with
its real size and date, the print pack and prints that fit, printed QR
codes and addresses that reopen the view printed, a projector's view of a
shared link and a comparison, and the "If your group says..." table made
from the tags. Prints are counted as PDF pages (Chromium's page.pdf, then
poppler), QR codes read back with zxing-cpp."""

from __future__ import annotations

import datetime
import json
import re
import zipfile

import pytest
import zxingcpp

from knowledge_base import offline
from tests.helpers import build, copy_project, world_readable_dir
from tests.test_print import first_page_gray, page_text, pdf_pages
from tests.test_site import CATALOGUE, main_text, page

ZIP = "downloads/co-production-kb-offline.zip"
SLUGS = [case.slug for case in CATALOGUE.case_studies]
CASES_WITH_QUESTIONS = [case for case in CATALOGUE.case_studies if case.data.get("for_trainers")]


# --- The offline copy on the site -------------------------------------------


@pytest.mark.parametrize(
    "size, said",
    [(500, "1 KB"), (896_000, "875 KB"), (1_023_000, "999 KB"), (1_058_556, "1.0 MB"), (5_400_000, "5.1 MB")],
)
def test_a_zip_size_is_said_as_people_say_it(size, said):
    assert offline.size_text(size) == said


def test_describe_zip_reads_the_size_and_the_date_it_was_made(tmp_path):
    path = tmp_path / "copy.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("co-production-kb/README.txt", (2026, 11, 30, 9, 0, 0)), "hello")
        archive.writestr("co-production-kb/index.html", "x" * 3000)
    found = offline.describe_zip(path)
    assert found == offline.OfflineZip(size=path.stat().st_size, made=datetime.date(2026, 11, 30))


def test_no_zip_or_a_broken_one_is_described_as_none(tmp_path):
    assert offline.describe_zip(tmp_path / "missing.zip") is None
    (tmp_path / "broken.zip").write_text("not a zip")
    assert offline.describe_zip(tmp_path / "broken.zip") is None


def test_a_record_script_holds_the_record_as_data():
    record = {"slug": "a", "title": 'Quote " and </script>'}
    script = offline.record_script("a", json.dumps(record))
    prefix = '(window.KbCaseRecords=window.KbCaseRecords||{})["a"]='
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix) : -2]) == record


def test_the_offline_readme_names_the_site_or_no_address_at_all():
    from tools.offline import readme

    with_site = readme("2 December 2026", "https://example.org/co-production")
    assert "https://example.org/co-production/trainers/#offline" in with_site
    without = readme("2 December 2026", "")
    assert "http" not in without and "(the address" not in without and "SITE_URL" in without


def test_the_trainers_page_offers_only_a_copy_this_build_has(built_site):
    """The shared build has a zip only if `make offline` ran first in this
    clone (the Pages workflow does): either way the page tells the truth."""
    site, _ = built_site
    text = main_text(page(site, "trainers"))
    link = page(site, "trainers").select_one(f'a[href="../{ZIP}"]')
    if (site / ZIP).is_file():
        assert link and offline.size_text((site / ZIP).stat().st_size) in text
    else:
        assert link is None and "make offline" in text
        assert not re.search(r"\d+ (KB|MB)", text), "a size for a copy that does not exist"


@pytest.mark.extra_build
def test_a_build_after_make_offline_publishes_the_zip_with_its_size_and_date(tmp_path):
    project = copy_project(tmp_path / "project")
    made = project / "dist/co-production-kb-offline.zip"
    made.parent.mkdir()
    with zipfile.ZipFile(made, "w") as archive:
        archive.writestr(zipfile.ZipInfo("co-production-kb/README.txt", (2026, 11, 30, 9, 0, 0)), "readme")
        archive.writestr("co-production-kb/padding.bin", bytes(range(256)) * 4000)
    site = world_readable_dir("kb-with-zip-")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / ZIP).read_bytes() == made.read_bytes()
    soup = page(site, "trainers")
    assert soup.select_one(f'a[href="../{ZIP}"]').get_text() == "Download the offline copy"
    text = main_text(soup)
    assert f"a zip file of {offline.size_text(made.stat().st_size)}, made on 30 November 2026" in text
    assert "make offline" not in text


# --- "If your group says..., try..." ------------------------------------------


def test_the_group_says_table_has_every_barrier_a_case_met_and_only_those(built_site):
    site, _ = built_site
    soup = page(site, "trainers")
    rows = soup.select(".kb-group-says tbody tr")
    expected = {}
    for case in CATALOGUE.case_studies:
        for tag in case.tags.get("barriers", []):
            expected.setdefault(tag.term.name, []).append((case, tag.how))
    assert [row.th.get_text(strip=True) for row in rows] == [
        term.name for term in CATALOGUE.taxonomies["barriers"].terms.values() if term.name in expected
    ]
    for row in rows:
        items = row.select("td li")
        cases = expected[row.th.get_text(strip=True)]
        assert len(items) == len(cases)
        for item, (case, how) in zip(items, cases, strict=True):
            link = item.a
            assert link.get_text() == case.title
            slug, anchor = re.match(r"\.\./case-studies/([^/]+)/#(.+)", link["href"]).groups()
            assert slug == case.slug and page(site, f"case-studies/{slug}").find(id=anchor)
            assert " ".join(how.split()) in " ".join(item.get_text().split())


def test_the_group_says_table_grows_with_the_library(site_with_a_new_case):
    _, site, _, built = site_with_a_new_case
    assert built.returncode == 0
    links = [a["href"] for a in page(site, "trainers").select(".kb-group-says td a")]
    assert any("/anytown-peer-research/#barriers-" in href for href in links)


# --- The print pack and the cards ---------------------------------------------


def test_question_sheets_hold_each_cases_questions_and_nothing_else(built_site):
    site, _ = built_site
    sheets = page(site, "trainers/question-sheets").select("section.kb-sheet")
    assert [sheet.h2["id"] for sheet in sheets] == [case.slug for case in CASES_WITH_QUESTIONS]
    for sheet, case in zip(sheets, CASES_WITH_QUESTIONS, strict=True):
        shown = [" ".join(li.get_text().split()) for li in sheet.select("ol.kb-questions > li")]
        assert shown == [" ".join(q.split()) for q in case.data["for_trainers"]["questions"]]
        assert not sheet.find(id="why-it-stands-out")


def test_a_card_ends_with_a_sentence_not_a_fragment(built_site):
    site, _ = built_site
    sources = [p.get_text() for p in page(site, "case-studies").select(".kb-card__source")]
    assert len(sources) == len(SLUGS)
    assert all(text.endswith(".") and len(text.split()) >= 4 for text in sources), sources


# --- Prints -------------------------------------------------------------------


def longest_cases(n: int) -> list[str]:
    """The n case studies with the most text: the hardest comparison to fit."""
    size = {case.slug: len(json.dumps(case.data, default=str)) for case in CATALOGUE.case_studies}
    return sorted(size, key=size.get, reverse=True)[:n]


FILTERED = "case-studies/?barrier=" + next(
    term.id for term in CATALOGUE.taxonomies["barriers"].terms.values() if CATALOGUE.cases_for(term)
)
COMPARED = "compare/?cases=" + ",".join(longest_cases(3))
PRINTED = [
    "matrix/",
    COMPARED,
    FILTERED,
    "case-studies/",
    "trainers/",
    "trainers/session-plan/",
    "trainers/case-summaries/",
    "trainers/question-sheets/",
]


@pytest.fixture(scope="session")
def printed_kit(browser, served_site, tmp_path_factory):
    """Each page of the kit printed to A4, as page.pdf prints it."""
    folder = tmp_path_factory.mktemp("kit-print")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    results = {}
    for number, url in enumerate(PRINTED):
        page.goto(served_site.url + url)
        if url.startswith("compare/"):
            page.wait_for_selector("#kb-compare[data-compare-ready='3']")
        if url.startswith("case-studies/"):
            page.wait_for_selector("html[data-kb-filter=ready]")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        canonical = page.get_attribute("link[rel=canonical]", "href")
        page.emulate_media(media="print")
        pdf = folder / f"{number}.pdf"
        page.pdf(path=str(pdf), format="A4")
        page.emulate_media(media="screen")
        results[url] = {"pdf": pdf, "canonical": canonical}
    page.close()
    return results


def all_pages_text(pdf) -> list[str]:
    return [page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]


def test_the_matrix_prints_on_at_most_six_a4_pages(printed_kit):
    assert pdf_pages(printed_kit["matrix/"]["pdf"]) <= 6


def test_a_comparison_of_the_three_longest_cases_prints_on_at_most_eight_pages(printed_kit):
    pdf = printed_kit[COMPARED]["pdf"]
    assert pdf_pages(pdf) <= 8
    # The case names head every page (the table's header repeats).
    first = CATALOGUE.case_study(longest_cases(3)[0]).title.split()[0]
    assert all(first in text for text in all_pages_text(pdf))


@pytest.mark.parametrize("url", PRINTED)
def test_no_printed_page_is_blank(printed_kit, url):
    blank = [n + 1 for n, text in enumerate(all_pages_text(printed_kit[url]["pdf"])) if not text.strip()]
    assert not blank, f"{url}: blank page(s) {blank}"


def test_the_session_plan_prints_on_one_page(printed_kit):
    assert pdf_pages(printed_kit["trainers/session-plan/"]["pdf"]) == 1


@pytest.mark.parametrize(
    "url, cases",
    [("trainers/case-summaries/", CATALOGUE.case_studies), ("trainers/question-sheets/", CASES_WITH_QUESTIONS)],
)
def test_each_case_sheet_is_one_page_of_its_own(printed_kit, url, cases):
    pages = all_pages_text(printed_kit[url]["pdf"])
    assert len(pages) == len(cases)
    for text, case in zip(pages, cases, strict=True):
        flat = " ".join(text.split())
        others = [other.title for other in cases if other is not case and other.title in flat.split(" Scan")[0]]
        assert case.title in flat and not others, (case.slug, others)


@pytest.mark.parametrize("url", [FILTERED, COMPARED])
def test_a_printed_view_carries_its_own_address_and_qr_code(printed_kit, url):
    result = printed_kit[url]
    address = result["canonical"] + url[url.index("?") :]
    pixels, width, height = first_page_gray(result["pdf"])
    codes = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [address]
    assert codes[0].position.top_left.x > width / 2
    assert address in "".join(page_text(result["pdf"], 1).split())


def test_the_bare_list_keeps_the_pages_own_qr_code(printed_kit):
    result = printed_kit["case-studies/"]
    pixels, _, _ = first_page_gray(result["pdf"])
    codes = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [result["canonical"]]
    assert "This view online" not in page_text(result["pdf"], 1)


# --- On a projector (1280x720) and a phone ------------------------------------


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context.new_page()
    context.close()


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 48 and box["y"] + min(box["height"], 60) <= 720


def test_a_shared_filtered_link_opens_at_its_results(projector, served_site):
    projector.goto(served_site.url + FILTERED)
    projector.wait_for_selector("html[data-kb-filter=ready]")
    projector.wait_for_function("() => window.scrollY > 0")
    assert in_view(projector, ".kb-card:not([hidden]) .kb-card__title")
    assert in_view(projector, ".kb-filter__chosen")


def test_comparison_headings_stay_in_view_as_the_rows_scroll(projector, served_site):
    projector.goto(served_site.url + COMPARED)
    projector.wait_for_selector("#kb-compare[data-compare-ready='3']")
    projector.mouse.wheel(0, 2500)
    projector.wait_for_function("() => window.scrollY > 2000")
    box = projector.locator(".kb-compare__table thead th").first.bounding_box()
    assert 0 <= box["y"] <= 120, box


def test_the_compare_action_is_beside_the_box_ticked(projector, served_site):
    projector.goto(served_site.url + "case-studies/")
    projector.wait_for_selector("html[data-kb-filter=ready]")
    last, before = SLUGS[-1], SLUGS[-2]
    projector.check(f'[data-compare="{before}"]')
    # The last box sits at the very bottom of the screen, so the button that
    # appears under it would be out of sight unless the page brings it up.
    # Ticked with the keyboard: a click would let Playwright scroll first.
    projector.evaluate(
        """(slug) => {
            const box = document.querySelector(`[data-compare="${slug}"]`).getBoundingClientRect();
            window.scrollBy({ top: box.bottom - window.innerHeight + 2, behavior: "instant" });
        }""",
        last,
    )
    projector.focus(f'[data-compare="{last}"]')
    projector.keyboard.press("Space")
    assert projector.is_checked(f'[data-compare="{last}"]')
    go = projector.locator(f'[id="{last}"] .kb-card__compare-next a')
    assert go.is_visible()
    box = go.bounding_box()
    assert in_view(projector, f'[id="{last}"] .kb-card__compare-next a'), (box, projector.evaluate("scrollY"))
    assert go.inner_text() == "Compare 2 case studies"
    go.click()
    projector.wait_for_selector("#kb-compare[data-compare-ready='2']")
    assert projector.url.endswith(f"compare/?cases={before},{last}")


def test_asking_to_compare_five_says_only_four_are_shown(projector, served_site):
    projector.goto(served_site.url + "compare/?cases=" + ",".join(SLUGS[:5]))
    projector.wait_for_selector("#kb-compare[data-compare-ready='4']")
    note = projector.locator("[data-compare-left]")
    assert note.get_attribute("data-compare-left") == SLUGS[4]
    assert "Only 4 fit side by side" in note.inner_text()
