"""How far a survey figure could be from the truth for the customers who were not asked.

A top-box share (CSAT "4 or 5 out of 5") is measured on the customers who answered, a sample of all
customers. What was observed: "CSAT (top-2-box): 81.1 % (target >= 80 %, n=90)" printed as met, with no
word that 90 answers put the share anywhere from 72 % to 88 % (95 % confidence): the target of 80 % is
well inside that range, and the verdict could go either way. The figure and its grade stay as measured;
the details carry the range (`margin: {low, high, level}`, Wilson's score interval, which stays inside 0
to 100 % for small samples and shares near the ends) and, when the target lies inside it, the message and
the report say that more answers are needed to tell. Operational shares computed over every record of
the period (tickets resolved in time, first contact resolution) are a count of the whole, not a sample,
and carry no margin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["SAMPLED", "margin_of"]

#: formula types whose records are a sample of the customers (survey answers)
SAMPLED = frozenset({"top_box"})
_Z = 1.959964  #: two-sided 95 %


def margin_of(kpi: Mapping[str, Any], value: float, n: int, target: Mapping[str, Any]) -> dict[str, Any] | None:
    """The 95 % range of a sampled share (percent) over `n` answers, and whether the target lies in it;
    None for a figure that is not a sampled share."""
    formula = kpi.get("formula") or {}
    if formula.get("type") not in SAMPLED or kpi.get("unit") != "percent" or n <= 0:
        return None
    p = min(1.0, max(0.0, float(value) / 100))
    z2 = _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    low, high = round(100 * max(0.0, centre - half), 1), round(100 * min(1.0, centre + half), 1)
    aim = target.get("value")
    inside = isinstance(aim, int | float) and not isinstance(aim, bool) and low <= float(aim) <= high
    return {"low": low, "high": high, "level": 95, "target_inside": inside}
