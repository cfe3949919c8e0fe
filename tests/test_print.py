"""Printed pages are clean handouts: screen-only parts hidden, full link
addresses, a QR code back to the page that really decodes, at most four A4
pages for every case study and no blank page at the end. Printed by Chromium,
read back with poppler (pdfinfo, pdftotext, pdftoppm) and zxing-cpp."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import zxingcpp

from knowledge_base.render import TOP_TIPS_HEADINGS
from tests.test_site import CATALOGUE

# Every case study (each must fit on four pages) and two short term pages.
PAGES = [f"case-studies/{case.slug}/" for case in CATALOGUE.case_studies] + [
    "barriers/payment-and-benefits/",
    "models/recovery-college/",
]
SCREEN_ONLY = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-top",
    "#themes",
    "#related",
    ".kb-related",
    ".kb-tag-list",
]


@pytest.fixture(scope="session")
def printed(browser, served_site, tmp_path_factory):
    """Each page printed to an A4 PDF, with what print emulation showed."""
    if not shutil.which("pdftoppm"):
        pytest.fail("the print tests need poppler: apt-get install -y poppler-utils")
    folder = tmp_path_factory.mktemp("print")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    results = {}
    for url in PAGES:
        page.goto(served_site.url + url)
        page.emulate_media(media="print")
        shown = {
            selector: page.eval_on_selector_all(
                selector, "els => els.some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length)"
            )
            for selector in SCREEN_ONLY
        }
        addresses = page.eval_on_selector_all(
            "article a[href]",
            """links => links.filter(a => a.getClientRects().length).map(a =>
                [a.getAttribute('href'), a.className, getComputedStyle(a, '::after').content])""",
        )
        canonical = page.get_attribute("link[rel=canonical]", "href")
        pdf = folder / (url.strip("/").replace("/", "_") + ".pdf")
        page.pdf(path=str(pdf), format="A4")
        page.emulate_media(media="screen")
        results[url] = {"shown": shown, "addresses": addresses, "canonical": canonical, "pdf": pdf}
    page.close()
    return results


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def page_text(pdf, number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def first_page_gray(pdf, dpi: int = 150) -> tuple[memoryview, int, int]:
    """The first page as 8-bit grey pixels (a binary PGM from pdftoppm)."""
    data = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(header[1]), int(header[2])
    return memoryview(data[header.end() :]).cast("B", (height, width)), width, height


@pytest.mark.parametrize("url", PAGES)
def test_screen_only_parts_are_hidden_in_print(printed, url):
    shown = {selector for selector, visible in printed[url]["shown"].items() if visible}
    assert not shown, f"{url} prints {shown}"


@pytest.mark.parametrize("url", PAGES)
def test_every_link_prints_its_full_address(printed, url):
    result = printed[url]
    site = result["canonical"][: -len(url)]
    assert site.startswith("http")
    missing = []
    for href, classes, after in result["addresses"]:
        if href.startswith("#") or "headerlink" in classes:
            continue
        if site not in after and "http" not in after:
            missing.append(href)
    assert not missing, f"{url}: these links print no address: {missing}"
    relative = [after for href, _, after in result["addresses"] if href.startswith("../")]
    assert relative and all(f"({site}" in after for after in relative)


@pytest.mark.parametrize("url", PAGES)
def test_qr_code_in_the_first_page_corner_leads_back_to_the_page(printed, url):
    pixels, width, height = first_page_gray(printed[url]["pdf"])
    codes = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [printed[url]["canonical"]]
    assert printed[url]["canonical"].endswith("/" + url)
    corner = codes[0].position.top_left
    assert corner.x > width / 2 and corner.y < height / 4, "the QR code is not in the top right corner"


@pytest.mark.parametrize("url", PAGES)
def test_no_blank_page_at_the_end(printed, url):
    pdf = printed[url]["pdf"]
    assert page_text(pdf, pdf_pages(pdf)).strip(), f"{url} prints a blank last page"


@pytest.mark.parametrize("url", [u for u in PAGES if u.startswith("case-studies/")])
def test_a_case_study_fits_on_four_a4_pages_with_narrative_first(printed, url):
    pdf = printed[url]["pdf"]
    assert pdf_pages(pdf) <= 4
    text = " ".join(page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1))
    text = " ".join(text.split())
    case = CATALOGUE.case_study(url.split("/")[1])
    assert case.title.split()[0] in text
    # The narrative comes first, then the themes as one compact line.
    last_list = TOP_TIPS_HEADINGS[case.data["sections"].get("top_tips_label", "top tips")]
    assert text.index("Why it stands out") < text.index(last_list) < text.index("Themes:")
    assert "Related case studies" not in text


def test_a_short_term_page_prints_on_one_page(printed):
    assert pdf_pages(printed["barriers/payment-and-benefits/"]["pdf"]) == 1


def test_a_link_whose_text_is_its_address_prints_it_once(browser, served_site, tmp_path):
    """/references/ links each source by its address: print shows it once,
    not again in brackets (an old print rule printed every http link's href)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site.url + "references/")
    page.emulate_media(media="print")
    links = page.eval_on_selector_all(
        "article a[href^='http']",
        """links => links.map(a =>
        [a.getAttribute('href'), a.textContent.trim(), getComputedStyle(a, '::after').content])""",
    )
    pdf = tmp_path / "references.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    own = [(href, after) for href, text, after in links if text == href]
    assert len(own) >= 2, links
    assert all(after in ("none", "normal") for _, after in own), own
    # Addresses wrap across lines in the PDF: compare without white space.
    text = "".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    twice = [href for href, _ in own if text.count(href) != 1]
    assert not twice, f"printed other than once: {twice}"
