"""Make a built site work when opened from disk (file://), for the offline
copy (`make offline`).

Material's offline plugin inlines the search index and makes search work
without a server, but it also switches to page files like about.html,
which would change every address trainers know. Instead the site keeps its
folders (about/index.html) and the links are pointed at the files: a
browser opening a folder from disk shows a file listing, not the page.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from dataclasses import dataclass
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


# The offline copy as the site publishes it (.github/workflows/pages.yml
# runs `make offline`, then the build copies the zip here).
DOWNLOAD_URL = "downloads/co-production-kb-offline.zip"


@dataclass(frozen=True)
class OfflineZip:
    """What /trainers/ says about the offline copy a build publishes."""

    size: int  # bytes
    made: datetime.date

    @property
    def size_text(self) -> str:
        return size_text(self.size)


def size_text(size: int) -> str:
    """A file size as people say it: '875 KB', '1.2 MB' (1 KB = 1,024 bytes,
    as Windows and browsers show it)."""
    kilobytes = size / 1024
    if kilobytes < 1000:
        return f"{max(1, round(kilobytes))} KB"
    return f"{kilobytes / 1024:.1f} MB"


def describe_zip(path: Path) -> OfflineZip | None:
    """The size and date of an offline copy made by tools/offline.py, or
    None when there is none (a build without `make offline` first) or the
    file is not a zip. The date is the README's inside the zip: when the
    copy was made, whatever happened to the file since."""
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            stamps = [info.date_time for info in archive.infolist() if info.filename.endswith("/README.txt")]
    except zipfile.BadZipFile:
        return None
    if not stamps:
        return None
    return OfflineZip(size=path.stat().st_size, made=datetime.date(*stamps[0][:3]))


def record_script(slug: str, record_json: str) -> str:
    """One case study's compare record as a script, for the copy on disk:
    browsers refuse fetch() from file://, but load a <script src> from the
    same folder. The compare page (compare.js) reads it from KbCaseRecords."""
    return f"(window.KbCaseRecords=window.KbCaseRecords||{{}})[{json.dumps(slug)}]={record_json};\n"
