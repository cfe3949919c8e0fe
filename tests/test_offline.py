"""The offline copy (`make offline`): a zip that works opened from disk
(file://) in Chromium, with navigation and search, and no request leaving
its folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.helpers import ROOT, wait_for_search_index
from tests.test_site import CATALOGUE

FOLDER = "co-production-kb"
# As the Pages workflow makes it: with the site's address.
SITE_URL = "https://example.org/co-production/"


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory):
    """tools/offline.py (what `make offline` runs), unzipped."""
    work = tmp_path_factory.mktemp("offline")
    output = work / "copy.zip"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/offline.py"), "--output", str(output)],
        cwd=ROOT,
        env=dict(os.environ, SITE_URL=SITE_URL),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wrote" in result.stdout
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        archive.extractall(work / "unzipped")
    return work / "unzipped" / FOLDER, names


def test_the_zip_holds_every_page_and_a_readme(offline_copy, site_pages):
    folder, names = offline_copy
    assert all(name.startswith(FOLDER + "/") for name in names)
    missing = [url for url in site_pages if f"{FOLDER}/{url}index.html" not in names]
    assert not missing, missing
    readme = (folder / "README.txt").read_text()
    assert "index.html" in readme and "Unzip" in readme
    # The real address, where the newest copy is, and no placeholder.
    assert f"{SITE_URL}trainers/#offline" in readme
    assert "(the address" not in readme and "127.0.0.1" not in readme
    # The copy never holds a copy of itself.
    assert not [name for name in names if name.endswith(".zip")]
    assert not [name for name in names if name.endswith(".map")]


def test_every_link_leads_to_a_file_in_the_folder(offline_copy):
    """A browser opening a folder from disk shows a file listing, so every
    relative link must name a file that exists."""
    folder, _ = offline_copy
    broken = []
    for page in folder.rglob("*.html"):
        base = page.as_uri()
        for href in re.findall(r'\b(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            if not href or href.startswith(("#", "http:", "https:", "mailto:", "data:")):
                continue
            target = Path(unquote(urlsplit(urljoin(base, href)).path))
            if not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {href}")
    assert not broken, broken[:20]


def test_no_script_or_style_comes_from_outside(offline_copy):
    folder, _ = offline_copy
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert (
            not re.search(r'<(script|link|img)\b[^>]*\b(src|href)="(https?:)?//(?![^"]*127\.0\.0\.1)', text)
            or 'rel="canonical"' in text
        ), page


@pytest.fixture(scope="session")
def opened(browser, offline_copy):
    """A browser tab on the copy, recording every request it makes."""
    folder, _ = offline_copy
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((folder / "index.html").as_uri())
    yield page, folder, requests, errors
    context.close()


def test_navigation_works_from_disk(opened):
    page, folder, _, errors = opened
    page.goto((folder / "index.html").as_uri())
    page.locator("nav.md-nav--primary a", has_text="Case studies").first.click()
    page.wait_for_url("**/case-studies/index.html")
    first = CATALOGUE.case_studies[0]
    page.locator("article.kb-card h2 a", has_text=first.title).click()
    page.wait_for_url(f"**/case-studies/{first.slug}/index.html")
    assert page.locator("h1").inner_text() == first.title
    # Back to the home page through the site's own link.
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_url(re.compile(rf"{re.escape((folder / 'index.html').as_uri())}$"))
    assert not errors, errors


def test_search_finds_a_case_study_from_disk(opened):
    page, folder, _, errors = opened
    case = CATALOGUE.case_study("sheffield-flourish")
    page.goto((folder / "guide/practicalities/index.html").as_uri())
    # From disk, Material loads the index (search/search_index.js) when the
    # search box is first used; then it answers as on the web.
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type("Sheffield Flourish")
    # The answer to the whole query (its links highlight both words): the
    # first letters' "No matching pages" also says "matching".
    page.wait_for_selector('.md-search-result__item a[href*="h=sheffield+flourish"]', timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    expected = (folder / "case-studies/sheffield-flourish/index.html").as_uri()
    assert any(re.split("[?#]", href)[0] == expected for href in hrefs), hrefs
    page.locator(f'.md-search-result__item > a[href^="{expected}"]').first.click()
    page.wait_for_url(expected + "*")
    assert page.locator("h1").inner_text() == case.title
    assert not errors, errors


@pytest.mark.parametrize(
    "words, expected",
    [
        ("commisioning", "questions/commissioning-for-co-production/"),  # a typo
        ("coproduction", "guide/what-is-co-production/"),  # another spelling
        ("PIP", "questions/paid-involvement-and-benefits/"),  # an abbreviation
    ],
)
def test_search_from_disk_knows_synonyms_and_typos(opened, words, expected):
    """The copy searches with the site's worker: every file of the split
    index is inside search/search_index.js."""
    page, folder, _, errors = opened
    page.goto((folder / "about/index.html").as_uri())
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.fill("input.md-search__input", words)
    page.keyboard.press("End")
    page.wait_for_function(
        "() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000
    )
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    pages = list(dict.fromkeys(re.split("[?#]", href)[0] for href in hrefs))
    assert (folder / expected / "index.html").as_uri() in pages[:3], pages[:5]
    assert not errors, errors


def test_compare_works_from_disk(opened):
    """Browsers refuse fetch() from file://: the copy's compare page loads
    each case study's record as a script instead."""
    page, folder, _, errors = opened
    page.goto((folder / "trainers/index.html").as_uri())
    page.locator("a", has_text="Newham and 2gether comparison").click()
    page.wait_for_selector("#kb-compare[data-compare-ready='2']")
    assert page.url.startswith((folder / "compare/index.html").as_uri() + "?cases=")
    headings = page.eval_on_selector_all(".kb-compare__table thead th a", "links => links.map(a => a.href)")
    assert headings == [
        (folder / f"case-studies/{slug}/index.html").as_uri()
        for slug in ("newham-co-production-team", "2gether-social-inclusion-team")
    ]
    assert not errors, errors


