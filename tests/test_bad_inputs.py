"""Every kind of bad input a contributor could send gets a clean error that
names the file, line and field, never a traceback. (Jinja and HTML payloads,
which are valid data, are rendered inert: see test_safety.py.)"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge_base.catalogue import load_catalogue
from knowledge_base.problems import DataError
from knowledge_base.safe_yaml import parse_yaml_text
from knowledge_base.schema_check import check_against_schema
from tests.helpers import ROOT, validate_command

CASE = "case_studies/sheffield-flourish.yml"
BOMB = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(20)
)


def replace(old, new):
    def mutate(text):
        assert old in text, old
        return text.replace(old, new, 1)

    return mutate


def whole(text):
    return lambda _: text


# (name, file to change, change, expected problem as "line-pattern: field: message part")
BAD_INPUTS = [
    (
        "unclosed bracket",
        CASE,
        replace("setting: [city]", "setting: [city"),
        r"setting: YAML syntax error: a \[ or \{ is not closed on this line; close it",
    ),
    (
        "tab indent",
        CASE,
        replace("  why_it_stands_out: |", "\twhy_it_stands_out: |"),
        r"sections: YAML syntax error: a tab character is used for indenting; indent with spaces",
    ),
    ("title is a list", CASE, replace("title: Sheffield", "title:\n  - Sheffield"), r"title: must be text, not a list"),
    ("setting is text", CASE, replace("setting: [city]", "setting: city"), r"setting: must be a list, not text"),
    (
        "sections is a list",
        CASE,
        replace("sections:\n", "sections: []\nold_sections:\n"),
        r"sections: must be a set of fields",
    ),
    (
        "tag is plain text",
        CASE,
        replace("  - id: contracts-that-leave-it-out\n    how:", "  - contracts-that-leave-it-out\n  - how:"),
        r"barriers\[0\]: must be a set of fields, not text",
    ),
    ("place is a number", CASE, replace("place: Sheffield", "place: 42"), r"place: must be text, not the number 42"),
    (
        "summary is yes",
        CASE,
        replace("summary: >-\n", "summary: yes\nsummary_old: >-\n"),
        r"summary: must be text, not true",
    ),
    (
        "summary is empty",
        CASE,
        replace("summary: >-\n", "summary:\nsummary_old: >-\n"),
        r"summary: must be text, not empty",
    ),
    (
        "misspelt top-level field",
        CASE,
        replace("summary:", "sumary:"),
        r"sumary: unknown field; did you mean 'summary'\?",
    ),
    (
        "misspelt tag field",
        CASE,
        replace("    how: The existing tender", "    hwo: The existing tender"),
        r"barriers\[0\]\.hwo: unknown field; did you mean 'how'\?",
    ),
    (
        "unknown organisation field",
        CASE,
        replace("    type: Commissioner", "    kind: Commissioner"),
        r"organisations\[1\]\.kind: unknown field",
    ),
    (
        "missing participants",
        CASE,
        replace("participants:", "participant:"),
        r"participants: this required field is missing",
    ),
    (
        "missing narrative section",
        CASE,
        replace("  top_tips:", "  tips:"),
        r"sections\.top_tips: this required field is missing",
    ),
    (
        "misspelt barrier id",
        CASE,
        replace("id: contracts-that-leave-it-out", "id: contract-that-leave-it-out"),
        r"barriers\[0\]\.id: unknown barrier .*did you mean 'contracts-that-leave-it-out'",
    ),
    (
        "misspelt model id",
        CASE,
        replace("id: commissioned-co-produced-service", "id: commissioned-coproduced-service"),
        r"models\[0\]\.id: unknown model .*did you mean",
    ),
    (
        "repeated enabler id",
        CASE,
        replace("  - id: feedback-loop", "  - id: commissioners-on-board"),
        r"enablers\[\d\]\.id: 'commissioners-on-board' is listed twice",
    ),
    ("id with capitals", CASE, replace("id: listening", "id: Listening"), r"skills\[1\]\.id: must be lowercase"),
    (
        "unknown guide section",
        CASE,
        replace("guide_sections: [models-and-approaches]", "guide_sections: [section-9]"),
        r"guide_sections\[0\]: unknown guide section",
    ),
    (
        "unknown organisation type",
        CASE,
        replace("    type: Commissioner", "    type: Comissioner"),
        r"organisations\[1\]\.type: 'Comissioner' is not allowed; did you mean 'Commissioner'\?",
    ),
    (
        "unknown setting",
        CASE,
        replace("setting: [city]", "setting: [village]"),
        r"setting\[0\]: 'village' is not allowed",
    ),
    (
        "impossible date",
        CASE,
        replace("last_reviewed: 2026-11-27", "last_reviewed: 2026-02-30"),
        r"last_reviewed: 2026-02-30 is not a real date: February 2026 has 28 days$",
    ),
    (
        "date in words",
        CASE,
        replace("last_reviewed: 2026-11-27", "last_reviewed: 26 November 2026"),
        r"last_reviewed: must be a date",
    ),
    (
        "empty title",
        CASE,
        replace("title: Sheffield Flourish and the co-produced mental health guide", 'title: ""'),
        r"title: must not be empty",
    ),
    (
        "blank how",
        CASE,
        replace(
            "    how: The existing tender would not have delivered the co-produced online guide the commissioner wanted, so it was rewritten.",
            '    how: "   "',
        ),
        r"barriers\[0\]\.how: must not be empty",
    ),
    (
        "empty barrier list",
        CASE,
        replace(
            "barriers:\n  - id: contracts-that-leave-it-out\n    how: The existing tender would not have delivered the co-produced online guide the commissioner wanted, so it was rewritten.\n",
            "barriers: []\n",
        ),
        r"barriers: must list at least one item",
    ),
    (
        "empty practicalities",
        CASE,
        replace("  practicalities:\n    funding:", "  practicalities: {}\n  old_practicalities:\n    funding:"),
        r"sections\.practicalities: needs at least one of",
    ),
    (
        "duplicate key",
        CASE,
        replace("place: Sheffield", "place: Sheffield\nplace: Leeds"),
        r"place: this field appears twice",
    ),
    (
        "javascript link",
        CASE,
        replace("models:\n", "links:\n  - title: x\n    url: javascript:alert(1)\nmodels:\n"),
        r"links\[0\]\.url: must be a web address",
    ),
    (
        "data link",
        CASE,
        replace("models:\n", "links:\n  - title: x\n    url: data:text/html,<script>alert(1)</script>\nmodels:\n"),
        r"links\[0\]\.url: must be a web address",
    ),
    (
        "link without scheme",
        CASE,
        replace("models:\n", "links:\n  - title: x\n    url: www.example.org\nmodels:\n"),
        r"links\[0\]\.url: must be a web address",
    ),
    (
        "link with quote",
        CASE,
        replace(
            "models:\n", "links:\n  - title: x\n    url: 'https://example.org/\"onmouseover=\"alert(1)'\nmodels:\n"
        ),
        r"links\[0\]\.url: a web address cannot contain <, > or \"",
    ),
    (
        "two documents",
        CASE,
        lambda text: text + "---\ntitle: again\n",
        r"\(yaml\): a line '---' starts a second document",
    ),
    (
        "list instead of mapping",
        CASE,
        whole("- title: x\n- place: y\n"),
        r"\(file\): must be a set of fields, not a list",
    ),
    ("empty file", CASE, whole(""), r"\(file\): file is empty"),
    ("comments only", CASE, whole("# nothing here\n"), r"\(file\): file is empty"),
    ("alias bomb", CASE, whole(BOMB), r"anchors and aliases"),
    (
        "simple alias",
        CASE,
        replace("place: Sheffield", "place: &p Sheffield\nplace_again: *p"),
        r"anchors and aliases|unknown field",
    ),
    (
        "python object tag",
        CASE,
        replace("place: Sheffield", "place: !!python/object/apply:os.system ['echo owned']"),
        r"place: the YAML tag .* is not allowed",
    ),
    (
        "python name tag",
        CASE,
        replace("place: Sheffield", "place: !!python/name:os.system"),
        r"place: the YAML tag .* is not allowed",
    ),
    (
        "custom tag",
        CASE,
        replace("place: Sheffield", "place: !include other.yml"),
        r"place: the YAML tag '!include' is not allowed",
    ),
    (
        "binary tag",
        CASE,
        replace("place: Sheffield", "place: !!binary aGVsbG8="),
        r"place: the YAML tag .*binary.* is not allowed",
    ),
    ("huge number", CASE, replace("place: Sheffield", "place: " + "9" * 6000), r"place: this number is too large"),
    ("deep nesting", CASE, replace("place: Sheffield", "place: " + "[" * 100 + "]" * 100), r"nested too deeply"),
    (
        "key with a line break",
        CASE,
        replace("place: Sheffield", 'place: Sheffield\n"pla\\nce": x'),
        r"\['pla\\nce'\]: unknown field",
    ),
    (
        "number as key",
        CASE,
        replace("place: Sheffield", "place: Sheffield\n2026: year"),
        r"field names must be plain text",
    ),
    (
        "huge file",
        CASE,
        lambda text: text + "# " + "x" * 300_000 + "\n",
        r"\(file\): file is \d+ KB; the limit is 256 KB",
    ),
    (
        "very long title",
        CASE,
        replace("title: Sheffield Flourish", "title: " + "Sheffield " * 40 + "Flourish"),
        r"title: is too long",
    ),
    # Mistakes a newcomer made, each with its own plain-words message and fix.
    (
        "colon and space in a value",
        CASE,
        replace("place: Sheffield", "place: Sheffield: the city"),
        r"place: YAML syntax error: the text contains ': ' \(a colon then a space\), which YAML reads as a new field; put the whole value in double quotes, or after >- on the next line",
    ),
    (
        "space and hash in a value",
        CASE,
        replace("place: Sheffield", "place: Sheffield #1 for peer support"),
        r"place: the text after ' #' is left out, because YAML reads ' #' as the start of a comment \(a note that is "
        r"never published\)\. If it is a note for yourself, move it to a line of its own above this one, starting "
        r"with #; if it is part of the text, put the whole value in double quotes",
    ),
    (
        "space and hash in a list item",
        CASE,
        replace(
            "    - The guide does not report other difficulties with this project.",
            "    - The guide does not report other difficulties #sad",
        ),
        r"sections\.challenges\[1\]: the text after ' #' is left out",
    ),
    (
        "value starting with a quote",
        CASE,
        replace("place: Sheffield", 'place: "Sheffield" city centre'),
        r"place: YAML syntax error: the text starts with a quote mark, so YAML expects the same mark to end it; put the whole value in double quotes",
    ),
    (
        "apostrophe inside single quotes",
        CASE,
        replace(
            "    how: People with lived experience brought", "    how: 'It's people with lived experience who brought"
        ),
        r"skills\[0\]\.how: YAML syntax error: the text starts with a quote mark",
    ),
    (
        "value starting with an asterisk",
        CASE,
        replace("place: Sheffield", "place: *Sheffield"),
        r"place: YAML syntax error: text cannot start with \* unless it is quoted",
    ),
    (
        "continuation line not indented",
        CASE,
        replace("place: Sheffield", "place: Sheffield\nand Rotherham"),
        r"place: YAML syntax error: a line of text is not indented under its field",
    ),
    (
        "organisation field out of line",
        CASE,
        replace("    role: wanted a co-produced online guide", "   role: wanted a co-produced online guide"),
        r"organisations\[1\]\.role: YAML syntax error: the indentation does not line up",
    ),
    (
        "colon and space in a list item",
        CASE,
        replace(
            "    - The guide does not report other difficulties with this project.",
            "    - Note: the guide reports no other difficulties.",
        ),
        r"sections\.challenges\[1\]: must be text, not a set of fields \(a ': ' inside text makes YAML read a field",
    ),
    (
        "month and day swapped",
        CASE,
        replace("last_reviewed: 2026-11-27", "last_reviewed: 2026-27-11"),
        r"last_reviewed: there is no month 27: write the date as year-month-day \(YYYY-MM-DD\); did you mean 2026-11-27\?$",
    ),
    (
        "address with spaces",
        CASE,
        replace("models:\n", "links:\n  - title: x\n    url: https://example.org/annual report.pdf\nmodels:\n"),
        r"links\[0\]\.url: a web address cannot contain spaces",
    ),
    (
        "setting in other words",
        CASE,
        replace("setting: [city]", "setting: [metropolitan borough]"),
        r"setting\[0\]: 'metropolitan borough' is not allowed; did you mean 'borough'\?",
    ),
    (
        "group id as a barrier",
        CASE,
        replace("  - id: contracts-that-leave-it-out", "  - id: key-barriers"),
        r"barriers\[0\]\.id: 'key-barriers' is a group of barriers, not a barrier; use one of the barrier ids in it: unclear-meaning, cost-time-and-benefits",
    ),
    (
        "group id as a skill",
        CASE,
        replace("  - id: asset-based-thinking", "  - id: skills-from-recovery-college"),
        r"skills\[0\]\.id: 'skills-from-recovery-college' is a group of skills, not a skill; use one of the skill ids in it: ",
    ),
    (
        "enabler id under barriers",
        CASE,
        replace("  - id: contracts-that-leave-it-out", "  - id: feedback-loop"),
        r"barriers\[0\]\.id: 'feedback-loop' is an enabler, not a barrier: move this tag to the enablers list$",
    ),
    (
        "unknown source",
        CASE,
        replace("source: guide", "source: book"),
        r"source: 'book' is not allowed .*choose from 'guide', 'contributed'",
    ),
    (
        "contributed without its fields",
        CASE,
        replace("source: guide", "source: contributed"),
        r"contributed_by: is needed because source is 'contributed'",
    ),
    (
        "contributed with guide sections",
        CASE,
        replace(
            "source: guide",
            "source: contributed\ncontributed_by: x\ncontributed_on: 2026-11-27\nsources:\n  - title: y",
        ),
        r"guide_sections: only for the guide's own case studies",
    ),
    (
        "guide case with contributor",
        CASE,
        replace("source: guide", "source: guide\ncontributed_by: x"),
        r"contributed_by: only for contributed case studies: remove it, or write source: contributed",
    ),
    (
        "placeholder left in",
        CASE,
        replace("place: Sheffield", "place: FILL IN the town"),
        r"place: still to fill in: replace the FILL IN text",
    ),
    (
        "taxonomy: repeated id",
        "data/barriers.yml",
        replace("  - id: power-imbalance", "  - id: target-driven-culture"),
        r"terms\[\d+\]\.id: the id 'target-driven-culture' is used twice",
    ),
    (
        "taxonomy: unknown group",
        "data/skills.yml",
        replace("    group: leadership\n", "    group: leaders\n"),
        r"group: must name one of this file's groups",
    ),
    (
        "taxonomy: wrong facet",
        "data/models.yml",
        replace("facet: models", "facet: barriers"),
        r"facet: must be 'models' in this file",
    ),
    (
        "taxonomy: missing definition",
        "data/enablers.yml",
        replace("    definition: >-\n      A culture that already", "    about: >-\n      A culture that already"),
        r"terms\[0\]\.definition: this required field is missing",
    ),
    (
        "guide: unknown field",
        "data/guide.yml",
        replace("publisher:", "publsher:"),
        r"publsher: unknown field; did you mean 'publisher'\?",
    ),
]


def expected_problem(found: list[str], path: str, pattern: str) -> bool:
    return any(re.match(rf"^{re.escape(path)}:\d+: .*{pattern}", line) for line in found)


@pytest.mark.parametrize("name, path, mutate, pattern", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_a_clean_error(project, name, path, mutate, pattern):
    target = project / path
    target.write_text(mutate(target.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as caught:  # anything else would be a traceback
        load_catalogue(project)
    found = [str(p) for p in caught.value.problems]
    assert expected_problem(found, path, pattern), found
    for line in found:
        assert re.match(r"^[\w./-]+:\d+: \S.*: .+", line), line


def test_placeholders_give_one_line_each_and_nothing_else(project):
    """A placeholder is not a valid id, date or setting either; only the
    'still to fill in' line is reported for it."""
    path = project / CASE
    text = path.read_text()
    for old, new in [
        ("setting: [city]", "setting: [FILL IN]"),
        (r"last_reviewed: \S+", "last_reviewed: FILL IN"),
        ("  - id: asset-based-thinking", "  - id: FILL IN"),
    ]:
        text, count = re.subn(old if old.startswith("last") else re.escape(old), new, text, count=1)
        assert count == 1, old
    path.write_text(text)
    found = [str(p) for p in pytest.raises(DataError, load_catalogue, project).value.problems]
    assert [line.split(": ")[1] for line in found] == ["setting[0]", "last_reviewed", "skills[0].id"], found
    assert all("still to fill in" in line for line in found)


def test_only_the_guides_own_case_studies_may_say_guide(project):
    (project / "case_studies/my-town.yml").write_text(
        (project / CASE).read_text().replace("title: Sheffield Flourish", "title: My Town")
    )
    found = [str(p) for p in pytest.raises(DataError, load_catalogue, project).value.problems]
    assert found == [
        f"case_studies/my-town.yml:{_line_of(project / CASE, 'source:')}: source: only the guide's own "
        "case studies (listed in data/guide.yml) can say 'guide': write source: contributed, with "
        "contributed_by, contributed_on and sources"
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "Tameside Peer Research.yml",
            "the file name is the page address, so it must be lowercase letters and numbers "
            "joined by hyphens: rename the file 'tameside-peer-research.yml'",
        ),
        (
            "Café_Recovery.YML",
            "the file name is the page address, so it must be lowercase letters and numbers "
            "joined by hyphens: rename the file 'cafe-recovery.yml'",
        ),
        ("tameside.yaml", "name the file with .yml, not .yaml: rename it 'tameside.yml'"),
        (
            "index.yml",
            "'index' is taken by the list of case studies: name the file after the case, like 'index-something.yml'",
        ),
    ],
)
def test_bad_file_names_are_told_the_name_to_use(project, name, message):
    (project / "case_studies" / name).write_text((project / CASE).read_text())
    found = [str(p) for p in pytest.raises(DataError, load_catalogue, project).value.problems]
    assert f"case_studies/{name}:1: (file): {message}" in found


def _line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(needle))


def test_there_are_at_least_thirty_bad_inputs():
    assert len(BAD_INPUTS) >= 30


@pytest.mark.parametrize(
    "raw, pattern",
    [
        (b"\xff\xfetitle: x\n", r"\(file\): is not UTF-8 text"),
        (b"title: caf\xe9\n", r"\(file\): is not UTF-8 text"),
    ],
)
def test_bytes_that_are_not_utf8(project, raw, pattern):
    (project / CASE).write_bytes(raw)
    with pytest.raises(DataError) as caught:
        load_catalogue(project)
    assert expected_problem([str(p) for p in caught.value.problems], CASE, pattern)


def test_byte_order_mark_is_harmless(project):
    path = project / CASE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_catalogue(project).case_studies) == len(list((project / "case_studies").glob("[!_]*.yml")))


def test_the_command_line_never_shows_a_traceback(project):
    """The real command line, in its own process: exit code 1, problems on
    stderr, nothing run."""
    (project / CASE).write_text(BOMB)
    (project / "case_studies/other.yml").write_text("title: !!python/object/apply:os.system ['echo owned']\n")
    result = validate_command(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "owned" not in result.stdout
    assert f"{CASE}:" in result.stderr and "case_studies/other.yml:1: title:" in result.stderr


def test_a_bad_file_does_not_hide_problems_in_another(project):
    (project / CASE).write_text("title: [unclosed\n")
    dorset = project / "case_studies/dorset-acute-care-pathway.yml"
    dorset.write_text(dorset.read_text().replace("place: Dorset", "plase: Dorset"))
    found = [str(p) for p in pytest.raises(DataError, load_catalogue, project).value.problems]
    assert any(line.startswith(CASE) for line in found)
    assert any(line.startswith("case_studies/dorset-acute-care-pathway.yml") and "plase" in line for line in found)


# Property-based: throw random YAML-shaped data at the loader and validator.

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
yaml_shaped = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(yaml_shaped)
def test_random_data_round_trips_or_fails_cleanly(data):
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        loaded = parse_yaml_text(text, "random.yml")
    except DataError as error:
        assert all(p.path == "random.yml" for p in error.problems)
        return
    # The loader reads plain data exactly as PyYAML's own safe loader does.
    assert loaded.data == yaml.safe_load(text)
    # The schema check must word every problem without crashing.
    for problem in check_against_schema(loaded, ROOT / "data/case-study.schema.json"):
        assert problem.path == "random.yml" and problem.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_crashes_the_loader(text):
    try:
        parse_yaml_text(text, "random.yml")
    except DataError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["title", "place", "setting", "sections", "barriers", "links", "organisations"]),
    value=yaml_shaped,
)
def test_random_values_in_a_real_case_study_fail_cleanly(project, field, value):
    import yaml

    path = project / CASE
    original = path.read_text()
    case = yaml.safe_load(original)
    case[field] = value
    path.write_text(yaml.safe_dump(case, allow_unicode=True))
    try:
        load_catalogue(project)
    except DataError as error:
        assert all(re.match(r"^[\w./-]+:\d+: \S.*: .+", str(p)) for p in error.problems)
    finally:
        path.write_text(original)


@functools.cache
def _real_case() -> dict:
    import yaml

    return yaml.safe_load((ROOT / CASE).read_text())


@functools.cache
def _schema_checkers():
    """Both checkers, compiled once (compiling took most of this test's
    time, once per example): jsonschema's, and fastjsonschema's function."""
    import json

    import fastjsonschema
    import jsonschema

    schema = json.loads((ROOT / "data/case-study.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER), fastjsonschema.compile(schema)


@settings(max_examples=300, deadline=None)
@example(field="last_reviewed", value="2026-02-30")
@example(field="last_reviewed", value="2026-2-3")
@example(field="last_reviewed", value="2026-11-26")
@example(field="title", value=" ")
@example(field="setting", value=["city", "city"])
@example(field="links", value=[{"title": "x", "url": "javascript:alert(1)"}])
@example(field="links", value=[{"title": "x", "url": "https://example.org/a b"}])
@given(
    field=st.sampled_from(["title", "setting", "last_reviewed", "links", "organisations", "sections", "barriers"]),
    value=yaml_shaped,
)
def test_fast_and_full_schema_checks_agree(field, value):
    """The build uses fastjsonschema to pass valid files quickly and
    jsonschema to explain failures; they must never disagree."""
    import copy

    import fastjsonschema

    case = copy.deepcopy(_real_case())
    case[field] = value
    full, fast = _schema_checkers()
    full_ok = full.is_valid(case)
    try:
        fast(case)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == full_ok
