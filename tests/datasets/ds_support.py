"""Fixtures for the datasets plugin: run the collector and the evaluators on files written in tmp folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from servex import CollectContext, EvaluationContext, EvidenceItem, LogEntry, Period, Requirement, RequirementOutcome

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
#: the median first reply time, and a `kpi` requirement on it, for tests that grade a tickets export
FRT = {
    "first_reply_time": {
        "id": "first_reply_time",
        "dataset": "tickets",
        "unit": "hours",
        "direction": "lower_is_better",
        "date_field": "created_at",
        "formula": {"type": "duration", "start": "created_at", "end": "first_reply_at", "stat": "median"},
    }
}
PARAMS = {"kpi": "first_reply_time", "target": {"op": "<=", "value": 8}, "min_sample": 30}
CFPB = Path(__file__).resolve().parents[2] / "evidence_samples/cfpb-complaints/data/cfpb_complaints_2013_sample.csv"
CFPB_PERIOD = Period(date(2013, 8, 1), date(2013, 10, 31))

Collect = Callable[..., tuple[list[EvidenceItem], CollectContext]]
Evaluate = Callable[..., RequirementOutcome]


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return folder


@pytest.fixture
def collect(evidence: Path, tmp_path: Path) -> Collect:
    """Run the collector over `files` entries; returns the items and the context (for its log). A source
    that fails as a whole (no usable record) adds the error core would log, at the end of the log."""
    from servex.plugins.datasets._collect import NoUsableRecordsError
    from servex.plugins.datasets._collect import collect as run

    def go(*files: Mapping[str, Any], period: Period = PERIOD) -> tuple[list[EvidenceItem], CollectContext]:
        ctx = CollectContext(
            evidence_dir=evidence,
            source="data",
            config={"files": list(files)},
            manifest={},
            period=period,
            collected_at="2026-01-01T00:00:00Z",
            cache_dir=tmp_path / "cache",
            offline=True,
            criteria_set=cast(Any, None),
        )
        items: list[EvidenceItem] = []
        try:
            for item in run(ctx):
                items.append(item)
        except NoUsableRecordsError as exc:
            ctx.log.append(LogEntry("error", "data", f"collector datasets failed: {exc}"))
            ctx.failed = True  # type: ignore[attr-defined]
            return [], ctx
        return items, ctx

    return go


@pytest.fixture
def evaluate(evidence: Path) -> Evaluate:
    """Run the `kpi` or `dataset` evaluator on collected items with the given KPI definitions."""
    from servex.plugins.datasets._dataset_req import evaluate_dataset
    from servex.plugins.datasets._evaluate import evaluate_kpi

    def go(
        kind: str,
        params: Mapping[str, Any],
        items: list[EvidenceItem],
        kpis: Mapping[str, Mapping[str, Any]] | None = None,
        period: Period = PERIOD,
        memo: dict[Any, Any] | None = None,
        manifest: Mapping[str, Any] | None = None,
    ) -> RequirementOutcome:
        ctx = EvaluationContext(
            cast(Any, None),
            cast(Any, None),
            tuple(items),
            kpis or {},
            manifest or {},
            period,
            evidence,
            memo if memo is not None else {},
        )
        req = Requirement("r1", kind, "show", {"en": "r", "fr": "r"}, params)
        return (evaluate_kpi if kind == "kpi" else evaluate_dataset)(req, ctx)

    return go


def write_csv(
    folder: Path,
    name: str,
    header: list[str],
    rows: list[list[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> str:
    text = (
        "\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in [header, *rows]) + "\n"
    )
    (folder / name).write_bytes(text.encode(encoding))
    return name
