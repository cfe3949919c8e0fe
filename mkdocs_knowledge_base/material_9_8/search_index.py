"""Split Material's search index into small files, so that a search
downloads only what it needs.

Material's search loads one file holding every page's text (about 1.5 MB
gzipped at 1,000 case studies) before it can answer anything. From that same
file this module writes:

  search/docs.json        every page's address and section titles, the
                          list of word files and the stop words;
  search/t/<key>.json     for the words starting with the same three letters
                          (<key> is those letters in hex), which sections use
                          them and how much each use weighs; under "=", the
                          pages that have such a word among their search
                          words; under "", the synonym groups
                          (data/search-words.yml) with a phrase starting
                          with such a word;
  search/help.json        the pages to offer when nothing matches;
  search/p/<n>.json       the text of page n's sections, for the results shown.

Words are read as knowledge_base/search_text.py reads them, and weighed
with BM25 (lunr's formula, as Material sets it up: b = 0, each field's
boost, the page's `search.boost`). docs/assets/javascripts/search-worker.js
reads these files and answers Material's search box in its place. For the
offline copy every file goes inside search_index.json, which Material's
offline plugin turns into a script a page can load from disk. Pure
functions: no MkDocs import; the input and the page configuration it
rewrites are Material 9.8.2's, so it lives here.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from knowledge_base.search_text import STOP_WORDS, word_counts, words

K1 = 1.2  # lunr's BM25 term-frequency saturation; Material sets b to 0
PREFIX_LENGTH = 3  # words are filed by their first three letters
_TAG = re.compile(r"<[^>]*>")


def key_of(term: str) -> str:
    """The file a word is filed in: its first three letters (a shorter word
    has a file of its own). The search worker computes the same."""
    return term[:PREFIX_LENGTH]


def file_name(key: str) -> str:
    """A safe file name for any key: its UTF-8 bytes in hex."""
    return key.encode("utf-8").hex()


def tokens(value: str | list[str]) -> list[str]:
    """The words search indexes for a field (HTML text, or a list of tags):
    tags end words, entities are decoded, then knowledge_base/search_text
    reads the words."""
    values = value if isinstance(value, list) else [value]
    return [word for text in values for word in words(html.unescape(_TAG.sub(" ", text)))]


def _field_counts(value: str | list[str]) -> Counter:
    """tokens() counted, the fast way (search_text.word_counts)."""
    values = value if isinstance(value, list) else [value]
    counts: Counter = Counter()
    for text in values:
        text = _TAG.sub(" ", text)
        counts.update(word_counts(html.unescape(text) if "&" in text else text))
    return counts


def _round3(value: float) -> float:
    """JavaScript's Math.round(value * 1000) / 1000, as lunr rounds."""
    return math.floor(value * 1000 + 0.5) / 1000


def weights(docs: list[dict], config: dict) -> dict[str, dict[int, int]]:
    """For each word, the weight it gives each section (thousandths): BM25
    with b = 0, times the field's and the page's boost, summed over the
    fields (title, text, tags)."""
    fields = {name: float((spec or {}).get("boost", 1)) for name, spec in config["fields"].items()}
    uses: dict[str, list[tuple[int, float, int]]] = defaultdict(list)  # word -> (section, boost, count)
    for number, doc in enumerate(docs):
        for field, field_boost in fields.items():
            if doc.get(field) is not None:
                boost = field_boost * float(doc.get("boost", 1))
                for word, count in _field_counts(doc[field]).items():
                    uses[word].append((number, boost, count))
    total = len(docs)
    result = {}
    for word, found in uses.items():
        with_word = len(found)  # a section counts once per field it is in, as in lunr
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


def _introduction(text: str, limit: int) -> str:
    """A page's first real paragraph as plain text (still escaped), cut at a
    word: not the line naming the guide's sections the page draws on."""
    paragraphs = re.findall(r"<p>(.*?)</p>", text, re.S) or [text]
    chosen = next((p for p in paragraphs if not p.startswith("From the guide:")), paragraphs[0])
    flat = " ".join(_TAG.sub(" ", chosen).split())
    if len(flat) <= limit:
        return flat
    return flat[: flat.rfind(" ", 0, limit)] + " …"


