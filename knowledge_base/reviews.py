"""Review dates: when a page or case study was last checked, and when it
should be checked again (the NHS service manual's "Page last reviewed" and
"Next review due").

Case studies carry `last_reviewed` and `next_review` in their YAML (checked
by the catalogue); hand-written pages carry the same two fields in their
front matter. A date that has passed is a note for the maintainers, never a
failed build. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime

import markupsafe

from .catalogue import Catalogue

FIELDS = ("last_reviewed", "next_review")


def iso(value) -> str | None:
    """A front-matter or YAML date as YYYY-MM-DD, or None if it is not a real
    date (YAML reads an unquoted date as a date, a quoted one as text)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat() if isinstance(value, str) else None
    except ValueError:
        return None


def long_date(value: str) -> str:
    """'2026-12-02' -> '2 December 2026'."""
    day = datetime.date.fromisoformat(value)
    return f"{day.day} {day.strftime('%B %Y')}"


def line_html(last_reviewed: str, next_review: str) -> markupsafe.Markup:
    """The small line at the end of a page's content. Search leaves it out."""
    return markupsafe.Markup(
        '<p class="kb-review-dates" data-search-exclude>'
        '<span>Page last reviewed: <time datetime="{0}">{1}</time></span> '
        '<span class="kb-review-dates__gap" aria-hidden="true">·</span> '
        '<span>Next review due: <time datetime="{2}">{3}</time></span></p>'
    ).format(last_reviewed, long_date(last_reviewed), next_review, long_date(next_review))


def page_problem(path: str, meta: dict) -> str | None:
    """What is wrong with a hand-written page's review dates, or None."""
    found = {name: meta.get(name) for name in FIELDS}
    missing = [name for name, value in found.items() if value is None]
    if missing:
        return (
            f"{path}: no {' or '.join(missing)} in the front matter: add 'last_reviewed: YYYY-MM-DD' "
            "and 'next_review: YYYY-MM-DD' between the --- lines at the top, so the page shows "
            "when it was checked and when it will be checked again"
        )
    for name, value in found.items():
        if iso(value) is None:
            return f"{path}: {name}: '{value}' is not a date: write it as YYYY-MM-DD, like 2026-12-02"
    if iso(found["next_review"]) <= iso(found["last_reviewed"]):
        return (
            f"{path}: next_review {iso(found['next_review'])} is not after last_reviewed "
            f"{iso(found['last_reviewed'])}: set it after the last review, usually six months later"
        )
    return None


def overdue_note(path: str, next_review, today: datetime.date) -> str | None:
    """A note for the build log when a review date has passed."""
    due = iso(next_review)
    if due is None or due >= today.isoformat():
        return None
    return (
        f"{path}: review overdue: next_review was {long_date(due)} ({due}). Check the page against its "
        "sources, then set last_reviewed to the day you checked and next_review to the next date."
    )


def overdue_case_studies(catalogue: Catalogue, today: datetime.date) -> list[str]:
    notes = (overdue_note(case.path, case.data["next_review"], today) for case in catalogue.case_studies)
    return [note for note in notes if note]
