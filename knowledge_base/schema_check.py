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
    """A near spelling ('peer-suport' -> 'peer-support'), or a choice that
    starts with the word as a whole part ('also' -> 'also_finds')."""
    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=cutoff)
    if not close and len(str(word)) >= 3:
        close = [c for c in choices if re.match(re.escape(str(word)) + r"[_-]", c)][:1]
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


_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.\- ](\d{1,2})[/.\- ](\d{1,4})")
_WORDED_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})")


def iso_date_for(text: str) -> str | None:
    """The YYYY-MM-DD date meant by a date written another way, or None:
    '30/11/2026' and '30 November 2026' -> '2026-11-30'. Day first, as in
    England; month first only when the day cannot be first (11/30/2026)."""
    text = text.strip()
    worded = _WORDED_DATE.fullmatch(text)
    if worded:
        day, name, year = worded.groups()
        months = [m for m in _MONTHS if len(name) >= 3 and m.casefold().startswith(name.casefold())]
        return _iso(int(year), _MONTHS.index(months[0]) + 1, int(day)) if months else None
    numeric = _NUMERIC_DATE.fullmatch(text)
    if not numeric:
        return None
    first, second, third = numeric.groups()
    if len(first) == 4:  # 2026/11/30
        return _iso(int(first), int(second), int(third))
    if len(third) != 4:
        return None  # a two-digit year could be any century
    year, first, second = int(third), int(first), int(second)
    return _iso(year, second, first) or _iso(year, first, second)


def _iso(year: int, month: int, day: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if year >= 1 and _real_date(year, month, day) else None


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
    return fastjsonschema.compile(_refs_in_all_of(json.loads(schema_path.read_text(encoding="utf-8"))))


def _refs_in_all_of(schema):
    """fastjsonschema reads a "$ref" as the whole rule and skips the rules
    beside it (as drafts before 2019-09 did), so {"$ref": line, "maxLength":
    90} would never check the length. The same rule with the reference
    moved into "allOf" means the same in every draft."""
    if isinstance(schema, list):
        return [_refs_in_all_of(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _refs_in_all_of(value) for key, value in schema.items()}
    if "$ref" in schema and len(schema) > 1:
        schema["allOf"] = [{"$ref": schema.pop("$ref")}] + schema.get("allOf", [])
    return schema


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
        return [_missing(loaded, at, name, error.schema, error.instance, why) for name in missing]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            problem(at + (name,), "unknown field" + _unknown_field_hint(name, known))
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
    if error.schema.get("format") == "date" and isinstance(error.instance, str):
        if date_problem(error.instance):
            return [problem(at, date_problem(error.instance))]
        meant = iso_date_for(error.instance)
        if meant:
            return [
                problem(
                    at,
                    f"must be a date written as YYYY-MM-DD (year, month, day); did you mean {meant}? "
                    f"Write: {field_name(at[-1:])}: {meant}",
                )
            ]
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
        why = error.schema.get("maxLengthReason")
        if why:
            return [
                problem(at, f"is {len(error.instance)} characters long; the limit is {error.validator_value}, {why}")
            ]
        return [problem(at, f"is too long ({len(error.instance)} characters; the limit is {error.validator_value})")]
    return [problem(at, error.message)]


def _unknown_field_hint(name: str, known: dict) -> str:
    """'; did you mean ...?' for a misspelt field, or for another name of
    one (a property may list them in the non-standard `otherNames`), with
    what that field holds."""
    for field, schema in known.items():
        if isinstance(schema, dict) and str(name).casefold() in schema.get("otherNames", []):
            return f"; did you mean '{field}'? {schema.get('otherNamesHint', '')}".rstrip()
    return did_you_mean(name, known)


def _missing(loaded: LoadedFile, at: tuple, name: str, schema: dict, instance: dict, why: str) -> Problem:
    """A missing field, reported where it belongs: on the line of the field
    that should follow it (in the schema's, and so the template's, order),
    else after the one that should come before it, else where its group of
    fields starts."""
    order = list(schema.get("properties", {}))
    place = order.index(name) if name in order else len(order)
    after = [key for key in order[place + 1 :] if key in instance]
    before = [key for key in order[:place] if key in instance]
    if after:
        line, where = loaded.line_of(at + (after[0],)), f"add a line '{name}:' above this one, before '{after[0]}'"
    elif before:
        line, where = loaded.line_of(at + (before[-1],)), f"add a line '{name}:' after '{before[-1]}'"
    else:
        line, where = loaded.line_of(at), f"add a line '{name}:' here"
    if why != "this required field is missing":
        return Problem(loaded.path, line, field_name(at + (name,)), why)
    return Problem(loaded.path, line, field_name(at + (name,)), f"{why}: {where}")


def _describe_value(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return _TYPE_WORDS.get({str: "string", list: "array", dict: "object"}.get(type(value), ""), type(value).__name__)
