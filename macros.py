"""Macros for the hand-written pages (mkdocs-macros, `module_name: macros`).

Every list on a hand-written page comes from the data through one of these,
so no list is kept by hand. The data comes from the knowledge-base plugin
(mkdocs_knowledge_base), which has loaded it for this build; without the
plugin (another renderer that runs only define_env) the data is loaded here
and long lists stay inline.
"""

from __future__ import annotations

from pathlib import Path

from knowledge_base import offline, render, self_assessment
from knowledge_base.catalogue import load_catalogue


def define_env(env):
    plugin = env.conf.plugins.get("knowledge-base")
    if plugin is None:
        catalogue = load_catalogue(Path(env.conf.config_file_path).resolve().parent)

        def unparsed(html: str) -> str:
            return html
    else:
        catalogue = plugin.build.catalogue
        if catalogue is None:
            return  # serving broken data: the plugin swaps every page for the list of problems

        def unparsed(html: str) -> str:
            """A long list or table (a megabyte or more at 1,000 case studies)
            skips Markdown: a placeholder now, the HTML back after Markdown."""
            return plugin.set_aside(env.page.file.src_uri, html)

    def here() -> str:
        return env.page.url

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
    def self_assessment_checklist() -> str:
        """The statements as a checklist, the result's frame and the data
        its script reads (the /self-assessment/ page)."""
        return self_assessment.page(catalogue, here())

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
    def if_your_group_says() -> str:
        """Each barrier a case study met, with those cases (the /trainers/ page)."""
        return unparsed(render.group_says(catalogue, here()))

    @env.macro
    def case_summary_sheets() -> str:
        """Each case study on one printed page (/trainers/case-summaries/)."""
        return unparsed(render.case_summary_sheets(catalogue, here()))

    @env.macro
    def question_sheets() -> str:
        """Each case study's questions and activity, a printed page each."""
        return unparsed(render.question_sheets(catalogue, here()))

    @env.macro
    def offline_copy_download() -> str:
        """A link to the offline copy this build publishes, with its size and
        date read from the zip; or how to make one (the /trainers/ page)."""
        build = plugin.build if plugin else None
        download = offline.describe_zip(build.offline_zip) if build and build.offline_zip else None
        in_copy = bool(build and build.offline)
        return render.offline_download(catalogue, here(), download, in_copy, env.conf["site_url"] or "")

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
