"""Check loaded YAML against a JSON Schema and word the errors for people.

The schemas in data/ are the single source of truth: editors use them for
autocomplete, and this module uses them for validation. A schema can give a
friendlier message for a rule with the (non-standard) `errorMessage` keyword.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import json
import re
from functools import cache
from pathlib import Path

import fastjsonschema
import jsonschema

from .problems import Problem
from .safe_yaml import LoadedFile, field_name

# The rules a schema may word for people itself, with `errorMessage`.
_OWN_MESSAGE = ("pattern", "format", "minProperties", "minLength", "minItems", "not")

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def closest_choice(value: str, choices) -> str:
    """For a value not in a list: a choice whose words it contains
    ('metropolitan borough' -> 'borough'), else a near spelling."""
    words = f" {' '.join(str(value).casefold().split())} "
    inside = [c for c in choices if isinstance(c, str) and f" {c.casefold()} " in words]
    if inside:
        return f"; did you mean '{max(inside, key=len)}'?"
    return did_you_mean(value, choices, cutoff=0.75)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_problem(text: str) -> str | None:
    """Why YYYY-MM-DD-shaped text is not a real date, or None if it is one."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return "there is no year 0: write the date as year-month-day (YYYY-MM-DD)"
    if not 1 <= month <= 12:
        swapped = f"{year:04d}-{day:02d}-{month:02d}"
        hint = f"; did you mean {swapped}?" if 1 <= day <= 12 and _real_date(year, day, month) else ""
        return f"there is no month {month}: write the date as year-month-day (YYYY-MM-DD){hint}"
    if not _real_date(year, month, day):
        last = calendar.monthrange(year, month)[1]
        return f"{text} is not a real date: {_MONTHS[month - 1]} {year} has {last} days"
    return None


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
        return True
    except ValueError:
        return False


@cache
def _validator(schema_path: Path) -> jsonschema.protocols.Validator:
    """The full validator, used only to explain a failure in words."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_check(schema_path: Path):
    """The same schema compiled to Python by fastjsonschema: about ten times
    faster, so a thousand valid files cost little. It only says pass or fail;
    jsonschema then explains any failure."""
    return fastjsonschema.compile(json.loads(schema_path.read_text(encoding="utf-8")))


def check_against_schema(loaded: LoadedFile, schema_path: Path) -> list[Problem]:
    try:
        _fast_check(schema_path)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems = []
    for error in _validator(schema_path).iter_errors(loaded.data):
        problems.extend(_explain(loaded, error))
    return problems


def _explain(loaded: LoadedFile, error: jsonschema.ValidationError) -> list[Problem]:
    at = tuple(error.absolute_path)

    def problem(json_path, message):
        return Problem(loaded.path, loaded.line_of(json_path), field_name(json_path), message)

    kind = error.validator
    if kind == "enum" and "generatedFrom" in error.schema:
        # A term or guide-section id: the catalogue explains it with more
        # context (a group's id, an id from another facet).
        return []
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        why = error.schema.get("errorMessage", "this required field is missing")
        return [problem(at + (name,), why) for name in missing]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            problem(at + (name,), "unknown field" + did_you_mean(name, known))
            for name in error.instance
            if name not in known
        ]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        hint = ""
        if "string" in expected and isinstance(error.instance, dict):
            hint = (
                " (a ': ' inside text makes YAML read a field: put the whole text in double quotes, "
                "or after >- on the next line, indented)"
            )
        return [problem(at, f"must be {words}, not {_describe_value(error.instance)}{hint}")]
    if error.schema.get("format") == "date" and isinstance(error.instance, str) and date_problem(error.instance):
        return [problem(at, date_problem(error.instance))]
    if str(error.schema.get("pattern", "")).startswith("^https?://") and isinstance(error.instance, str):
        if re.match(r"^https?://", error.instance) and re.search(r"\s", error.instance.strip()):
            return [
                problem(
                    at,
                    "a web address cannot contain spaces: copy the address again from the browser's "
                    "address bar, or write %20 for each space",
                )
            ]
        if re.match(r"^https?://", error.instance) and re.search(r'[<>"]', error.instance):
            return [
                problem(
                    at, "a web address cannot contain <, > or \": copy the address again from the browser's address bar"
                )
            ]
    if "errorMessage" in error.schema and kind in _OWN_MESSAGE:
        return [problem(at, error.schema["errorMessage"])]
    if kind == "enum":
        options = ", ".join(f"'{o}'" for o in error.validator_value)
        return [
            problem(
                at,
                f"'{error.instance}' is not allowed{closest_choice(error.instance, error.validator_value)} "
                f"(choose from {options})",
            )
        ]
    if kind == "minItems":
        return [
            problem(
                at,
                "must list at least one item"
                if error.validator_value == 1
                else f"must list at least {error.validator_value} items",
            )
        ]
    if kind == "maxItems":
        return [problem(at, f"lists {len(error.instance)} items; the most allowed is {error.validator_value}")]
    if kind == "uniqueItems":
        return [problem(at, "lists the same value more than once")]
    if kind == "maxLength":
        return [problem(at, f"is too long ({len(error.instance)} characters; the limit is {error.validator_value})")]
    return [problem(at, error.message)]


def _describe_value(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return _TYPE_WORDS.get({str: "string", list: "array", dict: "object"}.get(type(value), ""), type(value).__name__)
