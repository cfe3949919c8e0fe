"""The knowledge-base MkDocs plugin: lifecycle hooks only, each handing
the work to a module of this package or of knowledge_base/.

Build state lives on the plugin (`self.build`), made anew in on_config, so
nothing carries over from one `mkdocs serve` rebuild to the next except
what is meant to (`self.term_sources`, below).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from knowledge_base import render, reviews, security_policy
from knowledge_base.catalogue import Catalogue, load_catalogue
from knowledge_base.problems import DataError

from . import generated_pages, link_previews, nav_menu, offline_copy, page_html, site_files
from .config import KnowledgeBaseConfig
from .material_9_8 import use_search_parser

log = logging.getLogger("mkdocs.plugins.knowledge_base")


@dataclass
class BuildState:
    """What one build knows. catalogue is None only while serving broken
    data, when problems lists what is wrong."""

    root: Path
    catalogue: Catalogue | None = None
    problems: list[str] = field(default_factory=list)
    split_search: bool = True
    # Raw HTML kept out of Markdown, by page source path, until the page's
    # HTML exists (page_html puts it back).
    set_aside: dict[str, list[str]] = field(default_factory=dict)
    abbreviations: str = ""  # Markdown abbreviation lines for hand-written pages
    menus: nav_menu.MenuPerFolder = field(default_factory=nav_menu.MenuPerFolder)
    offline: bool = False  # building the offline copy (`make offline`)
    offline_zip: Path | None = None  # an offline copy to publish, made before this build


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self):
        self.serving = False
        self.build: BuildState | None = None
        # The term pages of the last good build, so that while the data is
        # broken their addresses show the problems too: kept across rebuilds.
        self.term_sources: list[str] = []

    # --- for macros.py ------------------------------------------------------

    def set_aside(self, page_source: str, block: str) -> str:
        """Keep a long HTML block out of Markdown (which would only pass it
        through, tag by tag); returns the placeholder to put in its place."""
        blocks = self.build.set_aside.setdefault(page_source, [])
        blocks.append(block)
        return f"\n\n<!--kb-block-{len(blocks) - 1}-->\n\n"

    # --- lifecycle ----------------------------------------------------------

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    # Before mkdocs-macros' on_config (priority 0), which calls macros.py's
    # define_env(): the data must be loaded by then.
    @event_priority(50)
    def on_config(self, config):
        self.build = BuildState(
            root=Path(config.config_file_path).resolve().parent,
            split_search=self.config.split_search,
            offline=offline_copy.is_on(config),
        )
        zip_path = self.build.root / self.config.offline_zip
        # The copy never holds itself; while serving, the page says how to make one.
        if not (self.build.offline or self.serving) and zip_path.is_file():
            self.build.offline_zip = zip_path
        try:
            self.build.catalogue = load_catalogue(self.build.root)
        except DataError as error:
            if not (self.serving and self.config.show_data_problems_when_serving):
                raise PluginError("the data files have problems:\n" + str(error)) from None
            self.build.problems = [str(problem) for problem in error.problems]
        use_search_parser(self.config.search_parser)

    def on_pre_build(self, *, config):
        # After every on_config: Material's offline plugin turns folder
        # addresses off in its own; the copy keeps them (offline_copy.py).
        if offline_copy.is_on(config):
            offline_copy.keep_folder_addresses_and_local_shim(config)

    def on_files(self, files, *, config):
        build = self.build
        if build.catalogue is None:
            for line in build.problems:
                log.error(line)
            log.error(
                "%d problem%s in the data files: fix them and save; the browser reloads by itself.",
                len(build.problems),
                "" if len(build.problems) == 1 else "s",
            )
            return generated_pages.problem_pages(files, config, build.problems, build.root, self.term_sources)
        build.abbreviations = render.abbreviation_definitions(build.catalogue)
        # A passed review date is a note, not a warning: --strict fails on
        # warnings, and an overdue review should not stop the site.
        for note in reviews.overdue_case_studies(build.catalogue, datetime.date.today()):
            log.info(note)
        return generated_pages.add_pages(files, config, build.catalogue, build.set_aside)

    def on_env(self, env, *, config, files):
        env.globals["kb_nav_once"] = nav_menu.render_every_time
        # First in every page's <head> (overrides/main.html). The policy
        # would block MkDocs' live reload (an inline script) while serving,
        # and Material's search from disk (inline scripts in an iframe) in
        # the offline copy: those get the referrer policy only.
        full = not (self.serving or offline_copy.is_on(config))
        env.globals["kb_security_meta"] = security_policy.META_TAGS if full else security_policy.REFERRER_META
        env.globals["kb_review_dates"] = review_dates_line
        return env

    # After mkdocs-macros (priority 0) has rendered the page's macros, so the
    # glossary's text added here is never read as a template.
    @event_priority(-50)
    def on_page_markdown(self, markdown, *, page, config, files):
        """Abbreviations from data/glossary.yml become tooltips on every
        hand-written page (generated pages mark them up themselves)."""
        if page.file.generated_by:
            return markdown
        check_review_dates(page)
        return markdown + "\n\n" + self.build.abbreviations + "\n"

    def on_page_content(self, html, *, page, config, files):
        facts = self._facts(page, config, blocks=self.build.set_aside.pop(page.file.src_uri, []))
        return page_html.apply(page_html.CONTENT_CHANGES, html, facts)

    def on_page_context(self, context, *, page, config, nav):
        """Link-preview tags for the page's <head> (overrides/main.html), and
        the menu kept once per folder (overrides/partials/nav.html)."""
        context["kb_nav_once"] = self.build.menus.for_page(page, nav)
        context["kb_link_preview"] = link_previews.tags_for(page, config)
        return context

    def on_post_page(self, output, *, page, config):
        return page_html.apply(page_html.PAGE_CHANGES, output, self._facts(page, config))

    def on_post_template(self, output_content, *, template_name, config):
        if not template_name.endswith(".html"):
            return output_content
        facts = page_html.PageFacts(url="", site_url=config["site_url"] or "", split_search=self.build.split_search)
        return page_html.apply(page_html.TEMPLATE_CHANGES, output_content, facts)

    # After Material's search plugin (priority 0) writes search_index.json,
    # and before its offline plugin (-100) copies that file into a script.
    @event_priority(-50)
    def on_post_build(self, *, config):
        build = self.build
        if build.catalogue is None:
            return
        self.term_sources = generated_pages.term_sources(build.catalogue)
        site_dir = Path(config["site_dir"])
        if build.split_search:
            site_files.split_search_index(
                site_dir, build.catalogue, self.config.search_no_results_pages, offline=offline_copy.is_on(config)
            )
        site_files.write_open_data(build.catalogue, site_dir, offline=build.offline)
        if build.offline_zip:
            site_files.publish_offline_zip(build.offline_zip, site_dir)
        site_files.minify_scripts(site_dir)
        if offline_copy.is_on(config):
            offline_copy.links_to_files(site_dir)

    def _facts(self, page, config, blocks=()) -> page_html.PageFacts:
        return page_html.PageFacts(
            url=page.url, site_url=config["site_url"] or "", split_search=self.build.split_search, blocks=list(blocks)
        )


def check_review_dates(page) -> None:
    """A hand-written page's review dates (its front matter): missing or
    wrong ones are warnings, so the strict build names the fix; a date that
    has passed is only a note (INFO), so the site still builds."""
    path = "docs/" + page.file.src_uri
    problem = reviews.page_problem(path, page.meta)
    if problem:
        log.warning(problem)
        return
    note = reviews.overdue_note(path, page.meta["next_review"], datetime.date.today())
    if note:
        log.info(note)


def review_dates_line(page) -> str:
    """The "Page last reviewed" line for a hand-written page's template
    (overrides/main.html); generated pages carry their own in their content."""
    meta = getattr(page, "meta", None) or {}
    dates = [reviews.iso(meta.get(name)) for name in reviews.FIELDS]
    if None in dates or getattr(page.file, "generated_by", None):
        return ""
    return reviews.line_html(*dates)
