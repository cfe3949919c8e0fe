"""Every hand-written page and every case study shows "Page last reviewed"
and "Next review due" near the end of its content (the NHS service
manual's pattern); a case study's next_review is checked like every other
field; a review date that has passed is reported but never fails the
strict build."""

from __future__ import annotations

import datetime
import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import new_case, reviews
from knowledge_base.catalogue import TEMPLATE_FILE
from tests.helpers import ROOT, build, validate
from tests.test_validation import LINE_FORMAT, edit, line_of

CASE = "case_studies/sheffield-flourish.yml"
DOCS = ROOT / "docs"
HAND_WRITTEN = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
CASE_SLUGS = sorted(path.stem for path in (ROOT / "case_studies").glob("[!_]*.yml"))
LONG_DATE = re.compile(
    r"^[1-9]\d? (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$"
)


def front_matter(relative: str) -> dict:
    text = (DOCS / relative).read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"docs/{relative} has no front matter"
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:]) or {}


def built_url(relative: str) -> str:
    """docs/guide/practicalities.md -> guide/practicalities/index.html"""
    stem = relative.removesuffix(".md")
    if stem == "index":
        return "index.html"
    return stem.removesuffix("/index") + "/index.html" if stem.endswith("/index") else stem + "/index.html"


def review_line(site, url: str):
    soup = BeautifulSoup((site / url).read_text(encoding="utf-8"), "html.parser")
    lines = soup.select("article .kb-review-dates")
    assert len(lines) == 1, f"{url}: {len(lines)} review lines"
    return lines[0]


def shown_dates(line) -> tuple[str, str]:
    """(last reviewed, next review) as the page shows them, checked for
    their words, their long British form and their machine-readable dates."""
    text = " ".join(line.get_text(" ").split())
    assert re.fullmatch(r"Page last reviewed: .+ · Next review due: .+", text), text
    last, due = line.select("time")
    for time in (last, due):
        assert LONG_DATE.match(time.get_text()), time
        assert reviews.long_date(time["datetime"]) == time.get_text()
    return last["datetime"], due["datetime"]


# --- The data ----------------------------------------------------------------


@pytest.mark.parametrize("relative", HAND_WRITTEN)
def test_every_hand_written_page_has_both_dates_in_order(relative):
    meta = front_matter(relative)
    assert reviews.page_problem(f"docs/{relative}", meta) is None
    assert isinstance(meta["last_reviewed"], datetime.date) and isinstance(meta["next_review"], datetime.date)


def test_every_case_study_reviews_a_year_on():
    for slug in CASE_SLUGS:
        data = yaml.safe_load((ROOT / "case_studies" / f"{slug}.yml").read_text(encoding="utf-8"))
        assert data["next_review"] > data["last_reviewed"], slug


def test_the_template_and_make_new_set_next_review_a_year_on():
    template = (ROOT / "case_studies" / TEMPLATE_FILE).read_text(encoding="utf-8")
    assert re.search(r"(?m)^# When someone should check it again.*\n.*\nnext_review: FILL IN$", template)
    text = new_case.case_study_text(template, "My Town", datetime.date(2026, 12, 2))
    data = yaml.safe_load(text)
    assert (str(data["last_reviewed"]), str(data["next_review"])) == ("2026-12-02", "2027-12-02")
    leap = yaml.safe_load(new_case.case_study_text(template, "My Town", datetime.date(2028, 2, 29)))
    assert str(leap["next_review"]) == "2029-02-28"


# --- Validation ----------------------------------------------------------------


