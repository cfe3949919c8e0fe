"""Unit tests for the pure functions behind print handouts, link previews
and the offline copy."""

from __future__ import annotations

import pytest

from knowledge_base import handout, link_preview, offline


@pytest.mark.parametrize(
    "url, expected",
    [
        ("../about/", "../about/index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("./", "./index.html"),
        (".", "./index.html"),
        ("../case-studies/a/#challenges", "../case-studies/a/index.html#challenges"),
        ("../compare/?cases=a,b", "../compare/index.html?cases=a,b"),
        ("../assets/stylesheets/print.css", "../assets/stylesheets/print.css"),
        ("#top", "#top"),
        ("https://example.org/a/", "https://example.org/a/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("/absolute/", "/absolute/"),
    ],
)
def test_file_location_points_folders_at_their_index_file(url, expected):
    assert offline.file_location(url) == expected


def test_search_locations_are_relative_to_the_site_root():
    assert offline.search_location("") == "index.html"
    assert offline.search_location("#start-here") == "index.html#start-here"
    assert offline.search_location("barriers/x/#y") == "barriers/x/index.html#y"


def test_file_links_rewrites_links_and_redirect_targets_only():
    page = (
        '<a href="../a/">A</a> <link href="../x.css" rel="stylesheet"> '
        '<meta http-equiv="refresh" content="0; url=../b/"> <script src="r.js" data-target="../b/"></script>'
    )
    assert offline.file_links(page) == (
        '<a href="../a/index.html">A</a> <link href="../x.css" rel="stylesheet"> '
        '<meta http-equiv="refresh" content="0; url=../b/index.html"> '
        '<script src="r.js" data-target="../b/index.html"></script>'
    )


def test_print_addresses_are_absolute_and_skip_anchors_and_bare_urls():
    address = "https://example.org/kb/case-studies/a/"
    html = (
        '<a href="../../barriers/x/">X</a><a href="#top">Top</a>'
        '<a class="headerlink" href="#h">¶</a><a href="https://w.org/">https://w.org/</a>'
        '<a href="https://w.org/p?a=1&amp;b=2">W</a>'
    )
    out = handout.add_print_addresses(html, address)
    assert '<a href="../../barriers/x/" data-print-href="https://example.org/kb/barriers/x/">X</a>' in out
    assert '<a href="#top">Top</a>' in out and '<a class="headerlink" href="#h">' in out
    assert '<a href="https://w.org/">https://w.org/</a>' in out
    assert 'data-print-href="https://w.org/p?a=1&amp;b=2"' in out


def test_no_site_url_means_no_qr_code_and_no_addresses():
    assert handout.page_address("", "a/") == ""
    assert handout.qr_code_block("") == ""
    assert handout.add_print_addresses('<a href="../x/">x</a>', "") == '<a href="../x/">x</a>'


def test_qr_code_is_inline_svg_with_no_style_attribute():
    block = handout.qr_code_block("https://example.org/kb/")
    assert block.startswith('<div class="kb-qr" aria-hidden="true" data-search-exclude><svg')
    assert "style=" not in block  # the Content Security Policy forbids inline styles


def test_preview_tags_escape_every_value_once():
    tags = link_preview.preview_tags(
        title='A "quoted" <b>title</b> & more',
        description="x " * 10,
        address="https://e.org/a/",
        site_url="https://e.org/",
        site_name="S",
    )
    assert 'content="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more"' in tags
    assert '<meta property="og:url" content="https://e.org/a/">' in tags
    assert '<meta property="og:image" content="https://e.org/assets/images/link-preview.png">' in tags


def test_long_descriptions_are_cut_at_a_word():
    text = "word " * 100
    short = link_preview.shorten(text, 50)
    assert len(short) <= 50 and short.endswith("word…")
    assert link_preview.shorten("short one") == "short one"


def test_print_addresses_resolve_links_as_a_browser_would():
    """handout._absolute shares work between pages; it must agree with urljoin."""
    import itertools
    from urllib.parse import urljoin

    addresses = ["http://x.org/", "http://x.org/a/", "https://e.org/kb/case-studies/x/", "http://127.0.0.1:8000/b/y/"]
    targets = [
        "../",
        "../../",
        "../../../../z/",
        "../b/",
        "../../c/#d",
        "x/",
        "/abs/",
        "https://o.org/p",
        "#f",
        "?q=1",
        "../?a=b",
        "",
        "mailto:a@b",
        "./",
        "../../../../../../",
    ]
    for address, target in itertools.product(addresses, targets):
        assert handout._absolute(address, target) == urljoin(address, target), (address, target)
