"""knowledge_base.handout.add_print_addresses: which links get a printed
address (data-print-href) and which already show it."""

from __future__ import annotations

import pytest

from knowledge_base.handout import add_print_addresses

PAGE = "https://example.org/kb/references/"


def printed(link: str) -> str:
    return add_print_addresses(link, PAGE)


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://www.kingsfund.org.uk/blog/x">https://www.kingsfund.org.uk/blog/x</a>',
        '<a href="https://www.kingsfund.org.uk/blog/x/">https://www.kingsfund.org.uk/blog/x</a>',
        '<a href="https://www.kingsfund.org.uk/blog/x">www.kingsfund.org.uk/blog/x</a>',
        '<a href="https://www.kingsfund.org.uk/blog/x">kingsfund.org.uk/blog/x/</a>',
        '<a href="https://neweconomics.org/a"><code>https://neweconomics.org/a</code></a>',
        '<a href="#notes">Notes</a>',
    ],
)
def test_a_link_that_already_shows_its_address_is_left_alone(link):
    assert printed(link) == link


@pytest.mark.parametrize(
    "link, address",
    [
        ('<a href="https://www.kingsfund.org.uk/blog/x">The King\'s Fund</a>', "https://www.kingsfund.org.uk/blog/x"),
        ('<a href="../about/">about this site</a>', "https://example.org/kb/about/"),
        ('<a href="https://kingsfund.org.uk/blog/y">kingsfund.org.uk/blog/x</a>', "https://kingsfund.org.uk/blog/y"),
        ('<a href="https://example.org/">https://example.org/other</a>', "https://example.org/"),
    ],
)
def test_other_links_print_their_full_address(link, address):
    assert f'data-print-href="{address}"' in printed(link)