def test_the_filter_and_its_compare_button_work_from_disk(opened):
    page, folder, _, errors = opened
    term = next(t for t in CATALOGUE.taxonomies["barriers"].terms.values() if CATALOGUE.cases_for(t))
    page.goto((folder / "case-studies/index.html").as_uri() + f"?barrier={term.id}")
    page.wait_for_selector("html[data-kb-filter=ready]")
    shown = page.eval_on_selector_all(".kb-card:not([hidden])", "cards => cards.map(c => c.id)")
    assert shown == [case.slug for case, _ in CATALOGUE.cases_for(term)]
    page.goto((folder / "case-studies/index.html").as_uri())
    page.wait_for_selector("html[data-kb-filter=ready]")
    first, second = (case.slug for case in CATALOGUE.case_studies[:2])
    page.check(f'[data-compare="{first}"]')
    page.check(f'[data-compare="{second}"]')
    page.locator(f'[id="{second}"] .kb-card__compare-next a').click()
    page.wait_for_selector("#kb-compare[data-compare-ready='2']")
    assert page.url == (folder / "compare/index.html").as_uri() + f"?cases={first},{second}"
    assert not errors, errors


def test_the_trainers_page_in_the_copy_points_to_the_newest_copy_online(opened):
    page, folder, _, _ = opened
    page.goto((folder / "trainers/index.html").as_uri())
    link = page.locator(".kb-offline-copy a")
    assert link.get_attribute("href") == f"{SITE_URL}trainers/#offline"


def test_no_request_leaves_the_folder(opened):
    """Run last in this file: it checks every request the tests above made."""
    _, folder, requests, _ = opened
    assert len(requests) > 10
    inside = folder.as_uri() + "/"
    outside = sorted(
        {url for url in requests if not url.startswith(inside) and not url.startswith("data:") and url != "about:blank"}
    )
    assert not outside, outside
