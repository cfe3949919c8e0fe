"""`make new slug=<slug> title="<title>"`: start a case study from the template.

Writes case_studies/<slug>.yml from case_studies/_template.yml with the
title, today's date and a review date a year on filled in. Run bare, it
asks for the title and file name. It changes no other file: a contributor's
pull request is the one new file, and after merging a maintainer runs
`make published-urls` to add the new address to tests/published_urls.txt.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from pathlib import Path

from . import site_urls
from .catalogue import TEMPLATE_FILE, a_year_after, file_name_problem, slug_for

# A title that YAML would misread unquoted (see the template's rules).
_NEEDS_QUOTES = re.compile(r""": |\s#|^[\s'"&*!|>%@`{}\[\],?#-]|:$|\s$""")


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if _NEEDS_QUOTES.search(value) else value


def case_study_text(template: str, title: str, today: datetime.date) -> str:
    filled = {
        "title": yaml_text(title),
        "contributed_on": today.isoformat(),
        "last_reviewed": today.isoformat(),
        # A year on: a case study is a dated account resting on sources that
        # do not change, so a yearly check (are the links alive, is the work
        # still running, has the organisation said more?) is enough. The
        # hand-written pages, which give advice, are looked at every six months.
        "next_review": a_year_after(today).isoformat(),
    }
    for field, value in filled.items():
        template, count = re.subn(rf"(?m)^{field}: FILL IN.*$", f"{field}: {value}", template)
        assert count == 1, f"the template has no '{field}: FILL IN' line"
    # The template's own header is for people copying it by hand.
    body = template.split("\n# The name people will search for.", 1)[1]
    header = template.splitlines()[0]
    return (
        f"{header}\n# Started with `make new`. Replace every FILL IN text; `make validate`\n"
        f"# lists those left. See CONTRIBUTING.md for what each field needs.\n"
        f"\n# The name people will search for.{body}"
    )


def _ask(question: str) -> str:
    try:
        return input(question).strip()
    except EOFError:
        return ""


def main(root: Path, slug: str | None, title: str | None) -> int:
    slug = slug or os.environ.get("slug") or ""
    title = title or os.environ.get("title") or ""
    interactive = sys.stdin.isatty()
    if not title and interactive:
        title = _ask("Title of the case study (as people would search for it): ")
    if not slug and title and interactive:
        suggestion = slug_for(title)
        slug = _ask(f"File name, which becomes the page address [{suggestion}]: ") or suggestion
    if not slug or not title:
        print(
            'usage: make new slug=my-town-peer-support title="My Town peer support"\n'
            "(or run `make new` on its own in a terminal to be asked)",
            file=sys.stderr,
        )
        return 2
    slug = slug.removesuffix(".yml")
    problem = file_name_problem(slug + ".yml")
    if problem:
        print(f"slug={slug}: {problem.replace('rename the file', 'use')}", file=sys.stderr)
        return 1
    path = root / "case_studies" / f"{slug}.yml"
    if path.exists():
        print(f"case_studies/{slug}.yml already exists: choose another name", file=sys.stderr)
        return 1
    template = (root / "case_studies" / TEMPLATE_FILE).read_text(encoding="utf-8")
    path.write_text(case_study_text(template, title, datetime.date.today()), encoding="utf-8")
    url = "/" + site_urls.case_study_url(slug)
    print(
        f"Wrote case_studies/{slug}.yml; its page will be {url}\n"
        f"Next: replace every FILL IN text, then `make validate` (it lists what is left)\n"
        f"and `make serve` to read the page."
    )
    return 0
