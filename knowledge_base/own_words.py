"""Is every sentence in our own words? The near-verbatim check, without the guide's text.

The site must state the guide's facts in its own words. The maintainers' tool
(`near-verbatim`, kept beside the guide, outside this repository) compares
each sentence of 8+ words in case_studies/, docs/ and data/ with the closest
sentence of the guide, word by word (difflib's ratio). A sentence at 0.8 or
more reads as the guide's sentence with a few words swapped.

CI runs on a clean clone, where the guide's text is not available, and the
repository must not carry it. So the repository ships a fingerprint instead
(data/guide-sentences.json, written by tools/guide_fingerprint.py): each
guide sentence as the list of its words, each word hashed to a short hex
string. difflib compares lists of hashes exactly as it compares lists of
words, so the ratios are the same as the tool's.

This module reads text the way the tool does (the same sentence splitting,
the same words, names and titles of things and bare YAML keys left out, the
same 8-word minimum, the same ratio) with one difference that can only make
it stricter: the tool tries the 40 guide sentences sharing the most words
with a sentence (ties in an order that changes from run to run), this
module finds the closest guide sentence of all, using an upper bound on the
ratio to skip the ones that cannot beat the best so far.

A second difference, also stricter: the tool reads text line by line, so
a sentence that Markdown or a YAML block wraps over several lines is
compared in pieces, and a close copy split in two can score under 0.7 (on
2 December 2026, docs/ read with its paragraphs joined had 14 sentences at
0.7 or more where reading it line by line found 11; all were rewritten).
This module also reads each wrapped sentence whole (`wrapped_sentences`).

The fingerprint hides the text from reading and searching, not from
someone determined: hashes of single words can be matched against a word
list. It is a way of not republishing the guide, not a secret.

Pure functions; the standard library, and PyYAML for the exceptions file.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

# The tool's rules, kept identical (tests/test_own_words.py checks them
# against the tool itself when it is on the machine).
WORD = re.compile(r"[a-z0-9']+")
_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*[\n|]\s*")
_NAMES = re.compile(r"^\s*(-\s+)?(title|name|label):.*$")  # names of things
_BARE_KEY = re.compile(r"^\s*[a-z_]+:\s*(\||>-?)?\s*$")  # a key with its value on the next lines
_KEY = re.compile(r"^\s*(-\s+)?[a-z_]+:\s")  # the key before a value
GUIDE_MIN_WORDS = 6
MIN_WORDS = 8
FAIL_AT = 0.8  # any sentence at or above this fails
BORDERLINE_AT = 0.7  # at most BORDERLINE_SHARE of sentences may reach this
BORDERLINE_SHARE = 0.01
DIGEST_BYTES = 4  # 8 hex digits: no two words of the guide or the site collide
FOLDERS = ("case_studies", "docs", "data")
FINGERPRINT_FILE = "data/guide-sentences.json"
EXCEPTIONS_FILE = "tests/own_words_exceptions.yml"
FIX = "say it in a sentence of your own (a different structure, not a few swapped words)"


def sentences(text: str) -> list[str]:
    """The tool's sentences: split after . ! ? and at a new line or a table bar."""
    return [s for s in _SPLIT.split(re.sub(r"\s+", " ", text)) if s]


def words(sentence: str) -> list[str]:
    return WORD.findall(sentence.lower().replace("\u2019", "'"))


def hash_word(word: str) -> str:
    return hashlib.blake2b(word.encode("utf-8"), digest_size=DIGEST_BYTES).hexdigest()


def fingerprint(guide_text: str) -> list[list[str]]:
    """Every guide sentence of 6+ words as the list of its hashed words."""
    return [[hash_word(w) for w in ws] for ws in map(words, sentences(guide_text)) if len(ws) >= GUIDE_MIN_WORDS]


def without_names(line: str) -> str:
    """One line of a project file as the tool reads it: names and titles of
    things, bare keys and the keys before values left out."""
    if _NAMES.match(line) or _BARE_KEY.match(line):
        return " "
    return _KEY.sub(" ", line, count=1)


@dataclass(frozen=True)
class Sentence:
    path: str
    line: int
    text: str
    words: tuple[str, ...]


def project_sentences(path: str, text: str) -> Iterator[Sentence]:
    """Each sentence of 8+ words in one file, with its line number."""
    for number, line in enumerate(text.split("\n"), start=1):
        for s in sentences(without_names(line)):
            ws = words(s)
            if len(ws) >= MIN_WORDS:
                yield Sentence(path, number, s.strip(), tuple(ws))


