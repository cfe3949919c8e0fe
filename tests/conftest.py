from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import CHROMIUM_ARGS, ROOT, build, copy_project, world_readable_dir  # noqa: E402

# Two tiers (pytest.ini registers the markers): `make check` runs
# `-m "not browser and not extra_build"`, `make test` runs everything.
# Both markers are set here from the fixtures a test uses, so a new test
# cannot land in the quick tier by forgetting one: any test that needs
# Chromium (the `browser` fixture, directly or through another fixture) is
# `browser`; any test that needs one of the builds below other than
# `built_site` is `extra_build`. Tests that build a broken copy of the
# project themselves carry @pytest.mark.extra_build (helpers.build() fails
# a second build under `make check`, so a forgotten mark shows at once).
EXTRA_BUILD_FIXTURES = {
    "material_parser_site",
    "site_with_a_new_case",
    "site_with_more_new_cases",
    "poisoned_site",
    "renamed_site",
    "offline_copy",
    "dev_server",
}


# make check and make test run the tests on every core (pytest-xdist,
# --dist loadgroup). A costly shared fixture (a build, a walk through every
# page, a printed set of PDFs) is made once per worker that needs it, so the
# tests using one are kept on one worker: their group is the fixture's name.
# Such fixtures are session-scoped even when a test module defines them: a
# worker runs other modules' tests in between, and a module-scoped fixture
# would be made again each time. Every other test goes to whichever worker
# is free.
SHARED_ON_ONE_WORKER = EXTRA_BUILD_FIXTURES | {
    "walk",
    "deployed",
    "printed",
    "search",
    "search_with_a_new_case",
    "search_with_more_new_cases",
    "opened",
    "ratios",
}


@pytest.hookimpl(tryfirst=True)  # before xdist starts its workers
def pytest_sessionstart(session):
    """A mistake in a data file (a contributor's new case study, say) stops
    the run here with the validator's own `file:line: field: message` lines,
    once: many test modules read the data when they are imported, and each
    would otherwise fail with a traceback around the same message."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the main process has checked
    from knowledge_base.catalogue import load_catalogue
    from knowledge_base.problems import DataError

    try:
        load_catalogue(ROOT)
    except DataError as error:
        count = len(error.problems)
        print("\n".join(str(p) for p in error.problems), file=sys.stderr)
        pytest.exit(
            f"the data files have {count} problem{'s' if count != 1 else ''} (listed above), so the tests "
            "cannot run: fix them first (`make validate` lists them too)",
            returncode=1,
        )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if used & EXTRA_BUILD_FIXTURES:
            item.add_marker(pytest.mark.extra_build)
        shared = sorted(used & SHARED_ON_ONE_WORKER)
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))


def _built(prefix: str, project: Path = ROOT, **settings):
    """Build `project` into a world-readable folder; fail with the log."""
    site = world_readable_dir(prefix)
    result = build(project, site, **settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result


@pytest.fixture(scope="session")
def built_site():
    """The real project, built once with --strict, in a world-readable folder."""
    site, result = _built("kb-site-")
    yield site, result
    shutil.rmtree(site, ignore_errors=True)


# One build per variant of the real project, shared by every test that needs it.


@pytest.fixture(scope="session")
def material_parser_site():
    """The real project built with Material's own search-index parser
    (search_parser="material") instead of the fast one."""
    site, _ = _built("kb-material-parser-", search_parser="material")
    yield site
    shutil.rmtree(site, ignore_errors=True)


NEW_CASE_EXAMPLE = ROOT / "tests/examples/anytown-peer-research.yml"


def _project_with_cases(tmp_path_factory, name: str, examples):
    """A copy of the project with `examples` added to case_studies/ and
    nothing else, validated and built: yields (project, site, validate
    result, build result), then removes the site."""
    from tests.helpers import validate

    project = copy_project(tmp_path_factory.mktemp(name) / "project")
    for example in examples:
        shutil.copy(example, project / "case_studies" / example.name)
    checked = validate(project)
    site = world_readable_dir(f"kb-{name}-")
    built = build(project, site)
    yield project, site, checked, built
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="session")
def site_with_a_new_case(tmp_path_factory):
    """The project with one contributed case study added (the worked example
    in CONTRIBUTING.md), and nothing else: (project, site, validate result,
    build result). The build is checked by the tests, not here."""
    yield from _project_with_cases(tmp_path_factory, "new-case", [NEW_CASE_EXAMPLE])


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
            args=CHROMIUM_ARGS,
        )
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


# Two more made-up contributions of other kinds (tests/examples/): a peer-led
# crisis line in a town, titled "peer forum" and never "support", paid for by
# an integrated care board; and a small rural town's café with its council.
MORE_NEW_CASES = [
    ROOT / "tests/examples/anyville-peer-forum-crisis-line.yml",
    ROOT / "tests/examples/little-anyford-wellbeing-cafe.yml",
]


@pytest.fixture(scope="session")
def site_with_more_new_cases(tmp_path_factory):
    """The project with MORE_NEW_CASES added and nothing else, built:
    (project, site, validate result, build result). A new valid case must
    change neither the layout (tests/test_contributing.py runs axe on the
    case list) nor the ranking tests (tests/test_search.py)."""
    yield from _project_with_cases(tmp_path_factory, "more-new-cases", MORE_NEW_CASES)
