"""Grading-rule conditions, evaluated in three-valued (Kleene) logic.

A requirement whose data is insufficient is *unknown*, not false: we cannot say whether the criterion
would have met a better rule, so the engine reports not_assessed instead of guessing low.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Tri", "evaluate", "requirements_in"]


class Tri(enum.Enum):
    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


def evaluate(condition: Mapping[str, Any], states: Mapping[str, str]) -> Tri:
    if "req" in condition:
        state = states.get(condition["req"], "unsatisfied")
        if state in ("insufficient", "error"):
            return Tri.UNKNOWN
        wanted = condition["is"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        return Tri.TRUE if state in wanted else Tri.FALSE
    if "all" in condition:
        values = [evaluate(child, states) for child in condition["all"]]
        return min(values, key=lambda v: v.value)
    if "any" in condition:
        values = [evaluate(child, states) for child in condition["any"]]
        return max(values, key=lambda v: v.value)
    if "at_least" in condition:
        values = [evaluate(child, states) for child in condition["of"]]
        true = sum(v is Tri.TRUE for v in values)
        unknown = sum(v is Tri.UNKNOWN for v in values)
        if true >= condition["at_least"]:
            return Tri.TRUE
        return Tri.UNKNOWN if true + unknown >= condition["at_least"] else Tri.FALSE
    raise ValueError(f"unknown condition {sorted(condition)}")


def requirements_in(condition: Mapping[str, Any]) -> Iterable[str]:
    if "req" in condition:
        yield condition["req"]
    for key in ("all", "any", "of"):
        for child in condition.get(key) or ():
            yield from requirements_in(child)
