"""`make bench`: how the site scales, measured as a browser sees it.

For each size (100, 1,000 and 5,000 case studies unless --sizes says
otherwise) it writes synthetic case studies (tools/synthetic.py: real
structure and tags, text from a Markov chain over the real case text) into a
temporary copy of the project and builds it two ways in the same run, so that
machine noise falls on both alike:

  data   the real set-up: YAML files, macros.py and the knowledge-base plugin;
  plain  the same pages written out as plain Markdown files, built with the
         same configuration minus our plugin and the macros plugin.

Then it serves the data build from 127.0.0.1 with gzip, as a web host would,
and opens it in headless Chromium to count the bytes on the wire of a first
visit (home, a case study, /case-studies/) and of a first search (the
median of three fresh browsers), with the CPU slowed four times (Chrome
DevTools Protocol) for the search.

It prints one table, a column per size and the target beside each row.
Nothing is written inside the project. Other measurements per size can be
added to EXTRA_MEASUREMENTS (see Run and Figure below).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge_base import render, site_urls  # noqa: E402
from knowledge_base.catalogue import load_catalogue  # noqa: E402
from tests.helpers import CHROMIUM_ARGS, copy_project  # noqa: E402
from tools import synthetic  # noqa: E402

DEFAULT_SIZES = [100, 1000, 5000]
CHROMIUM = "/usr/bin/chromium"
BUILD_TIMEOUT_S = 600  # a build that takes longer is stopped and reported
SEARCH_TIMEOUT_S = 60  # waiting longer for first results is reported as a miss
SERVER_LIFETIME_S = 900  # the gzip server stops by itself after this
SEARCH_WORDS = "commissioner"  # a word in every size's synthetic text
CPU_SLOWDOWN = 4
TYPING_DELAY_MS = 200  # a second search types at this pace: each letter is searched
SEARCH_TRIES = 3  # the first search is measured this many times (median)


@dataclass
class Figure:
    """One row of the table: a value for one size, and its target if any."""

    name: str
    value: float | None  # None: not measured (for example timed out)
    unit: str
    target: float | None = None
    target_note: str = ""  # where the target applies, e.g. "at 1,000"
    applies: bool = True  # does the target apply at this size?
    shown: str | None = None  # text instead of the number, e.g. "> 60"

    def cell(self) -> str:
        text = self.shown or (
            "-" if self.value is None else f"{self.value:,.1f}" if self.value < 100 else f"{self.value:,.0f}"
        )
        if self.target is not None and self.applies:
            met = self.value is not None and self.value <= self.target
            text += " ok" if met else " MISS"
        return text


@dataclass
class Run:
    """What a per-size measurement gets: the built site, served with gzip,
    and a browser. `first_visit(path)` returns the bytes a fresh browser
    transfers to show a page; `open_page()` gives a page whose transfers
    `transferred(page)` counts."""

    count: int
    site: Path
    url: str
    browser: object
    figures: list[Figure] = field(default_factory=list)

    def open_page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        # Playwright reports the requests of the page and of its workers
        # (Pagefind, for one, fetches from a worker); sizes() are the bytes
        # on the wire, compressed body and headers.
        page._bench_bytes, page._bench_events = [0], [0]

        def activity(request):
            page._bench_events[0] += 1

        def finished(request):
            activity(request)
            sizes = request.sizes()
            page._bench_bytes[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

        context.on("request", activity)
        context.on("requestfailed", activity)
        context.on("requestfinished", finished)
        page._bench_cdp = cdp
        return page

    @staticmethod
    def transferred(page) -> int:
        return page._bench_bytes[0]

    @staticmethod
    def settle(page, quiet_s: float = 1.0, limit_s: float = 120) -> None:
        """Wait until the network has been quiet for `quiet_s` by the page's
        own timer, which runs only once the page's scripts have. (Playwright's
        "networkidle" can fire while a busy page has yet to run the script that
        asks for more, as Material's bundle does for the search index.)"""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            before = page._bench_events[0]
            page.evaluate("ms => new Promise(done => setTimeout(done, ms))", quiet_s * 1000)
            if page._bench_events[0] == before:
                return

    def first_visit(self, path: str) -> int:
        page = self.open_page()
        try:
            page.goto(self.url + path, wait_until="load", timeout=120000)
            self.settle(page)
            return self.transferred(page)
        finally:
            page.context.close()


