"""Code that mirrors mkdocs-material 9.8.2's internals, kept apart so that
a Material upgrade (or a move to another renderer) has one place to check.

- search_parser: a faster copy of Material's search-index HTML parser;
- search_index: splits Material's search index into small files, with the
  weights Material's lunr set-up gives, for our search worker.
"""

from __future__ import annotations

from material.plugins.search import plugin as material_search

from .search_parser import FastSectionParser

MATERIAL_PARSER = material_search.Parser


def use_search_parser(name: str) -> None:
    """Material's search plugin reads pages with its module's `Parser`;
    'fast' swaps in ours (same output, about four times faster), 'material'
    puts Material's back."""
    material_search.Parser = FastSectionParser if name == "fast" else MATERIAL_PARSER
