"""The thin adapter between the knowledge_base package and MkDocs.

It is loaded twice, for two jobs:
- by mkdocs-macros (`module_name: macros`): define_env() gives hand-written
  pages macros that pull lists from the data, so no list is kept by hand;
- as an MkDocs hook (`hooks: [macros.py]`): on_files() adds one generated page
  per case study and per taxonomy term.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from html import unescape  # noqa: E402

from material.plugins.search import plugin as material_search  # noqa: E402

from knowledge_base import handout, link_preview, open_data, redirects, render, search_shards, site_urls  # noqa: E402
from knowledge_base.catalogue import Catalogue, load_catalogue_cached  # noqa: E402
from knowledge_base.problems import DataError  # noqa: E402
from knowledge_base.search_sections import FastSectionParser  # noqa: E402


# Set by `make serve` (tools/serve.py): show data problems as a page.
SERVING = os.environ.get("KB_SERVE") == "1"
log = logging.getLogger("mkdocs.plugins.knowledge_base")


def _catalogue() -> Catalogue | None:
    """The catalogue; with broken data, None when serving (the problems are
    then logged and shown as a page), else a build error listing them."""
    try:
        return load_catalogue_cached(ROOT)
    except DataError as error:
        if SERVING:
            return None
        raise PluginError("the data files have problems:\n" + str(error)) from None


def _problems() -> list[str]:
    try:
        load_catalogue_cached(ROOT)
        return []
    except DataError as error:
        return [str(problem) for problem in error.problems]


# --- mkdocs-macros -------------------------------------------------------

def define_env(env):
    catalogue = _catalogue()
    if catalogue is None:
        return  # serving broken data: on_files swaps every page for the error page

    def here() -> str:
        return env.page.url

    def unparsed(html: str) -> str:
        """A long list or table (a megabyte or more at 1,000 case studies)
        skips Markdown, which would only pass it through tag by tag: a
        placeholder now, the HTML back in on_page_content."""
        blocks = _html_blocks.setdefault(env.page.file.src_uri, [])
        blocks.append(html)
        return f"\n\n<!--kb-block-{len(blocks) - 1}-->\n\n"

    @env.macro
    def case_study_index() -> str:
        """Every case study with its place and themes (the /case-studies/ list)."""
        return unparsed(render.case_study_index(catalogue, here()))

    @env.macro
    def case_study_matrix() -> str:
        """Every case study against every term (the /matrix/ page)."""
        return unparsed(render.matrix(catalogue, here()))

    @env.macro
    def compare_cases() -> str:
        """The frame the /compare/ page's script fills."""
        return render.compare(catalogue, here())

    @env.macro
    def term_index(facet: str) -> str:
        """Every term of a facet, grouped as the guide groups them, with counts."""
        return render.term_index(catalogue, facet, here())

    @env.macro
    def cases_for(facet: str, term_id: str) -> str:
        """The case studies tagged with one term, each saying how."""
        return render.cases_for_term(catalogue, facet, term_id, here())

    @env.macro
    def term_link(facet: str, term_id: str) -> str:
        return render.term_link(catalogue, facet, term_id, here())

    @env.macro
    def term_sections(facet: str, group: str | None = None, level: int = 3) -> str:
        """A heading, definition and case-study list for each term (of a group)."""
        return render.term_sections(catalogue, facet, group, level, here())

    @env.macro
    def guide_source(*section_ids: str) -> str:
        """The line saying which guide sections a page draws on."""
        return render.guide_source(catalogue, section_ids, here())

    @env.macro
    def for_trainers_list() -> str:
        """Each case study's discussion questions and activity (the /trainers/ page)."""
        return render.for_trainers_list(catalogue, here())

    @env.macro
    def glossary() -> str:
        return render.glossary(catalogue, here())

    @env.macro
    def references() -> str:
        return render.references(catalogue, here())

    @env.macro
    def further_resources() -> str:
        return render.resources(catalogue, here())

    env.variables["case_study_count"] = len(catalogue.case_studies)
    env.variables["guide_case_count"] = len(catalogue.guide_case_studies)
    env.variables["contributed_case_count"] = len(catalogue.contributed_case_studies)
    env.variables["guide"] = render.escaped(catalogue.guide)


