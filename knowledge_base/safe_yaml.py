"""Load a YAML data file safely and remember the line of every value.

Only plain YAML is accepted: strings, numbers, booleans, null, lists and
mappings. Python object tags, anchors and aliases (the trick behind "billion
laughs" bombs), duplicate keys, deep nesting and oversized files are all
reported as problems with a line number instead of being loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import DataError, Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 40

# Dates stay as text ("2026-11-26") so the schema sees exactly what was written.
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": lambda c, n: n.value,
    "tag:yaml.org,2002:timestamp": lambda c, n: n.value,
    "tag:yaml.org,2002:int": lambda c, n: c.construct_yaml_int(n),
    "tag:yaml.org,2002:float": lambda c, n: c.construct_yaml_float(n),
    "tag:yaml.org,2002:bool": lambda c, n: c.construct_yaml_bool(n),
    "tag:yaml.org,2002:null": lambda c, n: None,
}

JsonPath = tuple  # e.g. ("barriers", 2, "id")


@dataclass
class LoadedFile:
    path: str  # as shown to people, relative to the project
    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)
    # Problems found while reading plain YAML that still left data to check
    # (an alias, a cut-off comment, a repeated field): the schema and the
    # cross-references are checked too, so one run reports everything.
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, json_path: JsonPath) -> int:
        """The line of the value at json_path, or of its nearest parent."""
        json_path = tuple(json_path)
        while json_path not in self.lines and json_path:
            json_path = json_path[:-1]
        return self.lines.get(json_path, 1)


def field_name(json_path: JsonPath) -> str:
    """("barriers", 2, "how") -> "barriers[2].how"."""
    text = ""
    for part in json_path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[\w-]+", part):
            text += f".{part}" if text else part
        else:  # an odd key, such as one with spaces, shown quoted
            text += f"[{part!r}]"
    return text or "(file)"


def load_yaml_file(path: Path, shown_as: str) -> LoadedFile:
    """The file's data, or DataError with every problem found reading it."""
    loaded = read_yaml_file(path, shown_as)
    if loaded.problems:
        raise DataError(loaded.problems)
    return loaded


# libyaml's C parser is ten times faster; both only build nodes, never objects.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml_text(text: str, shown_as: str) -> LoadedFile:
    """The file's data, or DataError with every problem found reading it."""
    loaded = read_yaml_text(text, shown_as)
    if loaded.problems:
        raise DataError(loaded.problems)
    return loaded


