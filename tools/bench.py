"""`make bench`: how build time and page weight grow with the number of case studies.

For 100 and 1,000 synthetic case studies (copies of the real ones with new
titles and slugs) it builds two temporary projects in the same run, so that
machine noise affects both alike:

  data   the real set-up: YAML files, macros.py and its hook;
  plain  the same pages written out as plain Markdown files, built with the
         same configuration minus the hook and the macros plugin.

It prints the build times and their ratio, the median case-study page size
raw and gzipped, what a first visit to a case-study page downloads, and the
search index size. Nothing is written inside the project.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge_base import render, site_urls  # noqa: E402
from knowledge_base.catalogue import load_catalogue  # noqa: E402
from tests.helpers import copy_project  # noqa: E402

SIZES = [100, 1000]
TARGETS = {"build_s": 15.0, "ratio": 1.3, "page_kb": 30.0, "first_visit_gz_kb": 250.0}


def make_synthetic(project: Path, count: int) -> None:
    originals = sorted((project / "case_studies").glob("*.yml"))
    sources = [yaml.safe_load(path.read_text()) for path in originals]
    for path in originals:
        path.unlink()
    for number in range(1, count + 1):
        case = dict(sources[number % len(sources)])
        case["title"] = f"{case['title']} (synthetic {number:04d})"
        slug = f"synthetic-{number:04d}"
        (project / "case_studies" / f"{slug}.yml").write_text(yaml.safe_dump(case, allow_unicode=True))


class _MacrosEnv:
    """Just enough of mkdocs-macros' env for macros.define_env()."""

    def __init__(self):
        self.variables, self.page = {}, None

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
    env = _MacrosEnv()
    module.define_env(env)
    docs = project / "docs"
    # The same comment markers as mkdocs.yml gives the macros plugin.
    jinja = jinja2.Environment(comment_start_string="{%#", comment_end_string="#%}")
    for page in docs.rglob("*.md"):
        source = page.relative_to(docs).as_posix()
        env.page = type("Page", (), {"url": site_urls.url_of_source(source)})
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
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"  - macros:\n(      .*\n)+", "", config)
    (project / "mkdocs.yml").write_text(config)
    shutil.rmtree(project / "case_studies")
    (project / "case_studies").mkdir()


def timed_build(project: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")],
                   cwd=project, env=env, check=True)
    return time.perf_counter() - start


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def first_visit(site: Path, page: Path) -> tuple[int, int]:
    """HTML, CSS, JS, icon, search worker and search index for one page."""
    html = page.read_text()
    assets = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"#?]+)"', html)
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    files = {page, (page.parent / config["search"]).resolve(), site / "search/search_index.json"}
    for asset in assets:
        target = (page.parent / asset).resolve()
        if target.is_file() and target.suffix in {".css", ".js", ".png", ".svg", ".ico"}:
            files.add(target)
    raw = gz = 0
    for file in files:
        r, g = sizes(file)
        raw, gz = raw + r, gz + g
    return raw, gz


def measure(count: int, workdir: Path) -> dict:
    data_project = copy_project(workdir / f"data-{count}")
    make_synthetic(data_project, count)
    plain_project = copy_project(workdir / f"plain-{count}")
    shutil.rmtree(plain_project / "case_studies")
    shutil.copytree(data_project / "case_studies", plain_project / "case_studies")
    write_plain_markdown(plain_project)
    # Alternate the two builds so that noise falls on both alike.
    data_times, plain_times = [], []
    for _ in range(2):
        data_times.append(timed_build(data_project))
        plain_times.append(timed_build(plain_project))
    site = data_project / "site"
    pages = sorted((site / "case-studies").glob("*/index.html"))
    page_sizes = [sizes(p) for p in pages]
    index_raw, index_gz = sizes(site / "search/search_index.json")
    visit_raw, visit_gz = first_visit(site, pages[0])
    # The filter, matrix and open data on the same site (tools/bench_filter.py).
    from tools import bench_filter
    bench_filter.report(site)
    return {
        "count": count, "pages": len(list(site.rglob("index.html"))),
        "build_s": min(data_times), "plain_s": min(plain_times),
        "ratio": min(data_times) / min(plain_times),
        "page_kb": statistics.median(s[0] for s in page_sizes) / 1024,
        "page_gz_kb": statistics.median(s[1] for s in page_sizes) / 1024,
        "first_visit_kb": visit_raw / 1024, "first_visit_gz_kb": visit_gz / 1024,
        "index_kb": index_raw / 1024, "index_gz_kb": index_gz / 1024,
    }


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER"


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        results = [measure(count, workdir) for count in SIZES]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'case studies':>12} {'pages':>6} {'build s':>8} {'plain s':>8} {'ratio':>6} "
          f"{'page KB':>8} {'page gz':>8} {'1st visit KB':>13} {'1st visit gz':>13} {'index KB':>9} {'index gz':>9}")
    for r in results:
        print(f"{r['count']:>12} {r['pages']:>6} {r['build_s']:>8.2f} {r['plain_s']:>8.2f} {r['ratio']:>6.2f} "
              f"{r['page_kb']:>8.1f} {r['page_gz_kb']:>8.1f} {r['first_visit_kb']:>13.1f} "
              f"{r['first_visit_gz_kb']:>13.1f} {r['index_kb']:>9.1f} {r['index_gz_kb']:>9.1f}")
    last = results[-1]
    print(f"\nTargets at {last['count']} case studies:")
    print(f"  build under {TARGETS['build_s']:.0f} s: {last['build_s']:.2f} s ({verdict(last['build_s'], TARGETS['build_s'])})")
    print(f"  ratio to plain Markdown under {TARGETS['ratio']}: {last['ratio']:.2f} ({verdict(last['ratio'], TARGETS['ratio'])})")
    print(f"  case-study page under {TARGETS['page_kb']:.0f} KB raw: {last['page_kb']:.1f} KB ({verdict(last['page_kb'], TARGETS['page_kb'])})")
    print(f"  first visit under {TARGETS['first_visit_gz_kb']:.0f} KB gzipped: {last['first_visit_gz_kb']:.1f} KB "
          f"({verdict(last['first_visit_gz_kb'], TARGETS['first_visit_gz_kb'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
