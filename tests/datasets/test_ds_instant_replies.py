"""A first reply seconds after the ticket opened is flagged beside the KPI (see `_order.instant_sql`).

What was observed: a helpdesk export whose "first reply" is the automatic acknowledgement, sent the
second each ticket was opened, printed a median first reply time of 0 h, graded as met, with no word
that the figure measures a machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import FRT, PARAMS, Collect, Evaluate, write_csv

HEADER = ["id", "created_at", "first_reply_at", "resolved_at"]


def _tickets(reply: str, dates_only: bool = False) -> list[list[Any]]:
    """240 tickets over the year; `reply`: "auto" (2 s after opening), "agent" (3 h after)."""
    rows = []
    for i in range(240):
        month, day = 1 + i % 12, 1 + i % 27
        created = f"2025-{month:02d}-{day:02d}T09:{i % 60:02d}:17Z"
        replied = created.replace(":17Z", ":19Z") if reply == "auto" else created.replace("T09:", "T12:")
        resolved = created.replace("T09:", "T15:")
        if dates_only:
            created, replied, resolved = created[:10], replied[:10], resolved[:10]
        rows.append([f"t{i}", created, replied, resolved])
    return rows


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_auto_replies_counted_as_first_replies_are_flagged(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    path = write_csv(evidence, "t.csv", HEADER, _tickets("auto"))
    items, _ = collect({"path": path, "dataset": "tickets", **extra})
    outcome = evaluate("kpi", PARAMS, items, FRT)
    assert outcome.details["value"] == pytest.approx(0.0, abs=0.001)  # the figure itself is what the data says
    assert outcome.details["instant"] == {
        "field": "first_reply_at", "start": "created_at", "n": 240, "of": 240, "share": 1.0,
    }  # fmt: skip
    assert "100 % of first_reply_at values come within 5 seconds of created_at" in outcome.message["en"]
    assert "aussi vite qu'une machine" in outcome.message["fr"]


@pytest.mark.parametrize("how", ["agent replies hours later", "dates without times"])
def test_real_replies_and_date_only_exports_are_not_flagged(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    rows = _tickets("agent", dates_only=how == "dates without times")
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, rows), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, FRT)
    assert "instant" not in outcome.details and "automatic" not in outcome.message["en"]
    assert "instant" not in items[0].attributes
