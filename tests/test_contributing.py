"""A contributor adds one file and nothing else: the real checks pass, the
page says where the case comes from, and the tools (`make new`,
`make schema`, the published-address list) do the rest."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import published_urls, schema_ids
from tests.helpers import ROOT, copy_project, validate

EXAMPLE = ROOT / "tests/examples/anytown-peer-research.yml"
SLUG = "anytown-peer-research"


def soup_of(site, url):
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text_of(soup) -> str:
    return " ".join(soup.select_one("article").get_text().split())


# site_with_a_new_case: tests/conftest.py (shared with test_find_case_studies.py).


def test_one_new_file_passes_the_real_checks(site_with_a_new_case):
    project, site, checked, built = site_with_a_new_case
    assert checked.returncode == 0, checked.stderr
    guide_cases = len(list((ROOT / "case_studies").glob("[!_]*.yml")))
    assert f"{guide_cases + 1} case studies" in checked.stdout
    assert built.returncode == 0 and "WARNING" not in built.stdout + built.stderr, built.stderr
    # No listed address has gone, and the new, unlisted one is no failure.
    assert published_urls.gone_from_site(published_urls.listed(ROOT), site) == []
    assert (site / "case-studies" / SLUG / "index.html").is_file()
    # (Another new case study, not yet listed, may be in the repository too.)
    assert sorted(published_urls.unlisted(project)) == sorted(
        published_urls.unlisted(ROOT) + [f"/case-studies/{SLUG}/"]
    )


def test_a_contributed_case_never_claims_to_be_from_the_guide(site_with_a_new_case):
    _, site, _, _ = site_with_a_new_case
    soup = soup_of(site, f"case-studies/{SLUG}")
    text = text_of(soup)
    assert "In the guide" not in text and "the guide's account" not in text
    assert (
        "Contributed by Anytown Peer Research Network on 20 November 2026. This case study is not part of the guide"
    ) in text
    facts = {
        dt.get_text(): dd for dt, dd in zip(soup.select(".kb-facts dt"), soup.select(".kb-facts > dd"), strict=False)
    }
    assert [li.get_text() for li in facts["Sources"].select("li")] == [
        "Crisis café review: what people told us, 2026",
        "Interviews with three peer researchers and the café manager, October 2026",
    ]
    assert facts["Sources"].a["href"] == "https://example.org/anytown/crisis-cafe-review"
    assert "Source: contributed by Anytown Peer Research Network" in soup.select_one(".kb-source").get_text()
    # A guide case keeps its guide sections and source line.
    guide = text_of(soup_of(site, "case-studies/sheffield-flourish"))
    assert "In the guide" in guide and "This page puts the guide's account in our own words" in guide


def test_counts_and_lists_come_from_the_data(site_with_a_new_case):
    from knowledge_base.catalogue import load_catalogue

    project, site, _, _ = site_with_a_new_case
    catalogue = load_catalogue(project)
    intro = soup_of(site, "case-studies").select_one("article p:not(.kb-qr__caption)").get_text()
    intro = " ".join(intro.split())
    assert intro.startswith(
        f"The guide tells the stories of {len(catalogue.guide_case_studies)} organisations and areas in England"
    )
    assert (
        f"Other organisations have since contributed {len(catalogue.contributed_case_studies)} more: each is "
        "marked as contributed and lists its own sources."
    ) in intro
    card = soup_of(site, "case-studies").find("article", id=SLUG)
    assert "Contributed by Anytown Peer Research Network: not from the guide." in card.get_text()
    # Term and handbook pages: the guide's cases first, the contributed one marked.
    contributed = {case.slug for case in catalogue.contributed_case_studies}
    for url in ["barriers/payment-and-benefits", "guide/practicalities"]:
        shown = []
        for case_list in soup_of(site, url).select(".kb-case-list"):
            items = case_list.select("li")
            slugs = [li.a["href"].rstrip("/").rsplit("/", 1)[1] for li in items]
            marked = [
                slug
                for slug, li in zip(slugs, items, strict=False)
                if "(contributed, not from the guide)" in li.get_text()
            ]
            assert marked == [slug for slug in slugs if slug in contributed], url
            if marked:  # the guide's own cases come first
                assert slugs[-len(marked) :] == marked, url
            shown += marked
        assert SLUG in shown, url


def test_the_site_description_gives_no_fixed_count():
    from mkdocs.utils import yaml_load

    description = yaml_load((ROOT / "mkdocs.yml").read_text())["site_description"]
    assert not re.search(r"\b(seven|7)\b", description)


# --- make new -------------------------------------------------------------


def run_new(project, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "knowledge_base", "new", str(project), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_new_writes_a_template_that_validate_explains(project):
    result = run_new(project, "--slug", "my-town-peer-support", "--title", "My Town: peer support")
    assert result.returncode == 0, result.stderr
    path = project / "case_studies/my-town-peer-support.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../data/case-study.schema.json\n")
    assert yaml.safe_load(text)["title"] == "My Town: peer support"
    # One new file and nothing else: the address is added after merging
    # (make published-urls), so contributors never edit the shared list.
    assert "/case-studies/my-town-peer-support/" not in published_urls.listed(project)
    assert (project / published_urls.LIST).read_text() == (ROOT / published_urls.LIST).read_text()
    checked = validate(project)
    problems = checked.stderr.strip().splitlines()[:-1]
    assert problems, checked.stderr
    assert all(
        line.startswith("case_studies/my-town-peer-support.yml:") and ": still to fill in: " in line
        for line in problems
    ), problems
    placeholder_lines = [
        n for n, line in enumerate(text.splitlines(), 1) if "FILL IN" in line and not line.lstrip().startswith("#")
    ]
    # One line each, at the placeholder (or at its field, for text on the lines below it).
    reported = [int(line.split(":")[1]) for line in problems]
    assert len(reported) == len(placeholder_lines)
    assert all(at in (line, line - 1) for at, line in zip(reported, placeholder_lines, strict=False)), (
        reported,
        placeholder_lines,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--slug", "My Town", "--title", "x"], "use 'my-town.yml'"),
        (["--slug", "sheffield-flourish", "--title", "x"], "case_studies/sheffield-flourish.yml already exists"),
        ([], "usage: make new slug="),
    ],
)
def test_make_new_refuses_clearly(project, args, message):
    result = run_new(project, *args)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_the_template_explains_every_field():
    template = (ROOT / "case_studies/_template.yml").read_text()
    schema = json.loads((ROOT / schema_ids.SCHEMA).read_text())
    fields = set(schema["properties"]) | set(schema["properties"]["sections"]["properties"])
    fields |= set(schema["properties"]["sections"]["properties"]["practicalities"]["properties"])
    fields |= {"name", "type", "role", "id", "how", "title", "url"}
    missing = [name for name in fields - {"guide_sections"} if not re.search(rf"(?m)^\s*-?\s*{name}:", template)]
    assert not missing
    comments = " ".join(line.lstrip("# ") for line in template.splitlines() if line.lstrip().startswith("#"))
    for value in (
        schema["properties"]["setting"]["items"]["enum"]
        + schema["properties"]["organisations"]["items"]["properties"]["type"]["enum"]
    ):
        assert value in comments, value


# --- the schema knows every id ---------------------------------------------------


def test_the_committed_schema_lists_every_current_id():
    assert schema_ids.schema_is_current(ROOT), "data/case-study.schema.json is out of date: run `make schema`"


def test_a_stale_schema_is_caught_and_make_schema_keeps_hand_edits(project):
    taxonomy = project / "data/barriers.yml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            "terms:\n",
            "terms:\n  - id: a-new-barrier\n    group: key-barriers\n    name: A new barrier\n"
            "    definition: Made up for a test.\n    guide_sections: [key-issues]\n",
            1,
        )
    )
    schema_path = project / schema_ids.SCHEMA
    hand_edit = '"properties": {\n    "for_trainers": {"type": "string"},'
    schema_path.write_text(schema_path.read_text().replace('"properties": {', hand_edit, 1))
    assert not schema_ids.schema_is_current(project)
    assert schema_ids.write_schema(project)
    after = schema_path.read_text()
    assert hand_edit in after
    schema = json.loads(after)
    assert "a-new-barrier" in schema["$defs"]["barrier-id"]["enum"]
    names = dict(
        zip(schema["$defs"]["barrier-id"]["enum"], schema["$defs"]["barrier-id"]["enumDescriptions"], strict=False)
    )
    assert names["a-new-barrier"] == "A new barrier"
    assert schema_ids.schema_is_current(project)


@pytest.mark.parametrize(
    "facet, good, misspelt",
    [
        ("barriers", "contracts-that-leave-it-out", "contracts-that-leaves-it-out"),
        ("skills", "listening", "listenning"),
        ("guide_sections", "models-and-approaches", "models-and-approach"),
    ],
)
def test_a_standard_validator_rejects_a_misspelt_id(facet, good, misspelt):
    schema = json.loads((ROOT / schema_ids.SCHEMA).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    case = yaml.safe_load((ROOT / "case_studies/sheffield-flourish.yml").read_text())
    case["last_reviewed"] = str(case["last_reviewed"])
    case["next_review"] = str(case["next_review"])
    if facet == "guide_sections":
        case[facet] = [good]
    else:
        case[facet][0]["id"] = good
    assert validator.is_valid(case), list(validator.iter_errors(case))
    if facet == "guide_sections":
        case[facet] = [misspelt]
    else:
        case[facet][0]["id"] = misspelt
    errors = list(validator.iter_errors(case))
    assert any(misspelt in error.message and error.validator == "enum" for error in errors), errors


# --- the published-address list -------------------------------------------------


def test_published_urls_grow_by_command_in_their_section(project):
    shutil.copy(EXAMPLE, project / "case_studies" / EXAMPLE.name)
    before = published_urls.listed(project)
    result = subprocess.run(
        [sys.executable, "-m", "knowledge_base", "published-urls", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    after = published_urls.listed(project)
    # Every unlisted address is added: ours, and any new case in the repository.
    assert sorted(url for url in after if url not in before) == sorted(
        published_urls.unlisted(ROOT) + [f"/case-studies/{SLUG}/"]
    )
    # At the end of their section: the case-study addresses are still one
    # unbroken run, and the new ones close it.
    cases = [number for number, url in enumerate(after) if url.startswith("/case-studies/")]
    assert cases == list(range(cases[0], cases[-1] + 1))
    added = [url for url in after if url not in before]
    assert set(after[cases[-1] + 1 - len(added) : cases[-1] + 1]) == set(added)
    assert published_urls.unlisted(project) == []


def test_a_contributed_page_keeps_its_html_out_of_markdown(tmp_path):
    """Every HTML block of a generated page is swapped for a placeholder
    (render.split_html_blocks), for a contributed case as for a guide one."""
    from knowledge_base import render
    from knowledge_base.catalogue import load_catalogue

    project = copy_project(tmp_path / "project")
    shutil.copy(EXAMPLE, project / "case_studies" / EXAMPLE.name)
    catalogue = load_catalogue(project)
    light, blocks = render.split_html_blocks(render.case_study_page(catalogue, catalogue.case_study(SLUG)))
    assert blocks and "<ul" not in light and "<dl" not in light and "kb-provenance" not in light


# --- other kinds of new case study ---------------------------------------------

EXAMPLES = sorted((ROOT / "tests/examples").glob("*.yml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_each_made_up_case_is_valid_added_alone(project, example):
    shutil.copy(example, project / "case_studies" / example.name)
    result = validate(project)
    assert result.returncode == 0, result.stderr


def test_more_new_cases_pass_the_real_checks(site_with_more_new_cases):
    from tests.conftest import MORE_NEW_CASES

    project, site, checked, built = site_with_more_new_cases
    assert checked.returncode == 0, checked.stderr
    assert built.returncode == 0 and "WARNING" not in built.stdout + built.stderr, built.stderr
    assert published_urls.gone_from_site(published_urls.listed(ROOT), site) == []
    for example in MORE_NEW_CASES:
        assert (site / "case-studies" / example.stem / "index.html").is_file()
    # The new words of the vocabulary reach the page and the filter.
    crisis_line = text_of(soup_of(site, "case-studies/anyville-peer-forum-crisis-line"))
    assert "Integrated care board" in crisis_line and "Peer support and peer-led services" in crisis_line
    cards = soup_of(site, "case-studies")
    assert cards.find("article", id="little-anyford-wellbeing-cafe")["data-setting"].split() == ["town", "rural"]


def test_the_case_list_passes_axe_with_more_new_cases(site_with_more_new_cases, browser):
    """Each card's Compare label stays readable, at phone and desktop sizes,
    whatever the new cards hold (axe once found something lying over one)."""
    from tests.helpers import SiteServer, axe_script, axe_violations

    _, site, _, built = site_with_more_new_cases
    assert built.returncode == 0, built.stderr
    script = axe_script()
    problems = []
    with SiteServer(site) as server:
        for viewport in ({"width": 320, "height": 640}, {"width": 1280, "height": 800}):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for url in ["case-studies/", "case-studies/anyville-peer-forum-crisis-line/"]:
                page.goto(server.url + url)
                problems += [f"{viewport['width']}px {url}: {p}" for p in axe_violations(page, script)]
            context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def search_with_more_new_cases(browser, site_with_more_new_cases):
    from tests.test_search import searcher_on_built_site

    yield from searcher_on_built_site(browser, site_with_more_new_cases)


def test_new_cases_do_not_upset_the_phrase_ranking(search_with_more_new_cases, site_with_more_new_cases):
    """The crisis line's title says "peer forum", never "support": a page
    with both words of "peer support" still ranks above it, and the
    glossary still answers the question among the site's own pages."""
    from tests.test_search import pages_in_order

    _, site, _, _ = site_with_more_new_cases
    pages = pages_in_order(search_with_more_new_cases("peer support"))
    for url in pages[:2]:
        text = (site / url / "index.html").read_text(encoding="utf-8").lower()
        assert "peer" in text and "support" in text, url
    contributed = {f"case-studies/{path.stem}/" for path in (ROOT / "tests/examples").glob("*.yml")}
    assert "glossary/" in [page for page in pages if page not in contributed][:3], pages
