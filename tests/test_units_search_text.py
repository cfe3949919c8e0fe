"""How search reads text into words (knowledge_base/search_text.py). The
same examples are read by the search worker in tests/js/search-worker.test.js,
so the index and the queries read words alike."""

from __future__ import annotations

import json

from knowledge_base.search_text import STOP_WORDS, words
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
