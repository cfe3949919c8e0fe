"""Every sentence in our own words (knowledge_base/own_words.py).

The site's case studies, pages and data are compared sentence by sentence
with a fingerprint of the guide (data/guide-sentences.json): no sentence may
track one of the guide's at 0.8 or more, and at most 1% at 0.7 or more.
Exceptions, each with its reason, are in tests/own_words_exceptions.yml.

The unit tests use a made-up "guide" of our own, so this file carries none
of the guide's text. Two tests need the guide's text file and the
maintainers' near-verbatim tool, which live outside the repository; they
are skipped, saying so, where those are absent (as in CI).
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge_base import own_words
from knowledge_base.own_words import (
    Guide,
    check,
    fingerprint,
    hash_word,
    load_exceptions,
    project_sentences,
    sentences,
    words,
    wrapped_sentences,
)
from tests.helpers import ROOT

# Where the guide and the tool are kept, beside the clones (not in the repository).
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), None)
GUIDE_TXT = SHARED / "source" / "guide.txt" if SHARED else None
TOOL = SHARED / "tools" / "near-verbatim" if SHARED else None
NO_SHARED = "the guide's text and the near-verbatim tool are kept outside the repository (../shared), absent here"

# A made-up guide: each sentence is ours, about an imaginary town.
MADE_UP_GUIDE = (
    "Peer workers in Anytown meet every Tuesday to plan the community garden together. "
    "The council pays for the room, the tea and the bus fares of everyone who comes. "
    "Nobody is asked to speak before they feel ready to say something. Too short to count. "
    "The garden group chose its own chair after the first six months of meetings."
)


def made_up_project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def made_up_guide() -> Guide:
    return Guide(fingerprint(MADE_UP_GUIDE))


# --- reading text as the tool does ---


def test_sentences_split_after_stops_and_at_lines_and_table_bars():
    assert sentences("One two. Three four! Five?  Six") == ["One two.", "Three four!", "Five?", "Six"]
    assert sentences("a | b | c") == ["a", "b", "c"]
    assert sentences("3.5 people") == ["3.5 people"]  # a stop not followed by a space


def test_words_are_lower_case_with_curly_apostrophes_straightened():
    assert words("GYC’s co-production, in 2018!") == ["gyc's", "co", "production", "in", "2018"]


def test_guide_sentences_under_six_words_are_left_out():
    assert len(fingerprint(MADE_UP_GUIDE)) == 4  # "Too short to count." is not one


def test_names_titles_and_keys_are_left_out():
    text = (
        "title: Peer workers in Anytown meet every Tuesday to plan the garden\n"
        "  - name: Peer workers in Anytown meet every Tuesday to plan the garden\n"
        "summary: >-\n"
        "  Peer workers in Anytown meet every Tuesday to plan the community garden.\n"
        "    how: Peer workers in Anytown meet every Tuesday to plan the garden.\n"
        "Too few words here.\n"
    )
    found = list(project_sentences("x.yml", text))
    assert [(s.line, s.text) for s in found] == [
        (4, "Peer workers in Anytown meet every Tuesday to plan the community garden."),
        (5, "Peer workers in Anytown meet every Tuesday to plan the garden."),
    ]


def test_a_sentence_wrapped_over_lines_is_also_read_whole(tmp_path):
    """The tool compares a wrapped sentence in pieces, each too short or too
    changed to flag; read whole, the copy is found (at its first line)."""
    text = (
        "Intro line.\n"
        "\n"
        "Peer workers in Anytown meet every Tuesday\n"
        "to plan the community garden together. Short one.\n"
        "- A list item of its own that is long enough to count here.\n"
        "summary: >-\n"
        "  The council pays for the room, the tea\n"
        "  and the bus fares of everyone who comes.\n"
    )
    pieces = [s.line for s in project_sentences("x.md", text)]
    assert pieces == [5, 7, 8]  # the list item, and two 8-word pieces (each scoring 0.67)
    found = [(s.line, s.text) for s in wrapped_sentences("x.md", text)]
    assert found == [
        (3, "Peer workers in Anytown meet every Tuesday to plan the community garden together."),
        (7, "The council pays for the room, the tea and the bus fares of everyone who comes."),
    ]
    project = made_up_project(tmp_path, {"docs/page.md": text})
    report = check(project, made_up_guide(), folders=("docs",))
    assert [(f.sentence.line, round(f.match.ratio, 2)) for f in report.copies] == [(3, 1.0), (7, 1.0)]


def test_a_word_hash_is_eight_hex_digits_and_never_changes():
    """The fingerprint file was written with this hash: changing it would
    silently compare nothing with nothing."""
    assert hash_word("guide") == "ea6fa328"
    assert hash_word("co-production") != hash_word("coproduction")
    shipped = Guide.from_file(ROOT / own_words.FINGERPRINT_FILE)
    assert any(hash_word("co") in s and hash_word("production") in s for s in shipped.sentences)


# --- comparing ---


def test_the_ratio_on_hashes_is_difflibs_ratio_on_words():
    guide = made_up_guide()
    sentence = words("Peer workers in Anytown meet on Tuesdays to plan a shared garden.")
    closest = guide.closest(sentence)
    expected = max(
        difflib.SequenceMatcher(None, sentence, words(s), autojunk=False).ratio() for s in sentences(MADE_UP_GUIDE)
    )
    assert closest.ratio == pytest.approx(expected)
    assert closest.guide_sentence == 0


def test_the_closest_guide_sentence_is_the_closest_of_all():
    """The search skips guide sentences that cannot beat the best so far; it
    must find what comparing with every one of them finds."""
    guide = Guide.from_file(ROOT / own_words.FINGERPRINT_FILE)
    own = [
        s for path in sorted((ROOT / "docs/guide").glob("*.md")) for s in project_sentences(path.name, path.read_text())
    ]
    assert len(own) > 50
    for s in own[:40]:
        hashed = [hash_word(w) for w in s.words]
        brute = max(difflib.SequenceMatcher(None, hashed, g, autojunk=False).ratio() for g in guide.sentences)
        assert guide.closest(s.words).ratio == pytest.approx(brute), s.text


def test_a_sentence_sharing_no_word_with_the_guide_scores_nothing():
    assert made_up_guide().closest(words("zebras quietly graze beyond distant violet hills tonight")).ratio == 0.0


# --- the check ---


def test_a_copied_sentence_fails_naming_file_line_similarity_and_the_fix(tmp_path):
    project = made_up_project(
        tmp_path,
        {
            "docs/page.md": "# A page\n\nSome words of our own that are nothing like it at all.\n"
            "Peer workers in Anytown meet each Tuesday to plan the community garden together.\n",
        },
    )
    report = check(project, made_up_guide(), folders=["docs"])
    assert not report.passed
    [copy] = report.copies
    assert (copy.sentence.path, copy.sentence.line) == ("docs/page.md", 4)
    message = report.message()
    assert "docs/page.md:4: 0.92 like the guide's sentence 1:" in message
    assert "say it in a sentence of your own" in message
    assert "PEER WORKERS IN ANYTOWN MEET each TUESDAY" in message


def test_more_than_one_percent_at_point_seven_fails_and_one_percent_passes(tmp_path):
    own = [f"Sentence number {n} is entirely our own and shares almost nothing here." for n in range(198)]
    borderline = "Peer workers in Anytown meet each week to plan a garden together."
    assert 0.7 <= made_up_guide().closest(words(borderline)).ratio < 0.8
    two = made_up_project(tmp_path / "two", {"docs/a.md": "\n".join(own + [borderline, borderline])})
    report = check(two, made_up_guide(), folders=["docs"])
    assert report.total == 200 and len(report.findings) == 2 and not report.copies
    assert report.passed  # 2 of 200 is 1%: allowed
    three = made_up_project(tmp_path / "three", {"docs/a.md": "\n".join(own + [borderline] * 3)})
    report = check(three, made_up_guide(), folders=["docs"])
    assert not report.passed
    assert "Too many sentences at 0.7 or more" in report.message()
    assert "docs/a.md:199:" in report.message()


def write_exceptions(path: Path, entries: list[dict]) -> Path:
    import yaml

    path.write_text(yaml.safe_dump({"exceptions": entries}), encoding="utf-8")
    return path


def test_an_explained_exception_is_excused_and_a_stale_one_must_go(tmp_path):
    copied = "Peer workers in Anytown meet each Tuesday to plan the community garden together."
    project = made_up_project(tmp_path, {"docs/page.md": copied + "\n"})
    entry = {"file": "docs/page.md", "sentence": copied, "why": "a made-up name of a group"}
    exceptions = load_exceptions(write_exceptions(tmp_path / "ex.yml", [entry]))
    report = check(project, made_up_guide(), exceptions, folders=["docs"])
    assert report.passed and len(report.excused) == 1
    (project / "docs/page.md").write_text("Our own words now, nothing like the made-up guide at all.\n")
    report = check(project, made_up_guide(), exceptions, folders=["docs"])
    assert not report.passed
    assert "matches no sentence at 0.7 or more now: remove it" in report.message()


def test_an_exception_without_a_reason_is_refused(tmp_path):
    path = write_exceptions(tmp_path / "ex.yml", [{"file": "docs/page.md", "sentence": "Some sentence here."}])
    with pytest.raises(ValueError, match="exception 1: give why"):
        load_exceptions(path)


def test_the_site_is_in_its_own_words():
    """No sentence at 0.8 or more, at most 1% at 0.7 or more, every exception explained and still needed."""
    guide = Guide.from_file(ROOT / own_words.FINGERPRINT_FILE)
    exceptions = load_exceptions(ROOT / own_words.EXCEPTIONS_FILE)
    report = check(ROOT, guide, exceptions)
    assert report.total > 1000  # the folders were found
    if not report.passed:
        pytest.fail(report.message(), pytrace=False)


# --- against the guide and the tool themselves, where they are on the machine ---


@pytest.mark.skipif(GUIDE_TXT is None or not GUIDE_TXT.is_file(), reason=NO_SHARED)
def test_the_fingerprint_is_the_guides():
    sys.path.insert(0, str(ROOT / "tools"))
    from guide_fingerprint import fingerprint_json

    shipped = (ROOT / own_words.FINGERPRINT_FILE).read_text(encoding="utf-8")
    assert fingerprint_json(GUIDE_TXT.read_text(encoding="utf-8")) == shipped, "run python tools/guide_fingerprint.py"


def run_tool(*args: str) -> list[tuple[float, str, str]]:
    """The tool's lines: (similarity, file name, the sentence's first 140 characters)."""
    result = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    found = []
    for line in result.stdout.splitlines():
        m = re.match(r"^(\d\.\d\d) (\S+): (.*)$", line)
        if m:
            found.append((float(m.group(1)), m.group(2), m.group(3).strip()))
    return sorted(found, key=lambda f: (f[1], f[2]))


@pytest.mark.skipif(TOOL is None or not TOOL.is_file() or not GUIDE_TXT.is_file(), reason=NO_SHARED)
def test_it_agrees_with_the_near_verbatim_tool_on_altered_guide_sentences(tmp_path):
    """Sentences made at test time from the guide's own (as they are, a word
    swapped, words dropped, words replaced) score the same with the tool
    reading the text and with this module reading the fingerprint."""
    guide_sentences = [s for s in sentences(GUIDE_TXT.read_text(encoding="utf-8")) if 12 <= len(words(s)) <= 30]
    picked = guide_sentences[::40][:6]
    lines = []
    for n, s in enumerate(picked):
        w = words(s)
        lines += [
            f"item{n} " + " ".join(w),
            f"item{n} " + " ".join(w[:3] + [w[4], w[3]] + w[5:]),
            f"item{n} " + " ".join(w[::2] + w[1::2][:3]),
            f"item{n} " + " ".join(w[:6] + ["zebra", "violet", "umbrella"] + w[9:]),
        ]
    page = made_up_project(tmp_path, {"docs/altered.md": "\n".join(lines) + "\n"})
    from_tool = run_tool("--threshold", "0.001", str(page / "docs/altered.md"))
    guide = Guide.from_file(ROOT / own_words.FINGERPRINT_FILE)
    mine = sorted(
        (round(guide.closest(s.words).ratio, 2), "altered.md", s.text[:140].strip())
        for s in project_sentences("altered.md", (page / "docs/altered.md").read_text())
    )
    assert len(from_tool) == len(lines) == 24
    assert sorted(mine, key=lambda f: (f[1], f[2])) == from_tool


@pytest.mark.skipif(TOOL is None or not TOOL.is_file() or not GUIDE_TXT.is_file(), reason=NO_SHARED)
def test_it_finds_what_the_tool_finds_in_the_project():
    """Over case_studies, docs and data, every sentence scores at least what
    the tool gives it (the tool tries only 40 guide sentences per sentence,
    this module all that can win), so everything the tool flags at 0.7 or
    more is flagged here too."""
    from collections import defaultdict

    from_tool = defaultdict(list)
    for score, name, text in run_tool("--threshold", "0.001", *own_words.FOLDERS):
        from_tool[(name, text)].append(score)
    guide = Guide.from_file(ROOT / own_words.FINGERPRINT_FILE)
    mine, flagged = defaultdict(list), set()
    for path in own_words.project_files(ROOT):
        for s in project_sentences(path.name, path.read_text(encoding="utf-8")):
            ratio = guide.closest(s.words).ratio
            key = (path.name, s.text[:140].strip())
            mine[key].append(round(ratio + 1e-9, 2))
            if ratio >= own_words.BORDERLINE_AT:
                flagged.add(key)
    assert sum(map(len, mine.values())) > 1000
    for key, scores in mine.items():
        theirs = sorted(from_tool.get(key, []))
        theirs = [0.0] * (len(scores) - len(theirs)) + theirs  # the tool leaves out a sentence sharing no word
        assert all(a >= b for a, b in zip(sorted(scores), theirs, strict=True)), (key, scores, theirs)
    assert {(name, text) for _, name, text in run_tool("--threshold", "0.7", *own_words.FOLDERS)} <= flagged
