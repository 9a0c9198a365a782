"""Progress between two assessments: what changed from one result to the next, and why.

Computed from the two result JSON files alone (a result is the source of truth), so `servex diff` can
compare results made on other machines, years apart. A criterion is listed when its status, score or
exception changed; a level when its score, verdict or achievement changed. Each carries its causes
(see `_change_causes.py`). When the results hold no difference that explains a change, the entry says
so (`explained: false`) instead of guessing; run-wide changes (criteria set, servex or plugin version,
period) are listed once, as what may explain it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex._change_causes import criterion_causes, run_causes

__all__ = ["CHANGES_FORMAT_VERSION", "compare_results"]

CHANGES_FORMAT_VERSION = "1"


def _run(result: Mapping[str, Any]) -> dict[str, Any]:
    cset = result["criteria_set"]
    return {
        "id": result["id"],
        "generated_at": result["generated_at"],
        "organisation": result["organisation"].get("name", ""),
        "period": dict(result["period"]),
        "criteria_set": {"id": cset["id"], "version": cset.get("version", ""), "sha256": cset.get("sha256", "")},
        "highest_level_achieved": (result.get("readiness") or {}).get("highest_level_achieved"),
    }


def _grade(finding: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {"status": finding["status"], "score": finding["score"]}


def _criteria(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    before = {f["criterion_id"]: f for f in old["findings"]}
    after = {f["criterion_id"]: f for f in new["findings"]}
    order = [*after, *(cid for cid in before if cid not in after)]
    out = []
    for cid in order:
        old_f, new_f = before.get(cid), after.get(cid)
        graded_differently = _grade(old_f) != _grade(new_f)
        exception_moved = (old_f or {}).get("exception") != (new_f or {}).get("exception")
        if not graded_differently and not exception_moved:
            continue
        causes = criterion_causes(old, new, old_f, new_f)
        shown = new_f or old_f
        assert shown is not None
        out.append(
            {
                "criterion_id": cid,
                "level": shown["level"],
                "title": shown["title"],
                "old": _grade(old_f),
                "new": _grade(new_f),
                "graded_differently": graded_differently,
                "causes": causes,
                "explained": bool(causes),
            }
        )
    return out


def _level_state(level: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"score": level.get("score"), "verdict": level.get("verdict"), "achieved": bool(level.get("achieved"))}


def _levels(old: Mapping[str, Any], new: Mapping[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    before = {lv["id"]: lv for lv in old["levels"]}
    after = {lv["id"]: lv for lv in new["levels"]}
    out = []
    changed_levels: list[str] = []
    for lid in [*after, *(lid for lid in before if lid not in after)]:
        was, now = _level_state(before.get(lid)), _level_state(after.get(lid))
        if was == now:
            continue
        moved = [c["criterion_id"] for c in criteria if c["level"] == lid and c["graded_differently"]]
        shown = after.get(lid) or before.get(lid) or {}
        gate = (after.get(lid) or {}).get("gated_by") or (before.get(lid) or {}).get("gated_by")
        below = [g for g in changed_levels if g == gate]
        out.append(
            {
                "id": lid,
                "name": shown.get("name", lid),
                "old": was,
                "new": now,
                "criteria": moved,
                "levels_below": below,
                "explained": bool(moved or below),
            }
        )
        changed_levels.append(lid)
    return out


def compare_results(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The changes from `old` to `new` (two result JSON objects), as JSON data.

    Documented in the result schema (`$defs.changes`); `servex assess --baseline` stores it in the new
    result as `since_baseline`, and `servex diff` prints it.
    """
    criteria = _criteria(old, new)
    levels = _levels(old, new, criteria)
    return {
        "format_version": CHANGES_FORMAT_VERSION,
        "baseline": _run(old),
        "current": _run(new),
        "run_causes": run_causes(old, new),
        "levels": levels,
        "criteria": criteria,
        "unchanged_criteria": len({f["criterion_id"] for f in new["findings"]} - {c["criterion_id"] for c in criteria}),
    }