# --- MkDocs hooks ----------------------------------------------------------

_abbreviations = ""  # set by on_files, once per build
_html_blocks = render.HTML_BLOCKS  # page -> its HTML blocks, put back in on_page_content


def on_config(config):
    # Material's search Parser (html.parser) took about 5 s of a 20 s build at
    # 1,000 case studies; this one gives the same sections about 4x faster
    # (tests/test_search_sections.py). KB_SEARCH_PARSER=material keeps Material's.
    if os.environ.get("KB_SEARCH_PARSER") != "material":
        material_search.Parser = FastSectionParser


def on_page_markdown(markdown, page, config, files):
    """Abbreviations from data/glossary.yml become tooltips on every page.
    (Generated pages mark them up themselves, inside their HTML blocks.)"""
    if page.file.generated_by:
        return markdown
    return markdown + "\n\n" + _abbreviations + "\n"


def on_page_content(html, page, config, files):
    blocks = _html_blocks.pop(page.file.src_uri, None)  # done with: free the memory
    if blocks:
        html = render.restore_html_blocks(html, blocks)
    html = render.focusable_first_abbreviations(html)
    # For print: full link addresses and a QR code back to this page.
    address = handout.page_address(config["site_url"] or "", page.url)
    return handout.qr_code_block(address) + handout.add_print_addresses(html, address)


_nav_by_folder: dict[str, str] = {}  # the menu of pages outside the navigation, by folder


def _nav_once(page, nav):
    """For overrides/partials/nav.html: a page outside the navigation (the
    generated ones) gets the menu rendered for the first such page in its
    folder (its links are relative, and nothing in it is marked current);
    other pages render their own."""
    outside = not any(item is page for item in nav.pages)
    folder = page.url.rstrip("/").rpartition("/")[0]

    def nav_once(caller):
        if not outside:
            return caller()
        if folder not in _nav_by_folder:
            _nav_by_folder[folder] = caller()
        return _nav_by_folder[folder]
    return nav_once


def on_env(env, config, files):
    # Pages without a page context (404.html) render the menu themselves.
    env.globals["kb_nav_once"] = lambda caller: caller()
    return env


def on_page_context(context, page, config, nav):
    """Link-preview tags for the page's <head> (overrides/main.html), and
    the menu kept once per folder (overrides/partials/nav.html)."""
    context["kb_nav_once"] = _nav_once(page, nav)
    meta = page.meta or {}
    # Generated pages escape their front matter for Material; read it back as text.
    title = config["site_name"] if page.is_homepage else unescape(meta.get("title") or page.title or "")
    description = unescape(meta.get("description") or config["site_description"] or "")
    site_url = config["site_url"] or ""
    context["kb_link_preview"] = link_preview.preview_tags(
        title=title, description=description, address=handout.page_address(site_url, page.url),
        site_url=site_url, site_name=config["site_name"], kind="website" if page.is_homepage else "article")
    return context


def _split_search(config) -> bool:
    """Split the search index (see on_post_build), except in the offline
    copy (`make offline`), whose search must work from disk with Material's
    own, and when KB_SEARCH=material asks for Material's own search (to
    compare the two: tests/test_search.py)."""
    plugin = config.plugins.get("material/offline")
    offline = bool(plugin and plugin.config.enabled)
    return not offline and os.environ.get("KB_SEARCH") != "material"


def on_post_page(output, page, config):
    if _split_search(config):
        # Search loads only what it needs (see on_post_build).
        output = search_shards.use_worker(output, "search-worker.js")
    return render.collapse_indentation(output)


def on_post_template(output_content, template_name, config):
    """The 404 page is a theme template, not a page: point its search at our
    worker too."""
    if template_name.endswith(".html") and _split_search(config):
        output_content = search_shards.use_worker(output_content, "search-worker.js")
    return output_content


