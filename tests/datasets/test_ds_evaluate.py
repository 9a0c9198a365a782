"""The `kpi` and `dataset` evaluators: level against target, data sufficiency, trend, segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv
from servex import EvidenceItem
from servex.plugins.datasets._evaluate import trend_verdict

REOPEN = {
    "id": "reopen_rate",
    "name": {"en": "Reopen rate", "fr": "Taux de réouverture"},
    "dataset": "tickets",
    "unit": "percent",
    "direction": "lower_is_better",
    "min_sample": 20,
    "formula": {"type": "share", "condition": {"field": "reopened", "is_true": True}},
}
KPIS = {"reopen_rate": REOPEN}


def _tickets(
    evidence: Path, collect: Collect, reopened_by_month: dict[int, tuple[int, int]]
) -> list[EvidenceItem]:
    """Month -> (tickets, reopened); email for even ids, phone for odd ones."""
    rows, next_id = [], 1
    for month, (count, reopened) in sorted(reopened_by_month.items()):
        for i in range(count):
            channel = "email" if next_id % 2 == 0 else "phone"
            day = f"2025-{month:02d}-{1 + i % 28:02d}T09:00:00Z"
            rows.append([next_id, day, channel, "yes" if i < reopened else "no"])
            next_id += 1
    items, _ = collect(
        {
            "path": write_csv(evidence, "t.csv", ["id", "created_at", "channel", "reopened"], rows),
            "dataset": "tickets",
        }
    )
    return items


def _params(**extra: Any) -> dict[str, Any]:
    return {"kpi": "reopen_rate", "target": {"op": "<=", "value": 5}, **extra}


@pytest.mark.parametrize(("reopened", "state"), [(1, "satisfied"), (2, "partial"), (4, "unsatisfied")])
def test_level_against_target_and_partial_target(
    evidence: Path, collect: Collect, evaluate: Evaluate, reopened: int, state: str
) -> None:
    items = _tickets(evidence, collect, {m: (20, reopened) for m in range(1, 13)})  # 5 %, 10 %, 20 %
    out = evaluate("kpi", _params(partial_target={"op": "<=", "value": 10}), items, KPIS)
    assert out.state == state
    assert out.details["value"] == 5.0 * reopened and out.details["sample"] == 240
    assert out.evidence_ids == (items[0].id,)
    assert len(out.details["monthly"]) == 12 and set(out.details["breakdowns"]) == {"channel"}
    assert isinstance(out.message, dict) and "Reopen rate" in out.message["en"] and out.message["fr"]
    assert f"Reopen rate: {5 * reopened:g} % (target <= 5 %, n=240)" in out.message["en"]
    assert out.message["fr"].startswith(f"Taux de réouverture : {5 * reopened:g} % (cible <= 5 %")


def test_kpi_values_read_as_people_write_them(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items = _tickets(evidence, collect, {m: (30, 1 if m % 2 else 2) for m in range(1, 13)})  # 5 % of 360
    out = evaluate("kpi", _params(target={"op": "<=", "value": 4.36}), items, KPIS)
    assert isinstance(out.message, dict)
    assert "5 % (target <= 4.4 %, n=360)" in out.message["en"]
    assert "(cible <= 4,4 %, n=360)" in out.message["fr"]


def test_too_few_records_is_insufficient(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    # 12 tickets, one reopened (a field that never varies would hold the grade: see test_ds_fit)
    items = _tickets(evidence, collect, {m: (1, 1 if m == 1 else 0) for m in range(1, 13)})
    out = evaluate("kpi", _params(), items, KPIS)
    assert out.state == "insufficient" and "12 records" in str(out.message)
    enough = _params(min_sample=10, target={"op": "<=", "value": 10})
    assert evaluate("kpi", enough, items, KPIS).state == "satisfied"


def test_months_missing_from_the_period_is_insufficient(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    items = _tickets(evidence, collect, {m: (30, 1 if m == 1 else 0) for m in range(1, 7)})  # half the year
    out = evaluate("kpi", _params(), items, KPIS)
    assert out.state == "insufficient" and out.details["coverage"] == 0.5
    assert evaluate("kpi", _params(min_coverage=0.5), items, KPIS).state == "satisfied"


def test_a_column_the_export_lacks_is_not_measured_rather_than_failed(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """Without an acknowledgement column, '0 % acknowledged in time' would be an invented result."""
    rows = [[i, f"2025-{1 + i % 12:02d}-05T09:00:00Z"] for i in range(1, 241)]
    items, _ = collect(
        {"path": write_csv(evidence, "c.csv", ["id", "received_at"], rows), "dataset": "complaints"}
    )
    ack = {
        "id": "ack_in_time",
        "name": {"en": "Acknowledged within 48 h", "fr": "Accusés sous 48 h"},
        "dataset": "complaints",
        "unit": "percent",
        "direction": "higher_is_better",
        "min_sample": 20,
        "formula": {"type": "within", "start": "received_at", "end": "acknowledged_at", "limit_hours": 48},
    }
    out = evaluate("kpi", {"kpi": "ack_in_time", "target": {"op": ">=", "value": 90}}, items, {"ack_in_time": ack})
    assert out.state == "insufficient" and out.details["missing_fields"] == ["acknowledged_at"]
    assert isinstance(out.message, dict) and "acknowledged_at" in out.message["en"]
    assert out.message["fr"].startswith("Accusés sous 48 h ne peut pas être mesuré") and out.gap is not None


def test_no_export_is_insufficient_with_a_gap(evaluate: Evaluate) -> None:
    out = evaluate("kpi", _params(), [], KPIS)
    assert out.state == "insufficient" and out.gap is not None


def test_undefined_kpi_is_an_error(evaluate: Evaluate) -> None:
    assert evaluate("kpi", {"kpi": "nope", "target": {"op": ">=", "value": 1}}, [], KPIS).state == "error"


def test_trend(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    # reopen rate falls 30 % -> 5 % over the last 6 months (lower is better: improving)
    months = {m: (20, 6) for m in range(1, 7)} | {
        7: (20, 6),
        8: (20, 5),
        9: (20, 4),
        10: (20, 3),
        11: (20, 2),
        12: (20, 1),
    }
    items = _tickets(evidence, collect, months)
    target = {"op": "<=", "value": 30}
    improving = evaluate(
        "kpi", _params(target=target, trend={"periods": 6, "expect": "improving"}), items, KPIS
    )
    assert improving.state == "satisfied" and improving.details["trend"]["met"] is True
    assert improving.details["trend"]["months"][0] == "2025-07"
    # the year's rate is 57/240 = 23.75 %, within 25 %, but July (30 %) was not: the level is not sustained
    sustained = evaluate(
        "kpi",
        _params(target={"op": "<=", "value": 25}, trend={"periods": 6, "expect": "sustained"}),
        items,
        KPIS,
    )
    assert sustained.details["value"] == 23.75
    assert sustained.details["trend"]["met"] is False and sustained.state == "partial"
    too_long = evaluate(
        "kpi", _params(target=target, trend={"periods": 24, "expect": "improving"}), items, KPIS
    )
    assert too_long.state == "insufficient"


@pytest.mark.parametrize(
    ("values", "expect", "direction", "met"),
    [
        ([80, 82, 85, 88], "improving", "higher_is_better", True),
        ([88, 85, 82, 80], "improving", "higher_is_better", False),
        ([88, 85, 82, 80], "improving", "lower_is_better", True),
        ([90, 89.9, 90, 89.9], "not_declining", "higher_is_better", True),  # flat within the 1 % tolerance
        ([90, 85, 80, 75], "not_declining", "higher_is_better", False),
        ([91, 92, 90, 95], "sustained", "higher_is_better", True),
        ([91, 92, 89, 95], "sustained", "higher_is_better", False),
    ],
)
def test_trend_definitions(values: list[float], expect: str, direction: str, met: bool) -> None:
    assert trend_verdict(values, expect, direction, {"op": ">=", "value": 90})[0] is met


def test_segment(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items = _tickets(
        evidence, collect, {m: (40, 2) for m in range(1, 13)}
    )  # the reopened are ids 1,2 of a month
    out = evaluate("kpi", _params(segment={"channel": "email"}, min_sample=1), items, KPIS)
    assert out.details["sample"] == 240 and out.details["segment"] == {"channel": "email"}


def test_kpi_is_computed_once_per_run(
    evidence: Path, collect: Collect, evaluate: Evaluate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servex.plugins.datasets import _engine

    items = _tickets(evidence, collect, {m: (20, 1) for m in range(1, 13)})
    calls: list[str] = []
    real = _engine.compute_kpis

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append("x")
        result: dict[str, Any] = real(*args, **kwargs)
        return result

    monkeypatch.setattr(_engine, "compute_kpis", counting)
    memo: dict[Any, Any] = {}
    for _ in range(3):
        evaluate("kpi", _params(), items, KPIS, memo=memo)
    assert calls == ["x"]


def test_dataset_evaluator(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items = _tickets(evidence, collect, {m: (10, 0) for m in range(1, 13)})
    full = evaluate("dataset", {"dataset": "tickets", "min_rows": 100}, items)
    assert full.state == "satisfied" and full.details["rows"] == 120 and full.details["coverage"] == 1.0
    assert evaluate("dataset", {"dataset": "tickets", "min_rows": 500}, items).state == "partial"
    assert evaluate("dataset", {"dataset": "complaints"}, items).state == "unsatisfied"


def test_dataset_evaluator_coverage(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items = _tickets(evidence, collect, {m: (10, 0) for m in range(1, 4)})
    out = evaluate("dataset", {"dataset": "tickets"}, items)
    assert out.state == "partial" and out.details["coverage"] == 0.25


def test_kpis_of_one_dataset_share_one_scan(
    evidence: Path, collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace
    from typing import cast

    from ds_support import PERIOD
    from servex import EvaluationContext, Requirement
    from servex.plugins.datasets import _engine
    from servex.plugins.datasets._evaluate import evaluate_kpi

    items = _tickets(evidence, collect, {m: (20, 1) for m in range(1, 13)})
    email = {
        **REOPEN,
        "id": "email_share",
        "direction": "higher_is_better",
        "formula": {"type": "share", "condition": {"field": "channel", "eq": "email"}},
    }
    kpis = {"reopen_rate": REOPEN, "email_share": email}
    reqs = [
        Requirement(k, "kpi", "show", {"en": k, "fr": k}, {"kpi": k, "target": {"op": ">=", "value": 0}})
        for k in kpis
    ]
    cset = SimpleNamespace(criteria=[SimpleNamespace(evidence=reqs)])
    calls: list[int] = []
    real = _engine.compute_kpis

    def counting(batch: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(len(batch))
        result: dict[str, Any] = real(batch, *args, **kwargs)
        return result

    monkeypatch.setattr(_engine, "compute_kpis", counting)
    ctx = EvaluationContext(cast(Any, cset), cast(Any, None), tuple(items), kpis, {}, PERIOD, evidence, {})
    values = [evaluate_kpi(r, ctx).details["value"] for r in reqs]
    assert calls == [2] and values == [5.0, 50.0]
