"""Files written into the built site after MkDocs has written the pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import rjsmin

from knowledge_base import offline as offline_files
from knowledge_base import open_data, search_words
from knowledge_base.catalogue import Catalogue

from .material_9_8 import search_index


def write_open_data(catalogue: Catalogue, site_dir: Path, offline: bool = False) -> None:
    """/data/case-studies.json and .csv, and one JSON file per case study
    (/data/case-studies/<slug>.json, which the compare page reads). The
    offline copy also gets each as a script (<slug>.js), which a page
    opened from disk can load where it cannot fetch."""
    folder = site_dir / "data"
    (folder / "case-studies").mkdir(parents=True, exist_ok=True)
    (folder / "case-studies.json").write_text(open_data.to_json(open_data.dataset(catalogue)), encoding="utf-8")
    (folder / "case-studies.csv").write_text(open_data.dataset_csv(catalogue), encoding="utf-8", newline="")
    for case in catalogue.case_studies:
        record = open_data.to_json(open_data.case_record(catalogue, case))
        (folder / "case-studies" / f"{case.slug}.json").write_text(record, encoding="utf-8")
        if offline:
            script = offline_files.record_script(case.slug, record)
            (folder / "case-studies" / f"{case.slug}.js").write_text(script, encoding="utf-8")


def publish_offline_zip(source: Path, site_dir: Path) -> None:
    """The offline copy `make offline` made, at /downloads/ (.github/workflows/pages.yml)."""
    target = site_dir / offline_files.DOWNLOAD_URL
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def split_search_index(site_dir: Path, catalogue: Catalogue, no_results_pages: list[str], offline: bool) -> None:
    """Material has written search/search_index.json with every page's text;
    split it into the small files docs/assets/javascripts/search-worker.js
    loads as a search needs them (material_9_8/search_index.py), with the
    synonyms of data/search-words.yml. The offline copy cannot fetch files
    from disk: there every file goes inside search_index.json, and page
    addresses name files (knowledge_base/offline.py)."""
    folder = site_dir / "search"
    index = folder / "search_index.json"
    if not index.is_file():
        return
    files = search_index.split_index(
        index.read_text(encoding="utf-8"),
        synonyms=search_words.for_index(catalogue.search_words),
        no_results_pages=no_results_pages,
        locate=offline_files.search_location if offline else (lambda location: location),
        embed=offline,
    )
    for name, value in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def minify_scripts(site_dir: Path) -> None:
    """Our scripts without their comments and spaces (rjsmin): the worker
    is read by people in docs/assets/javascripts/, and sent to browsers at
    about 60% of its gzipped size. Material's and vendored scripts are
    minified already."""
    for script in (site_dir / "assets/javascripts").glob("*.js"):
        if script.name.endswith(".min.js"):
            continue
        text = script.read_text(encoding="utf-8")
        script.write_text(rjsmin.jsmin(text, keep_bang_comments=True), encoding="utf-8")
