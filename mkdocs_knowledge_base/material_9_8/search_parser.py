"""A faster drop-in for mkdocs-material's search `Parser` (material 9.8.2,
material/plugins/search/plugin.py), which splits a page's HTML into the
sections the search index holds.

Material's Parser is an html.parser.HTMLParser subclass; at 1,000 case
studies it takes about a quarter of the build. This class gives exactly the
same sections, titles and texts (tests/test_search_parser.py compares the
two). One regular expression reads the text and plain tags Python-Markdown
writes; anything else (comments, doctype, upper case or odd tags, a stray "<")
goes to html.parser's own routines, so odd markup is read as Material reads
it. (Checked with Python 3.11's html.parser, which later versions change.)

The section logic below mirrors Material's handle_starttag, handle_endtag and
handle_data line by line. Material compares its Element objects by tag name
only (Element.__eq__ and __hash__), so its `skip` set and its `in
self.context` tests work on tag names; here they are plain strings, which is
where most of the time goes. Standard library only.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

# Material's lists (plugin.py): `void` tags never enter the context; `keep`
# tags are written into the index; `skip` tags' contents are never indexed.
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
KEEP = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
ALWAYS_SKIPPED = ("object", "script", "style")
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])

# Text up to the next "<", then a tag as Python-Markdown writes it: a lower
# case name, then attributes separated by spaces, quoted or bare values.
# html.parser reads every tag this matches the same way (same end, same
# attributes, names already lower case); anything else takes the slow path.
# Whitespace is the ASCII set html.parser ends a tag name with.
_NAME = r"[a-z_:][-a-z0-9_:.]*"
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s>'"=][^\s>]*)"""
TOKEN = re.compile(
    rf"""([^<]*)<(?:                          # text, then a tag:
    ([a-z][-a-z0-9]*)                                        # start tag name
    ((?:[ \t\n\r\f]+{_NAME}(?:[ \t\n\r\f]*=[ \t\n\r\f]*{_VALUE})?)*)  # attributes
    [ \t\n\r\f]*(/?)                                         # "/" of <br/>
  | /([a-z][-.a-z0-9:_]*)\s*                                 # end tag (html.parser's endtagfind)
  )>""",
    re.VERBOSE,
)
ATTRIBUTE = re.compile(rf"""({_NAME})(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"([^"]*)"|'([^']*)'|([^\s>'"=][^\s>]*)))?""")
STARTTAG_OPEN = re.compile("<[a-zA-Z]")  # html.parser's starttagopen


def parse_attributes(text: str) -> dict:
    """The attributes of a TOKEN match as html.parser gives them to Material
    (`dict(attrs)`): values unescaped, None if bare, the last of repeated
    names wins."""
    attributes = {}
    for match in ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        attributes[name] = unescape(value) if value else value
    return attributes


class Element:
    """A tag and its attributes (Material's Element), for a section's heading."""

    __slots__ = ("tag", "attrs")

    def __init__(self, tag: str, attrs: dict | None = None):
        self.tag = tag
        self.attrs = attrs or {}

    def __repr__(self):
        return self.tag

    def is_excluded(self) -> bool:
        return "data-search-exclude" in self.attrs


class Section:
    """A heading and the text after it (Material's Section)."""

    __slots__ = ("el", "depth", "text", "title", "id")

    def __init__(self, el: Element, depth: float = 0):
        self.el = el
        self.depth = depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None

    def __repr__(self):
        return "#".join([self.el.tag, self.id]) if self.id else self.el.tag

    def is_excluded(self) -> bool:
        return self.el.is_excluded()


