"""The built site: every page exists, pages are cross-linked, URLs are stable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from knowledge_base import published_urls
from knowledge_base.catalogue import FACETS, load_catalogue
from tests.helpers import ROOT, mkdocs_config

CATALOGUE = load_catalogue(ROOT)


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def main_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article.md-content__inner").get_text().split())


def test_strict_build_has_no_warnings(built_site):
    _, result = built_site
    assert "WARNING" not in result.stderr + result.stdout


def test_published_urls_never_disappear(built_site):
    """tests/published_urls.txt lists every address we have published.
    Remove a line only with a redirect in place: trainers link to these.
    (Addresses not yet listed are fine: contributors never edit the list.)"""
    site, _ = built_site
    report = published_urls.gone_report(site, published_urls.listed(ROOT))
    assert not report, report


@pytest.mark.parametrize("case", CATALOGUE.case_studies, ids=lambda c: c.slug)
def test_case_study_page_shows_narrative_facts_and_tags(built_site, case):
    site, _ = built_site
    soup = page(site, f"case-studies/{case.slug}")
    assert soup.h1.get_text() == case.title
    text = main_text(soup)
    for heading_id in [
        "why-it-stands-out",
        "what-is-co-produced",
        "relationships",
        "culture-and-leadership",
        "practicalities",
        "challenges",
        "outcomes",
        "top-tips",
        "themes",
        "related",
    ]:
        assert soup.find(id=heading_id), heading_id
        assert soup.find(id=heading_id).find("a", class_="headerlink"), f"{heading_id} has no permalink"
    assert case.data["place"] in text
    for org in case.data["organisations"]:
        assert org["name"] in text
    for facet, tags in case.tags.items():
        for tag in tags:
            link = soup.select_one(f'.kb-tag-list a[href="../../{facet}/{tag.term.id}/"]')
            assert link is not None and link.get_text() == tag.term.name
            assert " ".join(tag.how.split()) in " ".join(link.parent.get_text().split())


def test_related_case_studies_show_what_they_share(built_site):
    site, _ = built_site
    case = CATALOGUE.case_study("gloucestershire-recovery-college")
    related = CATALOGUE.related(case)
    assert related, "expected at least one related case study"
    soup = page(site, f"case-studies/{case.slug}")
    items = soup.select(".kb-related li")
    assert [li.a.get_text() for li in items] == [r.case.title for r in related]
    # At most four shared themes are shown, then "and N more".
    assert [len(li.select("a.kb-tag")) for li in items] == [min(len(r.shared), 4) for r in related]
    counts = [len(r.shared) for r in related]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("facet", FACETS)
def test_every_term_page_lists_its_case_studies_with_sentences(built_site, facet):
    site, _ = built_site
    for term in CATALOGUE.taxonomies[facet].terms.values():
        soup = page(site, f"{facet}/{term.id}")
        assert soup.h1.get_text() == term.name
        text = main_text(soup)
        assert " ".join(term.definition.split()) in text
        for section in term.guide_sections:
            assert section.title in text
        listed = soup.select(".kb-case-list li")
        expected = CATALOGUE.cases_for(term)
        assert len(listed) == len(expected)
        for li, (case, how) in zip(listed, expected, strict=False):
            assert li.a["href"] == f"../../case-studies/{case.slug}/"
            assert " ".join(how.split()) in li.get_text()


def test_payment_question_is_answered_on_one_page(built_site):
    """Someone asking about payment and benefits lands on one page that states
    the worry and links to the guide's discussion of it. The guide ties the
    worry to no named case, so the page is not required to list cases."""
    site, _ = built_site
    soup = page(site, "barriers/payment-and-benefits")
    term = CATALOGUE.taxonomies["barriers"].terms["payment-and-benefits"]
    assert " ".join(term.definition.split()) in main_text(soup)
    assert soup.select_one('article a[href="../../guide/practicalities/"]') is not None
    assert soup.select_one('article a[href="../../questions/paid-involvement-and-benefits/"]') is not None


def test_answer_pages_are_reached_from_the_routes_people_take(built_site):
    site, _ = built_site
    home = page(site, "")
    for url in [
        "questions/paid-involvement-and-benefits/",
        "questions/commissioning-for-co-production/",
        "questions/what-the-evidence-says/",
    ]:
        assert home.select_one(f'article a[href^="{url}"]') is not None, url
    practicalities = page(site, "guide/practicalities")
    assert practicalities.select_one('#payment ~ * a[href="../../questions/paid-involvement-and-benefits/"]')


# Each reader's route on the home page links first the page made for them.
FIRST_STEP_OF_ROUTE = {
    "commissioners": "questions/what-has-changed-since-the-guide/",
    "managers": "questions/starting-in-your-team-or-ward/",
    "practitioners": "questions/starting-in-your-team-or-ward/",
    "lived-experience": "questions/before-you-join-a-group/",
}


@pytest.mark.parametrize("route, expected", FIRST_STEP_OF_ROUTE.items())
def test_each_route_on_the_home_page_starts_with_its_readers_page(built_site, route, expected):
    site, _ = built_site
    heading = page(site, "").select_one(f"h3#{route}")
    first_link = heading.find_next("ul").select_one("a")
    assert first_link["href"] == expected


@pytest.mark.parametrize("facet", FACETS)
def test_facet_index_lists_terms_with_counts(built_site, facet):
    site, _ = built_site
    soup = page(site, facet)
    for term in CATALOGUE.taxonomies[facet].terms.values():
        link = soup.select_one(f'.kb-term-list a[href="../{facet}/{term.id}/"]')
        assert link is not None, term.id
        count = len(CATALOGUE.cases_for(term))
        assert (
            link.find_next_sibling("span", class_="kb-count").get_text()
            == f"{count} case stud{'y' if count == 1 else 'ies'}"
        )
    for group in CATALOGUE.taxonomies[facet].groups:
        assert soup.find("h2", id=group.id).get_text().rstrip("¶") == group.name


def test_case_study_index_lists_every_case_without_javascript(built_site):
    site, _ = built_site
    soup = page(site, "case-studies")
    cards = soup.select("article.kb-card")
    assert [card.h2.a["href"] for card in cards] == [f"../case-studies/{c.slug}/" for c in CATALOGUE.case_studies]
    for card, case in zip(cards, CATALOGUE.case_studies, strict=False):
        model_names = [tag.term.name for tag in case.tags["models"]]
        assert all(name in card.get_text() for name in model_names)
        # Data attributes for the coming interactive filter.
        assert card["data-barriers"].split() == [t.term.id for t in case.tags["barriers"]]


def test_generated_pages_stay_out_of_the_navigation(built_site):
    site, _ = built_site
    generated = {f"case-studies/{case.slug}/" for case in CATALOGUE.case_studies}
    generated |= {f"{facet}/{term_id}/" for facet in FACETS for term_id in CATALOGUE.taxonomies[facet].terms}
    for url in ["", "case-studies/sheffield-flourish/"]:
        nav = page(site, url).select_one("nav.md-nav--primary")
        hrefs = {urljoin("http://x/" + url, a["href"])[len("http://x/") :] for a in nav.find_all("a", href=True)}
        assert hrefs and not hrefs & generated, hrefs & generated


def test_hand_written_pages_use_macros_not_lists(built_site):
    """The home page counts case studies from the data."""
    site, _ = built_site
    assert f"{len(CATALOGUE.case_studies)} case studies" in main_text(page(site, ""))


def test_built_pages_carry_no_indentation(built_site):
    site, _ = built_site
    html = (site / "case-studies/sheffield-flourish/index.html").read_text()
    assert not any(line.startswith((" ", "\t")) for line in html.splitlines())


def test_indentation_is_kept_where_it_matters():
    from knowledge_base.render import collapse_indentation

    assert collapse_indentation("<p>\n  a</p>") == "<p>\na</p>"
    assert collapse_indentation("<pre>\n  code</pre>") == "<pre>\n  code</pre>"


def test_html_blocks_survive_the_placeholder_round_trip():
    from knowledge_base import render

    case = CATALOGUE.case_study("sheffield-flourish")
    markdown = render.case_study_page(CATALOGUE, case)
    light, blocks = render.split_html_blocks(markdown)
    assert blocks and "<ul" not in light and "## Why it stands out" in light
    assert render.restore_html_blocks(light, blocks) == markdown


def test_no_placeholder_is_left_in_any_page(built_site, site_pages):
    site, _ = built_site
    leftovers = [url for url in site_pages if "kb-block-" in (site / url / "index.html").read_text()]
    assert not leftovers


def test_no_markdown_leaks_into_any_page(built_site, site_pages):
    """A Markdown heading swallowed by an HTML block shows up as literal text."""
    site, _ = built_site
    leaks = []
    for url in site_pages:
        text = BeautifulSoup((site / url / "index.html").read_text(), "html.parser").select_one("article").get_text()
        leaks += [
            f"{url}: {line.strip()}"
            for line in text.splitlines()
            if line.strip().startswith(("## ", "### ")) or "{#" in line
        ]
    assert not leaks, leaks


def test_readers_have_one_route_to_the_maintainers(built_site):
    """The contact address is set once, in mkdocs.yml, and used where a
    reader looks for it."""
    site, _ = built_site
    contact = mkdocs_config()["repo_url"] + "/issues"
    assert contact.startswith("https://") and contact.endswith("/issues")
    for url in ["accessibility", "contribute"]:
        assert page(site, url).select_one(f'article a[href="{contact}"]') is not None, url


@pytest.mark.parametrize("case", CATALOGUE.case_studies, ids=lambda c: c.slug)
def test_points_that_are_not_tips_are_not_called_tips(built_site, case):
    """Only some of the guide's cases have top tips: the heading says what
    the list is (lessons, critical elements...), and the anchor stays put."""
    from knowledge_base.render import TOP_TIPS_HEADINGS

    site, _ = built_site
    soup = page(site, f"case-studies/{case.slug}")
    sections = case.data["sections"]
    heading = soup.find("h2", id="top-tips")
    assert heading.get_text().rstrip("¶").strip() == TOP_TIPS_HEADINGS[sections.get("top_tips_label", "top tips")]
    assert (
        soup.select_one('nav[aria-label="On this page"] a[href="#top-tips"]').get_text()
        == TOP_TIPS_HEADINGS[sections.get("top_tips_label", "top tips")]
    )
    if "top_tips_intro" in sections:
        intro = heading.find_next("p").get_text()
        assert " ".join(intro.split()) == " ".join(sections["top_tips_intro"].split())


def _menu(site: Path, page: str) -> BeautifulSoup:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one(".md-sidebar--primary nav.md-nav--primary")


def test_the_menu_kept_for_generated_pages_links_from_where_each_page_is(built_site):
    """Pages outside the navigation reuse one rendered menu per folder
    (macros.py's kb_nav_once): its links must lead where the same menu's
    links lead from a page in the navigation, and nothing in it may be
    marked as the current page."""
    site, _ = built_site

    def targets(page: str) -> list[str]:
        # (The current page's own entry also lists its headings: left out.)
        return [
            urljoin("http://x/" + page, link["href"])
            for link in _menu(site, page).select("a[href]")
            if "#" not in link["href"]
        ]

    expected = targets("trainers/")
    for page in [
        "case-studies/sheffield-flourish/",
        "case-studies/dorset-acute-care-pathway/",
        "barriers/payment-and-benefits/",
        "skills/listening/",
        "principles/assets/",
    ]:
        assert not _menu(site, page).select(".md-nav__link--active, .md-nav__item--active"), page
        assert targets(page) == expected, page
    # A page in the navigation still marks itself.
    assert _menu(site, "trainers/").select_one(".md-nav__link--active")
