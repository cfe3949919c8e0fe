"""`make validate` reports every problem as path:line: field: message."""

from __future__ import annotations

import re

from tests.helpers import ROOT, validate, validate_command

CASE = "case_studies/sheffield-flourish.yml"
LINE_FORMAT = re.compile(r"^[\w./-]+:\d+: [\w.\[\]()-]+: .+$")


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text()
    assert old in text, f"test set-up: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def line_of(project, relative, needle):
    for number, line in enumerate((project / relative).read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def problems(project) -> list[str]:
    result = validate(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert re.match(r"^\d+ problems? found\.$", lines[-1])
    for line in lines[:-1]:
        assert LINE_FORMAT.match(line), line
    return lines[:-1]


def test_the_real_data_is_valid(project):
    result = validate(project)
    assert result.returncode == 0, result.stderr
    count = len(list((project / "case_studies").glob("[!_]*.yml")))
    assert f"{count} case studies" in result.stdout


def test_the_command_line_says_valid_on_stdout_and_exits_0(project):
    """The real command, in its own process (the tests above call its
    Python entry in-process)."""
    result = validate_command(project)
    assert result.returncode == 0, result.stderr
    count = len(list((project / "case_studies").glob("[!_]*.yml")))
    assert result.stdout.startswith(f"All data files are valid: {count} case studies") and result.stderr == ""


def test_the_command_line_reports_problems_on_stderr_and_exits_1(project):
    edit(project, CASE, "place: Sheffield", "plase: Sheffield")
    result = validate_command(project)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "2 problems found." and all(LINE_FORMAT.match(line) for line in lines[:-1]), lines


def test_unknown_field_suggests_the_right_one(project):
    edit(project, CASE, "place: Sheffield", "plase: Sheffield")
    assert set(problems(project)) == {
        f"{CASE}:{line_of(project, CASE, 'plase:')}: plase: unknown field; did you mean 'place'?",
        # Reported where it belongs (the line of the field it should come before), not on the title.
        f"{CASE}:{line_of(project, CASE, 'setting:')}: place: this required field is missing: add a line "
        "'place:' above this one, before 'setting'",
    }


def test_missing_nested_field(project):
    edit(project, CASE, "  outcomes:\n", "  results:\n")
    found = problems(project)
    line = line_of(project, CASE, "  top_tips:")
    assert (
        f"{CASE}:{line}: sections.outcomes: this required field is missing: add a line 'outcomes:' above this one, "
        "before 'top_tips'"
    ) in found
    assert any(": sections.results: unknown field" in p for p in found)


def test_unknown_term_id_suggests_the_nearest(project):
    edit(project, CASE, "  - id: contracts-that-leave-it-out", "  - id: contracts-that-leaves-it-out")
    line = line_of(project, CASE, "contracts-that-leaves-it-out")
    assert problems(project) == [
        f"{CASE}:{line}: barriers[0].id: unknown barrier 'contracts-that-leaves-it-out'; "
        "did you mean 'contracts-that-leave-it-out'? (see data/barriers.yml)"
    ]


def test_repeated_term_id(project):
    edit(project, CASE, "  - id: listening\n", "  - id: asset-based-thinking\n")
    found = problems(project)
    assert found == [
        f"{CASE}:{line_of(project, CASE, '- id: asset-based-thinking') + 2}: skills[1].id: "
        "'asset-based-thinking' is listed twice"
    ]


def test_empty_and_blank_text(project):
    edit(project, CASE, "place: Sheffield", 'place: "   "')
    edit(project, CASE, "title: Sheffield Flourish and the co-produced mental health guide", 'title: ""')
    found = problems(project)
    assert f"{CASE}:{line_of(project, CASE, 'place:')}: place: must not be empty" in found
    assert f"{CASE}:{line_of(project, CASE, 'title:')}: title: must not be empty" in found


def test_wrong_types(project):
    edit(project, CASE, "setting: [city]", "setting: city")
    edit(project, CASE, "last_reviewed: 2026-11-27", "last_reviewed: 2026-13-45")
    found = problems(project)
    assert f"{CASE}:{line_of(project, CASE, 'setting:')}: setting: must be a list, not text" in found
    assert (
        f"{CASE}:{line_of(project, CASE, 'last_reviewed:')}: last_reviewed: there is no month 13: write the date as year-month-day (YYYY-MM-DD)"
        in found
    )


def test_enum_values_suggest_the_nearest(project):
    edit(project, CASE, "setting: [city]", "setting: [citty]")
    (found,) = problems(project)
    assert found.startswith(
        f"{CASE}:{line_of(project, CASE, 'setting:')}: setting[0]: 'citty' is not allowed; did you mean 'city'?"
    )


def test_only_http_links_are_allowed(project):
    edit(project, CASE, "models:\n", "links:\n  - title: Click me\n    url: javascript:alert(1)\nmodels:\n")
    assert problems(project) == [
        f"{CASE}:{line_of(project, CASE, 'javascript:')}: links[0].url: must be a web address starting http:// or https://"
    ]


def test_malformed_yaml_is_one_clean_line(project):
    edit(project, CASE, "place: Sheffield", "place: [Sheffield")
    (found,) = problems(project)
    assert found == (
        f"{CASE}:{line_of(project, CASE, 'place:')}: place: YAML syntax error: a [ or {{ is not closed "
        "on this line; close it, or if it is part of the text, put the whole value in double quotes, "
        "or after >- on the next line, indented"
    )


def test_duplicate_titles_and_bad_file_names(project):
    source = (project / CASE).read_text()
    (project / "case_studies/sheffield-copy.yml").write_text(source)
    (project / "case_studies/Sheffield_Again.yml").write_text(source)
    (project / "case_studies/other.yaml").write_text(source)
    found = problems(project)
    title_line = line_of(project, CASE, "title:")
    # Only the new file is flagged, naming the one that has the title: the
    # guide's own case study is never the one to change.
    assert not [p for p in found if p.startswith(f"{CASE}:")], found
    assert (
        f"case_studies/sheffield-copy.yml:{title_line}: title: {CASE} already has this title: give this case "
        "study a title of its own, so readers can tell the two apart in lists and search"
    ) in found
    assert (
        "case_studies/Sheffield_Again.yml:1: (file): the file name is the page address, so it must be lowercase "
        "letters and numbers joined by hyphens: rename the file 'sheffield-again.yml'"
    ) in found
    assert "case_studies/other.yaml:1: (file): name the file with .yml, not .yaml: rename it 'other.yml'" in found


def test_every_problem_in_every_file_is_reported_at_once(project):
    edit(project, CASE, "place: Sheffield", "plase: Sheffield")
    edit(project, "case_studies/dorset-acute-care-pathway.yml", "  - id: good-preparation", "  - id: good-prep")
    edit(
        project,
        "data/skills.yml",
        "    group: leadership\n    name: Values-based leadership",
        "    group: leadershipp\n    name: Values-based leadership",
    )
    found = problems(project)
    files = {p.split(":")[0] for p in found}
    assert files == {CASE, "case_studies/dorset-acute-care-pathway.yml", "data/skills.yml"}


def test_taxonomy_problems_name_the_taxonomy_file(project):
    edit(project, "data/barriers.yml", "  - id: power-imbalance", "  - id: target-driven-culture")
    found = problems(project)
    assert any(p.startswith("data/barriers.yml:") and "used twice" in p for p in found)


def test_unknown_guide_section(project):
    edit(project, CASE, "guide_sections: [models-and-approaches]", "guide_sections: [models-and-approach]")
    (found,) = problems(project)
    assert "unknown guide section 'models-and-approach'; did you mean 'models-and-approaches'?" in found


def test_a_broken_taxonomy_or_guide_file_does_not_hide_case_study_problems(project):
    edit(project, "data/barriers.yml", "facet: barriers", "facet: [barriers")  # malformed YAML
    edit(project, "data/guide.yml", "sections:", "section:")  # fails the schema
    edit(project, CASE, "setting: ", "settting: ")
    dorset = "case_studies/dorset-acute-care-pathway.yml"
    edit(project, dorset, "  - id: system-wide-change", "  - id: system-wide")
    found = problems(project)
    files = {p.split(":")[0] for p in found}
    assert files == {"data/barriers.yml", "data/guide.yml", CASE, dorset}, found
    assert any("settting" in p for p in found), "the case study's own mistakes are still reported"
    assert any("unknown model 'system-wide'" in p for p in found), "ids in working taxonomies are checked"
    assert not any("guide section" in p for p in found), "unlookupable section ids are not reported as unknown"


# --- a contributor's new file (issue 22): every problem in one pass, each
# with its line and its fix. The made-up case is tests/examples/anytown-peer-research.yml.

NEW = "case_studies/anytown-peer-research.yml"


def add_new_case(project, *changes: tuple[str, str]) -> None:
    text = (ROOT / "tests/examples/anytown-peer-research.yml").read_text()
    for old, new in changes:
        assert old in text, f"test set-up: {old!r} not in the example"
        text = text.replace(old, new, 1)
    (project / NEW).write_text(text)


def test_four_mistakes_are_all_reported_at_once_with_their_fixes(project):
    """A missing summary, a date written day first, a misspelt skill id and
    a website: field: the id used to show only once the others were fixed."""
    add_new_case(
        project,
        (
            "summary: >-\n  Peer researchers with lived experience asked people who had used\n"
            "  Anytown's crisis café what helped them. The café changed its opening\n"
            "  hours and its welcome as a result.\n",
            "",
        ),
        ("contributed_on: 2026-11-20", "contributed_on: 30/11/2026"),
        ("  - id: listening", "  - id: listenning"),
        ("place: Anytown\n", "place: Anytown\nwebsite: https://example.org/anytown\n"),
    )
    found = problems(project)
    assert found == [
        f"{NEW}:{line_of(project, NEW, 'place:')}: summary: this required field is missing: add a line 'summary:' "
        "above this one, before 'place'",
        f"{NEW}:{line_of(project, NEW, 'website:')}: website: unknown field; did you mean 'links'? A web page goes "
        "under links, as a list: a line 'links:', then '  - title: the page's name' and '    url: https://...' "
        "below it (see the template).",
        f"{NEW}:{line_of(project, NEW, 'contributed_on:')}: contributed_on: must be a date written as YYYY-MM-DD "
        "(year, month, day); did you mean 2026-11-30? Write: contributed_on: 2026-11-30",
        f"{NEW}:{line_of(project, NEW, 'listenning')}: skills[0].id: unknown skill 'listenning'; did you mean "
        "'listening'? (see data/skills.yml)",
    ]


def test_a_day_first_date_gets_the_date_it_means(project):
    add_new_case(project, ("contributed_on: 2026-11-20", "contributed_on: 12/03/2026"))
    (found,) = problems(project)
    assert found.endswith("did you mean 2026-03-12? Write: contributed_on: 2026-03-12"), found


def test_a_misspelt_id_from_another_facet_is_suggested_there(project):
    add_new_case(
        project,
        (
            "  - id: feedback-loop\n",
            "  - id: peer-suport\n    how: Peer researchers supported each other.\n  - id: feedback-loop\n",
        ),
    )
    (found,) = problems(project)
    assert found == (
        f"{NEW}:{line_of(project, NEW, 'peer-suport')}: enablers[0].id: unknown enabler 'peer-suport'; did you "
        "mean the model 'peer-support'? It goes in the models list, not the enablers list (see data/enablers.yml)"
    )


def test_a_title_and_a_summary_have_limits_with_reasons(project):
    long_title = ("Anytown peer researchers and the crisis café " * 5)[:200].strip()
    add_new_case(
        project,
        ("title: Anytown peer researchers and the crisis café", f"title: {long_title}"),
        (
            "  hours and its welcome as a result.\n",
            "  hours and its welcome as a result." + " More detail." * 40 + "\n",
        ),
    )
    found = problems(project)
    assert found[0].startswith(
        f"{NEW}:{line_of(project, NEW, 'title:')}: title: is {len(long_title)} characters long; the limit is 90, "
        "because the title is the page's heading"
    ), found
    assert "shorten it, and put the detail in the summary" in found[0]
    assert re.match(rf"^{NEW}:\d+: summary: is \d+ characters long; the limit is 600, because", found[1]), found
    assert len(found) == 2


def test_the_current_titles_and_summaries_are_within_the_limits(project):
    """The limits leave room: the longest title and summary now are well inside."""
    from knowledge_base.catalogue import load_catalogue

    catalogue = load_catalogue(project)
    assert max(len(case.title) for case in catalogue.case_studies) <= 70
    assert max(len(case.data["summary"]) for case in catalogue.case_studies) <= 450


def test_a_merge_key_is_explained(project):
    add_new_case(
        project,
        ("  - name: Anytown Peer Research Network\n", "  - &network\n    name: Anytown Peer Research Network\n"),
        (
            "  - name: Anytown crisis café\n    type: Voluntary or community organisation\n",
            "  - <<: *network\n    name: Anytown crisis café\n",
        ),
    )
    (found,) = problems(project)
    assert found.startswith(
        f"{NEW}:{line_of(project, NEW, '<<:')}: organisations[1]: '<<' is a YAML merge key, which copies the fields"
    ), found
    assert "write out each field in full" in found


def test_an_alias_is_reported_on_its_own_line_with_its_field(project):
    add_new_case(
        project,
        ("contributed_on: 2026-11-20", "contributed_on: &checked 2026-11-20"),
        ("last_reviewed: 2026-11-20", "last_reviewed: *checked"),
    )
    (found,) = problems(project)
    assert found == (
        f"{NEW}:{line_of(project, NEW, 'last_reviewed:')}: last_reviewed: YAML anchors and aliases (& and *) are "
        f"not allowed: *checked repeats the value marked &checked on line {line_of(project, NEW, 'contributed_on:')}; "
        "write the value out in full here, and remove the &checked"
    )


def test_a_trailing_note_is_kept_out_of_the_page(project):
    add_new_case(project, ("place: Anytown\n", "place: Anytown  # the east side only\n"))
    (found,) = problems(project)
    assert "move it to a line of its own above this one, starting with #" in found, found


def test_a_duplicate_title_flags_only_the_newer_file(project):
    add_new_case(
        project,
        (
            "title: Anytown peer researchers and the crisis café",
            "title: Sheffield Flourish and the co-produced mental health guide",
        ),
    )
    assert problems(project) == [
        f"{NEW}:{line_of(project, NEW, 'title:')}: title: {CASE} already has this title: give this case study a "
        "title of its own, so readers can tell the two apart in lists and search"
    ]


def test_two_contributed_cases_with_one_title_flag_the_later_one(project):
    add_new_case(project)
    text = (project / NEW).read_text().replace("contributed_on: 2026-11-20", "contributed_on: 2026-11-25")
    (project / "case_studies/a-later-copy.yml").write_text(text)
    (found,) = problems(project)
    assert found.startswith(f"case_studies/a-later-copy.yml:4: title: {NEW} already has this title"), found


def test_ids_are_checked_even_when_other_fields_are_wrong(project):
    edit(project, CASE, "place: Sheffield", "place: [Sheffield, England]")
    edit(project, CASE, "  - id: contracts-that-leave-it-out", "  - id: contracts-that-leaves-it-out")
    found = problems(project)
    assert any(": place: must be text, not a list" in p for p in found), found
    assert any("unknown barrier 'contracts-that-leaves-it-out'" in p for p in found), found
