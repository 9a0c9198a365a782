"""A file's `constants:` may say what its records are, never what happened to them (see `_fields.DESCRIPTIVE`).

What was observed: a tickets export with no first-contact or reopen column, given
`constants: {first_contact_resolution: true, reopened: false}` in servex.yaml, printed "First-contact
resolution: 100 %" and "Reopen rate: 0 %", both satisfied: one line of the manifest stated the figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv

HEADER = ["id", "created_at", "resolved_at"]
FCR = {
    "fcr": {
        "id": "fcr", "dataset": "tickets", "unit": "percent", "direction": "higher_is_better",
        "date_field": "created_at",
        "formula": {"type": "share", "condition": {"field": "first_contact_resolution", "is_true": True},
                    "where": {"field": "first_contact_resolution", "present": True}},
    }
}  # fmt: skip
PARAMS = {"kpi": "fcr", "target": {"op": ">=", "value": 70}, "min_sample": 30}


def _tickets(rows: int = 120) -> list[list[Any]]:
    return [
        [
            f"t{i}",
            f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T09:00:00Z",
            f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T15:00:00Z",
        ]
        for i in range(rows)
    ]


@pytest.mark.parametrize("field, value", [("first_contact_resolution", True), ("reopened", False),
                                          ("satisfaction_score", 5), ("resolved_at", "2025-01-01")])  # fmt: skip
def test_a_constant_for_a_measured_field_is_refused_with_the_file_and_field(
    evidence: Path, collect: Collect, evaluate: Evaluate, field: str, value: Any
) -> None:
    path = write_csv(evidence, "t.csv", HEADER, _tickets())
    items, ctx = collect({"path": path, "dataset": "tickets", "constants": {field: value}})
    assert items == []
    refused = [e for e in ctx.log if e.file == "t.csv"]
    assert len(refused) == 1 and f"constants names {field!r}" in refused[0].message
    assert "fields a constant may set: " in refused[0].message and "channel" in refused[0].message
    outcome = evaluate("kpi", PARAMS, items, FCR)
    assert outcome.state == "insufficient" and outcome.details.get("value") is None  # no figure stated


def test_valid_evidence_beside_the_refused_file_still_counts(evidence: Path, collect: Collect) -> None:
    bad = write_csv(evidence, "bad.csv", HEADER, _tickets())
    good = write_csv(evidence, "good.csv", HEADER, _tickets())
    items, ctx = collect(
        {"path": bad, "dataset": "tickets", "constants": {"first_contact_resolution": True}},
        {"path": good, "dataset": "tickets"},
    )
    assert [i.provenance.source for i in items] == ["good.csv"]
    assert [e.file for e in ctx.log if e.level == "error"] == ["bad.csv"]


def test_a_constant_that_says_what_the_records_are_is_kept(evidence: Path, collect: Collect) -> None:
    path = write_csv(evidence, "t.csv", HEADER, _tickets())
    items, ctx = collect({"path": path, "dataset": "tickets", "constants": {"channel": "Chat", "team": "Web"}})
    assert len(items) == 1 and [e for e in ctx.log if e.level == "error"] == []
    assert {"channel", "team"} <= set(items[0].attributes["columns"])


def test_an_undated_survey_takes_its_date_from_a_constant(evidence: Path, collect: Collect) -> None:
    rows = [[f"r{i}", 1 + i % 5] for i in range(60)]
    path = write_csv(evidence, "s.csv", ["id", "satisfaction_score"], rows)
    items, _ = collect({"path": path, "dataset": "survey", "constants": {"responded_at": "2025-06-15"}})
    assert len(items) == 1 and items[0].attributes["months"] == {"2025-06": 60}
