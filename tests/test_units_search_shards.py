"""The split search index (mkdocs_knowledge_base/material_9_8/search_index.py): pure functions.
The browser tests in test_search.py check the worker that reads it."""

from __future__ import annotations

import json
import math

from knowledge_base import offline
from mkdocs_knowledge_base.material_9_8 import search_index

CONFIG = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 5}, "tags": {"boost": 2}, "text": {"boost": 1.0}},
}


def doc(location, title, text, **extra):
    return {"location": location, "title": title, "text": text, **extra}


def test_words_are_read_from_the_html_as_search_reads_them():
    words = search_index.tokens("<p>Peer support, for co-production at <code>work.</code> A&amp;E</p>")
    # Tags end words, entities are decoded; knowledge_base/search_text does the rest.
    assert words == ["peer", "support", "co", "production", "coproduction", "work", "e"]
    assert search_index.tokens(["Paid work", "Benefits"]) == ["paid", "work", "benefits"]


def test_a_weight_is_lunrs_bm25_with_the_field_boost():
    docs = [doc("a/", "Crisis", "<p>crisis crisis</p>"), doc("b/", "Other", "<p>nothing</p>", boost=3)]
    weights = search_index.weights(docs, CONFIG)
    idf = math.log(1 + (2 - 2 + 0.5) / (2 + 0.5))  # in two fields of one page: counted twice
    title = idf * 2.2 * 1 / (1.2 + 1) * 5
    text = idf * 2.2 * 2 / (1.2 + 2) * 1
    assert weights["crisis"] == {0: round((round(title, 3) + round(text, 3)) * 1000)}
    # A page's boost multiplies its weights.
    idf = math.log(1 + (2 - 1 + 0.5) / (1 + 0.5))
    assert weights["nothing"] == {1: round(round(idf * 2.2 / 2.2 * 3, 3) * 1000)}


def test_pages_are_split_into_their_own_files_with_sections_together():
    index = {
        "config": CONFIG,
        "docs": [
            doc("a/", "Page A", "<p>alpha</p>"),
            doc("b/", "Page B", "<p>beta</p>"),
            doc("a/#more", "More", "<p>alpha again</p>"),  # out of order: filed with its page
        ],
    }
    files = search_index.split_index(json.dumps(index))
    table = files["docs.json"]
    assert table["pages"] == [["a/", [["", "Page A"], ["more", "More"]]], ["b/", [["", "Page B"]]]]
    assert files["p/0.json"] == ["<p>alpha</p>", "<p>alpha again</p>"]
    assert files["p/1.json"] == ["<p>beta</p>"]
    # Sections are numbered in that order: alpha is in sections 0 and 1.
    alpha = files["t/" + b"alp".hex() + ".json"]["alpha"]
    sections = [sum(alpha[0 : i + 1 : 2]) for i in range(0, len(alpha), 2)]
    assert sections == [0, 1]
    word_files = {name for name in files if name.startswith("t/")}
    assert word_files == {f"t/{key.encode().hex()}.json" for key in table["keys"]}


def test_the_index_the_page_loads_keeps_the_settings_and_drops_the_text():
    index = {"config": CONFIG, "docs": [doc("a/", "A", "<p>one</p>")]}
    small = search_index.split_index(json.dumps(index))["search_index.json"]
    # Material hands the worker the config only: the version goes in it.
    assert small["docs"] == [] and small["config"] == {**CONFIG, "kb": {"version": small["config"]["kb"]["version"]}}
    changed = {"config": CONFIG, "docs": [doc("a/", "A", "<p>two</p>")]}
    changed_small = search_index.split_index(json.dumps(changed))["search_index.json"]
    assert changed_small["config"]["kb"]["version"] != small["config"]["kb"]["version"]
    synonyms = [{"words": [["organisation"], ["organization"]]}]
    with_synonyms = search_index.split_index(json.dumps(index), synonyms=synonyms)["search_index.json"]
    assert with_synonyms["config"]["kb"]["version"] != small["config"]["kb"]["version"]


def test_the_worker_gets_the_stop_words_synonyms_and_other_names():
    index = {
        "config": CONFIG,
        "docs": [doc("a/", "Reluctance", "<p>x organisation</p>", tags=["staff resistance", "rock the boat"])],
    }
    synonyms = [{"words": [["organisation"], ["organization"]]}, {"words": [["tokenism"]], "also": [["ladder"]]}]
    files = search_index.split_index(json.dumps(index), synonyms=synonyms)
    table = files["docs.json"]
    assert "the" in table["stop"] and "what" in table["stop"]
    # A term's search words count as its title: read as search reads them,
    # each word's file lists the pages it names.
    assert table["pages"] == [["a/", [["", "Reluctance"]]]]
    assert files["t/" + b"sta".hex() + ".json"]["="] == {"staff": [0]}
    assert files["t/" + b"boa".hex() + ".json"]["="] == {"boat": [0]}
    # Each group is in the word file of each phrase's first word, even where
    # the index has no such word (tokenism).
    assert files["t/" + b"org".hex() + ".json"][""] == [{"id": 0, **synonyms[0]}]
    assert files["t/" + b"tok".hex() + ".json"] == {"": [{"id": 1, **synonyms[1]}]}
    assert "tok" in table["keys"]


def test_when_nothing_matches_the_pages_to_offer_are_chosen_by_address():
    docs = [
        doc("case-studies/", "All case studies", ""),
        doc("case-studies/#all", "All case studies", "<p>Filter them by barrier.</p>"),
        doc("case-studies/x/", "X", "<p>One case.</p>"),
        doc("questions/pay/", "Pay", "<p>From the guide: Section one.</p><p>Paid work and your benefits.</p>"),
        doc("questions/pay/#more", "More", "<p>more</p>"),
    ]
    found = search_index.ways_on(docs, ["questions/*", "case-studies/"], lambda location: location + "index.html")
    # In the order of the patterns; the first paragraph that is not the
    # line naming the guide's sections; addresses as `locate` gives them.
    assert found == [
        ["questions/pay/index.html", "Pay", "Paid work and your benefits."],
        ["case-studies/index.html", "All case studies", "Filter them by barrier."],
    ]


def test_the_offline_copy_has_every_file_inside_the_index():
    index = {"config": CONFIG, "docs": [doc("", "Home", "<p>alpha</p>"), doc("b/", "B", "<p>beta</p>")]}
    files = search_index.split_index(json.dumps(index), embed=True, locate=offline.search_location)
    assert list(files) == ["search_index.json"]
    inside = files["search_index.json"]["config"]["kb"]["files"]
    assert {"docs.json", "p/0.json", "p/1.json", "t/616c70.json"} <= set(inside)
    assert [page[0] for page in inside["docs.json"]["pages"]] == ["index.html", "b/index.html"]
    assert inside["help.json"]["home"] == "index.html"


def test_words_are_filed_by_their_first_three_letters():
    assert search_index.key_of("commissioner") == "com"
    assert search_index.key_of("co") == "co"
    assert search_index.file_name("com") == "636f6d"
    assert search_index.file_name("(é") == "28c3a9"  # any character makes a safe name


def test_pages_are_pointed_at_our_worker():
    page = (
        '<script id="__config" type="application/json">{"base": "../..", "search": '
        '"../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>'
    )
    changed = search_index.use_worker(page, "search-worker.js")
    assert '"search": "../../assets/javascripts/search-worker.js"' in changed
    assert changed.replace("search-worker.js", "workers/search.a7633da7.min.js") == page
    assert search_index.use_worker("<p>no config</p>", "search-worker.js") == "<p>no config</p>"
