"""Published addresses: the list of them (tests/published_urls.txt), and
the check that none disappears.

Trainers paste addresses into slides, so no listed address may disappear
(the tests check every one against the built site, and say what to add to
data/redirects.yml when one has). A new case study or term page missing
from the list is fine: contributors never edit it. `make published-urls`
(and `make new`) add the new addresses, so they are protected from then on.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from . import site_urls
from .catalogue import load_catalogue

LIST = "tests/published_urls.txt"


def listed(root: Path) -> list[str]:
    lines = (root / LIST).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def gone_from_site(urls: list[str], site: Path) -> list[str]:
    """The listed addresses a built site no longer has (a page or a
    redirect page)."""
    return [url for url in urls if not (site / url.lstrip("/") / "index.html").is_file()]


def gone_report(site: Path, urls: list[str]) -> str:
    """'' when every listed address still leads somewhere in the built
    site; otherwise what to add to data/redirects.yml, in words."""
    gone = gone_from_site(urls, site)
    if not gone:
        return ""
    built = sorted(
        "/" + path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html") if path.parent != site
    )
    return how_to_keep(gone, [url for url in built if url not in urls])


def generated_addresses(root: Path) -> list[str]:
    """The address of every case-study and term page, as listed ('/a/b/')."""
    catalogue = load_catalogue(root)
    urls = [site_urls.case_study_url(case.slug) for case in catalogue.case_studies]
    urls += [
        site_urls.term_url(facet, term_id)
        for facet, taxonomy in catalogue.taxonomies.items()
        for term_id in taxonomy.terms
    ]
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


def _name(address: str) -> str:
    return address.rstrip("/").rsplit("/", 1)[-1]


def _most_like(address: str, candidates: list[str]) -> str | None:
    """The new page an old address most likely moved to: the only new page
    in its folder, or of several (a contributor's new case study may have
    appeared beside a renamed one) the one whose name is clearly the most
    like the old name; None when there is none, no name is close, or two
    are as close."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    scored = sorted(
        ((difflib.SequenceMatcher(None, _name(address), _name(new)).ratio(), new) for new in candidates), reverse=True
    )
    best, runner_up = scored[0][0], scored[1][0]
    return scored[0][1] if best >= 0.6 and best - runner_up >= 0.1 else None


def how_to_keep(missing: list[str], new_addresses: list[str]) -> str:
    """What to add to data/redirects.yml so that missing addresses keep
    working, guessing each new address from pages that appeared in the
    same folder."""
    lines = [
        f"{len(missing)} published address{'es' if len(missing) != 1 else ''} no longer "
        f"lead{'s' if len(missing) == 1 else ''} anywhere: {', '.join(missing)}",
        "Trainers and others link to these. If a page was renamed, add to data/redirects.yml:",
        "",
        "redirects:",
    ]
    for address in missing:
        folder = address.rstrip("/").rsplit("/", 1)[0] + "/"
        candidates = [new for new in new_addresses if new.startswith(folder) and new.count("/") == address.count("/")]
        target = _most_like(address, candidates) or folder + "<new-name>/"
        lines += [f"  - from: {address}", f"    to: {target}"]
    lines += ["", "and add the new address to tests/published_urls.txt. Never delete a published address."]
    return "\n".join(lines)
