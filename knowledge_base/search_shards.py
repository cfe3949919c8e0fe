"""Split Material's search index into small files, so that a search
downloads only what it needs.

Material's search loads one file holding every page's text (about 1.5 MB
gzipped at 1,000 case studies) before it can answer anything. From that same
file this module writes:

  search/docs.json        every page's address and section titles, and the
                          list of word files (about 30 KB gzipped at 1,000);
  search/t/<key>.json     for the words starting with the same three letters
                          (<key> is those letters in hex), which sections use
                          them and how much each use weighs;
  search/p/<n>.json       the text of page n's sections, for the results shown.

The weights are the ones Material's search engine (lunr, set up as Material
sets it up) would compute, so results are ranked as before:
docs/assets/javascripts/search-worker.js reads these files and answers
Material's search box in its place. Pure functions: no MkDocs import.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict

# lunr's English stop words (lunr.js 2.3.9, MIT licence), which Material's
# "stopWordFilter" drops from the index.
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but by can cannot could
dear did do does either else ever every for from get got had has have he her hers him his how however i if in into
is it its just least let like likely may me might most must my neither no nor not of off often on only or other our
own rather said say says she should since so some than that the their them then there these they this tis to too
twas us wants was we were what when where which while who whom why will with would yet you your
""".split())

K1 = 1.2             # lunr's BM25 term-frequency saturation; Material sets b to 0
PREFIX_LENGTH = 3    # words are filed by their first three letters
_TAG = re.compile(r"<[^>]*>")


def key_of(term: str) -> str:
    """The file a word is filed in: its first three letters (a shorter word
    has a file of its own). The search worker computes the same."""
    return term[:PREFIX_LENGTH]


def file_name(key: str) -> str:
    """A safe file name for any key: its UTF-8 bytes in hex."""
    return key.encode("utf-8").hex()


def tokens(value: str | list[str], separator: re.Pattern) -> list[str]:
    """The words lunr indexes for a field, as Material tokenizes it: text
    outside tags, split at the separator, lower-cased, stop words dropped
    (Material keeps punctuation: "work." is a word of its own)."""
    values = value if isinstance(value, list) else [value]
    words = []
    for text in values:
        for part in _TAG.split(text):
            words.extend(word.lower() for word in separator.split(part) if word)
    return [word for word in words if word not in STOP_WORDS]


def _round3(value: float) -> float:
    """JavaScript's Math.round(value * 1000) / 1000, as lunr rounds."""
    return math.floor(value * 1000 + 0.5) / 1000


def weights(docs: list[dict], config: dict) -> dict[str, dict[int, int]]:
    """For each word, the weight it gives each section (thousandths): lunr's
    BM25 score with b = 0, times the field's and the page's boost, summed
    over the fields (title, text, tags), as lunr's query scoring sums them."""
    separator = re.compile(config["separator"])
    fields = {name: float((spec or {}).get("boost", 1)) for name, spec in config["fields"].items()}
    counts: dict[str, dict[tuple[int, str], int]] = defaultdict(lambda: defaultdict(int))
    for number, doc in enumerate(docs):
        for field in fields:
            if doc.get(field) is not None:
                for word in tokens(doc[field], separator):
                    counts[word][(number, field)] += 1
    total = len(docs)
    result = {}
    for word, uses in counts.items():
        with_word = len(uses)  # lunr counts a section once per field it is in
        idf = math.log(1 + abs((total - with_word + 0.5) / (with_word + 0.5)))
        per_doc: dict[int, float] = defaultdict(float)
        for (number, field), tf in uses.items():
            boost = fields[field] * float(docs[number].get("boost", 1))
            per_doc[number] += _round3(idf * (K1 + 1) * tf / (K1 + tf) * boost)
        result[word] = {number: round(score * 1000) for number, score in per_doc.items()}
    return result


def _pages(docs: list[dict]) -> list[list[int]]:
    """Section numbers grouped by page; Material lists a page's sections
    right after the page itself."""
    pages: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        pages.setdefault(doc["location"].split("#")[0], []).append(number)
    return list(pages.values())


def split_index(index: dict) -> dict[str, object]:
    """The files to write under search/ (name -> JSON value), from the
    contents of Material's search_index.json. The first is the
    search_index.json Material's page script loads, now without the text."""
    config = index["config"]
    # Number sections page by page, so a page's sections are consecutive.
    order = [number for page in _pages(index["docs"]) for number in page]
    docs = [index["docs"][number] for number in order]
    by_key: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word, per_doc in sorted(weights(docs, config).items()):
        postings, previous = [], 0
        for number in sorted(per_doc):  # section numbers as gaps: smaller files
            postings += [number - previous, per_doc[number]]
            previous = number
        by_key[key_of(word)][word] = postings

    files: dict[str, object] = {}
    pages = []
    first = 0
    for page_number, page in enumerate(_pages(docs)):
        sections = [docs[first + offset] for offset in range(len(page))]
        pages.append([sections[0]["location"].split("#")[0],
                      [[doc["location"].partition("#")[2], doc["title"]] for doc in sections]])
        files[f"p/{page_number}.json"] = [doc["text"] for doc in sections]
        first += len(page)
    for key, words in by_key.items():
        files[f"t/{file_name(key)}.json"] = words
    files["docs.json"] = {"keys": sorted(by_key), "pages": pages}
    version = hashlib.sha256(json.dumps(index, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    files = {"search_index.json": {"config": config, "docs": [], "shards": {"version": version}}, **files}
    return files


_MATERIAL_WORKER = re.compile(r'("search": ")([^"]*?)workers/search\.[0-9a-f]+\.min\.js(")')


def use_worker(page_html: str, worker: str) -> str:
    """Point a page's Material configuration at our search worker (`worker`
    is its path under assets/javascripts/, e.g. 'search-worker.js')."""
    return _MATERIAL_WORKER.sub(lambda match: match[1] + match[2] + worker + match[3], page_html, count=1)
