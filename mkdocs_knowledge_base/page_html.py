"""Every change the plugin makes to a page's HTML, in the order it makes
them. Each change is a function (html, page) -> html; the lists below are
the whole story, so a change is added, dropped or reordered in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge_base import handout, render

from .material_9_8.search_index import use_worker

SEARCH_WORKER = "search-worker.js"  # under assets/javascripts/


@dataclass(frozen=True)
class PageFacts:
    """What the changes need to know about the page being built."""

    url: str  # site-relative, '' for the home page
    site_url: str  # the site's public address, ending in "/"
    split_search: bool  # whether search reads the split index (see site_files)
    blocks: list[str] = field(default_factory=list)  # HTML set aside before Markdown

    @property
    def address(self) -> str:
        return handout.page_address(self.site_url, self.url)


Change = Callable[[str, PageFacts], str]


def _put_back_set_aside_html(html: str, page: PageFacts) -> str:
    # Long generated lists skip Markdown (render.split_html_blocks); here
    # they go back in place of their placeholders.
    return render.restore_html_blocks(html, page.blocks) if page.blocks else html


def _first_abbreviations_focusable(html: str, page: PageFacts) -> str:
    return render.focusable_first_abbreviations(html)


def _print_link_addresses(html: str, page: PageFacts) -> str:
    return handout.add_print_addresses(html, page.address)


def _print_qr_code(html: str, page: PageFacts) -> str:
    return handout.qr_code_block(page.address) + html


def _search_reads_split_index(html: str, page: PageFacts) -> str:
    return use_worker(html, SEARCH_WORKER) if page.split_search else html


def _no_indentation(html: str, page: PageFacts) -> str:
    return render.collapse_indentation(html)


# The page's content (Markdown's output), in on_page_content.
CONTENT_CHANGES: list[tuple[str, Change]] = [
    ("put back the HTML kept out of Markdown", _put_back_set_aside_html),
    ("make each abbreviation's first use a tab stop, for its tooltip", _first_abbreviations_focusable),
    ("print every link's full address after it", _print_link_addresses),
    ("print a QR code back to the page", _print_qr_code),
]

# The whole page from the theme, in on_post_page.
PAGE_CHANGES: list[tuple[str, Change]] = [
    ("point Material's search at our worker", _search_reads_split_index),
    ("drop the indentation at the start of each line", _no_indentation),
]

# Theme templates that are not pages (404.html), in on_post_template.
TEMPLATE_CHANGES: list[tuple[str, Change]] = [
    ("point Material's search at our worker", _search_reads_split_index),
]


def apply(changes: list[tuple[str, Change]], html: str, page: PageFacts) -> str:
    for _name, change in changes:
        html = change(html, page)
    return html
