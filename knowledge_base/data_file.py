"""Load one data file and check it against its schema, adding any problems
to the list: the one way every data file in the project is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .problems import DataError, Problem
from .safe_yaml import LoadedFile, read_yaml_file
from .schema_check import check_against_schema

# Rewords the schema's problems for one kind of file (case studies' placeholders).
Reword = Callable[[LoadedFile, list[Problem]], list[Problem]]


def load(
    root: Path, relative: str, schema: str, problems: list[Problem], reword: Reword | None = None
) -> LoadedFile | None:
    """The file's data with the line of every value, or None (and its
    problems added) when it is missing, unreadable or breaks its schema."""
    loaded = load_partly(root, relative, schema, problems, reword)
    return loaded if loaded and loaded.problems == [] else None


def load_partly(
    root: Path, relative: str, schema: str, problems: list[Problem], reword: Reword | None = None
) -> LoadedFile | None:
    """Like load, but a file that reads as YAML comes back even when it has
    problems (its .problems, also added to `problems`), so that the caller
    can check its cross-references too and report everything in one run.
    None only when there is no data at all (missing file, YAML syntax error)."""
    path = root / relative
    if not path.is_file():
        problems.append(Problem(relative, 1, "(file)", "file is missing"))
        return None
    try:
        loaded = read_yaml_file(path, relative)
    except DataError as error:
        problems.extend(error.problems)
        return None
    found = check_against_schema(loaded, root / schema)
    if reword:
        found = reword(loaded, found)
    # A value already reported by the YAML reader (an alias read as nothing,
    # say) is not reported a second time by the schema.
    reported = {p.field for p in loaded.problems}
    found = [p for p in found if not any(_within(p.field, field) for field in reported)]
    loaded.problems = sorted(set(loaded.problems + found))
    problems.extend(loaded.problems)
    return loaded


def _within(field: str, other: str) -> bool:
    """'organisations[1].name' is within 'organisations[1]'."""
    return field == other or field.startswith((other + ".", other + "["))