class FastSectionParser:
    """Material's Parser interface: feed(html), close(), then `.data`."""

    def __init__(self):
        self.tags: list[str] = []  # Material's context, as tag names
        self.attributes: list = []  # each context tag's attributes: dict, or unparsed text
        self.skip = set(ALWAYS_SKIPPED)  # Material's skip set, as tag names
        self.section: Section | None = None
        self.data: list[Section] = []
        self.rawdata = ""
        # html.parser's own routines read the markup the fast path does not.
        self._reader = HTMLParser()
        self._reader.handle_starttag = lambda tag, attrs: self.handle_starttag(tag, dict(attrs))
        self._reader.handle_endtag = self.handle_endtag
        self._reader.handle_data = self.handle_data

    def feed(self, data: str) -> None:
        # Material feeds a page once, then closes. The page is read in
        # close(), in one pass, as html.parser reads what is left at close().
        self.rawdata += data

    def close(self) -> None:
        html, self.rawdata = self.rawdata, ""
        self._reader.rawdata = html
        n = len(html)
        position = 0
        cdata = None  # inside <script> or <style>: raw text up to its end tag
        token, handle_starttag, handle_endtag, handle_data = (
            TOKEN.match,
            self.handle_starttag,
            self.handle_endtag,
            self.handle_data,
        )
        while position < n:
            if cdata:
                end = re.compile(rf"</\s*{cdata}\s*>", re.I).search(html, position)
                if not end:
                    return  # html.parser drops an unclosed script's rest too
                if end.start() > position:
                    handle_data(html[position : end.start()])
                handle_endtag(cdata)
                position, cdata = end.end(), None
                continue
            match = token(html, position)
            if match is None:  # no tag the fast path knows before the next "<" (or the end)
                start = html.find("<", position)
                if start < 0:
                    start = n
                if start > position:
                    handle_data(unescape(html[position:start]))
                if start == n:
                    return
                position = self._read_other(html, start)
                cdata = self._reader.cdata_elem
                self._reader.clear_cdata_mode()
                continue
            position = match.end()
            text, name, attributes, self_closing, end_name = match.groups()
            if text:
                handle_data(unescape(text) if "&" in text else text)
            if end_name:
                handle_endtag(end_name)
                continue
            handle_starttag(name, attributes)
            if self_closing:
                handle_endtag(name)  # html.parser's handle_startendtag
            elif name in HTMLParser.CDATA_CONTENT_ELEMENTS:
                cdata = name

    def _read_other(self, html: str, i: int) -> int:
        """html.parser's goahead() at a "<" the fast path does not match:
        returns where reading goes on."""
        reader = self._reader
        if STARTTAG_OPEN.match(html, i):
            k = reader.parse_starttag(i)
        elif html.startswith("</", i):
            k = reader.parse_endtag(i)
        elif html.startswith("<!--", i):
            k = reader.parse_comment(i)
        elif html.startswith("<?", i):
            k = reader.parse_pi(i)
        elif html.startswith("<!", i):
            k = reader.parse_html_declaration(i)
        else:
            self.handle_data("<")
            return i + 1
        if k < 0:
            # Unterminated (an unclosed comment, say): html.parser treats it
            # specially at the end of the input, so let it read the rest.
            reader.reset()
            reader.feed(html[i:])
            reader.close()
            return len(html)
        return k

    def _attributes_of(self, index: int) -> dict:
        attributes = self.attributes[index]
        if isinstance(attributes, str):
            attributes = self.attributes[index] = parse_attributes(attributes)
        return attributes

    # --- Material's Parser, on tag names ---------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        """attrs: a dict, or the attribute text of a TOKEN match (parsed only
        when needed: most tags are neither headings nor excluded)."""
        if tag in VOID:
            return
        tags = self.tags
        tags.append(tag)
        self.attributes.append(attrs)

        if tag in HEADINGS:
            attrs = self._attributes_of(-1)
            depth = len(tags)
            if "id" in attrs:
                # Ensure top-level section
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(Element(tag, attrs), depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)

        # Preface: text before the first heading
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)

        # Excluded from search, or line numbers: skip the block. (Most tags
        # have no attribute that can do this: leave theirs unparsed.)
        if attrs and (type(attrs) is dict or "&" in attrs or "linenodiv" in attrs or "data-search-exclude" in attrs):
            attrs = self._attributes_of(-1)
            if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                self.skip.add(tag)
                return

        if tag in KEEP and self.skip.isdisjoint(tags):
            section = self.section
            (section.title if section.el.tag in tags else section.text).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        tags = self.tags
        if not tags or tags[-1] != tag:
            return

        # Leaving the element a heading was nested in: go back to the
        # section that was open before it (depth inf: never again).
        depth = len(tags)
        if self.section.depth > depth:
            for section in reversed(self.data):
                if section.depth <= depth:
                    self.section.depth = float("inf")
                    self.section = section
                    break

        tags.pop()
        self.attributes.pop()
        if tag in self.skip:
            if tag not in ALWAYS_SKIPPED:
                self.skip.remove(tag)
            return

        if tag in KEEP and self.skip.isdisjoint(tags):
            section = self.section
            data = section.title if section.el.tag in tags else section.text
            # Drop the element if it holds only whitespace (Material finds
            # the first opening tag of this name in the list, as here).
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        tags = self.tags
        if not self.skip.isdisjoint(tags):
            return

        # Collapse whitespace outside <pre>
        if "pre" not in tags:
            data = data.replace("\n", " ") if not data.isspace() else " "

        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        section = self.section

        if section.el.tag in tags:
            # In the heading: leave out its permalink (the ¶ anchor)
            permalink = any(
                tag == "a" and self._attributes_of(i).get("class") == "headerlink" for i, tag in enumerate(tags)
            )
            if not permalink:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace():
                section.text.append(data)
            elif "pre" in tags:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))
