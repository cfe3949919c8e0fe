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
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(shown_as, 1, "(file)",
                                 f"file is {len(raw) // 1024} KB; the limit is {MAX_BYTES // 1024} KB")])
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is harmless, so accept it
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise DataError([Problem(shown_as, line, "(file)", "is not UTF-8 text; save the file as UTF-8")])
    return parse_yaml_text(text, shown_as)


# libyaml's C parser is ten times faster; both only build nodes, never objects.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml_text(text: str, shown_as: str) -> LoadedFile:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError([Problem(shown_as, line, "(yaml)", _describe(error, text, line))])
    except yaml.YAMLError as error:
        raise DataError([Problem(shown_as, 1, "(yaml)", str(error).splitlines()[0])])
    except RecursionError:
        raise DataError([Problem(shown_as, 1, "(yaml)", "nested too deeply")])
    if root is None:
        raise DataError([Problem(shown_as, 1, "(file)", "file is empty")])
    converter = _Converter(shown_as)
    data = converter.convert(root, ())
    if converter.problems:
        raise DataError(converter.problems)
    return LoadedFile(shown_as, data, converter.lines)


def _describe(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = error.problem or "YAML syntax error"
    lines = text.splitlines()
    indent = lines[line - 1][:len(lines[line - 1]) - len(lines[line - 1].lstrip())] if line <= len(lines) else ""
    if "\t" in indent or "'\\t'" in problem:
        return "YAML syntax error: a tab character is used for indenting; indent with spaces"
    context = f" ({error.context})" if error.context else ""
    return f"YAML syntax error: {problem}{context}"


class _Converter:
    """Turns composed YAML nodes into plain Python data, recording lines."""

    def __init__(self, shown_as: str):
        self.shown_as = shown_as
        self.lines: dict[JsonPath, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor = yaml.constructor.SafeConstructor()

    def _problem(self, node: yaml.Node, json_path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.shown_as, node.start_mark.line + 1, field_name(json_path), message))

    def convert(self, node: yaml.Node, json_path: JsonPath) -> Any:
        self.lines.setdefault(json_path, node.start_mark.line + 1)
        if id(node) in self._seen:
            self._problem(node, json_path, "YAML anchors and aliases (& and *) are not allowed; write the value out")
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
        try:
            return build(self._constructor, node)
        except ValueError:
            self._problem(node, json_path, "this number is too large")
            return None

    def _mapping(self, node: yaml.MappingNode, json_path: JsonPath) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                self._problem(key_node, json_path, "field names must be plain text")
                continue
            key = key_node.value
            child = json_path + (key,)
            if key in result:
                self._problem(key_node, child, "this field appears twice")
                continue
            self.lines[child] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, child)
        return result
