"""The project's commands, run as `python -m knowledge_base COMMAND [ROOT]`:

- validate       check every data file; one line per problem as
                 `path:line: field: message`; exit 1 if there are any
- schema         regenerate the id lists in data/case-study.schema.json
- published-urls add every current page address to tests/published_urls.txt
- new            write a new case study from the template (see new_case.py)
- registry       print the registry's JSON for the page scripts (the node
                 unit tests in tests/js/ read it this way)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import load_catalogue
from .problems import DataError


def validate(root: Path) -> int:
    try:
        catalogue = load_catalogue(root)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    terms = sum(len(t.terms) for t in catalogue.taxonomies.values())
    print(f"All data files are valid: {len(catalogue.case_studies)} case studies, {terms} terms.")
    return 0


def schema(root: Path) -> int:
    from .schema_ids import SCHEMA, TAXONOMY_SCHEMA, write_schema

    try:
        changed = write_schema(root)
    except DataError as error:
        print(error, file=sys.stderr)
        print(f"Fix these first: {SCHEMA} is made from them.", file=sys.stderr)
        return 1
    print(f"{SCHEMA} and {TAXONOMY_SCHEMA}: generated lists {'updated' if changed else 'already up to date'}.")
    return 0


def published_urls(root: Path, check: bool = False) -> int:
    from . import published_urls as published

    try:
        if check:  # only list the addresses not yet protected
            for url in published.unlisted(root):
                print(url)
            return 0
        added = published.add_current_addresses(root)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    for url in added:
        print(f"added {url}")
    print(f"{published.LIST}: {len(added)} address{'es' if len(added) != 1 else ''} added.")
    return 0


def registry_json(root: Path) -> int:
    """Reads only the taxonomy files it needs (their titles), so that a
    mistake in a case study does not stop the JavaScript unit tests too:
    `make validate` and the Python tests report it."""
    from . import data_file, registry
    from .open_data import to_json

    problems: list = []
    titles = {}
    for facet in registry.TAXONOMY_FACETS:
        loaded = data_file.load(root, facet.data_file, "data/taxonomy.schema.json", problems)
        if loaded:
            titles[facet.key] = loaded.data["title"]
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    print(to_json(registry.script_data(titles)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge_base")
    parser.add_argument("command", choices=["validate", "schema", "published-urls", "new", "registry"])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="project folder (default: here)")
    parser.add_argument("--slug", help="new: the file name without .yml")
    parser.add_argument("--title", help="new: the case study's title")
    parser.add_argument(
        "--check", action="store_true", help="published-urls: list the addresses not yet listed, and change nothing"
    )
    args = parser.parse_intermixed_args(argv)
    if args.command == "new":
        from .new_case import main as new

        return new(args.root, args.slug, args.title)
    if args.command == "published-urls":
        return published_urls(args.root, args.check)
    return {"validate": validate, "schema": schema, "registry": registry_json}[args.command](args.root)


if __name__ == "__main__":
    sys.exit(main())