def on_files(files, config):
    global _abbreviations
    _nav_by_folder.clear()
    catalogue = _catalogue()
    if catalogue is None:
        return _error_pages(files, config)
    _html_blocks.clear()
    _abbreviations = render.abbreviation_definitions(catalogue)
    pages = {site_urls.case_study_source(case.slug): (lambda c=case: render.case_study_page(catalogue, c))
             for case in catalogue.case_studies}
    # The file each generated page is made from, for its edit button.
    made_from = {site_urls.case_study_source(case.slug): case.path for case in catalogue.case_studies}
    for taxonomy in catalogue.taxonomies.values():
        for term in taxonomy.terms.values():
            source = site_urls.term_source(term.facet, term.id)
            pages[source] = (lambda t=term: render.term_page(catalogue, t))
            made_from[source] = f"data/{term.facet}.yml"
    for source, content in pages.items():
        existing = files.get_file_from_path(source)
        if existing is not None:
            raise PluginError(f"a generated page would replace the hand-written page docs/{source}; "
                              "rename one of them")
        markdown, _html_blocks[source] = render.split_html_blocks(content())
        file = File.generated(config, source, content=markdown)
        # edit_uri is relative to docs/ (mkdocs.yml's edit_uri ends there);
        # the URL join resolves "..", so this opens the YAML file itself.
        file.edit_uri = "../" + made_from[source]
        files.append(file)
    # Old addresses (data/redirects.yml) get a page that sends visitors on.
    for item in catalogue.redirects:
        files.append(File.generated(config, item["from"].strip("/") + "/index.html",
                                    content=redirects.redirect_page(item["from"], item["to"], config["site_url"] or "")))
    return files


def _error_pages(files, config):
    """While serving broken data: every page (and every case-study page,
    known from its file name) becomes the list of problems, so whichever
    page the browser is on shows them and reloads itself once they are
    fixed. The same lines go to the log."""
    global _abbreviations
    problems = _problems()
    for line in problems:
        log.error(line)
    log.error("%d problem%s in the data files: fix them and save; the browser reloads by itself.",
              len(problems), "" if len(problems) == 1 else "s")
    _abbreviations = ""
    _html_blocks.clear()
    content = render.data_problems_page(problems)
    sources = {file.src_uri for file in files if file.is_documentation_page()}
    sources |= {site_urls.case_study_source(path.stem) for path in (ROOT / "case_studies").glob("*.yml")
                if not path.name.startswith("_")}
    sources |= set(_last_term_sources)
    kept = Files([file for file in files if not file.is_documentation_page()])
    for source in sorted(sources):
        kept.append(File.generated(config, source, content=content))
    return kept


_last_term_sources: list[str] = []  # from the last good build, so term pages show problems too


def on_post_build(config):
    """After a good build, the open data: /data/case-studies.json and .csv, and one JSON file
    per case study (/data/case-studies/<slug>.json) for the compare page."""
    if not isinstance(config, MkDocsConfig):
        return  # mkdocs-macros calls on_post_build(env) on this module too
    catalogue = _catalogue()
    if catalogue is None:
        return
    # Remember the term pages of a good build (see _error_pages).
    _last_term_sources[:] = [site_urls.term_source(term.facet, term.id)
                             for taxonomy in catalogue.taxonomies.values() for term in taxonomy.terms.values()]
    if _split_search(config):
        _split_search_index(Path(config["site_dir"]) / "search")
    folder = Path(config["site_dir"]) / "data"
    (folder / "case-studies").mkdir(parents=True, exist_ok=True)
    (folder / "case-studies.json").write_text(open_data.to_json(open_data.dataset(catalogue)), encoding="utf-8")
    (folder / "case-studies.csv").write_text(open_data.dataset_csv(catalogue), encoding="utf-8", newline="")
    for case in catalogue.case_studies:
        (folder / "case-studies" / f"{case.slug}.json").write_text(
            open_data.to_json(open_data.case_record(catalogue, case)), encoding="utf-8")


def _split_search_index(folder: Path) -> None:
    """Material has written search_index.json with every page's text; split
    it into the small files docs/assets/javascripts/search-worker.js loads
    as a search needs them (knowledge_base/search_shards.py)."""
    index = folder / "search_index.json"
    if not index.is_file():
        return
    files = search_shards.split_index(index.read_text(encoding="utf-8"))
    for sub in ("t", "p"):
        (folder / sub).mkdir(exist_ok=True)
    for name, value in files.items():
        (folder / name).write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
