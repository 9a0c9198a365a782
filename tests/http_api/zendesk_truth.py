"""The seeded truth of a FakeZendesk, computed in plain Python (independent of the collector)."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

from fake_zendesk import FakeZendesk

__all__ = ["zendesk_truth"]


def zendesk_truth(api: FakeZendesk, start: str = "2026-01-01", end: str = "2026-03-31") -> dict[str, Any]:
    inside = {t["id"]: t for t in api.tickets if start <= t["created_at"][:10] <= end}
    metrics = {m["ticket_id"]: m for m in api.metrics if m["ticket_id"] in inside}
    scores = {
        r["ticket_id"]: {"good": 5.0, "bad": 1.0}[r["score"]]
        for r in api.ratings
        if r["ticket_id"] in inside and r["score"] in ("good", "bad")
    }
    replies = [
        m["reply_time_in_minutes"]["calendar"] / 60
        for m in metrics.values()
        if m["reply_time_in_minutes"]["calendar"] is not None
    ]
    within = 0
    for tid, m in metrics.items():
        if m["solved_at"]:
            hours = datetime.fromisoformat(m["solved_at"]) - datetime.fromisoformat(inside[tid]["created_at"])
            within += hours.total_seconds() <= 24 * 3600
    months: dict[str, int] = {}
    for t in inside.values():
        months[t["created_at"][:7]] = months.get(t["created_at"][:7], 0) + 1
    n = len(inside)
    return {
        "rows": n,
        "distinct": n,
        "median_reply_hours": statistics.median(replies),
        "resolved_24h_pct": 100.0 * within / n,
        "reopened_pct": 100.0 * sum(m["reopens"] > 0 for m in metrics.values()) / n,
        "csat_mean": statistics.fmean(scores.values()),
        "reopens": sum(m["reopens"] for m in metrics.values()),
        "months": dict(sorted(months.items())),
    }
