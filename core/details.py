"""A small typed vocabulary for `RequirementOutcome.details` that every report renders, for any plugin.

An evaluator puts a list of blocks under ``details["show"]``; the Markdown, HTML and PDF reports render
each block whatever plugin produced it (the rest of `details` stays free-form, kept in the JSON result).
Three kinds cover what a finding usually rests on:

- :func:`metric`: a measured value against its target (``NPS = 42 (target ≥ 30) ✓``);
- :func:`table`: a small table (at most :data:`MAX_ROWS` rows are rendered);
- :func:`cited_items`: a list of cited items (reviews, cases, records), each optionally pointing at the
  evidence item it comes from (at most :data:`MAX_ITEMS` are rendered).

The builders return plain JSON-safe dicts (so the result stays the source of truth) and raise
ValueError on a malformed block, at the evaluator author's desk rather than in a report.
docs/plugins.md ("Details reports show") documents the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypedDict

__all__ = [
    "DETAILS_KEY",
    "MAX_ITEMS",
    "MAX_ROWS",
    "CitedItem",
    "ItemsBlock",
    "MetricBlock",
    "TableBlock",
    "blocks",
    "cited_items",
    "metric",
    "table",
]

#: the key of `details` holding the list of blocks
DETAILS_KEY = "show"
MAX_ROWS = 20
MAX_ITEMS = 10
_OPS = (">=", "<=", ">", "<", "==")
Label = str | Mapping[str, str]


class MetricBlock(TypedDict, total=False):
    kind: Literal["metric"]
    label: Label
    value: float
    unit: str
    target: dict[str, Any]  # {"op": ">=", "value": 30}
    met: bool


class TableBlock(TypedDict, total=False):
    kind: Literal["table"]
    title: Label
    columns: list[Label]
    rows: list[list[str | float | int | None]]


class CitedItem(TypedDict, total=False):
    text: Label
    evidence_id: str
    note: str


class ItemsBlock(TypedDict, total=False):
    kind: Literal["items"]
    title: Label
    items: list[CitedItem]


def _label(value: Any, what: str) -> Label:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise ValueError(f"{what} must be a non-empty string or a {{'en': ..., 'fr': ...}} mapping, not {value!r}")


def metric(
    label: Label,
    value: float,
    *,
    unit: str = "",
    target: tuple[str, float] | None = None,
    met: bool | None = None,
) -> MetricBlock:
    """A measured value, optionally against a target ``(op, value)`` with op one of >=, <=, >, <, ==."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"metric value must be a number, not {value!r}")
    block: MetricBlock = {"kind": "metric", "label": _label(label, "metric label"), "value": float(value)}
    if unit:
        block["unit"] = unit
    if target is not None:
        op, goal = target
        if op not in _OPS or isinstance(goal, bool) or not isinstance(goal, int | float):
            raise ValueError(f"metric target must be (op, number) with op in {_OPS}, not {target!r}")
        block["target"] = {"op": op, "value": float(goal)}
    if met is not None:
        block["met"] = bool(met)
    return block


def table(columns: Sequence[Label], rows: Iterable[Sequence[Any]], *, title: Label | None = None) -> TableBlock:
    """A small table; every row has one cell per column, cells are strings, numbers or None."""
    heads = [_label(c, "column") for c in columns]
    body: list[list[str | float | int | None]] = []
    for index, row in enumerate(rows):
        cells = list(row)
        if len(cells) != len(heads):
            raise ValueError(f"table row {index} has {len(cells)} cells for {len(heads)} columns")
        if not all(c is None or isinstance(c, str | int | float) for c in cells):
            raise ValueError(f"table row {index}: cells must be strings, numbers or None")
        body.append(cells)
    block: TableBlock = {"kind": "table", "columns": heads, "rows": body}
    if title is not None:
        block["title"] = _label(title, "table title")
    return block


def cited_items(items: Iterable[CitedItem | str], *, title: Label | None = None) -> ItemsBlock:
    """Cited items: plain strings or ``{"text", "evidence_id"?, "note"?}`` (evidence_id links provenance)."""
    out: list[CitedItem] = []
    for item in items:
        if isinstance(item, str):
            out.append({"text": _label(item, "item text")})
            continue
        entry: CitedItem = {"text": _label(item.get("text"), "item text")}
        for key in ("evidence_id", "note"):
            if item.get(key) is not None:
                entry[key] = str(item[key])
        out.append(entry)
    block: ItemsBlock = {"kind": "items", "items": out}
    if title is not None:
        block["title"] = _label(title, "items title")
    return block


def blocks(details: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The well-formed blocks under ``details["show"]``; anything else there is ignored by the reports."""
    raw = (details or {}).get(DETAILS_KEY)
    if not isinstance(raw, list):
        return []
    found: list[Mapping[str, Any]] = []
    for block in raw:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("kind")
        if (
            (kind == "metric" and isinstance(block.get("value"), int | float) and block.get("label"))
            or (kind == "table" and isinstance(block.get("columns"), list) and isinstance(block.get("rows"), list))
            or (kind == "items" and isinstance(block.get("items"), list))
        ):
            found.append(block)
    return found
