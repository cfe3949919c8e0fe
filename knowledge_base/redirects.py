"""Old addresses that keep working after a page moves.

data/redirects.yml lists them; each old address gets a small page that
sends visitors on. The checks here make sure a redirect never points to a
missing page, never hides a real one, and that no published address
disappears without one.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import markupsafe

from . import security_policy, site_urls
from .problems import Problem
from .safe_yaml import LoadedFile, field_name

REDIRECTS_FILE = "data/redirects.yml"


def hand_written_addresses(docs: Path) -> set[str]:
    """'/about/' for docs/about.md, '/case-studies/' for docs/case-studies/index.md."""
    return {"/" + site_urls.url_of_source(path.relative_to(docs).as_posix()) for path in docs.rglob("*.md")}


def check(loaded: LoadedFile, pages: set[str], problems: list[Problem]) -> list[dict]:
    """The redirects in a loaded data/redirects.yml, with a problem for each
    that points nowhere, hides a page, chains or repeats."""
    redirects = loaded.data["redirects"]
    sources = [item["from"] for item in redirects]
    seen: set[str] = set()
    for i, item in enumerate(redirects):
        def problem(key: str, message: str) -> None:
            at = ("redirects", i, key)
            problems.append(Problem(loaded.path, loaded.line_of(at), field_name(at), message))

        if item["from"] in pages:
            problem("from", f"{item['from']} is a page the site still publishes; a redirect would hide it "
                            "(remove this entry, or rename the page first)")
        if item["from"] in seen:
            problem("from", f"{item['from']} is listed twice; keep one entry")
        seen.add(item["from"])
        if item["to"] in sources:
            problem("to", f"{item['to']} is itself redirected; point straight at the page it now leads to")
        elif item["to"] not in pages:
            problem("to", f"no page has the address {item['to']}; use the address of a case study, term or "
                          "other page the site publishes, such as /case-studies/sheffield-flourish/")
    return redirects


def redirect_page(from_address: str, to_address: str, site_url: str = "") -> str:
    """A tiny page at the old address. A meta refresh works with no script
    (and under the Content Security Policy); redirect.js, a file, also
    carries a link to a heading (#challenges) across. The security policy
    comes first, as on every page."""
    target = site_urls.relative_url(from_address.strip("/") + "/", to_address.strip("/") + "/")
    assets = site_urls.relative_url(from_address.strip("/") + "/", "assets/javascripts/redirect.js")
    canonical = (site_url.rstrip("/") + to_address) if site_url else ""
    e = markupsafe.escape
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n' + security_policy.META_TAGS + '<meta charset="utf-8">\n'
        '<title>This page has moved</title>\n<meta name="robots" content="noindex">\n'
        + (f'<link rel="canonical" href="{e(canonical)}">\n' if canonical else "")
        + f'<script src="{e(assets)}" data-target="{e(target)}"></script>\n'
        f'<meta http-equiv="refresh" content="0; url={e(target)}">\n'
        f'</head>\n<body>\n<p>This page has moved to <a href="{e(target)}">{e(to_address)}</a>.</p>\n'
        '</body>\n</html>\n')


def missing_addresses(published: list[str], exists) -> list[str]:
    """The published addresses that no longer lead anywhere. exists(address)
    says whether the built site has a page (or a redirect page) there."""
    return [address for address in published if not exists(address)]


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
    scored = sorted(((difflib.SequenceMatcher(None, _name(address), _name(new)).ratio(), new) for new in candidates),
                    reverse=True)
    best, runner_up = scored[0][0], scored[1][0]
    return scored[0][1] if best >= 0.6 and best - runner_up >= 0.1 else None


def how_to_keep(missing: list[str], new_addresses: list[str]) -> str:
    """What to add to data/redirects.yml so that missing addresses keep
    working, guessing each new address from pages that appeared in the
    same folder."""
    lines = [f"{len(missing)} published address{'es' if len(missing) != 1 else ''} no longer "
             f"lead{'s' if len(missing) == 1 else ''} anywhere: {', '.join(missing)}",
             "Trainers and others link to these. If a page was renamed, add to " + REDIRECTS_FILE + ":",
             "", "redirects:"]
    for address in missing:
        folder = address.rstrip("/").rsplit("/", 1)[0] + "/"
        candidates = [new for new in new_addresses if new.startswith(folder) and new.count("/") == address.count("/")]
        target = _most_like(address, candidates) or folder + "<new-name>/"
        lines += [f"  - from: {address}", f"    to: {target}"]
    lines += ["", "and add the new address to tests/published_urls.txt. Never delete a published address."]
    return "\n".join(lines)
