"""The one list of facets and of the case studies' narrative sections.

Every module reads these lists instead of keeping its own: the catalogue
(which taxonomy files to load, which tags a case study may carry), the
schema's id lists, the open data, the filter, the matrix and the case-study
pages. The browser scripts get what they need as JSON from `script_data`,
written into the pages that use it, and the node unit tests read the same
JSON (`python -m knowledge_base registry`).

A new facet is its taxonomy file (data/<key>.yml) and one `Facet` below.
Plain Python with no imports from the rest of the package, so anything can
read it (and nothing here knows about MkDocs).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Facet:
    """Something a case study is filtered by.

    key: the case study's field, the folder of its term pages (/barriers/),
        the card's data attribute (data-barriers) and the open data's field.
    param: the filter's address parameter (?barrier=...).
    required: whether every case study must have at least one.
    filter_position: where the filter shows it (the filter leads with
        barriers; pages lead with the model).
    taxonomy: whether its terms come from a taxonomy file, data/<key>.yml;
        False for a facet whose values are the case study's own words
        (setting), which the filter offers but which has no term pages.
    label: the name shown for a facet without a taxonomy file; a taxonomy's
        own title (in its data file) names the others.
    section: for a facet read from a narrative section with parts (a GROUP
        in SECTIONS, such as practicalities), that section's key. Its
        options are the section's parts, named by their headings, and a
        case study has each part its file fills in: no new field to keep.
    """

    key: str
    param: str
    required: bool
    filter_position: int
    taxonomy: bool = True
    label: str = ""
    section: str = ""

    @property
    def is_taxonomy(self) -> bool:
        return self.taxonomy

    @property
    def is_section(self) -> bool:
        """Whether its values are the parts of a narrative section."""
        return bool(self.section)

    @property
    def data_file(self) -> str | None:
        """Its taxonomy file (the generated pages' edit buttons open it too)."""
        return f"data/{self.key}.yml" if self.taxonomy else None

    @property
    def schema_id(self) -> str | None:
        """The name of its generated id list in data/case-study.schema.json's $defs."""
        return f"{self.param}-id" if self.is_taxonomy else None

    @property
    def schema_tags(self) -> str | None:
        """The name of its list of tags (id and how) in the schema's $defs."""
        return f"{self.param}-tags" if self.is_taxonomy else None


# In the order pages show them: the model first, principles (optional) last.
FACETS: tuple[Facet, ...] = (
    Facet("models", "model", required=True, filter_position=3),
    Facet("barriers", "barrier", required=True, filter_position=1),
    Facet("enablers", "enabler", required=True, filter_position=2),
    Facet("skills", "skill", required=True, filter_position=4),
    Facet("principles", "principle", required=False, filter_position=5),
    Facet("setting", "setting", required=True, filter_position=6, taxonomy=False, label="Setting"),
    # Which practicalities (funding, payment, training, support) a case
    # study describes: the parts of its `practicalities` section it fills in.
    Facet(
        "practicalities",
        "practicality",
        required=True,
        filter_position=7,
        taxonomy=False,
        label="Practicalities described",
        section="practicalities",
    ),
)

# The facets with a taxonomy file (terms, term pages, tags on case studies).
TAXONOMY_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.is_taxonomy)
TAXONOMIES: tuple[str, ...] = tuple(f.key for f in TAXONOMY_FACETS)
# The filter's facets, in the order it shows them and writes them in addresses.
FILTER_FACETS: tuple[Facet, ...] = tuple(sorted(FACETS, key=lambda f: f.filter_position))


def facet(key: str) -> Facet:
    for item in FACETS:
        if item.key == key:
            return item
    raise KeyError(key)


# The kinds of narrative section.
TEXT = "text"  # paragraphs (a block of "- " lines is a list)
POINTS = "points"  # a list of short points
GROUP = "group"  # subsections, each optional (at least one)


