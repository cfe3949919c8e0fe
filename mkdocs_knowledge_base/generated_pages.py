"""The pages MkDocs gets from the data: one per case study and per term,
a small page at each old address (data/redirects.yml), and, while serving
broken data, the list of problems in place of every page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from knowledge_base import redirects, registry, render, site_urls
from knowledge_base.catalogue import Catalogue


def term_sources(catalogue: Catalogue) -> list[str]:
    return [
        site_urls.term_source(term.facet, term.id)
        for taxonomy in catalogue.taxonomies.values()
        for term in taxonomy.terms.values()
    ]


def add_pages(files: Files, config, catalogue: Catalogue, set_aside: dict[str, list[str]]) -> Files:
    """Add a page per case study and term (their raw HTML blocks go into
    set_aside, by source path), and a redirect page per old address."""
    pages = {
        site_urls.case_study_source(case.slug): (lambda c=case: render.case_study_page(catalogue, c))
        for case in catalogue.case_studies
    }
    # The file each generated page is made from, for its edit button.
    made_from = {site_urls.case_study_source(case.slug): case.path for case in catalogue.case_studies}
    for taxonomy in catalogue.taxonomies.values():
        for term in taxonomy.terms.values():
            source = site_urls.term_source(term.facet, term.id)
            pages[source] = lambda t=term: render.term_page(catalogue, t)
            made_from[source] = registry.facet(term.facet).data_file
    for source, content in pages.items():
        if files.get_file_from_path(source) is not None:
            raise PluginError(f"a generated page would replace the hand-written page docs/{source}; rename one of them")
        markdown, set_aside[source] = render.split_html_blocks(content())
        # Out of the navigation: reached from the index and term pages, so
        # pages stay small and builds fast however many case studies there are.
        file = File.generated(config, source, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        # edit_uri is relative to docs/ (mkdocs.yml's edit_uri ends there);
        # the URL join resolves "..", so this opens the YAML file itself.
        file.edit_uri = "../" + made_from[source]
        files.append(file)
    for item in catalogue.redirects:
        files.append(
            File.generated(
                config,
                item["from"].strip("/") + "/index.html",
                content=redirects.redirect_page(item["from"], item["to"], config["site_url"] or ""),
            )
        )
    return files


def problem_pages(files: Files, config, problems: list[str], root: Path, known_term_sources: list[str]) -> Files:
    """While serving broken data: every page (and every case-study page,
    known from its file name, and every term page of the last good build)
    becomes the list of problems, so whichever page the browser is on shows
    them and reloads itself once they are fixed."""
    content = render.data_problems_page(problems)
    sources = {file.src_uri for file in files if file.is_documentation_page()}
    sources |= {
        site_urls.case_study_source(path.stem)
        for path in (root / "case_studies").glob("*.yml")
        if not path.name.startswith("_")
    }
    sources |= set(known_term_sources)
    kept = Files([file for file in files if not file.is_documentation_page()])
    for source in sorted(sources):
        kept.append(File.generated(config, source, content=content))
    return kept
