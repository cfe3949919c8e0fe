"""The registry of facets and narrative sections (knowledge_base/registry.py)
is the only list of them: the data files and the schemas agree with it, the
page scripts get it as JSON, and no other module writes the lists out again."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import registry, render, schema_ids
from knowledge_base.catalogue import load_catalogue
from tests.helpers import ROOT

SCHEMA = json.loads((ROOT / schema_ids.SCHEMA).read_text(encoding="utf-8"))


@pytest.mark.parametrize("facet", registry.TAXONOMY_FACETS, ids=lambda f: f.key)
def test_each_taxonomy_has_its_file_and_its_place_in_the_schema(facet):
    data = yaml.safe_load((ROOT / facet.data_file).read_text(encoding="utf-8"))
    assert data["facet"] == facet.key
    where = f"data/case-study.schema.json for {facet.key}"
    assert SCHEMA["properties"][facet.key]["$ref"] == f"#/$defs/{facet.schema_tags}", \
        f'{where}: add "{facet.key}": {{"$ref": "#/$defs/{facet.schema_tags}", "description": ...}} to "properties"'
    tags = SCHEMA["$defs"][facet.schema_tags]
    assert tags["items"]["properties"]["id"]["$ref"] == f"#/$defs/{facet.schema_id}", \
        f'{where}: "{facet.schema_tags}" in "$defs" must list ids of "#/$defs/{facet.schema_id}" (copy another facet\'s)'
    assert SCHEMA["$defs"][facet.schema_id]["generatedFrom"] == facet.data_file, "run `make schema`"
    assert (facet.key in SCHEMA["required"]) == facet.required, \
        f'{where}: {"add it to" if facet.required else "remove it from"} "required", as the registry says'


def test_facets_without_a_taxonomy_are_case_study_fields():
    for facet in registry.FACETS:
        if not facet.is_taxonomy:
            assert facet.label and facet.schema_id is None and facet.data_file is None
            assert facet.key in SCHEMA["properties"] and (facet.key in SCHEMA["required"]) == facet.required


def test_keys_parameters_and_filter_positions_are_unique():
    for name in ("key", "param", "filter_position"):
        values = [getattr(facet, name) for facet in registry.FACETS]
        assert len(set(values)) == len(values), name
    assert [f.filter_position for f in registry.FILTER_FACETS] == sorted(f.filter_position for f in registry.FACETS)


def test_the_schema_sections_are_the_registry_sections():
    sections = SCHEMA["properties"]["sections"]
    keys = [section.key for section in registry.SECTIONS]
    extras = [name for section in registry.SECTIONS for name in (section.intro, section.label) if name]
    assert list(sections["properties"])[:len(keys)] == keys
    assert set(sections["properties"]) == set(keys + extras)
    assert sections["required"] == keys
    for section in registry.SECTIONS:
        definition = sections["properties"][section.key]
        if section.kind == registry.GROUP:
            assert list(definition["properties"]) == [part.key for part in section.parts]
        else:
            assert definition["$ref"] == f"#/$defs/{section.kind}", section.key
        if section.label:
            assert sections["properties"][section.label]["enum"] == list(section.labelled_headings)


def test_every_case_study_page_has_the_registry_headings_in_order():
    catalogue = load_catalogue(ROOT)
    for case in catalogue.case_studies:
        text = render.case_study_page(catalogue, case)
        anchors = re.findall(r"^##+ .* \{#([a-z-]+)\}$", text, re.MULTILINE)
        expected = []
        for section in registry.SECTIONS:
            expected.append(section.anchor)
            expected += [part.anchor for part in section.parts if part.key in case.data["sections"][section.key]]
        assert anchors[:len(expected)] == expected, case.slug


def test_the_pages_that_need_it_get_the_registry_as_a_json_block():
    catalogue = load_catalogue(ROOT)
    titles = {facet: taxonomy.title for facet, taxonomy in catalogue.taxonomies.items()}
    for html in (render.case_study_index(catalogue, "case-studies/"), render.compare(catalogue, "compare/")):
        block = BeautifulSoup(html, "html.parser").find("script", id="kb-registry")
        assert block["type"] == "application/json"
        assert json.loads(block.string) == registry.script_data(titles)
    data = registry.script_data(titles)
    assert [f["param"] for f in data["filter"]] == [f.param for f in registry.FILTER_FACETS]
    assert [t["key"] for t in data["themes"]] == list(registry.TAXONOMIES)
    assert [s["path"][-1] for s in data["sections"]] == \
        [part.key for s in registry.SECTIONS for part in (s.parts or (s,))]


# Lists the registry replaced: a second copy anywhere else would drift from it.
COPIES = [
    re.compile(r"""["']models["'],\s*["']barriers["']|["']barriers["'],\s*["']enablers["']"""),
    re.compile(r"""["']barrier["']\s*[,:]\s*["']?(enabler|barriers)|["']barriers["']\s*:\s*["']barrier"""),
    re.compile(r"why_it_stands_out|culture_and_leadership|what_is_coproduced"),
    re.compile(r"""["']funding["'],\s*["']payment["']|["']funding["']\s*:\s*["']Funding"""),
]


def test_no_module_keeps_its_own_copy_of_the_lists():
    sources = [path for folder in ("knowledge_base", "tools", "docs/assets/javascripts")
               for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".js", ".j2")]
    sources.append(ROOT / "macros.py")
    found = [f"{path.relative_to(ROOT)}: {pattern.pattern}" for path in sources
             if path.name != "registry.py" for pattern in COPIES if pattern.search(path.read_text(encoding="utf-8"))]
    assert not found, found