# Functions of a Run returning Figures, called once per size after the
# built-in measurements; other tools (a filter benchmark, say) append here.
EXTRA_MEASUREMENTS: list[Callable[[Run], list[Figure]]] = []


def filter_figures(run: Run) -> list[Figure]:
    """The /case-studies/ filter, the matrix and the open data (tools/bench_filter.py)."""
    from tools import bench_filter

    r = bench_filter.measure(run.url, run.browser)
    return [
        Figure(
            "filter: apply, median of 20 (ms)",
            r["apply_ms"],
            "ms",
            bench_filter.TARGETS["apply_ms"],
            "at 1,000",
            run.count == 1000,
        ),
        Figure("filter: main-thread CPU (ms)", r["apply_cpu_ms"], "ms"),
        Figure("/matrix/ gz KB", r["matrix_gz_kb"], "KB"),
        Figure("/data/case-studies.json gz KB", r["json_gz_kb"], "KB"),
    ]


EXTRA_MEASUREMENTS.append(filter_figures)


# --- the plain-Markdown baseline ---------------------------------------------


class _MacrosEnv:
    """Just enough of mkdocs-macros' env for macros.define_env()."""

    def __init__(self, project: Path):
        self.variables, self.page = {}, None
        # No knowledge-base plugin: define_env loads the data itself and
        # keeps long lists inline, as a plain Markdown page holds them.
        self.conf = type("Config", (), {"plugins": {}, "config_file_path": str(project / "mkdocs.yml")})

    def macro(self, function):
        self.variables[function.__name__] = function
        return function


def expand_macros(project: Path) -> None:
    """Render the hand-written pages' macro calls, as the macros plugin does."""
    import importlib.util

    import jinja2

    spec = importlib.util.spec_from_file_location("bench_macros", project / "macros.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from mkdocs.utils.yaml import yaml_load

    env = _MacrosEnv(project)
    # Pages may read settings, as {{ config.repo_url }} does.
    env.variables["config"] = yaml_load((project / "mkdocs.yml").read_text())
    module.define_env(env)
    docs = project / "docs"
    # The same comment markers as mkdocs.yml gives the macros plugin.
    jinja = jinja2.Environment(comment_start_string="{%#", comment_end_string="#%}")
    for page in docs.rglob("*.md"):
        source = page.relative_to(docs).as_posix()
        env.page = type(
            "Page", (), {"url": site_urls.url_of_source(source), "file": type("File", (), {"src_uri": source})}
        )
        page.write_text(jinja.from_string(page.read_text()).render(**env.variables))


def write_plain_markdown(project: Path) -> None:
    """Turn a data project into the same site written as plain Markdown."""
    catalogue = load_catalogue(project)
    docs = project / "docs"
    expand_macros(project)
    for case in catalogue.case_studies:
        (docs / site_urls.case_study_source(case.slug)).write_text(render.case_study_page(catalogue, case))
    for taxonomy in catalogue.taxonomies.values():
        for term in taxonomy.terms.values():
            (docs / site_urls.term_source(term.facet, term.id)).write_text(render.term_page(catalogue, term))
    # Material's own menu template: ours needs the plugin (it keeps one menu per folder).
    (project / "overrides/partials/nav.html").unlink(missing_ok=True)
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\n  - knowledge-base\n", "\n", config)
    config = re.sub(r"  - macros:\n(      .*\n)+", "", config)
    (project / "mkdocs.yml").write_text(config)
    shutil.rmtree(project / "case_studies")
    (project / "case_studies").mkdir()


def timed_build(project: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (bytes) of one `mkdocs build`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")], cwd=project, env=env
    )
    timer = threading.Timer(BUILD_TIMEOUT_S, process.kill)
    timer.start()
    try:
        # wait4 gives this child's own peak memory (getrusage would give the
        # largest of all children so far).
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    if time.perf_counter() - start >= BUILD_TIMEOUT_S:
        raise TimeoutError(project)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"mkdocs build in {project} failed")
    return time.perf_counter() - start, usage.ru_maxrss * 1024