# A line that starts something new rather than carrying on the line above:
# a list item, a heading, a table row, a quote, or a YAML key.
_STARTS_ITEM = re.compile(r"^\s*([-*+>#|]|\d+\.\s|[a-z_]+:(\s|$))")


def wrapped_sentences(path: str, text: str) -> Iterator[Sentence]:
    """Sentences that Markdown or a YAML block wraps over several lines,
    read whole. The tool reads line by line and so compares such a sentence
    in pieces, where a close copy split in two can score under 0.7; these are
    checked as well as the pieces (only those that do span a line break)."""
    lines = text.split("\n")
    items: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            items.append((number, []))
        elif _STARTS_ITEM.match(line) or not items or not items[-1][1]:
            items.append((number, [without_names(line)]))
        else:
            items[-1][1].append(line)
    for first, item in items:
        if len(item) < 2:
            continue
        parts = [re.sub(r"\s+", " ", part).strip() for part in item]
        joined = " ".join(parts)
        starts, offset = [], 0  # where each physical line begins in `joined`
        for part in parts:
            starts.append(offset)
            offset += len(part) + 1
        position = 0
        for s in sentences(joined):
            s = s.strip()
            begin = joined.find(s, position)
            position = begin + len(s)
            first_line = sum(1 for o in starts if o <= begin) - 1
            last_line = sum(1 for o in starts if o < position) - 1
            ws = words(s)
            if first_line != last_line and len(ws) >= MIN_WORDS:
                yield Sentence(path, first + first_line, s.strip(), tuple(ws))


def project_files(root: Path, folders: Iterable[str] = FOLDERS) -> list[Path]:
    """The tool's files: every .yml then every .md under each folder, leaving
    out names starting with _ (the case-study template)."""
    files = []
    for folder in folders:
        base = root / folder
        found = [base] if base.is_file() else sorted(base.rglob("*.yml")) + sorted(base.rglob("*.md"))
        files += [p for p in found if not p.name.startswith("_")]
    return files


@dataclass(frozen=True)
class Match:
    ratio: float
    guide_sentence: int  # its position among the fingerprint's sentences, from 0
    shared: tuple[bool, ...]  # for each word of the project sentence: part of a run the guide has too


class Guide:
    """The guide's sentences (hashed), indexed by word like the tool, so a
    sentence is only compared with guide sentences that share a word with it."""

    def __init__(self, hashed_sentences: list[list[str]]):
        self.sentences = hashed_sentences
        # word -> [(guide sentence, how often the word is in it)]
        self._index: dict[str, list[tuple[int, int]]] = {}
        for i, s in enumerate(hashed_sentences):
            for token, count in Counter(s).items():
                self._index.setdefault(token, []).append((i, count))

    @classmethod
    def from_file(cls, path: Path) -> Guide:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls([s.split() for s in data["sentences"]])

    def closest(self, sentence_words: Iterable[str]) -> Match:
        """The closest guide sentence of all, and how close it is."""
        hashed = [hash_word(w) for w in sentence_words]
        # difflib's ratio is 2M/T, and M (the words matched in order) is at most
        # the words the two have in common in any order: an upper bound.
        common: dict[int, int] = {}
        for token, count in Counter(hashed).items():
            for i, in_guide in self._index.get(token, ()):
                common[i] = common.get(i, 0) + min(count, in_guide)
        bounds = sorted(
            ((2 * m / (len(hashed) + len(self.sentences[i])), i) for i, m in common.items()),
            key=lambda b: (-b[0], b[1]),
        )
        # The project sentence first and the guide's second, as the tool does:
        # difflib's ratio can differ when the two are swapped.
        best, twin, matcher = 0.0, None, difflib.SequenceMatcher(None, hashed, autojunk=False)
        for bound, i in bounds:
            if bound <= best:  # sorted: no guide sentence left can do better
                break
            matcher.set_seq2(self.sentences[i])
            ratio = matcher.ratio()
            if ratio > best:
                best, twin = ratio, i
        if twin is None:
            return Match(0.0, -1, tuple(False for _ in hashed))
        matcher.set_seq2(self.sentences[twin])
        shared = [False] * len(hashed)
        for block in matcher.get_matching_blocks():
            for k in range(block.a, block.a + block.size):
                shared[k] = True
        return Match(best, twin, tuple(shared))


