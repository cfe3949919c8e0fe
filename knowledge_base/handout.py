"""What a printed page needs that the screen does not: every link's full
address (printed after its text by the print style sheet) and a QR code
back to the page. Pure functions on HTML strings; no MkDocs import."""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urljoin

import segno


def page_address(site_url: str, page_url: str) -> str:
    """The full address of a page: 'https://x.org/kb/' + 'case-studies/a/'."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + page_url.lstrip("/")


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\bhref="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def add_print_addresses(content_html: str, address: str) -> str:
    """Give every link in a page's content a data-print-href attribute with
    its full address, which print.css prints after the link text. Links to
    a place on the same page, permalinks, and links whose text already is
    the address are left alone."""
    if not address:
        return content_html

    def visit(match: re.Match) -> str:
        attributes, text = match[1], match[2]
        href = _HREF.search(attributes)
        if not href or "headerlink" in attributes or "data-print-href" in attributes:
            return match[0]
        target = html.unescape(href[1])
        if not target or target.startswith(("#", "javascript:")):
            return match[0]
        full = _absolute(address, target)
        if _same_address(html.unescape(_TAGS.sub("", text)), full):
            return match[0]
        return f'<a{attributes} data-print-href="{html.escape(full)}">{text}</a>'

    return _LINK.sub(visit, content_html)


def _same_address(text: str, full: str) -> bool:
    """Whether a link's text already shows its address, give or take the
    scheme, "www." and a final "/" (so print need not repeat it)."""

    def bare(value: str) -> str:
        value = re.sub(r"^[a-z]+://", "", value.strip(), flags=re.I)
        return value.removeprefix("www.").rstrip("/").casefold()

    return bool(text.strip()) and bare(text) == bare(full)


def _absolute(address: str, target: str) -> str:
    """urljoin(address, target), sharing the work between pages: each "../"
    is taken off the target with the address's last folder (an address
    always ends in "/"), so the links of pages in one folder, most of them
    "../../barriers/..." and the like, meet in the cache."""
    while target.startswith("../") and address.count("/") > 3:
        address, target = address[: address.rstrip("/").rindex("/") + 1], target[3:]
    return _join(address, target)


@functools.lru_cache(maxsize=100_000)
def _join(address: str, target: str) -> str:
    return urljoin(address, target)


def qr_code_block(address: str) -> str:
    """A print-only QR code (inline SVG, made at build time) and the page's
    address, for the top corner of the first printed page."""
    if not address:
        return ""
    # A fixed mask: choosing the best of eight took three quarters of the
    # time (4 ms a page, seconds at 1,000 case studies); any mask scans.
    svg = segno.make(address, error="m", micro=False, mask=0).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="kb-qr__code", lineclass=None
    )
    # data-search-exclude: the caption is on every page, so keep it out of search.
    return (
        f'<div class="kb-qr" aria-hidden="true" data-search-exclude>{svg}'
        f'<p class="kb-qr__caption">Scan for this page online</p></div>'
    )