# --- serving with gzip ----------------------------------------------------------

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6, as web hosts commonly do) when the
    browser accepts it."""

    cache: dict[Path, bytes] = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects /folder to /folder/
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
        ):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


class GzipServer:
    """Serve a folder on 127.0.0.1 (a free port) in a thread; stops when the
    `with` block ends, or by itself after SERVER_LIFETIME_S."""

    def __init__(self, folder: Path):
        handler = type("Handler", (_GzipHandler,), {"cache": {}})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.deadline = threading.Timer(SERVER_LIFETIME_S, self.httpd.shutdown)

    def __enter__(self):
        self.thread.start()
        self.deadline.start()
        return self

    def __exit__(self, *exc):
        self.deadline.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()


# --- browser measurements --------------------------------------------------------


def slow_down_cpu(page, rate: int) -> None:
    """Slow the page and its workers (the search runs in one) `rate` times.
    Emulation.setCPUThrottlingRate applies to the target it is sent to, so
    it is also sent to each worker the page starts."""
    cdp = page._bench_cdp
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    message = json.dumps({"id": 1, "method": "Emulation.setCPUThrottlingRate", "params": {"rate": rate}})

    def on_attached(event):
        if event["targetInfo"]["type"] in {"worker", "dedicated_worker"}:
            cdp.send("Target.sendMessageToTarget", {"sessionId": event["sessionId"], "message": message})
            page._bench_throttled_workers += 1
            if event.get("waitingForDebugger"):
                cdp.send(
                    "Target.sendMessageToTarget",
                    {
                        "sessionId": event["sessionId"],
                        "message": '{"id": 2, "method": "Runtime.runIfWaitingForDebugger"}',
                    },
                )

    page._bench_throttled_workers = 0
    cdp.on("Target.attachedToTarget", on_attached)
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})


# Set up in the page before the reader turns to search: the time from the
# search box getting the focus to the first result for the whole word on
# screen (a result with the word marked, once it is all typed: not the
# "no pages match" help shown for its first letters), by the page's own
# clock (Playwright's round trips would count otherwise).
WATCH_FIRST_RESULTS = """() => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  window.benchSearch = {};
  input.addEventListener('focus', () => { window.benchSearch.start ??= performance.now(); });
  new MutationObserver(() => {
    if (input.value === WORDS && list.querySelector('.md-search-result__item mark'))
      window.benchSearch.end ??= performance.now();
  }).observe(list, {childList: true, subtree: true});
}""".replace("WORDS", json.dumps(SEARCH_WORDS))


def first_search(run: Run, key_delay_ms: int = 0) -> tuple[int, float | None, int]:
    """Bytes transferred and seconds to the first results when a reader
    opens the home page, then clicks search and types (all at once, or a
    key every `key_delay_ms`, so every letter is searched), with the CPU
    slowed."""
    page = run.open_page()
    try:
        page.goto(run.url, wait_until="load", timeout=120000)
        run.settle(page)
        page.evaluate(WATCH_FIRST_RESULTS)
        before = run.transferred(page)
        slow_down_cpu(page, CPU_SLOWDOWN)
        page.click("input.md-search__input")
        page.keyboard.type(SEARCH_WORDS, delay=key_delay_ms)
        try:
            page.wait_for_function("() => window.benchSearch.end", timeout=SEARCH_TIMEOUT_S * 1000)
            timing = page.evaluate("() => window.benchSearch")
            seconds = (timing["end"] - timing["start"]) / 1000
        except Exception:  # Playwright's TimeoutError
            seconds = None
        run.settle(page)
        return run.transferred(page) - before, seconds, page._bench_throttled_workers
    finally:
        page.context.close()


# --- one size --------------------------------------------------------------------


def file_sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def measure(count: int, workdir: Path, copies: bool, browser, log) -> list[Figure]:
    data_project = copy_project(workdir / f"data-{count}")
    cases = synthetic.copies_of_real(data_project, count) if copies else synthetic.synthetic_cases(data_project, count)
    synthetic.write_cases(data_project, cases)
    plain_project = copy_project(workdir / f"plain-{count}")
    shutil.rmtree(plain_project / "case_studies")
    shutil.copytree(data_project / "case_studies", plain_project / "case_studies")
    write_plain_markdown(plain_project)
    log(f"{count}: building")
    # Alternate the two builds so that noise falls on both alike; twice each
    # while that is quick, once at 5,000 to bound the run time.
    data_runs, plain_runs = [], []
    try:
        for _ in range(2 if count <= 1000 else 1):
            data_runs.append(timed_build(data_project))
            plain_runs.append(timed_build(plain_project))
    except TimeoutError:
        log(f"{count}: a build took over {BUILD_TIMEOUT_S} s; nothing else measured at this size")
        shutil.rmtree(data_project), shutil.rmtree(plain_project)
        return [
            Figure(
                "build (s)", None, "s", 90 if count == 5000 else 15, f"at {count:,}", True, shown=f"> {BUILD_TIMEOUT_S}"
            )
        ]
    build_s, plain_s = min(t for t, _ in data_runs), min(t for t, _ in plain_runs)
    memory_mb = max(m for _, m in data_runs) / 2**20
    site = data_project / "site"
    shutil.rmtree(plain_project)

    pages = sorted((site / "case-studies").glob("*/index.html"))
    page_sizes = [file_sizes(p) for p in pages]
    # The whole search index, however it is split (mkdocs_knowledge_base/material_9_8/search_index.py).
    index_sizes = [file_sizes(path) for path in (site / "search").rglob("*.json")]
    index_raw, index_gz = sum(s[0] for s in index_sizes), sum(s[1] for s in index_sizes)
    at_1000, at_5000 = count == 1000, count == 5000
    figures = [
        Figure(
            "build (s)", build_s, "s", 90 if at_5000 else 15, "at 5,000" if at_5000 else "at 1,000", at_1000 or at_5000
        ),
        Figure("plain Markdown build (s)", plain_s, "s"),
        Figure("build / plain Markdown", build_s / plain_s, "x", 1.0, "at 1,000", at_1000),
        Figure("build peak memory (MB)", memory_mb, "MB", 2048, "at 5,000", at_5000),
        Figure("case page KB", statistics.median(s[0] for s in page_sizes) / 1024, "KB"),
        Figure("case page gz KB", statistics.median(s[1] for s in page_sizes) / 1024, "KB"),
        Figure("search index, all files KB", index_raw / 1024, "KB"),
        Figure("search index, all files gz KB", index_gz / 1024, "KB"),
    ]

    log(f"{count}: measuring in Chromium")
    with GzipServer(site) as server:
        run = Run(count, site, server.url, browser, figures)
        case_path = pages[len(pages) // 2].parent.relative_to(site).as_posix() + "/"
        for name, path, target in [
            ("first visit: home KB", "", 150),
            ("first visit: a case KB", case_path, 150),
            ("first visit: /case-studies/ KB", "case-studies/", 300),
        ]:
            figures.append(
                Figure(
                    name,
                    run.first_visit(path) / 1024,
                    "KB",
                    target,
                    "any size" if target == 150 else "at 1,000",
                    target == 150 or at_1000,
                )
            )
        # Typed all at once, the keys reach the worker while it answers the
        # first letters, so what a search loads and how long it takes vary
        # from one try to the next: the median of SEARCH_TRIES fresh browsers.
        tries = [first_search(run) for _ in range(SEARCH_TRIES)]
        search_bytes = statistics.median(t[0] for t in tries)
        times = [t[1] for t in tries]
        search_s = None if None in times else statistics.median(times)
        workers = min(t[2] for t in tries)
        figures.append(Figure("first search KB", search_bytes / 1024, "KB", 100, "at 1,000", at_1000))
        figures.append(
            Figure(
                f"first results, CPU/{CPU_SLOWDOWN} (s)",
                search_s,
                "s",
                0.5,
                "at 1,000",
                at_1000,
                shown=None if search_s is not None else f"> {SEARCH_TIMEOUT_S}",
            )
        )
        if not workers:
            log(f"{count}: note: no worker was slowed down; the search time is for an unthrottled worker")
        # A person types a few keys a second, and each key is searched.
        typed_bytes, _, _ = first_search(run, key_delay_ms=TYPING_DELAY_MS)
        figures.append(Figure(f"first search, a key every {TYPING_DELAY_MS} ms KB", typed_bytes / 1024, "KB"))
        for extra in EXTRA_MEASUREMENTS:
            figures.extend(extra(run))
    shutil.rmtree(data_project)
    return figures


def print_table(sizes: list[int], columns: list[list[Figure]]) -> None:
    names = list(dict.fromkeys(f.name for column in columns for f in column))
    if not names:
        print("Nothing was measured (see the messages above).")
        return
    width = max(len(n) for n in names) + 2
    print(f"{'case studies':<{width}}" + "".join(f"{size:>14,}" for size in sizes) + "   target")
    for name in names:
        row = [next((f for f in column if f.name == name), None) for column in columns]
        notes = dict.fromkeys(
            f"<= {f.target:,g} {f.unit} ({f.target_note})" for f in row if f and f.target is not None and f.applies
        )
        if not notes:  # none of these sizes is one the target is set for
            notes = dict.fromkeys(
                f"<= {f.target:,g} {f.unit} ({f.target_note})" for f in row[:1] if f and f.target is not None
            )
        note = "; ".join(notes)
        print(f"{name:<{width}}" + "".join(f"{(f.cell() if f else ''):>14}" for f in row) + f"   {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of case studies (default: 100,1000,5000)",
    )
    parser.add_argument(
        "--copies",
        action="store_true",
        help="use copies of the real case studies instead of varied text "
        "(the old, flattering method; for comparison only)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]

    def log(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    ratios = synthetic.compare_with_real(ROOT, copies=args.copies)
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    columns = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=CHROMIUM_ARGS,
            )
            try:
                for count in sizes:
                    try:
                        columns.append(measure(count, workdir, args.copies, browser, log))
                    except Exception as error:  # report the other sizes all the same
                        log(f"{count}: not measured: {type(error).__name__}: {str(error)[:500]}")
                        columns.append([])
            finally:
                browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    kind = (
        "COPIES OF THE REAL CASE STUDIES (flatters gzip; comparison only)"
        if args.copies
        else "synthetic case studies (tools/synthetic.py)"
    )
    print(f"\nCase studies: {kind}")
    print(
        f"gzip ratio of the case YAML, real 7 files vs 7 synthetic: {ratios['real']:.3f} vs "
        f"{ratios['synthetic']:.3f}; what one more case adds: {ratios['real_added']:.3f} vs "
        f"{ratios['synthetic_added']:.3f}"
    )
    print("Bytes are on the wire from a local gzip server to Chromium, empty cache; KB = 1,024 bytes.\n")
    print_table(sizes, columns)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    sys.exit(main())