@dataclass(frozen=True)
class Finding:
    sentence: Sentence
    match: Match

    def marked(self) -> str:
        """The sentence's words, with those in a run the guide also has in capitals."""
        return " ".join(w.upper() if s else w for w, s in zip(self.sentence.words, self.match.shared, strict=True))

    def __str__(self) -> str:
        s = self.sentence
        return (
            f"{s.path}:{s.line}: {self.match.ratio:.2f} like the guide's sentence {self.match.guide_sentence + 1}: "
            f'"{s.text}"\n    words it shares with the guide, in order, in capitals: {self.marked()}'
        )


@dataclass(frozen=True)
class Exception_:
    path: str
    sentence: str
    why: str


def load_exceptions(path: Path) -> list[Exception_]:
    """The sentences allowed to stay, each with its file and the reason
    (tests/own_words_exceptions.yml). A missing reason is an error."""
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("exceptions") or []
    out = []
    for n, entry in enumerate(entries, start=1):
        entry = entry if isinstance(entry, dict) else {}
        missing = [k for k in ("file", "sentence", "why") if not str(entry.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path}: exception {n}: give {', '.join(missing)}")
        out.append(Exception_(entry["file"], entry["sentence"], entry["why"]))
    return out


@dataclass
class Report:
    total: int
    findings: list[Finding]  # every sentence at BORDERLINE_AT or more, closest first
    excused: list[Finding]
    unused_exceptions: list[Exception_]

    @property
    def copies(self) -> list[Finding]:
        return [f for f in self.findings if f.match.ratio >= FAIL_AT]

    @property
    def too_many_borderline(self) -> bool:
        return len(self.findings) > BORDERLINE_SHARE * self.total

    @property
    def passed(self) -> bool:
        return not self.copies and not self.too_many_borderline and not self.unused_exceptions

    def summary(self) -> str:
        return (
            f"{self.total} sentences of {MIN_WORDS}+ words; {len(self.copies)} at {FAIL_AT} or more (none allowed); "
            f"{len(self.findings)} at {BORDERLINE_AT} or more (at most {BORDERLINE_SHARE:.0%}, "
            f"{int(BORDERLINE_SHARE * self.total)}); {len(self.excused)} excused in the exceptions file"
        )

    def message(self) -> str:
        lines = [self.summary()]
        if self.copies:
            lines.append(f"These track a sentence of the guide too closely: {FIX}.")
            lines += [str(f) for f in self.copies]
        if self.too_many_borderline:
            lines.append(f"Too many sentences at {BORDERLINE_AT} or more: {FIX}, starting with the closest.")
            lines += [str(f) for f in self.findings if f.match.ratio < FAIL_AT]
        for e in self.unused_exceptions:
            stale = f"matches no sentence at {BORDERLINE_AT} or more now: remove it"
            lines.append(f"{e.path}: the exception for {e.sentence!r} {stale}")
        return "\n".join(lines)


def check(root: Path, guide: Guide, exceptions: list[Exception_] = (), folders: Iterable[str] = FOLDERS) -> Report:
    """Compare every sentence of 8+ words under `folders` with the guide."""
    excusable = {(e.path, e.sentence): e for e in exceptions}
    used, findings, excused, total = set(), [], [], 0
    for path in project_files(root, folders):
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        text = path.read_text(encoding="utf-8")
        for sentence in [*project_sentences(relative, text), *wrapped_sentences(relative, text)]:
            total += 1
            match = guide.closest(sentence.words)
            if match.ratio < BORDERLINE_AT:
                continue
            finding = Finding(sentence, match)
            key = (relative, sentence.text)
            if key in excusable:
                used.add(key)
                excused.append(finding)
            else:
                findings.append(finding)
    findings.sort(key=lambda f: (-f.match.ratio, f.sentence.path, f.sentence.line))
    unused = [e for k, e in excusable.items() if k not in used]
    return Report(total, findings, excused, unused)


def main(argv: list[str] | None = None) -> int:
    """python -m knowledge_base.own_words [FOLDER_OR_FILE ...]: the check, from the repository's root."""
    import sys

    root = Path.cwd()
    args = sys.argv[1:] if argv is None else argv
    guide = Guide.from_file(root / FINGERPRINT_FILE)
    exceptions = load_exceptions(root / EXCEPTIONS_FILE) if (root / EXCEPTIONS_FILE).exists() else []
    report = check(root, guide, exceptions, args or FOLDERS)
    if args:  # a few files: an exception for another file is not stale
        report.unused_exceptions = []
    print(report.message() if report.findings or report.unused_exceptions else report.summary())
    return 0 if report.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
