"""Load one data file and check it against its schema, adding any problems
to the list: the one way every data file in the project is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .problems import DataError, Problem
from .safe_yaml import LoadedFile, load_yaml_file
from .schema_check import check_against_schema

# Rewords the schema's problems for one kind of file (case studies' placeholders).
Reword = Callable[[LoadedFile, list[Problem]], list[Problem]]


def load(
    root: Path, relative: str, schema: str, problems: list[Problem], reword: Reword | None = None
) -> LoadedFile | None:
    """The file's data with the line of every value, or None (and its
    problems added) when it is missing, unreadable or breaks its schema."""
    path = root / relative
    if not path.is_file():
        problems.append(Problem(relative, 1, "(file)", "file is missing"))
        return None
    try:
        loaded = load_yaml_file(path, relative)
    except DataError as error:
        problems.extend(error.problems)
        return None
    found = check_against_schema(loaded, root / schema)
    if reword:
        found = reword(loaded, found)
    problems.extend(found)
    return None if found else loaded
