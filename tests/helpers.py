"""Shared helpers for the tests: copy the project, build it, serve it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = [
    "mkdocs.yml",
    "macros.py",
    "mkdocs_knowledge_base",
    "knowledge_base",
    "docs",
    "data",
    "case_studies",
    "overrides",
    "tests/published_urls.txt",
]


def copy_project(destination: Path) -> Path:
    """A throwaway copy of everything a build needs, safe to break."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (destination / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / part)
    return destination


def world_readable_dir(prefix: str) -> Path:
    """linkchecker, run as root, drops to the user nobody, which cannot read
    pytest's private tmp_path; so builds it checks go here instead."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


# `make check` promises at most one site build (the shared `built_site`);
# it sets this, and a second build then fails, naming the marker the test
# needs, rather than quietly making the quick tier slow.
ONE_BUILD_ONLY = "KB_TESTS_ONE_BUILD"
_builds = 0


def build(project: Path, site: Path, *, offline: bool = False, **settings) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, as `make build` runs it; with the offline
    copy or other settings of the knowledge-base plugin (split_search=False,
    search_parser="material"...), through mkdocs_knowledge_base.build."""
    global _builds
    _builds += 1
    if os.environ.get(ONE_BUILD_ONLY) and _builds > 1:
        raise AssertionError(
            "a second site build in the quick tier (make check): mark the test "
            "@pytest.mark.extra_build, or use the session fixture built_site"
        )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if offline or settings:
        command = [sys.executable, "-m", "mkdocs_knowledge_base.build"] + ["--offline"] * offline
        command += [part for name, value in settings.items() for part in ("--set", f"{name}={json.dumps(value)}")]
    return subprocess.run(
        command + ["--site-dir", str(site)], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def validate(project: Path) -> subprocess.CompletedProcess:
    """`python -m knowledge_base validate PROJECT`, run in this process
    (knowledge_base.__main__.main) with its output captured: the same exit
    code, stdout and stderr as the command, without starting Python anew.
    validate_command() runs the real command line."""
    from knowledge_base.__main__ import main

    args = ["validate", str(project)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse and friends exit this way
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def validate_command(project: Path) -> subprocess.CompletedProcess:
    """The real command line, in its own process, as `make validate` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "knowledge_base", "validate", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self):
        # linkchecker slows to ten requests a second unless the server
        # says it welcomes LinkChecker with this header.
        self.send_header("LinkChecker", "allowed")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


class SiteServer:
    """Serve a built site on 127.0.0.1 on a free port, in a thread."""

    def __init__(self, site: Path, headers: dict[str, str] | None = None):
        handler_class = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}})
        handler = functools.partial(handler_class, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# Debian's Chromium as the tests and the benchmark start it: no sandbox
# (we run as root), and none of its own network traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_script() -> str:
    """axe-core, as shipped inside the axe-playwright-python package."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


SETTLED = "() => document.getAnimations().length === 0"


def axe_violations(page, script: str) -> list[str]:
    """Run axe-core's WCAG 2.0-2.2 A and AA rules; one line per failing node.

    Once the page's transitions have ended. A colour-contrast failure seen
    once in a busy fresh-clone run, and never in 30 runs alone, came from
    something still moving; so a page with violations is checked again
    after a pause and only what fails both times is reported: a real
    failure fails every time."""
    page.evaluate(script)
    page.wait_for_function(SETTLED)
    found = _axe_run(page)
    if found:
        page.wait_for_timeout(500)
        page.wait_for_function(SETTLED)
        again = set(_axe_run(page))
        found = [line for line in found if line in again]
    return found


def _axe_run(page) -> list[str]:
    # Violations only: axe skips gathering what passed (about 40% faster).
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        f"{page.url}: {violation['id']} ({violation['help']}) at {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def wait_for_search_index(page) -> None:
    """Material's search answers nothing typed before its index has loaded
    (seen on a busy machine); it says so in its results line. The index
    loads only once search has been opened or focused (search-on-demand.js),
    so do that first."""
    page.wait_for_function(
        """() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && meta.textContent.trim() !== 'Initializing search';
    }""",
        timeout=30000,
    )


def search_for(page, words: str) -> None:
    """Type into search as a person would: Material listens for key presses,
    so fill() is not enough."""
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type(words)


def mkdocs_config(project: Path = ROOT) -> dict:
    """mkdocs.yml read as MkDocs reads it (it uses !ENV tags plain YAML refuses)."""
    from mkdocs.utils.yaml import yaml_load

    return yaml_load((project / "mkdocs.yml").read_text())


def _fullest(items, *measures):
    """The item scoring highest on the measures in turn (ties: the first),
    so the page chosen shows as many of its template's parts as any."""
    return max(items, key=lambda item: tuple(measure(item) for measure in measures))


def representative_pages() -> dict[str, str]:
    """The pages axe (and the no-headers policy walk) check, each with why:
    every hand-written page (every Markdown file under docs/), and one
    generated page per template, at its fullest: a case-study page (render.case_study_page), a contributed one
    too when there is one, a term page for each facet (render.term_page;
    facets differ in groups and read-more links) and a redirect page when
    data/redirects.yml has any. Every other generated page is the same
    template filled with other data; test_axe_pages_stand_for_every_page
    fails if a page of a new kind appears."""
    from knowledge_base.catalogue import load_catalogue
    from knowledge_base.registry import TAXONOMIES
    from knowledge_base.site_urls import case_study_url, term_url, url_of_source

    catalogue = load_catalogue(ROOT)
    docs = ROOT / "docs"
    pages = {url_of_source(path.relative_to(docs).as_posix()): "hand-written" for path in sorted(docs.rglob("*.md"))}
    guide_cases = [case for case in catalogue.case_studies if case not in catalogue.contributed_case_studies]
    for kind, cases in [("case study", guide_cases), ("contributed case study", catalogue.contributed_case_studies)]:
        if cases:
            fullest = _fullest(cases, lambda c: len(str(c.data)))
            pages[case_study_url(fullest.slug)] = kind
    for facet in TAXONOMIES:
        terms = list(catalogue.taxonomies[facet].terms.values())
        fullest = _fullest(
            terms, lambda t: bool(t.read_more), lambda t: bool(t.guide_sections), lambda t: len(catalogue.cases_for(t))
        )
        pages[term_url(facet, fullest.id)] = f"{facet} term"
    if catalogue.redirects:
        pages[catalogue.redirects[0]["from"].strip("/") + "/"] = "redirect"
    return pages
