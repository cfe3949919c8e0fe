"""The plugin's settings, set under `knowledge-base:` in mkdocs.yml.

Each has the default the published site uses; tools and tests that need
another set it through mkdocs_knowledge_base.build, not the environment.
"""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class KnowledgeBaseConfig(Config):
    # Search with our worker (synonyms, typos, our ranking), reading the
    # index split into small files it loads as a search needs them (the
    # offline copy: all in one script). False keeps Material's own search,
    # to compare the two.
    split_search = opt.Type(bool, default=True)
    # The pages search offers when nothing matches, by address
    # (shell-style patterns, in this order).
    search_no_results_pages = opt.ListOfItems(
        opt.Type(str), default=["case-studies/", "questions/*", "guide/top-tips/"]
    )
    # Which parser reads pages into the search index: "fast" (ours) or
    # "material" (Material's own); both give the same index.
    search_parser = opt.Choice(("fast", "material"), default="fast")
    # While `mkdocs serve` runs, broken data files show as a page (and in
    # the log) instead of stopping the build; `mkdocs build` always stops.
    show_data_problems_when_serving = opt.Type(bool, default=True)
    # The offline copy `make offline` writes, relative to mkdocs.yml: when
    # it exists, the build publishes it at /downloads/ and /trainers/ gives
    # its size and date (the Pages workflow runs `make offline` first).
    offline_zip = opt.Type(str, default="dist/co-production-kb-offline.zip")
