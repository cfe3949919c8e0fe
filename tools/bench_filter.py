"""How the case-study filter, the matrix and the open data grow.

`report(site)` takes a built site (a folder, or the address it is served
at) and prints:
- how long applying a filter takes in Chromium (median of 20 ticks, from
  the click to the page laid out again);
- everything a first visit to /case-studies/ downloads, gzipped, as the
  browser fetched it (HTML, CSS, JavaScript, search files);
- the size of /matrix/ and of /data/case-studies.json.

tools/bench.py calls it for each size it builds. On its own:

    .venv/bin/python tools/bench_filter.py [--cases 1000] [SITE_FOLDER_OR_URL]

with no site, it builds a temporary project with that many synthetic case
studies first.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import SiteServer, copy_project  # noqa: E402

TARGETS = {"apply_ms": 50.0, "first_visit_gz_kb": 300.0}
RUNS = 20

# Tick one option (run i picks a different one), and time until the page
# has applied it and laid itself out again. Unticking is not timed.
APPLY_FILTER = """i => {
    const boxes = document.querySelectorAll('#kb-filter-panel input[type=checkbox]');
    const box = boxes[(i * 7) % boxes.length];
    const start = performance.now();
    box.click();
    document.body.offsetHeight;  // force style and layout
    return performance.now() - start;
}"""
UNTICK = "() => document.querySelectorAll('#kb-filter-panel input:checked').forEach(b => b.click())"


def apply_times(page) -> tuple[list[float], list[float]]:
    """Wall-clock ms and the page's main-thread CPU ms for each run. On a
    busy machine wall time mostly measures waiting for a core; CPU time
    (Chromium's ThreadTime metric) is what the page itself spent."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def thread_time() -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

    wall, cpu = [], []
    for run in range(RUNS):
        before = thread_time()
        wall.append(page.evaluate(APPLY_FILTER, run))
        cpu.append((thread_time() - before) * 1000)
        page.evaluate(UNTICK)
    return wall, cpu


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def _file_sizes(site: Path | None, url: str, page, path: str) -> tuple[int, int]:
    if site is not None:
        data = (site / path).read_bytes()
    else:
        data = page.request.get(url + path).body()
    return len(data), gz(data)


def measure(site_or_url: str | Path, browser=None) -> dict:
    """The figures for one built site (in `browser`, or a new Chromium)."""
    from playwright.sync_api import sync_playwright

    site = None if str(site_or_url).startswith("http") else Path(site_or_url)
    server = SiteServer(site) if site is not None else None
    url = server.__enter__().url if server else str(site_or_url).rstrip("/") + "/"
    try:
        if browser is not None:
            figures = _measure_in(browser, site, url)
        else:
            with sync_playwright() as playwright:
                own = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                figures = _measure_in(own, site, url)
                own.close()
    finally:
        if server:
            server.__exit__(None, None, None)
    return figures


def _measure_in(browser, site: Path | None, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    downloads: dict[str, tuple[int, int]] = {}

    def record(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have none
            return
        downloads[response.url] = (len(body), gz(body))

    page.on("response", record)
    page.goto(url + "case-studies/", wait_until="networkidle")
    page.wait_for_selector("html[data-kb-filter=ready]")
    page.wait_for_timeout(500)  # anything started late (search index)
    page.remove_listener("response", record)
    cases = page.locator("[data-case-study]").count()
    times, cpu_times = apply_times(page)
    matrix = _file_sizes(site, url, page, "matrix/index.html")
    data = _file_sizes(site, url, page, "data/case-studies.json")
    context.close()
    return {
        "cases": cases,
        "apply_ms": statistics.median(times),
        "apply_max_ms": max(times),
        "apply_cpu_ms": statistics.median(cpu_times),
        "load": os.getloadavg()[0],
        "first_visit_kb": sum(raw for raw, _ in downloads.values()) / 1024,
        "first_visit_gz_kb": sum(g for _, g in downloads.values()) / 1024,
        "first_visit_files": len(downloads),
        "largest": sorted(
            ((g, u.rsplit("/", 1)[-1] or u.rsplit("/", 2)[-2]) for u, (_, g) in downloads.items()), reverse=True
        )[:3],
        "matrix_kb": matrix[0] / 1024,
        "matrix_gz_kb": matrix[1] / 1024,
        "json_kb": data[0] / 1024,
        "json_gz_kb": data[1] / 1024,
    }


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER"


def report(site_or_url: str | Path) -> dict:
    """Measure one built site and print its figures."""
    r = measure(site_or_url)
    largest = ", ".join(f"{name} {size / 1024:.1f}" for size, name in r["largest"])
    print(f"Filter with {r['cases']} case studies:")
    print(
        f"  apply a filter: {r['apply_ms']:.1f} ms median of {RUNS} (slowest {r['apply_max_ms']:.1f}); "
        f"target under {TARGETS['apply_ms']:.0f} ms ({verdict(r['apply_ms'], TARGETS['apply_ms'])})"
    )
    print(
        f"    main-thread CPU time: {r['apply_cpu_ms']:.1f} ms median "
        f"(machine load average {r['load']:.1f}; wall time counts waiting for a core too)"
    )
    print(
        f"  /case-studies/ first visit: {r['first_visit_gz_kb']:.1f} KB gzipped "
        f"({r['first_visit_kb']:.1f} KB raw, {r['first_visit_files']} files; largest gz KB: {largest}); "
        f"target under {TARGETS['first_visit_gz_kb']:.0f} KB "
        f"({verdict(r['first_visit_gz_kb'], TARGETS['first_visit_gz_kb'])})"
    )
    print(f"  /matrix/: {r['matrix_kb']:.1f} KB ({r['matrix_gz_kb']:.1f} KB gzipped)")
    print(f"  /data/case-studies.json: {r['json_kb']:.1f} KB ({r['json_gz_kb']:.1f} KB gzipped)")
    return r


def build_synthetic(count: int, workdir: Path) -> Path:
    """A project with `count` realistic synthetic case studies, built."""
    from tools import synthetic

    project = copy_project(workdir / f"filter-{count}")
    synthetic.write_cases(project, synthetic.synthetic_cases(project, count))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env=env,
        check=True,
    )
    return project / "site"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", help="a built site folder or the URL it is served at")
    parser.add_argument("--cases", type=int, default=1000, help="synthetic case studies when no site is given")
    args = parser.parse_args()
    if args.site:
        report(args.site)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-filter-"))
    try:
        report(build_synthetic(args.cases, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
