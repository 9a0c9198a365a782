"""The result file's JSON is byte for byte what `json.dumps(indent=2, sort_keys=True)` writes.

The faster writer must never change a result file (same inputs, same bytes), whatever the values.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from servex._jsonindent import dumps_indented

SAMPLES = Path(__file__).resolve().parents[2] / "evidence_samples"


def _reference(data: object) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4)
    | st.tuples(children, children),
    max_leaves=30,
)


@given(values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert dumps_indented(value) == _reference(value)


def test_edge_values() -> None:
    for value in ({}, [], {"a": {}}, [[]], math.nan, -math.inf, 1e-05, 10**30, "é\u2028\x00\"\\", {"b": 1, "a": 2}):
        assert dumps_indented(value) == _reference(value)


def test_what_only_json_dumps_knows_is_left_to_it() -> None:
    from enum import IntEnum

    class Level(IntEnum):
        HIGH = 3

    for value in ({1: "int key", 2: None}, {"level": Level.HIGH}, {True: 1}):
        assert dumps_indented(value) == _reference(value)
    circular: list[object] = []
    circular.append(circular)
    try:
        dumps_indented(circular)
    except ValueError as exc:
        assert "Circular" in str(exc)
    else:
        raise AssertionError("a circular structure must be refused as json.dumps refuses it")


def test_shipped_sample_results_are_unchanged(tmp_path: Path) -> None:
    for path in sorted(SAMPLES.rglob("*.json"))[:20]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        assert dumps_indented(data) == _reference(data), path
