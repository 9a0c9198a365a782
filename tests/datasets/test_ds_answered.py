"""A survey record with no answer at all is a row of an export, not a response (see `_conversion.ANSWERED`).

What was observed: 300 rows of a "survey export" holding a date and a channel and not one answer
satisfied "an export of customer survey responses with at least 100 answers" (PYR-L2-06, PYR-L2-12).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv

HEADER = ["id", "responded_at", "channel", "satisfaction_score", "comment"]
PARAMS = {"dataset": "survey", "min_rows": 100, "min_coverage": 0.75}


def _rows(count: int, answer: Any) -> list[list[Any]]:
    return [[f"s{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z", "email", *answer(i)] for i in range(count)]


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_rows_without_any_answer_are_no_responses(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    path = write_csv(evidence, "s.csv", HEADER, _rows(300, lambda i: ["", ""]))
    items, _ = collect({"path": path, "dataset": "survey", **extra})
    outcome = evaluate("dataset", PARAMS, items)
    assert outcome.state == "unsatisfied" and outcome.details["rows"] == 0
    assert outcome.details["unanswered"] == 300
    assert "300 records hold no answer at all" in outcome.message["en"]


def test_only_the_answered_records_count(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    """150 rows, 60 of them blank: 90 responses, short of the 100 asked for."""
    path = write_csv(evidence, "s.csv", HEADER, _rows(150, lambda i: ["", ""] if i % 5 < 2 else [4, ""]))
    items, _ = collect({"path": path, "dataset": "survey"})
    outcome = evaluate("dataset", PARAMS, items)
    assert (outcome.state, outcome.details["rows"], outcome.details["unanswered"]) == ("partial", 90, 60)
    assert "60 records hold no answer at all and are not counted" in outcome.message["en"]


def test_a_comment_or_a_score_is_an_answer(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    rows = _rows(120, lambda i: [5, ""] if i % 2 else ["", "Quick and friendly"])
    items, _ = collect({"path": write_csv(evidence, "s.csv", HEADER, rows), "dataset": "survey"})
    outcome = evaluate("dataset", PARAMS, items)
    assert (outcome.state, outcome.details["rows"], outcome.details.get("unanswered")) == ("satisfied", 120, None)


def test_a_tickets_export_counts_every_record(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    rows = [[f"t{i}", f"2025-{1 + i % 12:02d}-05T09:00:00Z"] for i in range(240)]
    items, _ = collect({"path": write_csv(evidence, "t.csv", ["id", "created_at"], rows), "dataset": "tickets"})
    outcome = evaluate("dataset", {"dataset": "tickets", "min_rows": 200}, items)
    assert (outcome.state, outcome.details["rows"]) == ("satisfied", 240)
