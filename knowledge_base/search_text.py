"""How search reads text into words: one rule for the index the build
writes and for the queries the search worker reads
(docs/assets/javascripts/search-worker.js does the same in JavaScript, and
tests/js/search-worker.test.js checks the two agree on examples).

- Lower case; apostrophes dropped ("carer's" and "carers" are one word).
- Split at anything that is not a letter or a digit.
- A word joined by hyphens (co-production, peer-led) is also indexed
  joined up (coproduction, peerled), so that either spelling finds it.
- Stop words ("the", "and", "what"...) are left out: they never decide
  which page comes first.

Pure functions, standard library only.
"""

from __future__ import annotations

import re
from collections import Counter

# lunr's English stop words (lunr.js 2.3.9, MIT licence), as Material's
# search has always left out; the worker gets this list from the index.
STOP_WORDS = frozenset(
    """
a able about across after all almost also am among an and any are as at be because been but by can cannot could
dear did do does either else ever every for from get got had has have he her hers him his how however i if in into
is it its just least let like likely may me might most must my neither no nor not of off often on only or other our
own rather said say says she should since so some than that the their them then there these they this tis to too
twas us wants was we were what when where which while who whom why will with would yet you your
""".split()
)

_APOSTROPHES = re.compile(r"['\u2019\u2018]")
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
# A chunk joined by hyphens only, two or three parts: co-production,
# one-to-one. Longer runs (addresses, codes) are not joined up.
_HYPHENATED = re.compile(r"^[^\W_]+(?:[-\u2010\u2011][^\W_]+){1,2}$")
_EDGES = '()[]{}.,;:!?"*<>/\\|'  # stripped from a chunk's ends before it is read as hyphenated


def words(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The words of `text` as search reads them, in order, with each
    hyphenated word's joined form right after its parts."""
    found: list[str] = []
    for chunk in _SPACE.split(_APOSTROPHES.sub("", text.lower())):
        core = chunk.strip(_EDGES)
        parts = [part for part in _NOT_WORD.split(chunk) if part]
        found += parts
        if len(parts) > 1 and _HYPHENATED.match(core):
            found.append("".join(parts))
    if keep_stop_words:
        return found
    return [word for word in found if word not in STOP_WORDS]


# word_counts' way to the same words: every run of letters and digits,
# and the joined form of each chunk (between spaces) with a hyphen in it
# that is a hyphenated word once its edges are stripped. (\w is faster than
# [^\W_] and the same where there is no "_".)
_WORD = re.compile(r"[^\W_]+")
_WORD_OR_UNDERSCORE = re.compile(r"\w+")


def word_counts(text: str) -> Counter:
    """How often each word of words(text) comes, found with one regular
    expression over the whole text instead of a loop over its chunks: the
    index reads every page this way."""
    lowered = _APOSTROPHES.sub("", text.lower())
    counts = Counter((_WORD if "_" in lowered else _WORD_OR_UNDERSCORE).findall(lowered))
    hyphenated = [c for c in lowered.split() if "-" in c or "\u2010" in c or "\u2011" in c]
    for chunk in hyphenated:
        if _HYPHENATED.match(chunk.strip(_EDGES)):
            counts["".join(_NOT_WORD.split(chunk))] += 1
    for word in STOP_WORDS & counts.keys():
        del counts[word]
    return counts
