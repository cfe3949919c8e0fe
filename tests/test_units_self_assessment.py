"""knowledge_base.self_assessment: data/self-assessment.yml read and checked
against the guide and the taxonomies with one-line problems that say the
fix; the page's checklist and the data its script reads."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from knowledge_base import registry, self_assessment
from knowledge_base.catalogue import load_catalogue
from knowledge_base.problems import Problem
from tests.helpers import ROOT, validate

CATALOGUE = load_catalogue(ROOT)
SECTIONS = {section["id"]: section for section in CATALOGUE.guide["sections"]}
LINE_FORMAT = re.compile(r"^data/self-assessment\.yml:\d+: [a-z_\[\]0-9.]+: .+$")


def checked(tmp_path: Path, edit=lambda text: text) -> tuple[list[Problem], str]:
    """Problems with an edited copy of the real file, checked against the real taxonomies."""
    (tmp_path / "data").mkdir(exist_ok=True)
    shutil.copy(ROOT / self_assessment.SCHEMA, tmp_path / self_assessment.SCHEMA)
    text = edit((ROOT / self_assessment.FILE).read_text(encoding="utf-8"))
    (tmp_path / self_assessment.FILE).write_text(text, encoding="utf-8")
    from knowledge_base.catalogue import GuideSection

    sections = {key: GuideSection(**value) for key, value in SECTIONS.items()}
    problems: list[Problem] = []
    self_assessment.load(tmp_path, CATALOGUE.taxonomies, sections, problems)
    return problems, text


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_real_file_is_valid_and_within_one_sitting():
    statements = CATALOGUE.self_assessment.statements
    assert self_assessment.FEWEST_STATEMENTS <= len(statements) <= self_assessment.MOST_STATEMENTS
    assert all(statement.terms and statement.guide_sections for statement in statements)
    # The ladder statements place a team on the rungs from consultation up.
    assert {s.ladder for s in statements if s.ladder} >= {"consultation", "co-design", "co-production"}
    assert [rung.id for rung in CATALOGUE.self_assessment.ladder] == [
        "coercion",
        "educating",
        "informing",
        "consultation",
        "engagement",
        "co-design",
        "co-production",
    ]


def test_the_file_names_its_schema_for_editors():
    first = (ROOT / self_assessment.FILE).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=self-assessment.schema.json"


def test_the_schema_offers_every_taxonomy_and_nothing_else():
    schema = json.loads((ROOT / self_assessment.SCHEMA).read_text(encoding="utf-8"))
    fields = set(schema["$defs"]["statement"]["properties"])
    assert fields - {"id", "text", "guide_sections", "ladder"} == set(registry.TAXONOMIES)


def test_the_real_file_checks_clean(tmp_path):
    problems, _ = checked(tmp_path)
    assert problems == []


def test_a_misspelt_term_names_the_line_the_field_and_the_fix(tmp_path):
    problems, text = checked(
        tmp_path, lambda t: t.replace("        enablers: [feedback-loop]", "        enablers: [feedback-loops]")
    )
    line = line_of(text, "[feedback-loops]")
    assert [str(p) for p in problems] == [
        f"data/self-assessment.yml:{line}: groups[5].statements[0].enablers[0]: unknown enabler 'feedback-loops'; "
        "did you mean 'feedback-loop'? (listed in data/enablers.yml)"
    ]


def test_a_term_under_the_wrong_facet_says_where_it_belongs(tmp_path):
    problems, _ = checked(
        tmp_path,
        lambda t: t.replace("        enablers: [feedback-loop]", "        enablers: [feedback-loop, power-imbalance]"),
    )
    assert len(problems) == 1
    assert problems[0].message == (
        "'power-imbalance' is not one of the enablers but one of the barriers (data/barriers.yml): move it under barriers"
    )


def test_a_wrong_guide_section_and_rung_are_caught(tmp_path):
    def edit(text):
        return text.replace(
            "    guide_sections: [top-tips, key-issues]", "    guide_sections: [top-tip, key-issues]"
        ).replace("        ladder: co-design", "        ladder: codesign")

    problems, text = checked(tmp_path, edit)
    messages = {p.line: p.message for p in problems}
    assert "unknown guide section 'top-tip'; did you mean 'top-tips'?" in messages[line_of(text, "[top-tip,")]
    assert "unknown rung 'codesign'; did you mean 'co-design'?" in messages[line_of(text, "        ladder: codesign")]
    assert all(LINE_FORMAT.match(str(p)) for p in problems), problems


def test_a_repeated_or_reserved_id_is_caught(tmp_path):
    problems, text = checked(
        tmp_path, lambda t: t.replace("id: honest\n", "id: conflict\n").replace("id: feedback\n", "id: date\n")
    )
    messages = sorted(p.message for p in problems)
    assert messages == [
        "'date' is taken by the page's address (?date=...): choose another id",
        f"the id 'conflict' is also used on line {line_of(text, 'id: conflict')}: each statement needs its own",
    ]


def test_a_statement_with_no_theme_is_caught(tmp_path):
    problems, _ = checked(tmp_path, lambda t: t.replace("        enablers: [feedback-loop]\n", ""))
    assert len(problems) == 1
    assert problems[0].field == "groups[5].statements[0]"
    assert problems[0].message.startswith("names no theme: add at least one term")


def test_too_few_statements_is_caught(tmp_path):
    def keep_first_group(text):
        start = text.index("  - title: How far people are involved")
        return text[:start] + text[text.index("\n# The ladder") :]

    problems, _ = checked(tmp_path, keep_first_group)
    assert [p.message for p in problems] == [
        "has 2 statements; a team can rate 12 to 20 in one sitting: add statements"
    ]


def test_validate_reports_the_problem_and_no_traceback(project):
    """`make validate` (python -m knowledge_base validate) reads the file too."""
    path = project / self_assessment.FILE
    text = path.read_text(encoding="utf-8").replace("skills: [listening]", "skills: [listenning]")
    path.write_text(text, encoding="utf-8")
    result = validate(project)
    assert result.returncode == 1
    line = line_of(text, "[listenning]")
    assert (
        f"data/self-assessment.yml:{line}: groups[1].statements[0].skills[0]: unknown skill 'listenning'; "
        "did you mean 'listening'?"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_script_data_routes_each_statement():
    data = self_assessment.script_data(CATALOGUE)
    assert [a["id"] for a in data["answers"]] == ["not-yet", "partly", "yes"]
    assert len(data["statements"]) == len(CATALOGUE.self_assessment.statements)
    for statement in data["statements"]:
        for key in statement["terms"]:
            term = data["terms"][key]
            facet, term_id = key.split("/")
            assert term["url"] == f"../{facet}/{term_id}/"
            assert len(term["cases"]) == min(term["total"], self_assessment.CASES_PER_TERM)
            assert all(case["url"].startswith("../case-studies/") and case["how"] for case in term["cases"])
        assert all(section["url"].startswith("../") for section in statement["sections"])


def test_the_filtered_list_uses_the_facet_that_reaches_most_case_studies():
    """The filter matches any term within a facet but every facet given, so
    one facet: for 'wider-range', barriers reach more case studies than skills."""
    data = {s["id"]: s for s in self_assessment.script_data(CATALOGUE)["statements"]}
    statements = {s.id: s for s in CATALOGUE.self_assessment.statements}
    by_facet: dict[str, set[str]] = {}
    for term in statements["wider-range"].terms:
        by_facet.setdefault(term.facet, set()).update(case.slug for case, _ in CATALOGUE.cases_for(term))
    best = max(by_facet, key=lambda facet: len(by_facet[facet]))
    assert best == "barriers"
    expected_ids = ",".join(t.id for t in statements["wider-range"].terms if t.facet == best)
    assert data["wider-range"]["list"] == {
        "url": f"../case-studies/?barrier={expected_ids}",
        "count": len(by_facet[best]),
    }
    # A statement whose themes no case study shows yet has no list.
    for statement_id, statement in statements.items():
        if not any(CATALOGUE.cases_for(term) for term in statement.terms):
            assert data[statement_id]["list"] is None


def test_the_checklist_is_a_form_of_fieldsets_with_three_answers():
    html = self_assessment.page(CATALOGUE)
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id="kb-sa-form")
    assert form["method"] == "get"
    fieldsets = form.find_all("fieldset")
    assert len(fieldsets) == len(CATALOGUE.self_assessment.statements)
    for fieldset, statement in zip(fieldsets, CATALOGUE.self_assessment.statements, strict=True):
        assert statement.text in fieldset.legend.get_text(" ", strip=True)
        radios = fieldset.find_all("input", type="radio")
        assert [(r["name"], r["value"]) for r in radios] == [(statement.id, a) for a, _ in self_assessment.ANSWERS]
        assert all(r.parent.name == "label" for r in radios)
    assert not soup.select("[style]"), "no inline styles (Content Security Policy)"
    assert all(script.get("src") or script.get("type") == "application/json" for script in soup.find_all("script"))


def test_the_data_block_is_json_that_no_text_can_close():
    assessment = CATALOGUE.self_assessment
    title, statements = assessment.groups[0]
    hostile = dataclasses.replace(statements[0], text="</script><script>alert(1)</script>")
    catalogue = copy.copy(CATALOGUE)
    catalogue.self_assessment = dataclasses.replace(
        assessment, groups=((title, (hostile, *statements[1:])), *assessment.groups[1:])
    )
    html = self_assessment.page(catalogue)
    assert "<script>alert" not in html
    block = re.search(r'<script type="application/json" id="kb-sa-data">(.*?)</script>', html, re.S)[1]
    assert "<" not in block
    assert json.loads(block)["statements"][0]["text"] == "</script><script>alert(1)</script>"


def test_the_ladder_is_credited_to_tlap_and_ncag_with_a_link():
    soup = BeautifulSoup(self_assessment.page(CATALOGUE), "html.parser")
    credit = soup.select_one(".kb-sa__credit")
    text = credit.get_text(" ", strip=True)
    assert "National Co-production Advisory Group" in text and "Think Local Act Personal" in text
    assert credit.find("a", href=re.compile(r"^https://www\.thinklocalactpersonal\.org\.uk/"))


@pytest.mark.parametrize("statement", CATALOGUE.self_assessment.statements, ids=lambda s: s.id)
def test_statements_are_short_and_plain(statement):
    assert len(statement.text) <= 140
    assert statement.text.endswith(".")


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("docs/index.md", "](self-assessment.md)"),
        ("docs/trainers.md", "](self-assessment.md)"),
        ("docs/guide/top-tips.md", "](../self-assessment.md)"),
    ],
)
def test_the_home_page_trainers_page_and_top_tips_link_to_it(page, link):
    assert link in (ROOT / page).read_text(encoding="utf-8")


def test_it_is_in_the_menu_and_its_address_is_protected():
    assert "self-assessment.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "/self-assessment/" in (ROOT / "tests/published_urls.txt").read_text(encoding="utf-8").splitlines()


def test_the_page_names_every_guide_section_its_statements_rest_on():
    page = (ROOT / "docs/self-assessment.md").read_text(encoding="utf-8")
    named = set(re.search(r"guide_source\(([^)]*)\)", page)[1].replace('"', "").replace(" ", "").split(","))
    used = {section.id for statement in CATALOGUE.self_assessment.statements for section in statement.guide_sections}
    assert used <= named, used - named
