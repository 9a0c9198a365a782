"""Each formula type and condition against small data whose answers are worked out by hand below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import PERIOD, Collect, write_csv
from servex.plugins.datasets._engine import FormulaError, compute_kpi

HEADER = [
    "id",
    "created_at",
    "first_reply_at",
    "resolved_at",
    "due_at",
    "channel",
    "priority",
    "reopened",
    "customer_id",
    "satisfaction_score",
]
ROWS = [
    # reply 1 h, resolved 4 h, before the deadline; followed by c1's next ticket 2 days later
    [
        1,
        "2025-01-10T08:00:00Z",
        "2025-01-10T09:00:00Z",
        "2025-01-10T12:00:00Z",
        "2025-01-11T08:00:00Z",
        "email",
        "high",
        "yes",
        "c1",
        5,
    ],
    # reply 6 h, resolved 24 h, after its 12 h deadline
    [
        2,
        "2025-01-12T08:00:00Z",
        "2025-01-12T14:00:00Z",
        "2025-01-13T08:00:00Z",
        "2025-01-12T20:00:00Z",
        "phone",
        "low",
        "no",
        "c1",
        2,
    ],
    # never answered nor resolved
    [3, "2025-02-01T08:00:00Z", "", "", "2025-02-03T08:00:00Z", "email", "low", "no", "c2", ""],
    # reply 2 h, resolved 48 h, no deadline
    [
        4,
        "2025-02-20T08:00:00Z",
        "2025-02-20T10:00:00Z",
        "2025-02-22T08:00:00Z",
        "",
        "chat",
        "high",
        "no",
        "c1",
        4,
    ],
    # outside the period: must not count
    [
        5,
        "2024-12-31T08:00:00Z",
        "2024-12-31T09:00:00Z",
        "2024-12-31T10:00:00Z",
        "",
        "email",
        "low",
        "yes",
        "c2",
        1,
    ],
]


@pytest.fixture
def tickets(evidence: Path, collect: Collect) -> list[Path]:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, ROWS), "dataset": "tickets"})
    return [items[0].payload]


def _kpi(formula: dict[str, Any], unit: str = "percent", dataset: str = "tickets") -> dict[str, Any]:
    return {"id": "k", "dataset": dataset, "unit": unit, "formula": formula}


CASES = [
    ({"type": "share", "condition": {"field": "reopened", "is_true": True}}, "percent", 25.0, 4),
    (
        {"type": "within", "start": "created_at", "end": "first_reply_at", "limit_hours": 4},
        "percent",
        50.0,
        4,
    ),
    ({"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "median"}, "hours", 24.0, 3),
    ({"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "mean"}, "hours", 25.3333, 3),
    ({"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "p90"}, "hours", 43.2, 3),
    ({"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "median"}, "days", 1.0, 3),
    ({"type": "before_deadline", "end": "resolved_at", "deadline": "due_at"}, "percent", 33.3333, 3),
    ({"type": "repeat_within", "key": "customer_id", "time": "created_at", "days": 7}, "percent", 25.0, 4),
    ({"type": "mean", "field": "satisfaction_score"}, "score", 3.6667, 3),
    (
        {
            "type": "share",
            "condition": {"field": "satisfaction_score", "gte": 4},
            "where": {"field": "channel", "in": ["email", "chat"]},
        },
        "percent",
        66.6667,
        3,
    ),
    (
        {
            "type": "share",
            "condition": {"all": [{"field": "priority", "eq": "high"}, {"field": "reopened", "is_true": False}]},
        },
        "percent",
        25.0,
        4,
    ),
    (
        {
            "type": "share",
            "condition": {"any": [{"field": "satisfaction_score", "lte": 2}, {"field": "channel", "eq": "chat"}]},
        },
        "percent",
        50.0,
        4,
    ),
    ({"type": "share", "condition": {"field": "first_reply_at", "present": False}}, "percent", 25.0, 4),
]


@pytest.mark.parametrize(("formula", "unit", "value", "sample"), CASES)
def test_formula_values(tickets: list[Path], formula: dict[str, Any], unit: str, value: float, sample: int) -> None:
    got = compute_kpi(_kpi(formula, unit), tickets, PERIOD)
    assert (got["value"], got["sample"]) == (value, sample)


def test_nps_counts_promoters_minus_detractors(evidence: Path, collect: Collect) -> None:
    rows = [[i, "2025-03-01", score] for i, score in enumerate([10, 9, 8, 6, 0, 10])]
    items, _ = collect(
        {
            "path": write_csv(evidence, "s.csv", ["id", "responded_at", "recommend_score"], rows),
            "dataset": "survey",
        }
    )
    got = compute_kpi(_kpi({"type": "nps", "field": "recommend_score"}, "score", "survey"), [items[0].payload], PERIOD)
    assert (got["value"], got["sample"]) == (16.6667, 6)  # (3 promoters - 2 detractors) / 6


def test_monthly_series_and_breakdowns(tickets: list[Path]) -> None:
    got = compute_kpi(_kpi({"type": "share", "condition": {"field": "reopened", "is_true": True}}), tickets, PERIOD)
    assert got["monthly"][:3] == [
        {"month": "2025-01", "value": 50.0, "n": 2},
        {"month": "2025-02", "value": 0.0, "n": 2},
        {"month": "2025-03", "value": None, "n": 0},
    ]
    assert got["coverage"] == round(2 / 12, 4)
    assert got["breakdowns"]["priority"] == [
        {"segment": "high", "value": 50.0, "n": 2},
        {"segment": "low", "value": 0.0, "n": 2},
    ]


def test_segment_restricts_the_sample(tickets: list[Path]) -> None:
    formula = {"type": "within", "start": "created_at", "end": "first_reply_at", "limit_hours": 4}
    got = compute_kpi(_kpi(formula), tickets, PERIOD, {"channel": "email"})
    assert (got["value"], got["sample"]) == (50.0, 2)


def test_values_are_bound_not_spliced(tickets: list[Path]) -> None:
    formula = {"type": "share", "condition": {"field": "channel", "eq": "email' OR '1'='1"}}
    assert compute_kpi(_kpi(formula), tickets, PERIOD)["value"] == 0.0


@pytest.mark.parametrize("field", ["nonexistent", 'channel" OR 1=1 --'])
def test_unknown_fields_are_refused(tickets: list[Path], field: str) -> None:
    with pytest.raises(FormulaError, match="unknown field"):
        compute_kpi(_kpi({"type": "share", "condition": {"field": field, "is_true": True}}), tickets, PERIOD)


def test_absent_column_is_empty_not_an_error(tickets: list[Path]) -> None:
    got = compute_kpi(_kpi({"type": "mean", "field": "contacts"}, "ratio"), tickets, PERIOD)
    assert (got["value"], got["sample"], got["missing_fields"]) == (None, 0, ["contacts"])


def test_date_field_chooses_the_month(tickets: list[Path]) -> None:
    kpi = {
        **_kpi({"type": "share", "condition": {"field": "reopened", "is_true": True}}),
        "date_field": "resolved_at",
    }
    got = compute_kpi(kpi, tickets, PERIOD)
    assert got["sample"] == 3  # ticket 3 has no resolution date, ticket 5 was resolved in 2024


def test_quantiles_from_histograms_equal_quantile_cont(
    evidence: Path, collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When exact quantiles run out of memory they come from histograms: same values, to the last digit."""
    import random

    import duckdb
    from servex.plugins.datasets import _engine

    rnd = random.Random(3)
    rows = []
    for i in range(3000):
        created = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00.{rnd.randrange(10**6):06d}Z"
        seconds = rnd.expovariate(1 / 7200) + rnd.random()
        reply = _engine.datetime.fromisoformat(created[:-1]) + _engine.timedelta(seconds=seconds)
        rows.append([i, created, reply.isoformat() + "Z", ("email", "phone", "")[i % 3], ("p1", "p2")[i % 2]])
    name = write_csv(evidence, "q.csv", ["id", "created_at", "first_reply_at", "channel", "priority"], rows)
    items, _ = collect({"path": name, "dataset": "tickets"})
    kpis: list[dict[str, Any]] = [
        {
            "id": f"q{stat}",
            "dataset": "tickets",
            "unit": "minutes",
            "formula": {"type": "duration", "start": "created_at", "end": "first_reply_at", "stat": stat},
        }
        for stat in ("median", "p90")
    ]
    exact = _engine.compute_kpis(kpis, [items[0].payload], PERIOD)
    real = _engine._fetch
    failed: list[str] = []

    def out_of_memory(con: Any, query: str, params: list[Any]) -> Any:
        if not failed:
            failed.append(query)
            raise duckdb.OutOfMemoryException("Out of Memory Error: forced by the test")
        return real(con, query, params)

    monkeypatch.setattr(_engine, "_fetch", out_of_memory)
    streamed = _engine.compute_kpis(kpis, [items[0].payload], PERIOD)
    assert failed and streamed == exact
    assert exact["qmedian"]["breakdowns"]["channel"][0]["value"] is not None


def test_a_batch_mixing_window_and_plain_kpis_equals_each_alone(evidence: Path, collect: Collect) -> None:
    from servex.plugins.datasets._engine import compute_kpis

    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, ROWS), "dataset": "tickets"})
    kpis: list[dict[str, Any]] = [
        {
            "id": "a",
            "dataset": "tickets",
            "formula": {"type": "repeat_within", "key": "customer_id", "time": "created_at", "days": 7},
        },
        {
            "id": "b",
            "dataset": "tickets",
            "formula": {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "median"},
        },
        {
            "id": "c",
            "dataset": "tickets",
            "formula": {"type": "share", "condition": {"field": "reopened", "is_true": True}},
        },
    ]
    together = compute_kpis(kpis, [items[0].payload], PERIOD)
    assert together == {k["id"]: compute_kpis([k], [items[0].payload], PERIOD)[k["id"]] for k in kpis}
    assert together["a"]["sample"] > 0 and together["b"]["value"] is not None
