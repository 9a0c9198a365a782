"""Fit a KPI to the answer scales of the data, or say why it cannot be computed on them.

A top-two-box on a 1-4 question is 3-4, not 4-5 (which would silently be the top box alone); an NPS
needs the 0-10 question and refuses anything else. The scales come from the dataset items (declared in
the manifest with `scales:`, else each field's default), so the same KPI file serves every survey.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from servex.plugins.datasets._fields import SCALES, own_score

__all__ = ["adapt", "data_scales", "doubts"]


def data_scales(items: Iterable[Any]) -> dict[str, dict[tuple[int, int], list[str]]]:
    """field -> scale -> files, over the dataset items of one dataset."""
    out: dict[str, dict[tuple[int, int], list[str]]] = {}
    for item in items:
        for name, (low, high) in (item.attributes.get("scales") or {}).items():
            out.setdefault(name, {}).setdefault((int(low), int(high)), []).append(item.provenance.source)
    return out


def doubts(kpi: Mapping[str, Any], items: Iterable[Any]) -> dict[str, float]:
    """Score fields of this KPI whose scale was not declared and whose answers never reach its top:
    perhaps a shorter scale than the default, which the reader must be told beside the figure."""
    formula = kpi["formula"]
    used = _used(formula, set(SCALES))
    out: dict[str, float] = {}
    for item in items:
        for name, high in (item.attributes.get("scale_doubts") or {}).items():
            if name in used:
                out[name] = max(out.get(name, float(high)), float(high))
    return out


def _fields(node: Any, scored: set[str]) -> set[str]:
    """Score fields (among `scored`) a formula or condition mentions."""
    found: set[str] = set()
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("field", "start", "end", "key", "time", "deadline") and value in scored:
                found.add(str(value))
            else:
                found |= _fields(value, scored)
    elif isinstance(node, list):
        for value in node:
            found |= _fields(value, scored)
    return found


def _used(formula: Mapping[str, Any], scored: set[str]) -> set[str]:
    """Score fields a formula reads, with the NPS item it reads by default."""
    nps = {str(formula.get("field", "recommend_score"))} if formula["type"] == "nps" else set()
    return _fields(formula, scored) | nps


def _text(scale: tuple[int, int]) -> str:
    return f"{scale[0]}-{scale[1]}"


def adapt(
    kpi: Mapping[str, Any], scales: Mapping[str, Mapping[tuple[int, int], list[str]]]
) -> tuple[dict[str, Any], str]:
    """The KPI as it applies to data on `scales`, and "" — or the reason it does not apply.

    Score items of the organisation's own (`scores:`) have no default: their scale is the one their
    files declare, checked exactly like a canonical score's."""
    formula = dict(kpi["formula"])
    used = _used(formula, set(SCALES) | set(scales))
    found: dict[str, tuple[int, int]] = {}
    for name in sorted(used):
        on = scales.get(name) or {}
        if len(on) > 1:
            where = "; ".join(f"{_text(s)} in {', '.join(files)}" for s, files in sorted(on.items()))
            return dict(kpi), f"the files put {name} on different scales ({where}); declare one scale"
        if on:
            found[name] = next(iter(on))
    if formula["type"] == "nps":
        name = str(formula.get("field", "recommend_score"))
        if name in found and found[name] != (0, 10):
            return dict(kpi), (
                f"a Net Promoter Score needs the 0-10 likelihood-to-recommend question, and {name} is on "
                f"{_text(found[name])} in this data"
            )
    if formula["type"] == "top_box":
        name = str(formula["field"])
        scale = found.get(name) or SCALES.get(name)
        if scale is None:
            if own_score(str(kpi["dataset"]), name):
                return dict(kpi), ""  # an item no file maps: nothing to adapt to, and no value (see _sql)
            return dict(kpi), f"a top-box needs a score on a scale, and {name} is not a score field"
        low, high = scale
        boxes = int(formula.get("boxes", 2))
        if boxes >= high - low + 1:
            return dict(kpi), f"a top-{boxes} box needs a scale with more than {boxes} points; {name} is {low}-{high}"
        present: dict[str, Any] = {"field": name, "present": True}
        limit: dict[str, Any] = {"all": [formula["where"], present]} if formula.get("where") else present
        share = {"type": "share", "condition": {"field": name, "gte": high - boxes + 1}, "where": limit}
        return {**kpi, "formula": share, "scale_used": [low, high]}, ""
    wanted = kpi.get("scale")
    if wanted is not None:
        need = (int(wanted[0]), int(wanted[1]))
        for name, scale in sorted(found.items()):
            if scale != need:
                return dict(kpi), (
                    f"its thresholds are set for answers on {_text(need)}, and {name} is on {_text(scale)} "
                    "in this data"
                )
    return dict(kpi), ""
