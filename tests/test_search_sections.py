"""mkdocs_knowledge_base.material_9_8.search_parser.FastSectionParser splits pages into search
sections exactly as mkdocs-material's own search Parser does (macros.py swaps
it in because it is faster; the speed is measured outside the tests)."""

from __future__ import annotations

import random
import re

import pytest
from material.plugins.search import plugin as material_search

from mkdocs_knowledge_base.material_9_8.search_parser import FastSectionParser
from tests.helpers import ROOT

MaterialParser = material_search.Parser  # read before any build patches it


def sections(parser_class, html: str):
    """What the search index takes from each section, or the error raised."""
    parser = parser_class()
    try:
        parser.feed(html)
        parser.close()
    except Exception as error:  # Material's Parser raises on some broken HTML: so must ours
        return type(error).__name__
    return [(s.id, s.title, s.text, s.is_excluded(), s.el.tag, s.depth) for s in parser.data]


def assert_same_sections(html: str):
    assert sections(FastSectionParser, html) == sections(MaterialParser, html), html[:300]


# --- (a) every page of the real site ----------------------------------------

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)


def test_every_built_page_gives_the_same_sections(built_site):
    site, _ = built_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert_same_sections(html)  # the whole file: head, scripts, SVG icons, navigation
        article = ARTICLE.search(html)
        assert article, page  # the content, much as Material's search plugin receives it
        assert_same_sections(article.group(1))


# --- (b) hand-written tricky HTML ----------------------------------------------

TRICKY = {
    "entities": '<h1 id="a">Tom &amp; Jerry &lt;script&gt; &#x27;hi&#x27;</h1>'
    "<p>A &amp; B &lt;b&gt; &nbsp; &#39; &amp</p>",
    "script payload": '<h2 id="x">X</h2><p>a</p><script>var s = "<p>not text</p>"; if (a < b) {}</script><p>b</p>',
    "style payload": "<style>p > a { color: red }</style ><p>after</p>",
    "unclosed script": "<p>a</p><script>never closed <p>lost</p>",
    "nested headings": '<h1 id="t">T</h1><p>intro</p><div><div><h2 id="n">Nested</h2><p>in</p></div>'
    '<p>out one</p></div><p>out two</p><h3 id="m">M</h3><p>m</p>',
    "heading without id": '<h1 id="t">T</h1><p>a</p><h2>No id</h2><p>b</p><h2 id="y">Y</h2><h2>also</h2><p>c</p>',
    "first heading not h1": '<p>pre</p><h2 id="b">B</h2><p>b</p>',
    "only a preface": "just text, no tags",
    "excluded blocks": '<h2 id="a">A</h2><div data-search-exclude><p>hidden<div>inner</div>shown again</p></div>'
    '<p data-search-exclude="">gone</p><p>kept</p><h2 id="e" data-search-exclude>E</h2><p>e</p>',
    "line numbers": '<table><tr><td><div class="linenodiv"><pre>1\n2</pre></div></td><td><pre><code>x = 1\n\n  y</code>'
    "</pre></td></tr></table>",
    "empty kept elements": '<h1 id="a">A</h1><p></p><p> \n </p><ul><li></li><li>x</li></ul><li>a<ul><li></li></ul></li>'
    "<sub></sub><sup>2</sup>",
    "pre whitespace": "<p>a\n  b</p>\n\n  \n<pre><code>  line 1\n\n\n    line 2  </code></pre> \n <p>c</p>",
    "headerlink": '<h2 id="s">Section<a class="headerlink" href="#s" title="Link">&para;</a></h2><p>x</p>',
    "comments": "<!-- a comment <p>not text</p> --><p>a<!--x-->b</p><!--><p>c</p><!-- unclosed <p>d</p>",
    "doctype and others": '<!DOCTYPE html><?xml version="1.0"?><![CDATA[x]]><!foo><p>a</p></>< p>',
    "void tags": '<p>line<br/>break<br>again<br />img<img src="a.png" alt="x"><hr><input disabled/></p>',
    "self-closing non-void": "<p>a<span/>b<p/>c</p><div/>",
    "uppercase tags": '<H2 ID="Up">Up</H2><P>Para</P><PRE>x\n y</PRE><BR><Script>z</SCRIPT><p>end</p>',
    "quoted >": '<p title="a > b" data-x=\'c>d\'>text</p><a href=x/>y</a><img alt=">">',
    "unclosed tags": '<h1 id="a">A</h1><p>one<p>two<li>three<div>four',
    "stray < and &": "<p>1 < 2 and 3 <4 > 0, a & b, x<</p>&<",
    "odd attributes": '<p a="1"b="2">x</p><p c==d>y</p><p e= >z</p><p f\xa0="g">w</p><td\x0bx>v</td>',
    "entity in class": '<div class="&#108;inenodiv">hidden?</div><a class="header&#108;ink">t</a>',
    "object": '<object><h2 id="o">O</h2><p>inside</p></object><p>after</p>',
    "closing without opening": "<p>a</p></div></p></li><p>b</p>",
    "heading inside paragraph": '<p>a<h2 id="z">Z</h2>b</p><p>c</p>',
}


