"""A problem found in a data file, reported as `path:line: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def one_line(text: str) -> str:
    """Show control characters (such as a newline in a misspelt key) as
    escapes, so every problem stays on one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {one_line(self.field)}: {one_line(self.message)}"


class DataError(Exception):
    """Raised with every problem found, so a contributor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
