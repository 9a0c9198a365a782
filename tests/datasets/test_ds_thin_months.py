"""A month holding a token record is not covered (see `_coverage`).

What was observed: an export with 300 tickets in March and one ticket in each other month of the year
covered "100 % of the period's months", so a KPI needing 75 % was graded on what is one month of
monitoring; and the CFPB sample's one October complaint beside 999 in August and September made October
count as covered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import CFPB, CFPB_PERIOD, FRT, PARAMS, Collect, Evaluate, write_csv
from servex.plugins.datasets._coverage import Coverage

HEADER = ["id", "created_at", "first_reply_at", "channel"]


def _tickets(per_month: dict[int, int]) -> list[list[Any]]:
    rows = []
    for month, count in per_month.items():
        for i in range(count):
            created = f"2025-{month:02d}-{1 + i % 27:02d}T09:00:00Z"
            rows.append([f"m{month}-{i}", created, created.replace("T09:", "T11:"), "email"])
    return rows


def test_token_records_in_eleven_months_do_not_make_a_year_covered(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    per_month = {m: 1 for m in range(1, 13)} | {3: 300}
    items, _ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(per_month)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, FRT)
    assert outcome.state == "insufficient"
    assert outcome.details["coverage"] == pytest.approx(1 / 12, abs=1e-4)
    assert outcome.details["months_covered"] == ["2025-03"]
    assert outcome.details["thin_months"] == {f"2025-{m:02d}": 1 for m in range(1, 13) if m != 3}
    assert "Not counted as covered" in outcome.message["en"] and "2025-01 (1)" in outcome.message["en"]
    dataset = evaluate("dataset", {"dataset": "tickets"}, items)
    assert dataset.state == "partial" and dataset.details["months"] == ["2025-03"]


def test_a_seasonal_business_and_a_small_one_are_covered(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    seasonal = {m: (200 if m in (6, 7, 8) else 6) for m in range(1, 13)}  # quiet months hold 3 % of the peak
    items, _ctx = collect({"path": write_csv(evidence, "s.csv", HEADER, _tickets(seasonal)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, FRT)
    assert outcome.state == "satisfied" and outcome.details["coverage"] == 1.0
    assert outcome.details["thin_months"] is None and "Not counted" not in outcome.message["en"]
    small = {m: 1 + m % 3 for m in range(1, 13)}  # one to three complaints a month
    assert Coverage({f"2025-{m:02d}": n for m, n in small.items()}, [f"2025-{m:02d}" for m in range(1, 13)]).share == 1


def test_the_cfpb_registers_october_is_a_token(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    (evidence / "complaints.csv").write_bytes(CFPB.read_bytes())
    items, _ctx = collect({"path": "complaints.csv", "dataset": "complaints"}, period=CFPB_PERIOD)
    outcome = evaluate("dataset", {"dataset": "complaints"}, items, period=CFPB_PERIOD)
    assert outcome.details["months"] == ["2013-08", "2013-09"]
    assert outcome.details["thin_months"] == {"2013-10": 1}
    assert outcome.state == "partial" and "2013-10 (1)" in outcome.message["en"]


def test_a_trend_does_not_rest_on_a_month_of_token_records(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    per_month = {m: 40 for m in range(1, 12)} | {12: 1}
    rows = _tickets(per_month)
    rows[-1][2] = rows[-1][1].replace("T09:", "T10:")  # December's single ticket: answered faster
    items, _ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, rows), "dataset": "tickets"})
    trend = {**PARAMS, "trend": {"periods": 3, "expect": "improving"}}
    outcome = evaluate("kpi", trend, items, FRT)
    assert outcome.details["trend"]["months"] == ["2025-09", "2025-10", "2025-11"]