def problems(project) -> list[str]:
    result = validate(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()[:-1]
    assert all(LINE_FORMAT.match(line) for line in lines), lines
    return lines


def test_a_missing_next_review_says_what_to_add(project):
    edit(project, CASE, "next_review: 2027-11-27\n", "")
    assert problems(project) == [
        f"{CASE}:{line_of(project, CASE, 'last_reviewed:')}: next_review: this required field is missing: "
        "add a line 'next_review: YYYY-MM-DD' after last_reviewed, the date by when someone should check "
        "this file again (usually a year later, like 2027-11-27)"
    ]


@pytest.mark.parametrize("bad", ["2026-11-27", "2025-11-27"])
def test_a_next_review_not_after_last_reviewed_is_one_clear_line(project, bad):
    edit(project, CASE, "next_review: 2027-11-27", f"next_review: {bad}")
    assert problems(project) == [
        f"{CASE}:{line_of(project, CASE, 'next_review:')}: next_review: {bad} is not after last_reviewed "
        "(2026-11-27): set the next review after the last one, usually a year later, like next_review: 2027-11-27"
    ]


def test_a_next_review_that_is_not_a_date_is_explained(project):
    edit(project, CASE, "next_review: 2027-11-27", "next_review: 2027-27-11")
    assert problems(project) == [
        f"{CASE}:{line_of(project, CASE, 'next_review:')}: next_review: there is no month 27: write the date "
        "as year-month-day (YYYY-MM-DD); did you mean 2027-11-27?"
    ]


def test_hand_written_page_problems_name_the_file_and_the_fix():
    path = "docs/about.md"
    assert "add 'last_reviewed: YYYY-MM-DD' and 'next_review: YYYY-MM-DD'" in reviews.page_problem(path, {})
    assert reviews.page_problem(path, {"last_reviewed": datetime.date(2026, 12, 2)}).startswith(
        "docs/about.md: no next_review in the front matter"
    )
    order = reviews.page_problem(
        path, {"last_reviewed": datetime.date(2026, 12, 2), "next_review": datetime.date(2026, 6, 2)}
    )
    assert order == (
        "docs/about.md: next_review 2026-06-02 is not after last_reviewed 2026-12-02: "
        "set it after the last review, usually six months later"
    )
    assert "is not a date" in reviews.page_problem(path, {"last_reviewed": "soon", "next_review": "2027-06-02"})


def test_an_overdue_review_is_a_note_with_the_file_the_date_and_what_to_do():
    today = datetime.date(2027, 6, 3)
    assert reviews.overdue_note("docs/about.md", datetime.date(2027, 6, 3), today) is None
    note = reviews.overdue_note("docs/about.md", datetime.date(2027, 6, 2), today)
    assert note.startswith("docs/about.md: review overdue: next_review was 2 June 2027 (2027-06-02).")
    assert "set last_reviewed to the day you checked and next_review to the next date" in note


# --- The built site --------------------------------------------------------------


@pytest.mark.parametrize("relative", HAND_WRITTEN)
def test_every_hand_written_page_shows_both_dates(built_site, relative):
    site, _ = built_site
    meta = front_matter(relative)
    line = review_line(site, built_url(relative))
    assert shown_dates(line) == (meta["last_reviewed"].isoformat(), meta["next_review"].isoformat())


@pytest.mark.parametrize("slug", CASE_SLUGS)
def test_every_case_study_page_shows_both_dates_at_the_end(built_site, slug):
    site, _ = built_site
    data = yaml.safe_load((ROOT / "case_studies" / f"{slug}.yml").read_text(encoding="utf-8"))
    line = review_line(site, f"case-studies/{slug}/index.html")
    assert shown_dates(line) == (str(data["last_reviewed"]), str(data["next_review"]))
    # Near the end: after the source line, nothing of the content follows.
    assert line.find_previous_sibling("p")["class"] == ["kb-source"]
    assert not line.find_next_sibling(["p", "h2", "ul", "div"])


def test_term_pages_do_not_show_review_dates(built_site):
    site, _ = built_site
    soup = BeautifulSoup((site / "barriers/payment-and-benefits/index.html").read_text(), "html.parser")
    assert not soup.select(".kb-review-dates")


def test_the_line_stays_out_of_search_and_the_open_data_has_next_review(built_site):
    site, _ = built_site
    for path in (site / "search").rglob("*.json"):
        assert "Page last reviewed" not in path.read_text(encoding="utf-8"), path
    records = json.loads((site / "data/case-studies.json").read_text(encoding="utf-8"))["case_studies"]
    assert all(record["next_review"] > record["last_reviewed"] for record in records)
    header = (site / "data/case-studies.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "last_reviewed,next_review" in header


def test_the_line_prints(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        for url in ("case-studies/sheffield-flourish/", "guide/practicalities/"):
            page.goto(served_site.url + url)
            page.emulate_media(media="print")
            assert page.is_visible(".kb-review-dates"), url
            page.emulate_media(media="screen")
            assert page.is_visible(".kb-review-dates"), url
    finally:
        page.close()


@pytest.mark.extra_build  # builds a copy with dates in the past
def test_an_overdue_review_is_reported_but_the_strict_build_passes(project, tmp_path):
    edit(
        project,
        "docs/about.md",
        "last_reviewed: 2026-12-02\nnext_review: 2027-06-02",
        "last_reviewed: 2019-01-01\nnext_review: 2019-07-01",
    )
    edit(
        project,
        CASE,
        "last_reviewed: 2026-11-27\nnext_review: 2027-11-27",
        "last_reviewed: 2019-01-01\nnext_review: 2020-01-01",
    )
    result = build(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert re.search(r"INFO +- +docs/about\.md: review overdue: next_review was 1 July 2019 \(2019-07-01\)\.", log), log
    assert re.search(rf"INFO +- +{CASE}: review overdue: next_review was 1 January 2020 \(2020-01-01\)\.", log), log
    assert "WARNING" not in log
    line = review_line(tmp_path / "site", "about/index.html")
    assert shown_dates(line) == ("2019-01-01", "2019-07-01")


@pytest.mark.extra_build  # builds a broken copy
def test_a_hand_written_page_without_dates_fails_the_strict_build_with_the_fix(project, tmp_path):
    edit(project, "docs/about.md", "last_reviewed: 2026-12-02\nnext_review: 2027-06-02\n", "")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/about.md: no last_reviewed or next_review in the front matter: add" in result.stderr
    assert "Traceback" not in result.stderr