@dataclass(frozen=True)
class Section:
    """A narrative section every case study has, under `sections:` in its file.

    key: the field; heading and anchor: its heading and heading id on the
    case-study page; compare_heading: its row on the compare page, when
    that is not the heading; parts: a GROUP's subsections; intro: an
    optional text field shown before the points; label: an optional field
    whose value chooses the heading from `labelled_headings`.
    """

    key: str
    heading: str
    anchor: str
    kind: str
    compare_heading: str = ""
    parts: tuple[Section, ...] = ()
    intro: str = ""
    label: str = ""
    labelled_headings: dict[str, str] = field(default_factory=dict)

    def heading_for(self, sections: dict) -> str:
        """The heading for one case study's sections (its label may rename it)."""
        if self.label and self.label in sections:
            return self.labelled_headings[sections[self.label]]
        return self.heading


SECTIONS: tuple[Section, ...] = (
    Section("why_it_stands_out", "Why it stands out", "why-it-stands-out", TEXT),
    Section(
        "what_is_coproduced",
        "What is co-produced, and how",
        "what-is-co-produced",
        TEXT,
        compare_heading="What is co-produced",
    ),
    Section("relationships", "Relationships", "relationships", TEXT),
    Section("culture_and_leadership", "Culture and leadership", "culture-and-leadership", TEXT),
    Section(
        "practicalities",
        "Practicalities",
        "practicalities",
        GROUP,
        parts=(
            Section("funding", "Funding", "funding", TEXT),
            Section("payment", "Payment", "payment", TEXT),
            Section("training", "Training", "training", TEXT),
            Section("support", "Support", "support", TEXT),
        ),
    ),
    Section("challenges", "Challenges", "challenges", POINTS),
    Section("outcomes", "Outcomes", "outcomes", POINTS),
    # Only some of the guide's cases have top tips; for the others the file
    # says what the guide gives instead, so no page calls a lesson or a
    # critical element a tip. The anchor stays #top-tips either way, so links
    # to it never break.
    Section(
        "top_tips",
        "Top tips",
        "top-tips",
        POINTS,
        compare_heading="Top tips, or what the source gives instead",
        intro="top_tips_intro",
        label="top_tips_label",
        labelled_headings={
            "top tips": "Top tips",
            "lessons": "Lessons",
            "critical elements": "Critical elements",
            "key messages": "Key messages",
        },
    ),
)


def section(key: str) -> Section:
    for item in SECTIONS:
        if item.key == key:
            return item
    raise KeyError(key)


def section_options(item: Facet) -> list[Section]:
    """A section facet's options: its section's parts, in their order."""
    return list(section(item.section).parts)


def section_values(item: Facet, sections: dict) -> list[str]:
    """The keys of the parts a case study fills in (its `sections` field)
    for a section facet, in the registry's order."""
    filled = sections.get(item.section) or {}
    return [part.key for part in section_options(item) if filled.get(part.key)]


def leaf_sections() -> list[tuple[tuple[str, ...], Section]]:
    """Every section holding text or points, a group's parts in its place,
    each with its path under `sections:` (("practicalities", "funding"))."""
    leaves = []
    for section in SECTIONS:
        if section.kind == GROUP:
            leaves += [((section.key, part.key), part) for part in section.parts]
        else:
            leaves.append(((section.key,), section))
    return leaves


def facet_title(item: Facet, titles: dict[str, str]) -> str:
    return titles[item.key] if item.is_taxonomy else item.label


def script_data(titles: dict[str, str]) -> dict:
    """What the browser scripts need, as plain data for JSON. `titles` are
    the taxonomies' titles ({"barriers": "Barriers", ...}), from their files.

    - filter: the filter's facets in its order: the card attribute
      (data-<key>), the address parameter and the name shown;
    - themes: the taxonomies in page order, for the compare page's rows of
      shared and unshared terms;
    - sections: the compare page's narrative rows, each a heading and the
      path to its value under the record's `sections`.
    """
    return {
        "filter": [{"key": f.key, "param": f.param, "title": facet_title(f, titles)} for f in FILTER_FACETS],
        "themes": [{"key": f.key, "title": facet_title(f, titles)} for f in TAXONOMY_FACETS],
        "sections": [{"heading": s.compare_heading or s.heading, "path": list(path)} for path, s in leaf_sections()],
    }