def read_yaml_file(path: Path, shown_as: str) -> LoadedFile:
    """Like load_yaml_file, but problems that leave usable data (an alias, a
    cut-off comment) come back in .problems, so the caller can check the
    rest of the file too. Problems that leave nothing to check still raise."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError(
            [Problem(shown_as, 1, "(file)", f"file is {len(raw) // 1024} KB; the limit is {MAX_BYTES // 1024} KB")]
        )
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is harmless, so accept it
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError([Problem(shown_as, line, "(file)", "is not UTF-8 text; save the file as UTF-8")]) from None
    return read_yaml_text(text, shown_as)


def read_yaml_text(text: str, shown_as: str) -> LoadedFile:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        line = _error_line(error)
        lines = text.splitlines()
        if "another document" in (error.problem or ""):
            raise DataError(
                [
                    Problem(
                        shown_as,
                        line,
                        "(yaml)",
                        "a line '---' starts a second document, but a "
                        "data file holds one: remove the '---' line and anything after it that "
                        "repeats the file",
                    )
                ]
            ) from None
        raise DataError([Problem(shown_as, line, field_at_line(lines, line), _describe(error, lines, line))]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(shown_as, 1, "(yaml)", str(error).splitlines()[0])]) from None
    except RecursionError:
        raise DataError([Problem(shown_as, 1, "(yaml)", "nested too deeply")]) from None
    if root is None:
        raise DataError([Problem(shown_as, 1, "(file)", "file is empty")])
    converter = _Converter(shown_as, text.splitlines())
    data = converter.convert(root, ())
    if converter.aliased:
        converter.problems += _alias_problems(text, shown_as)
    return LoadedFile(shown_as, data, converter.lines, converter.problems)


def _alias_problems(text: str, shown_as: str) -> list[Problem]:
    """Each alias (*name) on its own line, naming the field it is in and the
    line of the anchor (&name) it repeats. Composed YAML keeps only the
    anchor's position, so the events are read again (only for files with an
    alias, which are rare)."""
    lines = text.splitlines()
    anchors: dict[str, int] = {}
    found: dict[int, Problem] = {}
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            anchor = anchors.get(event.anchor)
            where = f" on line {anchor}" if anchor else ""
            found.setdefault(
                line,
                Problem(
                    shown_as,
                    line,
                    field_at_line(lines, line),
                    f"YAML anchors and aliases (& and *) are not allowed: *{event.anchor} repeats the value marked "
                    f"&{event.anchor}{where}; write the value out in full here, and remove the &{event.anchor}",
                ),
            )
        elif getattr(event, "anchor", None):
            anchors.setdefault(event.anchor, line)
    return list(found.values())


def _error_line(error: yaml.MarkedYAMLError) -> int:
    """The line to blame. For an unclosed bracket or a text line that lost
    its indentation, the parser notices only further on; the context mark
    is where the trouble started."""
    problem = error.problem or ""
    use_context = error.context_mark and (
        problem.startswith("could not find expected ':'") or "flow" in (error.context or "")
    )
    mark = error.context_mark if use_context else (error.problem_mark or error.context_mark)
    return mark.line + 1 if mark else 1


QUOTE_IT = "put the whole value in double quotes, or after >- on the next line, indented"

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)?)(?P<key>[A-Za-z_][\w-]*) *:(?: |$)")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- ")


def _columns(line: str) -> tuple[int | None, int | None, str | None]:
    """(column of a key, column of a list dash, the key) on one source line."""
    if line.lstrip().startswith("#"):
        return None, None, None
    key = _KEY_LINE.match(line)
    if key:
        dash = len(key["indent"]) if key["dash"] else None
        return len(key["indent"]) + len(key["dash"]), dash, key["key"]
    item = _ITEM_LINE.match(line)
    return (None, len(item["indent"]), None) if item else (None, None, None)


def field_at_line(lines: list[str], number: int) -> str:
    """The field a source line belongs to, worked out from indentation (for
    syntax errors, when there is no parsed data): 'sections.outcomes[2]'."""
    parts: list = []
    limit = float("inf")
    for i in range(min(number, len(lines)) - 1, -1, -1):
        key_col, dash_col, key = _columns(lines[i])
        if key_col is not None and key_col < limit:
            parts.insert(0, key)
            limit = key_col
        if dash_col is not None and dash_col < limit:
            parts.insert(0, _items_before(lines, i, dash_col))
            limit = dash_col
    return field_name(tuple(parts)) if parts else "(yaml)"


def _items_before(lines: list[str], index: int, dash_col: int) -> int:
    count = 0
    for line in reversed(lines[:index]):
        key_col, other_dash, _ = _columns(line)
        if other_dash == dash_col:
            count += 1
        elif min(c for c in (key_col, other_dash, float("inf")) if c is not None) < dash_col:
            break
    return count


def _describe(error: yaml.MarkedYAMLError, lines: list[str], line: int) -> str:
    """The parser's complaint, turned into the likely fix."""
    problem = error.problem or "YAML syntax error"
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    value = source.split(": ", 1)[1].lstrip() if ": " in source else source.lstrip().removeprefix("- ")
    if "\t" in indent or "'\\t'" in problem:
        return "YAML syntax error: a tab character is used for indenting; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return (
            "YAML syntax error: the text contains ': ' (a colon then a space), which YAML reads as a new field; "
            + QUOTE_IT
        )
    if value[:1] in ("'", '"') and problem.startswith(
        ("did not find expected", "expected <block end>", "found unexpected end of stream", "found unknown escape")
    ):
        return (
            f"YAML syntax error: the text starts with a quote mark, so YAML expects the same mark to end it; "
            f'{QUOTE_IT} (inside double quotes, write \\" for a quote mark)'
        )
    if problem.startswith(("found undefined alias", "did not find expected alphabetic")) or (
        problem.startswith("found character that cannot start any token") and value[:1] in "@`%*&!|>"
    ):
        return (
            f"YAML syntax error: text cannot start with {value[:1] or 'that character'} unless it is quoted; {QUOTE_IT}"
        )
    if problem.startswith("could not find expected ':'"):
        return (
            "YAML syntax error: a line of text is not indented under its field; indent the lines that continue "
            "a value, or put the text after >- on the next line, indented"
        )
    if "flow" in (error.context or ""):
        return (
            "YAML syntax error: a [ or { is not closed on this line; close it, or if it is part of the text, "
            + QUOTE_IT
        )
    if problem.startswith(("expected <block end>", "did not find expected key", "did not find expected '-'")):
        return (
            "YAML syntax error: the indentation does not line up; fields at the same level start in the same "
            "column and list items start with '- ' in the same column"
        )
    context = f" ({error.context})" if error.context else ""
    return f"YAML syntax error: {problem}{context}"


