"""The list of published addresses (tests/published_urls.txt).

Trainers paste addresses into slides, so no listed address may disappear
(the tests check every one against the built site). A new case study or
term page being missing from the list is fine: contributors never edit it.
`make published-urls` (and `make new`) add the new addresses, so they are
protected from then on.
"""

from __future__ import annotations

from pathlib import Path

from . import site_urls
from .catalogue import load_catalogue

LIST = "tests/published_urls.txt"


def listed(root: Path) -> list[str]:
    lines = (root / LIST).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def gone_from_site(urls: list[str], site: Path) -> list[str]:
    """The listed addresses a built site no longer has."""
    return [url for url in urls if not (site / url.lstrip("/") / "index.html").is_file()]


def generated_addresses(root: Path) -> list[str]:
    """The address of every case-study and term page, as listed ('/a/b/')."""
    catalogue = load_catalogue(root)
    urls = [site_urls.case_study_url(case.slug) for case in catalogue.case_studies]
    urls += [site_urls.term_url(facet, term_id)
             for facet, taxonomy in catalogue.taxonomies.items() for term_id in taxonomy.terms]
    return ["/" + url for url in urls]


def unlisted(root: Path) -> list[str]:
    known = set(listed(root))
    return [url for url in generated_addresses(root) if url not in known]


def add(root: Path, urls: list[str]) -> list[str]:
    """Add urls to the list, each after the last address of its section
    (so /case-studies/ addresses stay together); returns those added."""
    path = root / LIST
    lines = path.read_text(encoding="utf-8").splitlines()
    added = []
    for url in urls:
        if url in (line.strip() for line in lines):
            continue
        section = "/" + url.strip("/").split("/")[0] + "/"
        same = [i for i, line in enumerate(lines) if line.startswith(section)]
        lines.insert(same[-1] + 1 if same else len(lines), url)
        added.append(url)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return added


def add_current_addresses(root: Path) -> list[str]:
    return add(root, unlisted(root))
