"""servex's YAML reader: libyaml's speed with positions, YAML 1.2 rules and located errors."""

from __future__ import annotations

import pytest
from servex._errors import InvalidInputError
from servex._yamldoc import parse_yaml


def _error(text: str) -> str:
    with pytest.raises(InvalidInputError) as caught:
        parse_yaml(text, "f.yaml")
    return str(caught.value)


def test_yaml_1_2_scalars() -> None:
    doc = parse_yaml("a: no\nb: yes\nc: true\nd: 2025-03-01\ne: =\nf: 0x10\ng: ~\nh: 1.5\n", "f.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": True, "d": "2025-03-01", "e": "=", "f": 16, "g": None, "h": 1.5}


def test_positions_of_values_keys_and_aliases() -> None:
    doc = parse_yaml("top:\n  - &x {k: 1}\n  - *x\n  - {k: 2}\n", "f.yaml")
    assert doc.data == {"top": [{"k": 1}, {"k": 1}, {"k": 2}]}
    assert doc.where(("top", 0, "k")) == (2, 12)
    assert doc.where(("top", 1, "k")) == (3, 5)  # under an alias: the alias itself
    assert doc.where(("top", 2, "k")) == (4, 9)
    assert doc.where(("top",), key=True) == (1, 1)


def test_duplicate_keys_are_located_and_the_first_value_kept_in_place() -> None:
    message = _error("a: 1\nb:\n  c: 2\n  c: [3]\n")
    assert "f.yaml:4:3: duplicate key 'c' (at $.b.c)" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "f.yaml:1:1: the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: expected a single document"),
        ("a: !!python/object:os.system {}\n", "unsupported YAML tag"),
        ("a: !!python/name:os.system ''\n", "unsupported YAML tag"),
        ("a: *nowhere\n", "unknown or recursive alias *nowhere"),
        ("a: [1, 2\n", "invalid YAML"),
        ("? [1, 2]\n: x\n", "mapping keys must be plain scalars"),
        ("a: \x1f\n", "f.yaml:1:4: invalid YAML: unacceptable character #x001f"),
    ],
)
def test_errors_are_one_located_line(text: str, expected: str) -> None:
    message = _error(text)
    assert expected in message and "\n" not in message


def test_a_recursive_alias_is_refused() -> None:
    assert "unknown or recursive alias *a" in _error("a: &a [*a]\n")
