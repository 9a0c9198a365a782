"""How far after the request a "before deadline" KPI's deadlines fall, and whether that is later than promised.

What was observed: a repair shop's jobs export whose due dates were set 60 days after each job, while its
published service level promised 3 days, printed "Resolution SLA attainment: 100 %", met, without a word:
a KPI of ends before their deadlines is measured against the export's own deadlines, and those can be
set anywhere. The figure stays what it is; the result says how far out the deadlines are (the median of
each export, see _order.deadline_span_sql) and, when the manifest gives the
organisation's commitment for that deadline, flags deadlines more than :data:`LATE_FACTOR` times later
than it (working days and weekends stretch a promise in calendar hours, so a little later is no flag).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["LATE_FACTOR", "deadline_span"]

#: deadlines more than this many times the promised time after the request are flagged
LATE_FACTOR = 2.0
#: (dataset, deadline field) -> (the manifest's commitment for it, hours per unit of that commitment)
_COMMITMENT: Mapping[tuple[str, str], tuple[str, float]] = {
    ("tickets", "due_at"): ("resolution_hours", 1.0),
    ("tickets", "first_reply_due_at"): ("first_reply_hours", 1.0),
    ("complaints", "due_at"): ("complaint_response_days", 24.0),
}


def deadline_span(kpi: Mapping[str, Any], items: Sequence[Any], manifest: Mapping[str, Any]) -> dict[str, Any] | None:
    """For a "before deadline" KPI: the median hours from request to deadline (the shortest of the exports'
    medians, with their number when there are several), the promised hours when the manifest's
    `commitments` give them, and whether the deadlines fall later than :data:`LATE_FACTOR` times that.
    None for any other KPI, or without deadlines."""
    formula = kpi.get("formula") or {}
    deadline = formula.get("deadline")
    if formula.get("type") != "before_deadline" or not isinstance(deadline, str):
        return None
    medians = [
        float(hours)
        for item in items
        if (hours := (item.attributes.get("deadline_hours") or {}).get(deadline)) is not None
    ]
    if not medians:
        return None
    # one median per export; over several, the shortest: what is said ("a median of 60 days") holds for
    # every export, and deadlines are flagged only when every export's are past the promise
    out: dict[str, Any] = {"field": deadline, "median_hours": min(medians)}
    if len(medians) > 1:
        out["exports"] = len(medians)
    promised = _promised(str(kpi.get("dataset")), deadline, manifest)
    if promised is not None:
        out["promised_hours"] = promised
        out["later_than_promised"] = out["median_hours"] > LATE_FACTOR * promised
    return out


def _promised(dataset: str, deadline: str, manifest: Mapping[str, Any]) -> float | None:
    known = _COMMITMENT.get((dataset, deadline))
    commitments = manifest.get("commitments") if isinstance(manifest, Mapping) else None
    if known is None or not isinstance(commitments, Mapping):
        return None
    name, hours = known
    value = commitments.get(name)
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return round(float(value) * hours, 2)
