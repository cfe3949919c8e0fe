"""Make a built site work when opened from disk (file://), for the offline
copy (`make offline`).

Material's offline plugin inlines the search index and makes search work
without a server, but it also switches to page files like about.html,
which would change every address trainers know. Instead the site keeps its
folders (about/index.html) and the links are pointed at the files: a
browser opening a folder from disk shows a file listing, not the page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_LINK = re.compile(r'(\bhref="|<meta http-equiv="refresh" content="0; url=|\bdata-target=")([^"]*)"')


def file_location(url: str) -> str:
    """'../about/' -> '../about/index.html', '..' -> '../index.html',
    'a/#b' -> 'a/index.html#b'. Addresses with a scheme, absolute paths
    and links within the page are left as they are."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min([i for i in (url.find("#"), url.find("?")) if i >= 0], default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


def file_links(page_html: str) -> str:
    """Every relative link in a page (and a redirect page's targets) made
    to point at a file."""
    return _LINK.sub(lambda m: f'{m[1]}{file_location(m[2])}"', page_html)


def search_location(location: str) -> str:
    """A search-index location as a file. Locations are relative to the
    site root, so '' and '#part' are on the home page."""
    if not location or location.startswith("#"):
        return "index.html" + location
    return file_location(location)


def adapt_site(site: Path) -> int:
    """Rewrite every page and the search index of a built site in place.
    Returns the number of pages."""
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(file_links(text), encoding="utf-8")
    index = site / "search/search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        for doc in data["docs"]:
            doc["location"] = search_location(doc["location"])
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(pages)
