"""How search reads text into words (knowledge_base/search_text.py). The
same examples are read by the search worker in tests/js/search-worker.test.js,
so the index and the queries read words alike."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from knowledge_base.search_text import STOP_WORDS, word_counts, words
from tests.helpers import ROOT

EXAMPLES = ROOT / "tests/examples/search-words-read.json"


def test_the_examples_the_worker_also_reads():
    examples = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    for text, expected in examples.items():
        if not text.startswith("_"):
            assert words(text) == expected, text


def test_the_worker_tests_use_the_stop_words_the_index_leaves_out():
    stop = json.loads((ROOT / "tests/examples/search-stop-words.json").read_text(encoding="utf-8"))
    assert set(stop) == STOP_WORDS


def test_stop_words_can_be_kept():
    assert words("What is the ladder?") == ["ladder"]
    assert words("What is the ladder?", keep_stop_words=True) == ["what", "is", "the", "ladder"]


@given(st.text(alphabet="ab é1_-‐'’ .,()/\n\"*x", max_size=40))
def test_word_counts_finds_the_words_words_finds(text):
    """The index counts words the fast way; it must find the same words."""
    assert word_counts(text) == Counter(words(text))


def test_word_counts_on_real_text():
    text = "Co-production's (peer-led) work: one-to-one; a/b-c x-y-z-w the carer’s."
    assert word_counts(text) == Counter(words(text))
    assert word_counts(text)["coproductions"] == 1 and "the" not in word_counts(text)
