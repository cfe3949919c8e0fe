"""Check loaded YAML against a JSON Schema and word the errors for people.

The schemas in data/ are the single source of truth: editors use them for
autocomplete, and this module uses them for validation. A schema can give a
friendlier message for a rule with the (non-standard) `errorMessage` keyword.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import fastjsonschema
import jsonschema

from .problems import Problem
from .safe_yaml import LoadedFile, field_name

_TYPE_WORDS = {
    "string": "text", "array": "a list", "object": "a set of fields",
    "integer": "a whole number", "number": "a number", "boolean": "true or false", "null": "empty",
}


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@lru_cache(maxsize=None)
def _validator(schema_path: Path) -> jsonschema.protocols.Validator:
    """The full validator, used only to explain a failure in words."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@lru_cache(maxsize=None)
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
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [problem(at + (name,), "this required field is missing") for name in missing]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [problem(at + (name,), "unknown field" + did_you_mean(name, known))
                for name in error.instance if name not in known]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        return [problem(at, f"must be {words}, not {_describe_value(error.instance)}")]
    if "errorMessage" in error.schema and kind in ("pattern", "format", "minProperties", "minLength"):
        return [problem(at, error.schema["errorMessage"])]
    if kind == "enum":
        options = ", ".join(f"'{o}'" for o in error.validator_value)
        return [problem(at, f"'{error.instance}' is not allowed{did_you_mean(error.instance, error.validator_value)} "
                            f"(choose from {options})")]
    if kind == "minItems":
        return [problem(at, "must list at least one item" if error.validator_value == 1
                        else f"must list at least {error.validator_value} items")]
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
