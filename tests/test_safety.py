"""Nothing a contributor writes can run code, inject HTML or break another page."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.helpers import build, copy_project, validate, world_readable_dir

PAYLOAD = (
    '{{ 6*7 }} {% raw %} </div></p></title><script>alert("owned")</script>'
    "<img src=x onerror=alert(1)> [click](javascript:alert(2)) *stars* ---"
)
NOT_TEXT = {
    "top_tips_label",
    "id",
    "setting",
    "type",
    "guide_sections",
    "last_reviewed",
    "next_review",
    "url",
    "source",
    "contributed_on",
}


def poison(value, key=None):
    """Append the payload to every free-text string in a case study."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT:
        return value + " " + PAYLOAD
    return value


@pytest.fixture(scope="session")
def poisoned_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("poisoned") / "project")
    case = yaml.safe_load((project / "case_studies/sheffield-flourish.yml").read_text())
    # A new case is a contributed one, which also poisons its own fields.
    del case["guide_sections"]
    case.update(
        source="contributed",
        contributed_by="An organisation",
        contributed_on="2026-11-20",
        sources=[{"title": "A report", "url": "https://example.org/report?a=1&b=2"}, {"title": "Interviews"}],
    )
    case = poison(case)
    # The activity's title allows 80 characters: the shortest payloads that matter.
    case["for_trainers"]["activity"]["title"] = '<script>alert("owned")</script> {{ 6*7 }}'
    case["links"] = [{"title": "Web site " + PAYLOAD, "url": "https://example.org/?a=1&b=2"}]
    (project / "case_studies/poisoned.yml").write_text(yaml.safe_dump(case, allow_unicode=True))
    # The whole payload in the title is longer than a title may be (90
    # characters): lift the limit in this copy, since escaping is the point.
    schema_path = project / "data/case-study.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["title"]["maxLength"] = 1000
    schema_path.write_text(json.dumps(schema))
    barriers = yaml.safe_load((project / "data/barriers.yml").read_text())
    barriers["terms"][0]["name"] += " " + PAYLOAD
    barriers["terms"][0]["definition"] += " " + PAYLOAD
    (project / "data/barriers.yml").write_text(yaml.safe_dump(barriers, allow_unicode=True))
    site = world_readable_dir("kb-poisoned-")
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    yield site
    shutil.rmtree(site, ignore_errors=True)


def parse(site, url):
    # html5lib parses exactly as a browser would, so a broken-out </title>
    # or <script> would show up as a real element here.
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html5lib")


def assert_inert(soup):
    for script in soup.find_all("script"):
        assert "owned" not in script.get_text() and "owned" not in script.get("src", "")
    assert not soup.select("img[onerror]")
    assert not soup.select('a[href^="javascript:"]')


@pytest.mark.parametrize(
    "url",
    [
        "case-studies/poisoned",
        "case-studies",
        "barriers/unclear-meaning",
        "barriers",
        "case-studies/sheffield-flourish",
    ],
)
def test_payload_is_inert_on_every_page_it_reaches(poisoned_site, url):
    assert_inert(parse(poisoned_site, url))


def test_payload_appears_literally_in_title_heading_and_text(poisoned_site):
    soup = parse(poisoned_site, "case-studies/poisoned")
    assert PAYLOAD in soup.title.get_text()
    assert PAYLOAD in soup.h1.get_text()
    assert PAYLOAD in soup.select_one(".md-header__topic:last-child").get_text()
    assert PAYLOAD in soup.find("meta", attrs={"name": "description"})["content"]
    body = soup.select_one("article").get_text()
    # Every section still renders, each with the payload as plain text.
    assert body.count("{{ 6*7 }}") >= 15
    assert "42" not in body.replace("2026", "")
    assert soup.find(id="related") and soup.find(id="top-tips")


def test_term_pages_escape_taxonomy_text_too(poisoned_site):
    soup = parse(poisoned_site, "barriers/unclear-meaning")
    assert PAYLOAD in soup.title.get_text()
    assert PAYLOAD in soup.h1.get_text()


