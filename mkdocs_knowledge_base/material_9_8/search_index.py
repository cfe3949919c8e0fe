"""Split Material's search index into small files, so that a search
downloads only what it needs.

Material's search loads one file holding every page's text (about 1.5 MB
gzipped at 1,000 case studies) before it can answer anything. From that same
file this module writes:

  search/docs.json        every page's address and section titles, and the
                          list of word files (about 35 KB gzipped at 1,000);
  search/t/<key>.json     for the words starting with the same three letters
                          (<key> is those letters in hex), which sections use
                          them and how much each use weighs;
  search/p/<n>.json       the text of page n's sections, for the results shown.

The weights are the ones Material's search engine (lunr, set up as Material
sets it up) would compute, so results are ranked as before:
docs/assets/javascripts/search-worker.js reads these files and answers
Material's search box in its place. Pure functions: no MkDocs import, but
the weights and the page configuration it rewrites mirror Material 9.8.2
(material/plugins/search and its lunr set-up), so it lives here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter, defaultdict

# lunr's English stop words (lunr.js 2.3.9, MIT licence), which Material's
# "stopWordFilter" drops from the index.
STOP_WORDS = frozenset(
    """
a able about across after all almost also am among an and any are as at be because been but by can cannot could
dear did do does either else ever every for from get got had has have he her hers him his how however i if in into
is it its just least let like likely may me might most must my neither no nor not of off often on only or other our
own rather said say says she should since so some than that the their them then there these they this tis to too
twas us wants was we were what when where which while who whom why will with would yet you your
""".split()
)

K1 = 1.2  # lunr's BM25 term-frequency saturation; Material sets b to 0
PREFIX_LENGTH = 3  # words are filed by their first three letters


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
    splitter = _splitter(separator.pattern)
    values = value if isinstance(value, list) else [value]
    return [word for text in values for word in splitter.split(text.lower()) if word and word not in STOP_WORDS]


@functools.lru_cache(maxsize=4)
def _splitter(separator: str) -> re.Pattern:
    """One pattern for tags and the separator: one pass over the text."""
    return re.compile(f"<[^>]*>|(?:{separator})")


def _round3(value: float) -> float:
    """JavaScript's Math.round(value * 1000) / 1000, as lunr rounds."""
    return math.floor(value * 1000 + 0.5) / 1000


def weights(docs: list[dict], config: dict) -> dict[str, dict[int, int]]:
    """For each word, the weight it gives each section (thousandths): lunr's
    BM25 score with b = 0, times the field's and the page's boost, summed
    over the fields (title, text, tags), as lunr's query scoring sums them."""
    separator = re.compile(config["separator"])
    fields = {name: float((spec or {}).get("boost", 1)) for name, spec in config["fields"].items()}
    uses: dict[str, list[tuple[int, float, int]]] = defaultdict(list)  # word -> (section, boost, count)
    for number, doc in enumerate(docs):
        for field, field_boost in fields.items():
            if doc.get(field) is not None:
                boost = field_boost * float(doc.get("boost", 1))
                for word, count in Counter(tokens(doc[field], separator)).items():
                    uses[word].append((number, boost, count))
    total = len(docs)
    result = {}
    for word, found in uses.items():
        with_word = len(found)  # lunr counts a section once per field it is in
        idf = math.log(1 + abs((total - with_word + 0.5) / (with_word + 0.5)))
        per_doc: dict[int, float] = defaultdict(float)
        for number, boost, tf in found:
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


def split_index(index_json: str) -> dict[str, object]:
    """The files to write under search/ (name -> JSON value), from the text
    of Material's search_index.json. The first is the search_index.json
    Material's page script loads, now without the text; its version (a hash
    of the whole index) keeps browsers from mixing files of two builds."""
    index = json.loads(index_json)
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
        pages.append(
            [
                sections[0]["location"].split("#")[0],
                [[doc["location"].partition("#")[2], doc["title"]] for doc in sections],
            ]
        )
        files[f"p/{page_number}.json"] = [doc["text"] for doc in sections]
        first += len(page)
    for key, words in by_key.items():
        files[f"t/{file_name(key)}.json"] = words
    files["docs.json"] = {"keys": sorted(by_key), "pages": pages}
    version = hashlib.sha256(index_json.encode("utf-8")).hexdigest()[:12]
    files = {"search_index.json": {"config": config, "docs": [], "shards": {"version": version}}, **files}
    return files


_MATERIAL_WORKER = re.compile(r'("search": ")([^"]*?)workers/search\.[0-9a-f]+\.min\.js(")')


def use_worker(page_html: str, worker: str) -> str:
    """Point a page's Material configuration at our search worker (`worker`
    is its path under assets/javascripts/, e.g. 'search-worker.js')."""
    return _MATERIAL_WORKER.sub(lambda match: match[1] + match[2] + worker + match[3], page_html, count=1)