class _Converter:
    """Turns composed YAML nodes into plain Python data, recording lines."""

    def __init__(self, shown_as: str, source_lines: list[str]):
        self.shown_as = shown_as
        self.source_lines = source_lines
        self.lines: dict[JsonPath, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self.aliased = False  # a node met twice: an alias, reported by _alias_problems
        self._constructor = yaml.constructor.SafeConstructor()

    def _problem(self, node: yaml.Node, json_path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.shown_as, node.start_mark.line + 1, field_name(json_path), message))

    def convert(self, node: yaml.Node, json_path: JsonPath) -> Any:
        self.lines.setdefault(json_path, node.start_mark.line + 1)
        if id(node) in self._seen:
            self.aliased = True
            return None
        self._seen.add(id(node))
        if len(json_path) > MAX_DEPTH:
            self._problem(node, json_path, "nested too deeply")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, json_path)
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [self.convert(item, json_path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            return self._mapping(node, json_path)
        self._problem(node, json_path, f"the YAML tag {node.tag!r} is not allowed")
        return None

    def _scalar(self, node: yaml.ScalarNode, json_path: JsonPath) -> Any:
        build = _PLAIN_TAGS.get(node.tag)
        if build is None:
            self._problem(node, json_path, f"the YAML tag {node.tag!r} is not allowed")
            return None
        if node.style in (None, "") and node.tag == "tag:yaml.org,2002:str" and self._comment_follows(node):
            self._problem(
                node,
                json_path,
                "the text after ' #' is left out, because YAML reads ' #' as the start of a comment (a note that "
                "is never published). If it is a note for yourself, move it to a line of its own above this one, "
                f"starting with #; if it is part of the text, {QUOTE_IT}",
            )
            return node.value
        try:
            return build(self._constructor, node)
        except ValueError:
            self._problem(node, json_path, "this number is too large")
            return None

    def _comment_follows(self, node: yaml.ScalarNode) -> bool:
        """A plain value followed by ' #' on its last line: YAML silently
        drops the rest of the line, which in prose is never meant."""
        end = node.end_mark
        if end.line >= len(self.source_lines):
            return False
        return bool(re.match(r"[ \t]+#", self.source_lines[end.line][end.column :]))

    def _mapping(self, node: yaml.MappingNode, json_path: JsonPath) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    key_node,
                    json_path,
                    "'<<' is a YAML merge key, which copies the fields of another part of the file (marked with &); "
                    "it is not allowed here, so every value can be read where it is: write out each field in full, "
                    "and remove the '<<' line and the & mark",
                )
                continue
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                self._problem(
                    key_node, json_path, "field names must be plain text, such as 'place' (a word, not a number)"
                )
                continue
            key = key_node.value
            child = json_path + (key,)
            if key in result:
                self._problem(key_node, child, "this field appears twice")
                continue
            self.lines[child] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, child)
        return result
