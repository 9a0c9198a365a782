"""A deadline KPI says how far out the export's deadlines are, and flags them past the promise (see
`_deadline_span`).

What was observed: a repair shop's jobs export whose due dates were set 60 days after each job, while its
published service level promised 3 days, printed "Resolution SLA attainment: 100 %", met, without a word.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv
from servex.plugins.datasets._deadline_span import deadline_span
from servex.plugins.datasets._order import median_of_counts
from test_ds_deadline_at_close import HEADER, PARAMS, SLA  # the same KPI, and the same columns


def _tickets(due_days: int) -> list[list[Any]]:
    """240 tickets over 2025, each resolved 30 hours in, due `due_days` days after it was opened."""
    rows = []
    for i in range(240):
        created = datetime(2025, 1 + i % 10, 1 + i % 27, 9, i % 60, 17)
        resolved, due = created + timedelta(hours=30), created + timedelta(days=due_days)
        rows.append([f"t{i}", *(t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in (created, resolved, due))])
    return rows


PROMISE = {"commitments": {"resolution_hours": {"value": 72, "source": "promise.md"}}}


def test_deadlines_far_past_the_promise_are_flagged(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(60)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA}, manifest=PROMISE)
    assert outcome.details["value"] == pytest.approx(100.0)  # the figure is what the data says
    assert outcome.state == "partial"  # held there (see test_ds_deadline_hold)
    span = outcome.details["deadlines"]
    assert span["field"] == "due_at" and span["median_hours"] == pytest.approx(1440, rel=0.02)
    assert (span["promised_hours"], span["later_than_promised"]) == (72.0, True)
    assert "fall a median of 60 days after the request, more than twice the 3 days promised" in outcome.message["en"]
    assert "plus du double des 3 jours promis" in outcome.message["fr"]


def test_deadlines_that_keep_the_promise_and_exports_without_a_promise_are_not_flagged(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _tickets(3)), "dataset": "tickets"})
    kept = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA}, manifest=PROMISE)
    assert kept.details["deadlines"]["later_than_promised"] is False
    assert "promised" not in kept.message["en"]
    unknown = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert unknown.details["deadlines"] == {"field": "due_at", "median_hours": pytest.approx(72, rel=0.02)}


@pytest.mark.parametrize(
    ("commitments", "promised"),
    [({"resolution_hours": 48}, 48.0), ({"resolution_hours": {"value": 5}}, 5.0), ({"first_reply_hours": 4}, None),
     ({"resolution_hours": "soon"}, None), ({}, None)],
)  # fmt: skip
def test_the_promise_is_read_from_the_manifests_commitments(commitments: dict[str, Any], promised: Any) -> None:
    item = SimpleNamespace(attributes={"rows": 10, "deadline_hours": {"due_at": 100.0}})
    span = deadline_span(SLA, [item], {"commitments": commitments})
    assert span is not None and span.get("promised_hours") == promised
    assert deadline_span({**SLA, "formula": {"type": "share"}}, [item], {}) is None


def test_the_report_says_how_far_out_the_deadlines_are(tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    (folder / "promise.md").write_text("# Our promise\n\nEvery repair is resolved within 72 hours.\n", "utf-8")
    write_csv(folder, "jobs.csv", HEADER, _tickets(60) * 1)
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Shop}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        "commitments:\n  resolution_hours: {value: 72, source: promise.md}\n"
        "sources:\n  - name: jobs\n    collector: datasets\n    config:\n      files:\n"
        "        - {path: jobs.csv, dataset: tickets}\n",
        "utf-8",
    )
    env = {**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-m", "servex", "assess", str(folder), "-o", f"json:{tmp_path / 'r.json'}",
         "-o", f"md:{tmp_path / 'r.md'}", "--fail-on", "never", "-q", "--cache-dir", str(tmp_path / "ec")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    spans = [
        r["details"]["deadlines"]
        for f in json.loads((tmp_path / "r.json").read_text("utf-8"))["findings"]
        for r in f["requirements"]
        if (r.get("details") or {}).get("deadlines")
    ]
    assert spans and all(s["later_than_promised"] for s in spans)
    report = (tmp_path / "r.md").read_text("utf-8")
    assert "The export's deadlines fall a median of 60 days after the request, more than twice the 3 days" in report
    assert "Held at partial: the figure does not show the promise kept." in report


def test_over_several_exports_the_shortest_median_is_said_and_flagged_only_if_all_are_late() -> None:
    """A weighted mean of the exports' medians is no median of anything: the shortest one is said, which
    holds for every export, and the deadlines are flagged only when every export's are past the promise."""
    exports = [SimpleNamespace(attributes={"rows": rows, "deadline_hours": {"due_at": hours}})
               for rows, hours in ((10, 1440.0), (1000, 72.0))]  # fmt: skip
    span = deadline_span(SLA, exports, PROMISE)
    assert span == {"field": "due_at", "median_hours": 72.0, "exports": 2, "promised_hours": 72.0,
                    "later_than_promised": False}  # fmt: skip
    late = [SimpleNamespace(attributes={"rows": 5, "deadline_hours": {"due_at": h}}) for h in (400.0, 1440.0)]
    assert deadline_span(SLA, late, PROMISE)["later_than_promised"] is True  # type: ignore[index]


@pytest.mark.parametrize(
    ("counts", "median"),
    [({48.0: 3}, 48.0), ({1.0: 1, 3.0: 1}, 2.0), ({1.0: 1, 2.0: 1, 10.0: 1}, 2.0), ({72.0: 2, 71.0: 2}, 72.0),
     ({}, None), (None, None)],
)  # fmt: skip
def test_the_median_of_counted_hours(counts: dict[float, int] | None, median: float | None) -> None:
    assert median_of_counts(counts) == median
