"""`python -m knowledge_base validate [ROOT]`: check every data file.

Prints one line per problem as `path:line: field: message` and exits 1 if
there are any, 0 if all is well.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import load_catalogue
from .problems import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge_base")
    parser.add_argument("command", choices=["validate"])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="project folder (default: here)")
    args = parser.parse_args(argv)
    try:
        catalogue = load_catalogue(args.root)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    terms = sum(len(t.terms) for t in catalogue.taxonomies.values())
    print(f"All data files are valid: {len(catalogue.case_studies)} case studies, {terms} terms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
