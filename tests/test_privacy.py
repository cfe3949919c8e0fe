"""No trackers or third-party requests, no cookies, and every page works
under the Content Security Policy: served with docs/_headers (hosts that read
it) and, as GitHub Pages serves it, with no headers at all, when the policy
in each page's <meta> tag must do the work. knowledge_base/security_policy.py
holds the policy once; docs/_headers and the <meta> tags are made from it."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from knowledge_base import redirects, security_policy
from tests.helpers import ROOT, SiteServer, representative_pages, search_for

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def headers_from(site) -> dict[str, str]:
    """The headers docs/_headers sets for every path (/*)."""
    headers, in_block = {}, False
    for line in (site / "_headers").read_text().splitlines():
        if line.startswith("/*"):
            in_block = True
        elif in_block and line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name] = value.strip()
    return headers


@pytest.fixture(scope="session")
def walk(browser, built_site):
    """Visit every page kind served with the site's headers: every
    hand-written page and one page per template (helpers.representative_pages;
    generated pages differ only in escaped text, which loads nothing),
    recording every request, console message and policy violation."""
    site, _ = built_site
    headers = headers_from(site)
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    with SiteServer(site, headers) as server:
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        requests, violations, errors = [], [], []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        for url in [*representative_pages(), "404.html"]:
            page.goto(server.url + url, wait_until="load")
            violations += [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]
        # Search loads a worker and the index: it must work under the policy.
        page.goto(server.url)
        search_for(page, "benefits")
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        violations += page.evaluate("window.__cspViolations")
        cookies = context.cookies()
        document_cookie = page.evaluate("document.cookie")
        context.close()
        yield {
            "server": server.url,
            "requests": requests,
            "violations": violations,
            "errors": errors,
            "cookies": cookies,
            "document_cookie": document_cookie,
        }


def test_no_request_leaves_the_site(walk):
    outside = sorted(
        {url for url in walk["requests"] if not url.startswith(walk["server"]) and not url.startswith("data:")}
    )
    assert not outside, outside
    assert len(walk["requests"]) > 100


def test_no_cookies_are_set(walk):
    assert walk["cookies"] == []
    assert walk["document_cookie"] == ""


def test_pages_run_under_the_content_security_policy(walk):
    assert not walk["violations"], walk["violations"]
    # The 404 page's own request is expected to fail; nothing else may.
    unexpected = [e for e in walk["errors"] if "404" not in e]
    assert not unexpected, unexpected


def test_the_policy_test_can_fail(browser, built_site, tmp_path):
    """A page with an inline script must be reported, or the test proves nothing."""
    site, _ = built_site
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title><script>1</script>")
    with SiteServer(tmp_path, headers_from(site)) as server:
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.goto(server.url)
        assert page.evaluate("window.__cspViolations")
        context.close()


# --- The policy as deployed: <meta> tags, no headers -----------------------

META_POLICY = "; ".join(
    f"{name} {value}"
    for name, value in security_policy.CONTENT_SECURITY_POLICY.items()
    if name not in {"frame-ancestors", "report-uri", "sandbox"}
)
INJECTED = "<script>window.__injected = true; localStorage.setItem('injected', '1')</script>"


def test_headers_file_is_made_from_the_one_policy(built_site):
    site, _ = built_site
    expected = security_policy.headers_file()
    assert (ROOT / "docs/_headers").read_text() == expected, (
        "docs/_headers is out of date: python -m knowledge_base.security_policy > docs/_headers"
    )
    assert (site / "_headers").read_text() == expected
    headers = headers_from(site)
    assert headers["Content-Security-Policy"].startswith(META_POLICY + "; ")
    assert headers["Referrer-Policy"] == "no-referrer"


def check_head(html: str, where: str) -> None:
    """The policy and referrer tags are the first elements of <head>, before
    anything that could load (and the charset is still in the first 1,024 bytes)."""
    head = BeautifulSoup(html, "html.parser").head
    first, second = head.find_all(True, limit=2)
    assert first.name == "meta" and first.get("http-equiv") == "Content-Security-Policy", where
    assert first["content"] == META_POLICY, where
    assert second.name == "meta" and second.attrs == {"name": "referrer", "content": "no-referrer"}, where
    assert "frame-ancestors" not in first["content"]
    assert html.encode().find(b'<meta charset="utf-8">') < 1024, where


def test_every_page_carries_the_policy_first_in_its_head(built_site, site_pages):
    site, _ = built_site
    for url in site_pages + ["404.html"]:
        path = site / (url or "index.html") if url.endswith(".html") else site / url / "index.html"
        check_head(path.read_text(), url or "home")


def test_redirect_pages_carry_the_policy_first():
    check_head(redirects.redirect_page("/barriers/old/", "/barriers/new/", "https://example.org/kb/"), "redirect")


@pytest.fixture(scope="session")
def deployed(built_site, tmp_path_factory):
    """A copy of the built site with a redirect page (as data/redirects.yml
    makes them), served with no headers at all, as GitHub Pages does."""
    site, _ = built_site
    copy = tmp_path_factory.mktemp("deployed") / "site"
    shutil.copytree(site, copy)
    (copy / "old-about").mkdir()
    (copy / "old-about/index.html").write_text(redirects.redirect_page("/old-about/", "/about/"))
    with SiteServer(copy) as server:
        yield copy, server


def test_with_no_headers_every_page_kind_runs_under_its_meta_policy(browser, deployed):
    """The same pages as the walk above (helpers.representative_pages), with
    no headers: the meta tags alone must hold the policy."""
    copy, server = deployed
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors, headers_seen = [], set()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    violations = []
    for url in [*representative_pages(), "404.html"]:
        response = page.goto(server.url + url, wait_until="load")
        headers_seen |= {name.lower() for name in response.headers}
        violations += [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]
    page.goto(server.url)
    search_for(page, "benefits")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    violations += page.evaluate("window.__cspViolations")
    page.goto(server.url + "old-about/")
    page.wait_for_url(server.url + "about/")
    context.close()
    assert "content-security-policy" not in headers_seen  # the meta tags alone
    assert not violations, violations
    assert not [e for e in errors if "404" not in e], errors


# One page of each kind: home, hand-written, case study, term, the filtered
# list, 404 and a redirect page.
KINDS = [
    "index.html",
    "about/index.html",
    "case-studies/sheffield-flourish/index.html",
    "barriers/payment-and-benefits/index.html",
    "case-studies/index.html",
    "404.html",
    "old-about/index.html",
]


def inject(copy, path: str, keep_policy: bool = True) -> str:
    """Put an inline script straight after the page's policy tags (or, to
    show the test can fail, in place of them); returns the page's address."""
    file = copy / path
    html = file.read_text()
    if keep_policy:
        html = html.replace(security_policy.META_TAGS, security_policy.META_TAGS + INJECTED, 1)
    else:
        html = html.replace(security_policy.META_TAGS, INJECTED, 1)
    assert INJECTED in html, path
    target = copy / ("injected-" if keep_policy else "bare-") / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html)
    return target.relative_to(copy).as_posix()


@pytest.mark.parametrize("path", KINDS)
def test_the_meta_policy_blocks_an_injected_inline_script(browser, deployed, path):
    copy, server = deployed
    results = {}
    for keep_policy in (True, False):
        address = inject(copy, path, keep_policy)
        context = browser.new_context()
        # Kept in localStorage, so a redirect page's report outlives its move.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "localStorage.setItem('refused', e.violatedDirective))"
        )
        page = context.new_page()
        page.goto(server.url + address, wait_until="load")
        if "old-about" in path:  # the redirect page moves on; ask the page it reaches
            page.wait_for_url(lambda url: "old-about" not in url)
        page.wait_for_load_state("load")
        results[keep_policy] = page.evaluate("[localStorage.getItem('refused'), localStorage.getItem('injected')]")
        context.close()
    refused, ran = results[True]
    assert refused.startswith("script-src") and ran is None, f"{path}: the injected script ran: {refused}"
    refused, ran = results[False]
    assert not refused and ran == "1", f"{path}: without the meta tag the script should run (the test can fail)"
