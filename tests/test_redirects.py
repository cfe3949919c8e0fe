"""Links never break: a renamed case study or term keeps its old address
through a redirect declared in data/redirects.yml."""

from __future__ import annotations

import pytest
import yaml

from knowledge_base import published_urls, redirects
from tests.helpers import ROOT, SiteServer, build, copy_project, validate

OLD, NEW = "/case-studies/gloucestershire-recovery-college/", "/case-studies/gloucestershire-recovery-college-renamed/"
# Renamed in the same copy, with no redirect: one build serves both cases.
UNKEPT, UNKEPT_NEW = "/case-studies/newham-co-production-team/", "/case-studies/newham-co-production-team-renamed/"


def rename_case(project, old: str, new: str):
    """Rename a case as a maintainer would: the file, and the hand-written
    pages' links to it (the strict build fails on those, as it should), and
    data/guide.yml's list of the guide's own case studies."""
    old, new = old.strip("/").rsplit("/", 1)[1], new.strip("/").rsplit("/", 1)[1]
    (project / f"case_studies/{old}.yml").rename(project / f"case_studies/{new}.yml")
    guide = project / "data/guide.yml"
    assert f"{old}\n" in guide.read_text(), f"test set-up: {old} not in data/guide.yml"
    guide.write_text(guide.read_text().replace(f"{old}\n", f"{new}\n"))
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text()
        if f"{old}.md" in text:
            page.write_text(text.replace(f"{old}.md", f"{new}.md"))


def add_redirects(project, *items):
    (project / "data/redirects.yml").write_text(yaml.safe_dump({"redirects": list(items)}))


@pytest.fixture(scope="session")
def renamed_site(tmp_path_factory):
    """One copy, two cases renamed: OLD with a redirect declared, UNKEPT
    without one."""
    project = copy_project(tmp_path_factory.mktemp("renamed") / "project")
    rename_case(project, OLD, NEW)
    rename_case(project, UNKEPT, UNKEPT_NEW)
    add_redirects(project, {"from": OLD, "to": NEW, "why": "test"})
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_renaming_a_case_without_a_redirect_says_what_to_add(renamed_site):
    report = published_urls.gone_report(renamed_site, published_urls.listed(ROOT))
    # Only the case renamed without a redirect is reported (the declared one
    # keeps its address: see the next test).
    assert f"1 published address no longer leads anywhere: {UNKEPT}" in report
    # It says exactly what to add, guessing the new address (the most like
    # the old one of the two new pages in the folder).
    assert f"add to data/redirects.yml:\n\nredirects:\n  - from: {UNKEPT}\n    to: {UNKEPT_NEW}\n\n" in report


def test_a_declared_redirect_keeps_the_old_address_working(renamed_site, browser):
    site = renamed_site
    missing = published_urls.gone_from_site(published_urls.listed(ROOT), site)
    assert missing == [UNKEPT], "every published address but the one renamed without a redirect leads somewhere"
    page_html = (site / OLD.strip("/") / "index.html").read_text()
    assert (
        '<meta http-equiv="refresh" content="0; url=../../case-studies/gloucestershire-recovery-college-renamed/">'
        in page_html
    )
    with SiteServer(site) as server:
        page = browser.new_page()
        # A link to a heading keeps its heading after the move.
        page.goto(server.url + OLD.lstrip("/") + "#challenges")
        page.wait_for_url(server.url + NEW.lstrip("/") + "#challenges")
        assert page.locator("h1").inner_text().startswith("Gloucestershire Recovery College")
        # With scripts off, the meta refresh alone still gets there.
        context = browser.new_context(java_script_enabled=False)
        plain = context.new_page()
        plain.goto(server.url + OLD.lstrip("/"))
        plain.wait_for_url(server.url + NEW.lstrip("/"))
        context.close()
        page.close()


@pytest.mark.parametrize(
    "item, expected",
    [
        (
            {"from": "/case-studies/old-name/", "to": "/case-studies/no-such-case/"},
            "data/redirects.yml:3: redirects[0].to: no page has the address /case-studies/no-such-case/",
        ),
        (
            {"from": "/case-studies/dorset-acute-care-pathway/", "to": "/barriers/"},
            "data/redirects.yml:2: redirects[0].from: /case-studies/dorset-acute-care-pathway/ is a page the site "
            "still publishes",
        ),
        (
            {"from": "case-studies/old", "to": "/barriers/"},
            "data/redirects.yml:2: redirects[0].from: must be a site address like /case-studies/sheffield-flourish/",
        ),
    ],
)
def test_bad_redirects_are_reported_with_file_line_and_field(project, item, expected):
    add_redirects(project, item)
    result = validate(project)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_redirect_to_a_renamed_term_is_accepted(project):
    barriers = project / "data/barriers.yml"
    barriers.write_text(barriers.read_text().replace("id: payment-and-benefits", "id: payment-worries"))
    for case in (project / "case_studies").glob("*.yml"):
        case.write_text(case.read_text().replace("id: payment-and-benefits", "id: payment-worries"))
    # The self-assessment's statements cite term ids too.
    statements = project / "data/self-assessment.yml"
    statements.write_text(statements.read_text().replace("[payment-and-benefits]", "[payment-worries]"))
    add_redirects(project, {"from": "/barriers/payment-and-benefits/", "to": "/barriers/payment-worries/"})
    result = validate(project)
    assert result.returncode == 0, result.stderr


def test_redirect_page_escapes_and_climbs_to_the_site_root():
    html = redirects.redirect_page("/barriers/old/", "/barriers/new/", "https://example.org/kb/")
    assert 'url=../../barriers/new/"' in html
    assert '<link rel="canonical" href="https://example.org/kb/barriers/new/">' in html
    assert 'src="../../assets/javascripts/redirect.js"' in html


def test_the_guess_needs_one_new_page_in_the_same_folder():
    message = published_urls.how_to_keep(["/barriers/a/"], ["/barriers/b/", "/barriers/c/"])
    assert "to: /barriers/<new-name>/" in message


def test_the_guess_picks_the_renamed_page_beside_an_unrelated_new_one():
    """A case study renamed while another new case study appears: the new
    name most like the old one is the guess."""
    message = published_urls.how_to_keep(
        ["/case-studies/recovery-college/"],
        ["/case-studies/tameside-peer-research/", "/case-studies/recovery-college-glos/"],
    )
    assert "to: /case-studies/recovery-college-glos/" in message
