from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import ROOT, build, copy_project, world_readable_dir  # noqa: E402


@pytest.fixture(scope="session")
def built_site():
    """The real project, built once with --strict, in a world-readable folder."""
    site = world_readable_dir("kb-site-")
    result = build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    yield site, result
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project to break on purpose."""
    return copy_project(tmp_path / "project")


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("browser tests need Chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_site(built_site):
    from tests.helpers import SiteServer

    site, _ = built_site
    with SiteServer(site) as server:
        yield server


@pytest.fixture(scope="session")
def site_pages(built_site) -> list[str]:
    """Every page of the built site, as site-relative URLs ('' is home)."""
    site, _ = built_site
    pages = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        pages.append("" if folder == "." else folder + "/")
    return pages
