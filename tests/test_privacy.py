"""No trackers or third-party requests, no cookies, and every page works
under the Content Security Policy in docs/_headers."""

from __future__ import annotations

import pytest

from tests.helpers import SiteServer, search_for

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


@pytest.fixture(scope="module")
def walk(browser, built_site, site_pages):
    """Visit every page served with the site's headers, recording every
    request, console message and policy violation."""
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
        for url in site_pages + ["404.html"]:
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
        yield {"server": server.url, "requests": requests, "violations": violations, "errors": errors,
               "cookies": cookies, "document_cookie": document_cookie}


def test_no_request_leaves_the_site(walk):
    outside = sorted({url for url in walk["requests"]
                      if not url.startswith(walk["server"]) and not url.startswith("data:")})
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
