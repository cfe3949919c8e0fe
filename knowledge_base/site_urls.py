"""Where every generated page lives. Trainers paste these addresses into
slides, so changing one is a breaking change (tests/published_urls.txt)."""

from __future__ import annotations

from pathlib import Path


def case_study_source(slug: str) -> str:
    return f"case-studies/{slug}.md"


def term_source(facet: str, term_id: str) -> str:
    return f"{facet}/{term_id}.md"


def url_of_source(source: str) -> str:
    """'barriers/payment.md' -> 'barriers/payment/'; 'barriers/index.md' -> 'barriers/'."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def case_study_url(slug: str) -> str:
    return url_of_source(case_study_source(slug))


def term_url(facet: str, term_id: str) -> str:
    return url_of_source(term_source(facet, term_id))


def facet_url(facet: str) -> str:
    return f"{facet}/"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url, both site-relative like
    'a/b/' ('' is the home page). It climbs to the site root and back down,
    which is always right and, unlike os.path.relpath, cheap enough to call
    tens of thousands of times in a build."""
    depth = from_url.count("/")
    return "../" * depth + to_url if depth or to_url else "./"


def hand_written_addresses(docs: Path) -> set[str]:
    """'/about/' for docs/about.md, '/case-studies/' for docs/case-studies/index.md."""
    return {"/" + url_of_source(path.relative_to(docs).as_posix()) for path in docs.rglob("*.md")}
