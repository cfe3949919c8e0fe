"""`make readability`: the Flesch reading ease of every page of the built site.

Reads site/ (run `make build` first), takes the text of each page's main
content (not menus), and prints its Flesch reading ease score from textstat:
60 or more is plain English most adults read easily. Pages under 60 are
marked. Lists and headings count as sentences, as a reader meets them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
TARGET = 60


def page_text(html: str) -> str:
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    for hidden in article.select(".headerlink, script, .md-source-file"):
        hidden.decompose()
    # Headings, list items and table cells end like sentences for a reader.
    blocks = [
        " ".join(el.get_text(" ").split())
        for el in article.find_all(["h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "td"])
        if not el.find(["p", "li", "ul", "ol", "dl"])
    ]
    return " ".join(block if block.endswith((".", "?", "!", ":")) else block + "." for block in blocks if block)


def main(site: Path = ROOT / "site") -> int:
    if not (site / "index.html").exists():
        print("Build the site first: make build", file=sys.stderr)
        return 1
    textstat.set_lang("en_GB")
    scores = []
    for index in sorted(site.rglob("index.html")):
        url = "/" + index.parent.relative_to(site).as_posix().removeprefix(".") + ("/" if index.parent != site else "")
        text = page_text(index.read_text(encoding="utf-8"))
        scores.append((textstat.flesch_reading_ease(text), url.replace("//", "/"), len(text.split())))
    for score, url, words in sorted(scores):
        flag = "" if score >= TARGET else "  < 60"
        print(f"{score:6.1f}  {words:5d} words  {url}{flag}")
    below = sum(1 for score, _, _ in scores if score < TARGET)
    print(
        f"\n{len(scores)} pages; {below} below {TARGET}; median {sorted(s for s, _, _ in scores)[len(scores) // 2]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
