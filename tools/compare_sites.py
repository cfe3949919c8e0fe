"""Compare two built sites: the same files, every page's HTML the same
(whitespace aside), every other file the same byte for byte.

    python tools/compare_sites.py SITE_BEFORE SITE_AFTER [--ignore REGEX]...

--ignore leaves out of the comparison what matches, in every text file: a
change made on purpose, so that nothing else hides behind it.

Prints each difference and exits 1 if there is any. Used to show that a
change to the code behind the site changed nothing a reader can see: build
before and after with the same SITE_URL, then compare.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import re
import sys
from pathlib import Path

_SPACE = re.compile(r"\s+")
_TEXT = (".html", ".json", ".csv", ".js", ".css", ".xml", ".txt", "")


def _comparable(path: Path, ignore: list[re.Pattern]) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)  # the gzip header holds the time it was made
    if path.suffix == ".html":
        # Whitespace between tags aside; words and attributes unchanged.
        data = _SPACE.sub(" ", data.decode("utf-8")).replace("> <", "><").encode("utf-8")
    if ignore and path.suffix in _TEXT:
        text = data.decode("utf-8")
        for pattern in ignore:
            text = pattern.sub("", text)
        data = text.encode("utf-8")
    return data


def differences(before: Path, after: Path, ignore: list[re.Pattern] = ()) -> list[str]:
    old = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    new = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    found = [f"only before: {name}" for name in sorted(old - new)]
    found += [f"only after: {name}" for name in sorted(new - old)]
    for name in sorted(old & new):
        a, b = _comparable(before / name, ignore), _comparable(after / name, ignore)
        if a != b:
            found.append(f"differs: {name}")
            if name.endswith(_TEXT[:-1]):
                diff = difflib.unified_diff(
                    a.decode("utf-8", "replace").replace("><", ">\n<").splitlines(),
                    b.decode("utf-8", "replace").replace("><", ">\n<").splitlines(),
                    lineterm="",
                    n=1,
                )
                found += ["    " + line[:200] for line in list(diff)[2:14]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", type=re.compile, action="append", default=[], metavar="REGEX")
    args = parser.parse_args(argv)
    found = differences(args.before, args.after, args.ignore)
    for line in found:
        print(line)
    files = sum(1 for p in args.after.rglob("*") if p.is_file())
    print(f"{files} files compared: {'no differences' if not found else 'DIFFERENT'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