def test_search_index_holds_no_live_markup(poisoned_site):
    # The search's page list (titles) and the page's text file: Material
    # renders both as HTML, so markup must arrive escaped.
    table = json.loads((poisoned_site / "search/docs.json").read_text())
    number = next(n for n, page in enumerate(table["pages"]) if page[0] == "case-studies/poisoned/")
    titles = [title for _, title in table["pages"][number][1]]
    texts = json.loads((poisoned_site / f"search/p/{number}.json").read_text())
    assert texts
    for value in titles + texts:
        assert not re.search(r"<(script|img)\b", value), value[:200]
    assert "&lt;script&gt;" in titles[0]


def test_links_keep_their_address_and_escape_their_text(poisoned_site):
    soup = parse(poisoned_site, "case-studies/poisoned")
    link = soup.select_one("#find-out-more").find_next("ul").a
    assert link["href"] == "https://example.org/?a=1&b=2"
    assert PAYLOAD in link.get_text()


@pytest.mark.extra_build  # builds a broken copy; the two breakages stop a build at different steps
def test_a_generated_page_cannot_replace_a_hand_written_one(project, tmp_path):
    (project / "docs/case-studies/sheffield-flourish.md").write_text("# My own page\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "would replace the hand-written page docs/case-studies/sheffield-flourish.md" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.extra_build  # builds a broken copy; the two breakages stop a build at different steps
def test_build_with_bad_data_fails_with_the_validator_message(project, tmp_path):
    path = project / "case_studies/sheffield-flourish.yml"
    path.write_text(path.read_text().replace("place: Sheffield", "plase: Sheffield"))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "case_studies/sheffield-flourish.yml:" in result.stderr and "unknown field" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_tags_in_a_case_study_do_not_run(project, tmp_path):
    marker = tmp_path / "ran"
    path = project / "case_studies/sheffield-flourish.yml"
    path.write_text(
        path.read_text().replace("place: Sheffield", f"place: !!python/object/apply:os.system ['touch {marker}']")
    )
    result = validate(project)
    assert result.returncode == 1 and "is not allowed" in result.stderr
    assert not marker.exists()


@pytest.mark.parametrize("url", ["case-studies", "barriers"])
def test_index_pages_built_by_macros_show_payload_as_text(poisoned_site, url):
    text = parse(poisoned_site, url).select_one("article").get_text()
    assert "{{ 6*7 }}" in text and "<script>" in text


PREVIEW_TAGS = [
    ("property", "og:title"),
    ("property", "og:description"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
]


@pytest.mark.parametrize("url", ["case-studies/poisoned", "barriers/unclear-meaning"])
def test_link_previews_carry_contributor_text_as_plain_text(poisoned_site, url):
    soup = parse(poisoned_site, url)
    assert_inert(soup)
    head = soup.head
    title = head.find("meta", attrs={"property": "og:title"})["content"]
    assert PAYLOAD in title, title
    for attribute, name in PREVIEW_TAGS:
        tag = head.find("meta", attrs={attribute: name})
        assert tag is not None, name
        # The payload's start reaches every preview: descriptions are cut
        # at 200 characters, so they hold only its first part.
        assert "{{ 6*7 }}" in tag["content"] or "{{ 6*7 }}" in title
    # Nothing broke out of an attribute: the head still holds only the
    # elements the theme put there.
    assert not head.find_all(["img", "div", "p", "a"])
    address = head.find("meta", attrs={"property": "og:url"})["content"]
    assert address.startswith("http") and address.endswith("/" + url + "/")
    assert head.find("link", rel="canonical")["href"] == address


def test_print_only_parts_escape_contributor_text(poisoned_site):
    soup = parse(poisoned_site, "case-studies/poisoned")
    assert_inert(soup.select_one(".kb-print-tags"))
    assert PAYLOAD in soup.select_one("ol.kb-questions").get_text()
    assert_inert(soup.select_one(".kb-qr"))


def test_contributed_fields_show_payload_as_text(poisoned_site):
    soup = parse(poisoned_site, "case-studies/poisoned")
    assert PAYLOAD in soup.select_one(".kb-provenance").get_text()
    sources = soup.find("dt", string="Sources").find_next("dd")
    assert sources.a["href"] == "https://example.org/report?a=1&b=2"
    assert [li.get_text() for li in sources.select("li")] == [f"A report {PAYLOAD}", f"Interviews {PAYLOAD}"]
    card = parse(poisoned_site, "case-studies").find("article", id="poisoned")
    assert PAYLOAD in card.get_text()
