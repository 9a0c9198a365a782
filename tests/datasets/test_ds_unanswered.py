"""A duration KPI says how many records have no end at all (see `_evaluate._without_end`).

What was observed: 6,000 tickets of which 5,400 never got a first reply printed "First reply time
(median): 1 h (target <= 8 h, n=600)", met, with no word that nine requests in ten were never answered: a
median of answer times says nothing of the requests no one answered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import FRT, PARAMS, Collect, Evaluate, write_csv

HEADER = ["id", "created_at", "first_reply_at", "resolved_at"]


def _tickets(answered_every: int) -> list[list[Any]]:
    """240 tickets over the year, one in `answered_every` with a first reply 3 hours later."""
    rows = []
    for i in range(240):
        created = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T09:{i % 60:02d}:17Z"
        replied = created.replace("T09:", "T12:") if (i // 12) % answered_every == 0 else ""
        rows.append([f"t{i}", created, replied, created.replace("T09:", "T15:")])
    return rows


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_a_median_over_the_few_answered_requests_says_how_many_were_not(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(4)), "dataset": "tickets", **extra})
    outcome = evaluate("kpi", {**PARAMS, "min_sample": 50}, items, FRT)
    assert outcome.details["value"] == pytest.approx(3.0)  # the figure is what the answered requests say
    assert outcome.details["without_end"] == {"field": "first_reply_at", "n": 180, "of": 240, "share": 0.75}
    assert "75 % of the records in the export (180 of 240) have no first_reply_at" in outcome.message["en"]
    assert "n'ont pas de valeur first_reply_at" in outcome.message["fr"]


def test_a_few_requests_without_a_reply_are_not_flagged(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(1)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, FRT)
    assert "without_end" not in outcome.details and "have no first_reply_at" not in outcome.message["en"]
