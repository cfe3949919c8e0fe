"""Keep the id lists inside data/case-study.schema.json in step with data/,
and the list of facets in data/taxonomy.schema.json in step with the
registry (knowledge_base/registry.py).

Editors read the schema, so it lists every term id and guide section id as
an enum with the name beside it (`enumDescriptions`, read by VS Code's YAML
and JSON support). Those lists are the only generated part of the schema:
`make schema` rewrites each one in place and leaves every hand-written
line alone, so the schema stays a file people can edit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .registry import TAXONOMIES, TAXONOMY_FACETS
from .safe_yaml import load_yaml_file

SCHEMA = "data/case-study.schema.json"
TAXONOMY_SCHEMA = "data/taxonomy.schema.json"
FACET_IDS = "facet-id"  # the taxonomy schema's list of facets
GUIDE_SECTION_IDS = "guide-section-id"
_DEFS = re.compile(r'"\$defs"\s*:\s*\{')


def generated_definitions(root: Path) -> dict[str, dict]:
    """Each generated $defs entry, built from the taxonomies and data/guide.yml."""
    definitions = {}
    for facet in TAXONOMY_FACETS:
        terms = load_yaml_file(root / facet.data_file, facet.data_file).data["terms"]
        # In id order, as an editor lists them (and not the guide's own order
        # of names, which would repeat its lists word for word).
        definitions[facet.schema_id] = _enum(facet.data_file, sorted((t["id"], t["name"]) for t in terms))
    sections = load_yaml_file(root / "data/guide.yml", "data/guide.yml").data["sections"]
    definitions[GUIDE_SECTION_IDS] = _enum(
        "data/guide.yml", [(s["id"], f"{s['label']}: {s['title']}") for s in sections]
    )
    return definitions


def taxonomy_definitions() -> dict[str, dict]:
    """The taxonomy schema's generated $defs entry: the registry's taxonomies."""
    return {
        FACET_IDS: {
            "$comment": "Generated from knowledge_base/registry.py by `make schema`; do not edit by hand.",
            "enum": list(TAXONOMIES),
        }
    }


def _enum(source: str, pairs: list[tuple[str, str]]) -> dict:
    return {
        "$comment": f"Generated from {source} by `make schema`; do not edit by hand.",
        # generatedFrom tells the validator that the catalogue explains an
        # unknown id itself, with more context (a group id, another facet).
        "generatedFrom": source,
        "allOf": [{"$ref": "#/$defs/id"}],
        "enum": [term_id for term_id, _ in pairs],
        "enumDescriptions": [name for _, name in pairs],
    }


def _format(key: str, definition: dict) -> str:
    """One enum value per line, so adding a term changes one line of the diff."""
    lines = [f'    "{key}": {{']
    items = []
    for name, value in definition.items():
        if isinstance(value, list) and name in ("enum", "enumDescriptions"):
            inner = ",\n".join(f"        {json.dumps(v, ensure_ascii=False)}" for v in value)
            items.append(f'      "{name}": [\n{inner}\n      ]')
        else:
            items.append(f'      "{name}": {json.dumps(value, ensure_ascii=False)}')
    lines.append(",\n".join(items))
    lines.append("    }")
    return "\n".join(lines)


def updated_schema_text(text: str, definitions: dict[str, dict]) -> str:
    """The schema text with each generated definition replaced (or, the
    first time, added at the start of $defs); everything else untouched."""
    decoder = json.JSONDecoder()
    for key, definition in definitions.items():
        new = _format(key, definition)
        found = re.search(r'\n[ \t]*"' + re.escape(key) + r'"\s*:\s*', text)
        if found:
            _, end = decoder.raw_decode(text, found.end())
            text = text[: found.start() + 1] + new + text[end:]
        else:
            defs = _DEFS.search(text)
            if defs is None:
                raise ValueError('the schema has no "$defs" section')
            text = text[: defs.end()] + "\n" + new + "," + text[defs.end() :]
    json.loads(text)  # never write a broken schema
    return text


def _schemas(root: Path) -> list[tuple[Path, dict[str, dict]]]:
    return [(root / SCHEMA, generated_definitions(root)), (root / TAXONOMY_SCHEMA, taxonomy_definitions())]


def write_schema(root: Path) -> bool:
    """Regenerate the id lists; True if a file changed."""
    changed = False
    for path, definitions in _schemas(root):
        old = path.read_text(encoding="utf-8")
        new = updated_schema_text(old, definitions)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed = True
    return changed


def schema_is_current(root: Path) -> bool:
    return all(
        updated_schema_text(text, definitions) == text
        for path, definitions in _schemas(root)
        for text in [path.read_text(encoding="utf-8")]
    )
