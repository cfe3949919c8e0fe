"""The registry of facets and narrative sections (knowledge_base/registry.py)
is the only list of them: the data files and the schemas agree with it, the
page scripts get it as JSON, and no other module writes the lists out again."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from knowledge_base import registry, render, schema_ids
from knowledge_base.catalogue import load_catalogue
from tests.helpers import ROOT, build

SCHEMA = json.loads((ROOT / schema_ids.SCHEMA).read_text(encoding="utf-8"))


@pytest.mark.parametrize("facet", registry.TAXONOMY_FACETS, ids=lambda f: f.key)
def test_each_taxonomy_has_its_file_and_its_place_in_the_schema(facet):
    data = yaml.safe_load((ROOT / facet.data_file).read_text(encoding="utf-8"))
    assert data["facet"] == facet.key
    where = f"data/case-study.schema.json for {facet.key}"
    assert SCHEMA["properties"][facet.key]["$ref"] == f"#/$defs/{facet.schema_tags}", (
        f'{where}: add "{facet.key}": {{"$ref": "#/$defs/{facet.schema_tags}", "description": ...}} to "properties"'
    )
    tags = SCHEMA["$defs"][facet.schema_tags]
    assert tags["items"]["properties"]["id"]["$ref"] == f"#/$defs/{facet.schema_id}", (
        f'{where}: "{facet.schema_tags}" in "$defs" must list ids of "#/$defs/{facet.schema_id}" (copy another facet\'s)'
    )
    assert SCHEMA["$defs"][facet.schema_id]["generatedFrom"] == facet.data_file, "run `make schema`"
    assert (facet.key in SCHEMA["required"]) == facet.required, (
        f'{where}: {"add it to" if facet.required else "remove it from"} "required", as the registry says'
    )


def test_facets_without_a_taxonomy_are_case_study_fields():
    for facet in registry.FACETS:
        if not facet.is_taxonomy:
            assert facet.label and facet.schema_id is None and facet.data_file is None
            if facet.is_section:  # read from a narrative section's parts (practicalities)
                assert registry.section(facet.section).kind == registry.GROUP
                assert (facet.section in SCHEMA["properties"]["sections"]["required"]) == facet.required
            else:
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
    assert list(sections["properties"])[: len(keys)] == keys
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
        assert anchors[: len(expected)] == expected, case.slug


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
    assert [s["path"][-1] for s in data["sections"]] == [
        part.key for s in registry.SECTIONS for part in (s.parts or (s,))
    ]


# Lists the registry replaced: a second copy anywhere else would drift from it.
COPIES = [
    re.compile(r"""["']models["'],\s*["']barriers["']|["']barriers["'],\s*["']enablers["']"""),
    re.compile(r"""["']barrier["']\s*[,:]\s*["']?(enabler|barriers)|["']barriers["']\s*:\s*["']barrier"""),
    re.compile(r"why_it_stands_out|culture_and_leadership|what_is_coproduced"),
    re.compile(r"""["']funding["'],\s*["']payment["']|["']funding["']\s*:\s*["']Funding"""),
]


def test_no_module_keeps_its_own_copy_of_the_lists():
    sources = [
        path
        for folder in ("knowledge_base", "tools", "docs/assets/javascripts")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".js", ".j2")
    ]
    sources.append(ROOT / "macros.py")
    found = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path in sources
        if path.name != "registry.py"
        for pattern in COPIES
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


NEW_TAXONOMY = """facet: values
title: Values
singular: Value
introduction: >-
  A facet added by a test, to show what a new facet needs.
terms:
  - id: respect
    name: Respect
    definition: >-
      Treat everyone's view as worth hearing.
    guide_sections: [principles]
"""


@pytest.mark.extra_build
def test_a_new_facet_needs_no_code_change(project, tmp_path):
    """Add a facet to a copy of the project: its taxonomy file, one registry
    entry and the case-study schema's two hand-written lines (the test above
    says what to write); `make schema` writes the id lists. No module,
    template or script changes, yet its term pages, the case-study pages,
    the filter, the matrix, the open data and the scripts' JSON all have it.
    (Its index page, docs/values/index.md, and its place in mkdocs.yml's
    navigation are hand-written pages, left out here.)"""
    (project / "data/values.yml").write_text(NEW_TAXONOMY, encoding="utf-8")
    source = project / "knowledge_base/registry.py"
    text = source.read_text(encoding="utf-8")
    entry = '    Facet("setting", "setting",'
    assert entry in text
    source.write_text(
        text.replace(entry, '    Facet("values", "value", required=False, filter_position=7),\n' + entry),
        encoding="utf-8",
    )
    schema_path = project / schema_ids.SCHEMA
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["values"] = {
        "$ref": "#/$defs/value-tags",
        "description": "Optional: ids from data/values.yml.",
    }
    schema["$defs"]["value-tags"] = json.loads(
        json.dumps(schema["$defs"]["principle-tags"]).replace("principle-id", "value-id")
    )
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    case = project / "case_studies/sheffield-flourish.yml"
    case.write_text(
        case.read_text(encoding="utf-8") + "values:\n  - id: respect\n    how: Every view is heard.\n", encoding="utf-8"
    )
    for command in ("schema", "validate"):
        result = subprocess.run(
            [sys.executable, "-m", "knowledge_base", command, "."],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]

    assert "Treat everyone" in (site / "values/respect/index.html").read_text(encoding="utf-8")
    case_page = BeautifulSoup(
        (site / "case-studies/sheffield-flourish/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert case_page.find(id="values-respect") and case_page.find(id="values")
    listing = BeautifulSoup((site / "case-studies/index.html").read_text(encoding="utf-8"), "html.parser")
    assert listing.select_one('details[data-facet="value"] input[value="respect"]')
    assert listing.find(id="sheffield-flourish")["data-values"] == "respect"
    script_data = json.loads(listing.find("script", id="kb-registry").string)
    assert {"key": "values", "param": "value", "title": "Values"} in script_data["filter"]
    assert {"key": "values", "title": "Values"} in script_data["themes"]
    matrix = (site / "matrix/index.html").read_text(encoding="utf-8")
    assert 'id="matrix-values"' in matrix and "#values-respect" in matrix
    record = json.loads((site / "data/case-studies/sheffield-flourish.json").read_text(encoding="utf-8"))
    assert record["values"] == [{"id": "respect", "name": "Respect", "how": "Every view is heard."}]
    header = (site / "data/case-studies.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "values" in header and "values_ids" in header
