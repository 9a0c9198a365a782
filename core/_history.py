"""Level scores over time: the `history` a report draws from several results (`servex report --history`).

Built from the results alone, in the order given (oldest first); the last one is the report's own
result. A point records what a later reader needs to trust the line: which criteria set (and version)
graded it, so a change of set between two points is flagged rather than drawn as progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servex._errors import InvalidInputError, Problem

__all__ = ["build_history"]


def _point(result: Mapping[str, Any], previous: Mapping[str, Any] | None) -> dict[str, Any]:
    cset = result["criteria_set"]
    same_set = previous is None or (
        (previous["criteria_set"]["id"], previous["criteria_set"].get("sha256"))
        == (cset["id"], cset.get("sha256"))
    )
    return {
        "result_id": result["id"],
        "generated_at": result["generated_at"],
        "period": dict(result["period"]),
        "criteria_set": {"id": cset["id"], "version": cset.get("version", ""), "sha256": cset.get("sha256", "")},
        "criteria_set_changed": not same_set,
        "highest_level_achieved": (result.get("readiness") or {}).get("highest_level_achieved"),
        "levels": [
            {
                "id": lv["id"],
                "score": lv.get("score"),
                "verdict": lv.get("verdict"),
                "achieved": bool(lv.get("achieved")),
            }
            for lv in result["levels"]
        ],
    }


def build_history(results: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """The history of `results` (oldest first; `names` are their files, for errors). Results of another
    organisation than the last one's are refused: one line, exit 3."""
    org = results[-1]["organisation"].get("name", "")
    for result, name in zip(results, names, strict=True):
        other = result["organisation"].get("name", "")
        if other != org:
            raise InvalidInputError(
                [Problem(name, None, None, f"a result of {other!r}, not of {org!r}: a history is one organisation's")]
            )
    points = []
    for index, result in enumerate(results):
        points.append(_point(result, results[index - 1] if index else None))
    return {"points": points}