def ways_on(docs: list[dict], patterns: Iterable[str], locate: Callable[[str], str]) -> list[list[str]]:
    """The pages search offers when nothing matches: each page whose address
    matches one of `patterns` (shell-style: 'questions/*'), in that order,
    as [address, title, a line of its text]."""
    pages = [doc for doc in docs if "#" not in doc["location"]]
    texts = {doc["location"].split("#")[0]: doc["text"] for doc in reversed(docs) if doc["text"].strip()}
    found = []
    for pattern in patterns:
        for doc in pages:
            if fnmatch.fnmatchcase(doc["location"], pattern) and doc["location"] not in [f[0] for f in found]:
                found.append([doc["location"], doc["title"], _introduction(texts.get(doc["location"], ""), 160)])
    return [[locate(location), title, text] for location, title, text in found]


def split_index(
    index_json: str,
    *,
    synonyms: list[dict] | None = None,
    no_results_pages: Iterable[str] = (),
    locate: Callable[[str], str] = lambda location: location,
    embed: bool = False,
) -> dict[str, object]:
    """The files to write under search/ (name -> JSON value), from the text
    of Material's search_index.json. The first is the search_index.json
    Material's page script loads, now without the text; its version (a hash
    of the whole index) keeps browsers from mixing files of two builds.
    `synonyms` is knowledge_base.search_words.for_index's list; `locate`
    turns a page address into the one to link to (the offline copy links
    files); `embed` puts every file inside search_index.json instead."""
    index = json.loads(index_json)
    config = index["config"]
    # Number sections page by page, so a page's sections are consecutive.
    order = [number for page in _pages(index["docs"]) for number in page]
    docs = [index["docs"][number] for number in order]
    by_key: dict[str, dict[str, list]] = defaultdict(dict)
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
        entry = [
            locate(sections[0]["location"].split("#")[0]),
            [[doc["location"].partition("#")[2], doc["title"]] for doc in sections],
        ]
        # A term page's search words (front matter tags) count as its
        # title: each word's file lists the pages it names (under "=").
        for word in sorted(set(tokens(sections[0].get("tags") or []))):
            by_key[key_of(word)].setdefault("=", {}).setdefault(word, []).append(page_number)
        pages.append(entry)
        files[f"p/{page_number}.json"] = [doc["text"] for doc in sections]
        first += len(page)
    # Each synonym group goes in the word file of each of its phrases' first
    # words (under the key "", never a word): a query loads the files of the
    # words typed anyway, so it gets the groups it can use and no others.
    for number, group in enumerate(synonyms or []):
        for key in sorted({key_of(phrase[0]) for phrase in group["words"] if phrase}):
            by_key[key].setdefault("", []).append({"id": number, **group})
    for key, found in by_key.items():
        files[f"t/{file_name(key)}.json"] = found
    files["docs.json"] = {"keys": sorted(by_key), "pages": pages, "stop": sorted(STOP_WORDS)}
    # Only when nothing matches: the pages to offer, and where a suggested
    # search opens.
    files["help.json"] = {"pages": ways_on(docs, no_results_pages, locate), "home": locate("")}
    version = hashlib.sha256((index_json + json.dumps(synonyms) + json.dumps(files["help.json"])).encode("utf-8"))
    version = version.hexdigest()[:12]
    # Material hands the worker only the index's config: what the worker
    # needs at set-up goes there.
    settings = {"version": version}
    if embed:
        settings["files"] = files
        files = {}
    return {"search_index.json": {"config": {**config, "kb": settings}, "docs": []}, **files}


_MATERIAL_WORKER = re.compile(r'("search": ")([^"]*?)workers/search\.[0-9a-f]+\.min\.js(")')


def use_worker(page_html: str, worker: str) -> str:
    """Point a page's Material configuration at our search worker (`worker`
    is its path under assets/javascripts/, e.g. 'search-worker.js')."""
    return _MATERIAL_WORKER.sub(lambda match: match[1] + match[2] + worker + match[3], page_html, count=1)
