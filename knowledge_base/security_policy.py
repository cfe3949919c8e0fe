"""The site's security policy, written once.

docs/_headers (for hosts that read it: Netlify, Cloudflare Pages) is made
from it, and every page carries the part a <meta> tag can hold, so hosts
that send no headers (GitHub Pages, our deploy) enforce the same policy:
overrides/main.html (through the knowledge-base plugin) and the redirect pages
(redirects.redirect_page). tests/test_privacy.py checks both.

    python -m knowledge_base.security_policy > docs/_headers
"""

from __future__ import annotations

import html

# The site loads nothing from other sites and runs no inline scripts.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
REFERRER_POLICY = "no-referrer"
# Headers with no <meta> equivalent: only hosts that read _headers send them.
HEADER_ONLY = {
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Browsers ignore these directives in a <meta> policy.
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def meta_tags() -> str:
    """The policy as the first tags of a page's <head>."""
    directives = {name: value for name, value in CONTENT_SECURITY_POLICY.items() if name not in NOT_IN_META}
    content = html.escape(policy(directives), quote=False).replace('"', "&quot;")  # keep ' readable
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">\n' + REFERRER_META


REFERRER_META = f'<meta name="referrer" content="{REFERRER_POLICY}">\n'
META_TAGS = meta_tags()


def headers_file() -> str:
    """The text of docs/_headers."""
    headers = {
        "Content-Security-Policy": policy(CONTENT_SECURITY_POLICY),
        "Referrer-Policy": REFERRER_POLICY,
        **HEADER_ONLY,
    }
    return (
        "# HTTP headers to serve the site with. Netlify and Cloudflare Pages read this\n"
        "# file as it is; for other servers, copy the headers into their configuration.\n"
        "# Made by `python -m knowledge_base.security_policy > docs/_headers`: edit\n"
        "# knowledge_base/security_policy.py, not this file. Every page also carries the\n"
        "# policy in a <meta> tag, for hosts (GitHub Pages) that send no headers.\n"
        "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
    )


if __name__ == "__main__":
    print(headers_file(), end="")