@pytest.mark.parametrize("html", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_html_gives_the_same_sections(html):
    assert_same_sections(html)


def test_text_is_escaped_and_scripts_left_out():
    """What the equivalence means for a reader of the index."""
    parser = FastSectionParser()
    parser.feed(TRICKY["entities"] + TRICKY["script payload"] + TRICKY["headerlink"])
    parser.close()
    found = {section.id: ("".join(section.title), "".join(section.text)) for section in parser.data}
    assert found[None] == ("Tom &amp; Jerry &lt;script&gt; 'hi'", "<p>A &amp; B &lt;b&gt; \xa0 ' &amp;</p>")
    assert found["x"] == ("X", "<p>a</p><p>b</p>")
    assert found["s"] == ("Section", "<p>x</p>")


# Pieces that Python-Markdown, Material and odd hand-written HTML produce,
# shuffled into many small documents: the two parsers must never differ.
PIECES = list(TRICKY.values()) + [
    "<p>",
    "</p>",
    '<h1 id="a">',
    "<h2 id='b'>",
    "<h3>",
    "</h1>",
    "</h2>",
    "</h3>",
    "<div>",
    "</div>",
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<sub>",
    "</sub>",
    "<sup>",
    "</sup>",
    "<div data-search-exclude>",
    '<div class="linenodiv">',
    '<a class="headerlink" href="#x">',
    "</a>",
    "<script>",
    "</script>",
    "<object>",
    "</object>",
    "<br/>",
    "<BR>",
    "<P>",
    "</P>",
    "<!-- c -->",
    "<",
    ">",
    "&",
    "&amp;",
    "&#1;",
    "&nbsp;",
    " ",
    "\n",
    "  \n ",
    "\t",
    "\xa0",
    "text",
    "</>",
    "</ p>",
    "<!",
    "</",
    "<!--",
    "<hx>",
    "</hx>",
    '<h2 id="c" data-search-exclude>',
    '<a title="unclosed>',
    "<p/>",
    "<x y==z>",
    "<h4 ID=Q>",
    "</h4>",
]


def test_shuffled_pieces_give_the_same_sections():
    rng = random.Random(2026)
    for _ in range(3000):
        assert_same_sections("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))))


# --- (c) the real build ---------------------------------------------------------


def test_the_build_uses_the_fast_parser_unless_told_not_to(monkeypatch, tmp_path):
    from mkdocs_knowledge_base.build import configured

    monkeypatch.setattr(material_search, "Parser", MaterialParser)
    config = configured(ROOT, tmp_path, search_parser="material")
    config.plugins["knowledge-base"].on_config(config)
    assert material_search.Parser is MaterialParser
    config = configured(ROOT, tmp_path)  # mkdocs.yml's settings
    config.plugins["knowledge-base"].on_config(config)
    assert material_search.Parser is FastSectionParser


def test_search_files_are_byte_identical_to_materials(built_site, material_parser_site):
    """search_index.json and the files the plugin splits from it, as with
    Material's Parser (search_parser="material": the session's build of
    that variant, in conftest.py)."""
    site, _ = built_site

    def search_files(root):
        return {
            path.relative_to(root / "search").as_posix(): path.read_bytes()
            for path in sorted((root / "search").rglob("*"))
            if path.is_file()
        }

    ours, materials = search_files(site), search_files(material_parser_site)
    assert "search_index.json" in ours and sum(map(len, ours.values())) > 100_000
    assert ours.keys() == materials.keys()
    for name in ours:
        assert ours[name] == materials[name], name
