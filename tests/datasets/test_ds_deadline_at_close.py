"""A deadline KPI says when the ends fall exactly on their deadlines (see `_order.at_deadline_sql`).

What was observed: an export whose due dates were written when each ticket closed (due_at equal to
resolved_at, to the second) printed "Resolution SLA attainment: 100 %", met, with no word that a deadline
set from the closing time cannot be missed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv

HEADER = ["id", "created_at", "resolved_at", "due_at"]
SLA = {
    "id": "sla_attainment", "name": {"en": "Resolution SLA attainment", "fr": "Respect des échéances"},
    "unit": "percent", "direction": "higher_is_better", "dataset": "tickets", "date_field": "created_at",
    "formula": {"type": "before_deadline", "end": "resolved_at", "deadline": "due_at"},
    "default_target": {"op": ">=", "value": 90}, "min_sample": 50,
}  # fmt: skip
PARAMS = {"kpi": "sla_attainment", "target": {"op": ">=", "value": 90}, "min_sample": 50}


def _tickets(how: str) -> list[list[Any]]:
    """240 tickets over the year resolved 6 hours in; `how`: "at close" (due = resolved), "policy" (due
    48 hours after opening), "dates" (both as dates alone)."""
    rows = []
    for i in range(240):
        created = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T09:{i % 60:02d}:17Z"
        resolved = created.replace("T09:", "T15:").replace(":17Z", ":43Z")
        due = resolved if how == "at close" else created.replace(f"-{1 + i % 27:02d}T", f"-{3 + i % 27:02d}T")
        if how == "dates":
            created, resolved, due = created[:10], resolved[:10], resolved[:10]
        rows.append([f"t{i}", created, resolved, due])
    return rows


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_deadlines_written_at_closing_are_flagged(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    path = write_csv(evidence, "t.csv", HEADER, _tickets("at close"))
    items, _ = collect({"path": path, "dataset": "tickets", **extra})
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert outcome.details["value"] == pytest.approx(100.0)  # the figure is what the data says
    assert outcome.details["at_deadline"] == {
        "field": "due_at", "end": "resolved_at", "n": 240, "of": 240, "share": 1.0,
    }  # fmt: skip
    assert "100 % of the resolved_at values fall exactly on their due_at, to the second" in outcome.message["en"]
    assert "à la seconde près" in outcome.message["fr"]


@pytest.mark.parametrize("how", ["policy", "dates"])
def test_deadlines_set_by_policy_and_date_only_exports_are_not_flagged(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(how)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert "at_deadline" not in outcome.details and "to the second" not in outcome.message["en"]
