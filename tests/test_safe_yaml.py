"""The YAML loader accepts plain data only, and reports the line of a problem."""

from __future__ import annotations

import pytest

from knowledge_base.problems import DataError
from knowledge_base.safe_yaml import MAX_BYTES, field_name, load_yaml_file, parse_yaml_text


def problems_in(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse_yaml_text(text, "x.yml")
    return [str(p) for p in caught.value.problems]


def test_plain_data_loads_with_lines():
    loaded = parse_yaml_text("title: A\nbarriers:\n  - id: b\n    how: c\n", "x.yml")
    assert loaded.data == {"title": "A", "barriers": [{"id": "b", "how": "c"}]}
    assert loaded.line_of(("barriers", 0, "how")) == 4
    assert loaded.line_of(("barriers", 0, "missing")) == 3


def test_dates_stay_text_so_the_schema_sees_what_was_written():
    assert parse_yaml_text("day: 2026-11-26\n", "x.yml").data == {"day": "2026-11-26"}


def test_python_object_tags_are_refused_not_run():
    found = problems_in("title: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    assert found == ["x.yml:1: title: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"]


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghijklmnop":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    found = problems_in(bomb)
    assert found and all("anchors and aliases" in p for p in found)


def test_duplicate_keys_are_reported_with_the_second_line():
    assert problems_in("title: A\nplace: B\ntitle: C\n") == ["x.yml:3: title: this field appears twice"]


def test_tab_indentation_gets_a_plain_explanation():
    found = problems_in("sections:\n\twhy: x\n")
    assert found == ["x.yml:2: sections: YAML syntax error: a tab character is used for indenting; indent with spaces"]


def test_malformed_yaml_names_the_line():
    found = problems_in("title: A\nplace: [unclosed\nsetting: x\n")
    assert found[0].startswith("x.yml:2: place: YAML syntax error: a [ or { is not closed on this line")


def test_empty_file():
    assert problems_in("# only a comment\n") == ["x.yml:1: (file): file is empty"]


def test_deep_nesting_is_refused():
    assert any("nested too deeply" in p for p in problems_in("a: " + "[" * 60 + "]" * 60 + "\n"))


def test_huge_numbers_do_not_crash():
    assert problems_in("n: " + "9" * 5000 + "\n") == ["x.yml:1: n: this number is too large"]


def test_non_string_keys_are_refused():
    assert problems_in("1: a\n") == [
        "x.yml:1: (file): field names must be plain text, such as 'place' (a word, not a number)"
    ]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufefftitle: A\n".encode("utf-8"))
    assert load_yaml_file(path, "bom.yml").data == {"title": "A"}


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes(b"title: A\nplace: caf\xe9\n")
    with pytest.raises(DataError) as caught:
        load_yaml_file(path, "latin.yml")
    assert [str(p) for p in caught.value.problems] == ["latin.yml:2: (file): is not UTF-8 text; save the file as UTF-8"]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text("title: " + "a" * (MAX_BYTES + 10) + "\n")
    with pytest.raises(DataError) as caught:
        load_yaml_file(path, "big.yml")
    assert "the limit is 256 KB" in str(caught.value)


def test_field_names_read_like_paths():
    assert field_name(("barriers", 2, "how")) == "barriers[2].how"
    assert field_name(()) == "(file)"
