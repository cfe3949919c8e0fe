"""The hand-written handbook pages: structure, links to the data, tooltips."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from knowledge_base.render import CASES_ON_HANDBOOK_PAGES
from tests.helpers import mkdocs_config
from tests.test_site import CATALOGUE

GUIDE_PAGES = [
    "guide/what-is-co-production/",
    "guide/what-stops-you-and-what-helps/",
    "guide/relationships-culture-and-leadership/",
    "guide/practicalities/",
    "guide/top-tips/",
    "",
    "about/",
]


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def nav_pages() -> list[str]:
    """Every page in mkdocs.yml's navigation, as a site URL."""
    config = mkdocs_config()
    found = []

    def walk(items):
        for item in items:
            for value in item.values():
                if isinstance(value, list):
                    walk(value)
                else:
                    found.append(
                        ""
                        if value == "index.md"
                        else value.removesuffix("index.md").removesuffix(".md")
                        + ("" if value.endswith("index.md") else "/")
                    )

    walk(config["nav"])
    return found


def test_every_page_has_one_h1_and_permalinks_on_every_heading(built_site, site_pages):
    site, _ = built_site
    problems = []
    for url in site_pages:
        article = soup_of(site, url).select_one("article.md-content__inner")
        if len(article.find_all("h1")) != 1:
            problems.append(f"{url}: {len(article.find_all('h1'))} h1 elements")
        for heading in article.find_all(["h2", "h3", "h4"]):
            if not heading.find("a", class_="headerlink"):
                problems.append(f"{url}: no permalink on {heading.get_text()!r}")
    assert not problems, problems


@pytest.mark.parametrize("url", GUIDE_PAGES)
def test_guide_pages_say_where_in_the_guide_they_come_from(built_site, url):
    site, _ = built_site
    source = soup_of(site, url).select_one(".kb-source")
    assert source is not None and "From the guide:" in source.get_text()


def test_navigation_lists_every_handbook_page(built_site):
    site, _ = built_site
    for url in nav_pages():
        assert (site / url / "index.html").is_file(), url


def test_ladder_is_real_text_in_order(built_site):
    site, _ = built_site
    rungs = [li.strong.get_text() for li in soup_of(site, "guide/what-is-co-production/").select(".kb-ladder li")]
    assert rungs == ["Co-production", "Co-design", "Engagement", "Consultation", "Informing", "Educating", "Coercion"]


def test_principles_section_links_every_principle(built_site):
    site, _ = built_site
    soup = soup_of(site, "guide/what-is-co-production/")
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for term_id in CATALOGUE.taxonomies["principles"].terms:
        assert f"../../principles/{term_id}/" in hrefs


@pytest.mark.parametrize(
    "facet, group", [("barriers", "key-barriers"), ("enablers", "getting-started"), ("enablers", "growing-and-lasting")]
)
def test_barriers_and_enablers_page_lists_case_studies_from_the_data(built_site, facet, group):
    site, _ = built_site
    soup = soup_of(site, "guide/what-stops-you-and-what-helps/")
    terms = [t for t in CATALOGUE.taxonomies[facet].terms.values() if t.group.id == group]
    assert terms
    for term in terms:
        heading = soup.find(id=f"{facet}-{term.id}")
        assert heading is not None and heading.get_text().rstrip("¶") == term.name
        listed = heading.find_next("ul", class_="kb-case-list")
        expected = CATALOGUE.cases_for(term)
        if listed is None or listed.find_previous(["h2", "h3"]) is not heading:
            listed = None
        links = [a["href"] for a in listed.select("a")] if listed else []
        # Long lists are cut short on handbook pages, with a link to the term page.
        shown = expected[:CASES_ON_HANDBOOK_PAGES]
        assert links == [f"../../case-studies/{case.slug}/" for case, _ in shown]
        see_all = listed.find_next_sibling("p") if listed else None
        cut = see_all is not None and see_all.get_text().startswith(f"See all {len(expected)} case studies")
        assert cut == (len(expected) > CASES_ON_HANDBOOK_PAGES), term.id


def test_abbreviations_are_tooltips_on_hand_written_and_generated_pages(built_site):
    site, _ = built_site
    for url in ["guide/relationships-culture-and-leadership/", "case-studies/2gether-social-inclusion-team/"]:
        titles = {abbr.get_text(): abbr["title"] for abbr in soup_of(site, url).select("article abbr")}
        assert titles.get("NHS") == "National Health Service", url
    assert (
        soup_of(site, "guide/practicalities/").find("abbr", string="DWP")["title"] == "Department for Work and Pensions"
    )


def test_first_use_of_each_abbreviation_is_a_tab_stop_but_never_inside_a_link():
    from knowledge_base.render import focusable_first_abbreviations

    nhs = '<abbr title="National Health Service">NHS</abbr>'
    ccg = '<abbr title="Clinical commissioning group">CCG</abbr>'
    html = f'<a href="x/">{nhs} trust</a> <p>{nhs} and {ccg}, then {nhs} and {ccg}</p>'
    result = focusable_first_abbreviations(html)
    assert result.count('tabindex="0"') == 2
    assert result.startswith(f'<a href="x/">{nhs} trust</a>')
    assert '<p><abbr tabindex="0" title="National Health Service">NHS</abbr> and <abbr tabindex="0"' in result


def test_glossary_lists_every_entry(built_site):
    site, _ = built_site
    terms = [dt.get_text() for dt in soup_of(site, "glossary/").select(".kb-glossary h2")]
    assert len(terms) == len(CATALOGUE.glossary)
    for needed in ["NHS", "CCG", "NEF", "NSUN", "SCIE", "TLAP", "COL", "IMROC", "MHELO", "NDTi", "BTEC", "DWP"]:
        assert any(t.startswith(needed + ":") for t in terms), needed


def test_references_and_resources_come_from_the_data(built_site):
    site, _ = built_site
    assert len(soup_of(site, "references/").select(".kb-references li")) == len(CATALOGUE.sources["references"])
    links = [a["href"] for a in soup_of(site, "further-resources/").select(".kb-resources a")]
    assert links == [r["url"] for r in CATALOGUE.sources["resources"]]


def test_home_page_has_a_route_for_every_role(built_site):
    site, _ = built_site
    soup = soup_of(site, "")
    for role in ["commissioners", "managers", "practitioners", "lived-experience", "trainers"]:
        assert soup.find("h3", id=role), role


def test_handbook_lists_stay_short_with_many_case_studies(project):
    """At scale a handbook page shows five case studies per term and links
    to the term page for the rest."""
    from knowledge_base import render
    from knowledge_base.catalogue import load_catalogue
    from tools import synthetic

    # Copies keep the real tags, so this term has more than five cases.
    synthetic.write_cases(project, synthetic.copies_of_real(project, 30))
    catalogue = load_catalogue(project)
    term = catalogue.term("enablers", "commissioners-on-board")
    count = len(catalogue.cases_for(term))
    assert count > render.CASES_ON_HANDBOOK_PAGES
    html = BeautifulSoup(render.cases_for_term(catalogue, "enablers", term.id, "guide/practicalities/"), "html.parser")
    assert len(html.select("li")) == render.CASES_ON_HANDBOOK_PAGES
    more = html.find("a", string=f"See all {count} case studies that show {term.name}")
    assert more["href"] == f"../../enablers/{term.id}/"
    full = BeautifulSoup(render.term_page(catalogue, term), "html.parser")
    assert len(full.select(".kb-case-list li")) == count
