"""Old addresses that keep working after a page moves.

data/redirects.yml lists them; each old address gets a small page that
sends visitors on. The checks here make sure a redirect never points to a
missing page and never hides a real one. That no published address
disappears is published_urls.py's job.
"""

from __future__ import annotations

import markupsafe

from . import security_policy, site_urls
from .problems import Problem
from .safe_yaml import LoadedFile, field_name

REDIRECTS_FILE = "data/redirects.yml"


def check(loaded: LoadedFile, pages: set[str], problems: list[Problem]) -> list[dict]:
    """The redirects in a loaded data/redirects.yml, with a problem for each
    that points nowhere, hides a page, chains or repeats."""
    redirects = loaded.data["redirects"]
    sources = [item["from"] for item in redirects]
    seen: set[str] = set()
    for i, item in enumerate(redirects):

        def problem(key: str, message: str, i: int = i) -> None:
            at = ("redirects", i, key)
            problems.append(Problem(loaded.path, loaded.line_of(at), field_name(at), message))

        if item["from"] in pages:
            problem(
                "from",
                f"{item['from']} is a page the site still publishes; a redirect would hide it "
                "(remove this entry, or rename the page first)",
            )
        if item["from"] in seen:
            problem("from", f"{item['from']} is listed twice; keep one entry")
        seen.add(item["from"])
        if item["to"] in sources:
            problem("to", f"{item['to']} is itself redirected; point straight at the page it now leads to")
        elif item["to"] not in pages:
            problem(
                "to",
                f"no page has the address {item['to']}; use the address of a case study, term or "
                "other page the site publishes, such as /case-studies/sheffield-flourish/",
            )
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
        "</body>\n</html>\n"
    )
