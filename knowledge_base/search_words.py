"""Words that search treats as the same (data/search-words.yml): other
spellings, abbreviations and everyday words for the site's terms.

`load` reads and checks the file; `for_index` turns it into what the build
writes into the search data for the worker. Phrases are compared and written
as search reads them (knowledge_base/search_text.py), so "Co-production" and
"co-production" are one phrase, and "the" is no phrase at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import data_file
from .problems import Problem
from .safe_yaml import LoadedFile, field_name
from .search_text import STOP_WORDS, words

FILE = "data/search-words.yml"
SCHEMA = "data/search-words.schema.json"
_HYPHENS = re.compile(r"[-\u2010\u2011]")


@dataclass(frozen=True)
class Synonyms:
    words: tuple[str, ...]  # typing any of these finds pages with the others
    also_finds: tuple[str, ...]  # one way: typing a word above also finds these
    line: int  # of the entry in data/search-words.yml


def load(root: Path, problems: list[Problem]) -> list[Synonyms]:
    """Every entry of the file, with its problems added to `problems`."""
    loaded = data_file.load(root, FILE, SCHEMA, problems)
    if loaded is None:
        return []
    groups = []
    for i, entry in enumerate(loaded.data["synonyms"]):
        groups.append(
            Synonyms(tuple(entry["words"]), tuple(entry.get("also_finds", ())), loaded.line_of(("synonyms", i)))
        )
    problems.extend(_check(loaded))
    return groups


def _check(loaded: LoadedFile) -> list[Problem]:
    """What the schema cannot see: phrases search would read as nothing, and
    phrases search reads the same, within an entry or in two entries' words.
    Across entries, phrases are compared as the index writes them, so that
    "co-production" and "coproduction" (one word to the worker) are never
    in two entries; within one, they may both be listed."""
    found = []
    in_words: dict[tuple[str, ...], tuple[int, int, str]] = {}  # phrase as indexed -> (entry, line, as written)
    for i, entry in enumerate(loaded.data["synonyms"]):
        in_entry: dict[tuple[str, ...], str] = {}
        for key in ("words", "also_finds"):
            for j, phrase in enumerate(entry.get(key, [])):
                at = ("synonyms", i, key, j)
                line = loaded.line_of(at)
                read, indexed = tuple(words(phrase)), tuple(_read(phrase))
                other_entry, other_line, other = in_words.get(indexed, (i, 0, ""))  # (i, ...): no other entry
                message = None
                if not read:
                    message = (
                        f"search ignores '{phrase}': it leaves out common words such as 'the', 'and' and 'what', "
                        "so this finds nothing; remove it, or write a word that says more"
                    )
                elif read in in_entry:
                    message = f"'{phrase}' is already in this entry{_same_as(phrase, in_entry[read])}: remove one"
                elif key == "words" and other_entry != i:
                    message = (
                        f"'{phrase}' is also in the words of the entry on line {other_line}"
                        f"{_same_as(phrase, other)}: merge the two entries or remove one"
                    )
                if message:
                    found.append(Problem(loaded.path, line, field_name(at), message))
                    continue
                in_entry[read] = phrase
                if key == "words":
                    in_words.setdefault(indexed, (i, line, phrase))
    return found


def _same_as(phrase: str, other: str) -> str:
    return "" if phrase == other else f" (search reads it the same as '{other}')"


def for_index(groups: list[Synonyms]) -> list[dict]:
    """The entries as the search worker reads them: each phrase as a list of
    words, `also` only when there is one. Phrases that read as nothing are
    left out (the checks have already reported them)."""
    result = []
    for group in groups:
        entry: dict = {"words": _phrases(group.words)}
        also = _phrases(group.also_finds)
        if also:
            entry["also"] = also
        if entry["words"]:
            result.append(entry)
    return result


def _phrases(phrases: tuple[str, ...]) -> list[list[str]]:
    """Each phrase read once; two phrases that read the same are written once."""
    result: list[list[str]] = []
    for phrase in phrases:
        read = _read(phrase)
        if read and read not in result:
            result.append(read)
    return result


def _read(phrase: str) -> list[str]:
    """A phrase's words as search reads them, but a hyphenated word as its
    joined form only ("co-production" is ["coproduction"]): the index holds
    every hyphenated word joined up as well, so that form alone finds it."""
    found: list[str] = []
    for chunk in phrase.split():
        read = words(chunk, keep_stop_words=True)
        parts = words(_HYPHENS.sub(" ", chunk), keep_stop_words=True)
        # words() adds one joined form after the parts of a hyphenated word.
        found += read[-1:] if len(read) > len(parts) else read
    return [word for word in found if word not in STOP_WORDS]
