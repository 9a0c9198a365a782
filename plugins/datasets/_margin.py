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

An NPS and a mean answer (effort on 1-7, training hours an employee reports) are samples too: "NPS 35
(target >= 30, n=100)" printed as met, when 100 answers put it anywhere from about 20 to 50. Each is
the mean of one value per answer (+100, 0 or -100 for an NPS), so its range is the mean's: Student's t
times the answers' standard deviation (the engine's `spread`) over the square root of n.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["SAMPLED", "margin_of", "t_quantile"]

#: formula types whose records are a sample of the customers (survey answers)
SAMPLED = frozenset({"top_box"})
#: formula types whose value is a mean over answers: a margin when the engine gave their spread
MEANS = frozenset({"nps", "mean"})
_Z = 1.959964  #: two-sided 95 %
_T_SMALL = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764}  #: two-sided 95 %, where the expansion is off


def t_quantile(df: int) -> float:
    """Student's t for a two-sided 95 % range with `df` degrees of freedom: exact below 5, else the
    Cornish-Fisher expansion around the normal quantile (within 0.001 of the tables from 5 on)."""
    if df in _T_SMALL:
        return _T_SMALL[df]
    z = _Z
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def margin_of(
    kpi: Mapping[str, Any], value: float, n: int, target: Mapping[str, Any], spread: float | None = None
) -> dict[str, Any] | None:
    """The 95 % range of a sampled share (percent) or of a mean answer (an NPS, given the answers'
    `spread`) over `n` answers, and whether the target lies in it; None for a figure that is not a
    sample's."""
    formula = kpi.get("formula") or {}
    kind = formula.get("type")
    if kind in MEANS and spread is not None and n >= 2:
        half = t_quantile(n - 1) * float(spread) / math.sqrt(n)
        low, high = float(value) - half, float(value) + half
        if kind == "nps":
            low, high = max(-100.0, low), min(100.0, high)
        places = 1 if kind == "nps" else 2
        return _range(round(low, places), round(high, places), target)
    if kind not in SAMPLED or kpi.get("unit") != "percent" or n <= 0:
        return None
    p = min(1.0, max(0.0, float(value) / 100))
    z2 = _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return _range(round(100 * max(0.0, centre - half), 1), round(100 * min(1.0, centre + half), 1), target)


def _range(low: float, high: float, target: Mapping[str, Any]) -> dict[str, Any]:
    aim = target.get("value")
    inside = isinstance(aim, int | float) and not isinstance(aim, bool) and low <= float(aim) <= high
    return {"low": low, "high": high, "level": 95, "target_inside": inside}
