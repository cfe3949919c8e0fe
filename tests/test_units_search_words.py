"""knowledge_base.search_words: data/search-words.yml read, checked with
plain one-line problems, and written for the search worker."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import fastjsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge_base import search_words
from knowledge_base.catalogue import load_catalogue
from knowledge_base.schema_check import _fast_check, _validator
from knowledge_base.search_text import words
from knowledge_base.search_words import Synonyms, for_index
from tests.helpers import ROOT, validate

FILE = "data/search-words.yml"
LINE_FORMAT = re.compile(r"^data/search-words\.yml:\d+: synonyms\[\d+\]\.(words|also_finds)(\[\d+\])?: .+$")


def group(words_, also=(), line=1) -> Synonyms:
    return Synonyms(tuple(words_), tuple(also), line)


def test_for_index_writes_each_phrase_as_search_reads_it():
    groups = [
        group(["organisation", "organization"]),
        group(["co-production", "coproduction", "co production"]),
        group(["KPI", "KPIs", "key performance indicator", "key performance indicators"]),
        group(["tokenism", "tokenistic", "tick box", "box ticking"], ["ladder of participation", "ladder"]),
    ]
    assert for_index(groups) == [
        {"words": [["organisation"], ["organization"]]},
        # "co-production" is its joined form only, and is written once.
        {"words": [["coproduction"], ["co", "production"]]},
        {"words": [["kpi"], ["kpis"], ["key", "performance", "indicator"], ["key", "performance", "indicators"]]},
        {
            "words": [["tokenism"], ["tokenistic"], ["tick", "box"], ["box", "ticking"]],
            "also": [["ladder", "participation"], ["ladder"]],
        },
    ]


def test_for_index_reads_apostrophes_stop_words_and_long_hyphenated_words_as_search_does():
    groups = [group(["carer's allowance", "one-to-one", "the", "up-to-date-ish"], ["the"])]
    assert for_index(groups) == [{"words": [["carers", "allowance"], ["onetoone"], ["up", "date", "ish"]]}]
    assert for_index([group(["the", "of"])]) == []


def test_every_phrase_in_the_index_is_what_search_reads_from_it():
    """Each written phrase is words() of the phrase, less the parts of
    hyphenated words: so the worker and the index agree."""
    for entry in for_index(search_words.load(ROOT, [])):
        for phrase in entry["words"] + entry.get("also", []):
            assert phrase and all(word in words(" ".join(phrase)) for word in phrase)


# --- the checks, on a file written for each test ------------------------------


def problems_in(tmp_path: Path, entries: str) -> list[str]:
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / search_words.SCHEMA, tmp_path / search_words.SCHEMA)
    (tmp_path / FILE).write_text(f"# yaml-language-server: $schema=search-words.schema.json\nsynonyms:\n{entries}")
    found: list = []
    search_words.load(tmp_path, found)
    return [str(problem) for problem in found]


def test_the_real_file_is_valid_and_the_catalogue_has_it():
    found: list = []
    groups = search_words.load(ROOT, found)
    assert found == [] and len(groups) > 50
    assert load_catalogue(ROOT).search_words == groups


def test_a_phrase_in_two_entries_names_both_lines(tmp_path):
    found = problems_in(
        tmp_path,
        "  - words: [organisation, organization]\n"
        "  - words: [co-production, coproduction]\n"
        "  - words: [Organisation, organisational]\n",
    )
    assert found == [
        f"{FILE}:5: synonyms[2].words[0]: 'Organisation' is also in the words of the entry on line 3 "
        "(search reads it the same as 'organisation'): merge the two entries or remove one"
    ]


def test_spellings_one_to_the_worker_may_share_an_entry_but_not_be_in_two(tmp_path):
    found = problems_in(
        tmp_path,
        "  - words: [co-production, coproduction, in-patient]\n  - words: [inpatient, ward]\n",
    )
    assert found == [
        f"{FILE}:4: synonyms[1].words[0]: 'inpatient' is also in the words of the entry on line 3 "
        "(search reads it the same as 'in-patient'): merge the two entries or remove one"
    ]


def test_the_same_phrase_in_also_finds_of_two_entries_is_fine(tmp_path):
    entries = "  - words: [tokenism, tick box]\n    also_finds: [ladder]\n  - words: [rung, rungs]\n    also_finds: [ladder]\n"
    assert problems_in(tmp_path, entries) == []


def test_a_phrase_search_ignores(tmp_path):
    found = problems_in(tmp_path, "  - words: [co-production, the]\n  - words: [ladder]\n    also_finds: [of the]\n")
    assert found == [
        f"{FILE}:3: synonyms[0].words[1]: search ignores 'the': it leaves out common words such as 'the', 'and' "
        "and 'what', so this finds nothing; remove it, or write a word that says more",
        f"{FILE}:5: synonyms[1].also_finds[0]: search ignores 'of the': it leaves out common words such as 'the', "
        "'and' and 'what', so this finds nothing; remove it, or write a word that says more",
    ]


def test_a_phrase_twice_in_one_entry(tmp_path):
    found = problems_in(
        tmp_path,
        "  - words: [co-production,\n      Co-production]\n  - words: [ladder, rungs]\n    also_finds: [ladder]\n",
    )
    assert found == [
        f"{FILE}:4: synonyms[0].words[1]: 'Co-production' is already in this entry "
        "(search reads it the same as 'co-production'): remove one",
        f"{FILE}:6: synonyms[1].also_finds[0]: 'ladder' is already in this entry: remove one",
    ]


@pytest.mark.parametrize("phrase", ["co/production", "co & production", "'tick box'", "-ish", "“quoted”"])
def test_only_letters_digits_spaces_hyphens_and_apostrophes(tmp_path, phrase):
    found = problems_in(tmp_path, f'  - words: [coproduction, "{phrase}"]\n')
    assert found == [
        f"{FILE}:3: synonyms[0].words[1]: must be a word or phrase of letters, digits, spaces, hyphens and "
        "apostrophes only, starting with a letter or digit"
    ]


def test_an_unknown_field_suggests_the_right_one(tmp_path):
    found = problems_in(tmp_path, "  - words: [tokenism]\n    also_find: [ladder]\n")
    assert found == [
        f"{FILE}:3: synonyms[0].words: must list at least two words or phrases that mean the same; or, for one "
        "word, add also_finds with the words it should find",
        f"{FILE}:4: synonyms[0].also_find: unknown field; did you mean 'also_finds'?",
    ]


def test_also_suggests_also_finds(tmp_path):
    """'also' is the start of 'also_finds' but too short for a near spelling."""
    found = problems_in(tmp_path, "  - words: [peer forum]\n    also: [peer support]\n")
    assert f"{FILE}:4: synonyms[0].also: unknown field; did you mean 'also_finds'?" in found


def test_one_word_needs_also_finds_and_also_finds_needs_a_word(tmp_path):
    found = problems_in(
        tmp_path, "  - words: [tokenism]\n    also_finds: []\n  - words: []\n    also_finds: [ladder]\n"
    )
    assert found == [
        f"{FILE}:4: synonyms[0].also_finds: must list at least one word or phrase; or leave also_finds out",
        f"{FILE}:5: synonyms[1].words: must list at least one word or phrase",
    ]


def test_every_problem_is_one_line_naming_the_file_line_and_field(tmp_path):
    found = problems_in(
        tmp_path,
        "  - words: [a1, a1, the, 'x/y']\n  - words: [a1]\n    also_finds: [b2]\n  - words: [c3, a1]\n",
    )
    assert found and all(LINE_FORMAT.match(line) for line in found), found


def test_broken_yaml_gives_the_file_and_line_and_no_traceback(project):
    (project / FILE).write_text("synonyms:\n  - words: [organisation, organization]\n  - words: [co-production\n")
    result = validate(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{FILE}:3: synonyms[1].words: YAML syntax error: a [ or {{ is not closed on this line; close it, or if "
        "it is part of the text, put the whole value in double quotes, or after >- on the next line, indented",
        "1 problem found.",
    ]


def test_validate_reports_this_file_with_the_others(project):
    path = project / FILE
    path.write_text(path.read_text().replace("  - words: [NHS, ", "  - words: [NHS, the, ", 1))
    result = validate(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()[:-1]
    assert re.match(rf"^{FILE}:\d+: synonyms\[\d+\]\.words\[1\]: search ignores 'the'", line), line


def test_the_file_is_required(project):
    (project / FILE).unlink()
    result = validate(project)
    assert result.stderr.splitlines() == [f"{FILE}:1: (file): file is missing", "1 problem found."]


phrases = st.lists(st.sampled_from(["co-production", "carer's", "the", "x/y", "", " a", "é", 7]), max_size=3)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({"words": phrases}, optional={"also_finds": phrases, "also": phrases})))
def test_fast_and_full_schema_checks_agree(entries):
    """fastjsonschema passes a valid file and jsonschema explains a failure
    (schema_check.py): on this schema's if/then/else too, they must agree."""
    schema = ROOT / search_words.SCHEMA
    data = {"synonyms": entries}
    try:
        _fast_check(schema)(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == _validator(schema).is_valid(data)


# --- the words themselves -------------------------------------------------------


def _site_pages() -> list[set[str]]:
    """The words of each source file whose text the site shows."""
    paths = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "case_studies").glob("[!_]*.yml")]
    paths += [path for path in (ROOT / "data").glob("*.yml") if path.name != "search-words.yml"]
    return [set(words(path.read_text(encoding="utf-8"))) for path in paths]


def test_every_also_finds_phrase_is_on_the_site():
    """`also_finds` is for words the site uses: one it does not use finds nothing."""
    pages = _site_pages()
    missing = [
        f"line {entry.line}: {phrase}"
        for entry in search_words.load(ROOT, [])
        for phrase in entry.also_finds
        if not any(set(words(phrase)) <= page for page in pages)
    ]
    assert missing == []
