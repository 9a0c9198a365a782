"""An end before its start is no value (see `_order`).

What was observed: with a third of the Harbour Cycles tickets "resolved" a year before they were created
(a mistyped year), nothing was said; resolution SLA attainment rose from 96.2 % to 97.8 % and the median
resolution time fell from 26.9 h to 17.4 h.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ds_support import PERIOD, Collect, write_csv

REPO = Path(__file__).resolve().parents[2]
HEADER = ["id", "created_at", "first_reply_at", "resolved_at", "channel"]


def _rows(n: int = 240) -> list[list[Any]]:
    out = []
    for i in range(n):
        month, day = 1 + i % 12, 1 + i % 27
        created = f"2025-{month:02d}-{day:02d}T{i % 20:02d}:00:00Z"
        resolved = created.replace(f"-{day:02d}T", f"-{day + 1:02d}T")  # a day later
        out.append([f"t{i}", created, created.replace(":00:00Z", ":30:00Z"), resolved, "email"])
    return out


def _median_resolution(items: list[Any]) -> Any:
    import yaml
    from servex.plugins.datasets._engine import compute_kpis

    kpis = yaml.safe_load((REPO / "criteria/kpis.yaml").read_text("utf-8"))["kpis"]
    kpi = next(k for k in kpis if k["id"] == "resolution_time")
    got = compute_kpis([kpi], [items[0].payload], PERIOD)["resolution_time"]
    return got["value"], got["sample"]


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_a_few_ends_before_their_start_are_left_empty_and_cited(evidence: Path, collect: Collect, how: str) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    rows = _rows()
    clean, _ = collect({"path": write_csv(evidence, "clean.csv", HEADER, rows[1:]), "dataset": "tickets", **extra})
    wrong = [[*rows[0][:3], rows[0][3].replace("2025", "2024"), rows[0][4]], *rows[1:]]  # line 2: a year early
    items, ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, wrong), "dataset": "tickets", **extra})
    assert items[0].attributes["invalid"] == {"resolved_at": 1}
    assert _median_resolution(items) == _median_resolution(clean)  # the impossible value is not used
    messages = [(e.line, e.message) for e in ctx.log]
    assert (None, "1 value(s) of resolved_at come before their created_at, which cannot be (left empty)") in messages
    assert any(line == 2 and "'2024-" in message for line, message in messages)


def test_the_observed_export_is_refused_with_the_lines_to_look_at(tmp_path: Path) -> None:
    from servex._cli.main import main

    folder = tmp_path / "org"
    shutil.copytree(REPO / "evidence_samples" / "harbour-cycles", folder)
    jobs = folder / "data" / "jobs-2025.csv"
    rows = list(csv.reader(jobs.read_text("utf-8").splitlines()))
    at = rows[0].index("resolved_at")
    for row in rows[1:61]:
        row[at] = row[at].replace("2025", "2024", 1)
    with jobs.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "r.json"
    with pytest.raises(SystemExit) as exit_:
        main(["assess", str(folder), "-q", "--fail-on", "never", "--cache-dir", str(tmp_path / "c"),
              "-o", f"json:{out}"])  # fmt: skip
    assert exit_.value.code == 5  # the export is required: it failed, and says why
    [refused] = [e for e in json.loads(out.read_text("utf-8"))["log"] if "come before their created_at" in e["message"]]
    assert refused["file"] == "data/jobs-2025.csv" and refused["line"] == 2 and refused["field"] == "resolved_at"
    assert "60 of 182" in refused["message"]


def test_a_day_of_slack_for_dates_without_times(evidence: Path, collect: Collect) -> None:
    rows = [[f"c{i}", f"2025-03-{10 + i % 9:02d}", f"2025-03-{9 + i % 9:02d}", "", "web"] for i in range(50)]
    items, ctx = collect({"path": write_csv(evidence, "c.csv", HEADER, rows), "dataset": "tickets"})
    assert items[0].attributes["invalid"] == {} and not ctx.log


def test_monthly_totals_that_cannot_be_are_refused_not_graded(evidence: Path, collect: Collect) -> None:
    """What was observed: "answered within 20 s" mapped from the wrong column gave a service level of
    177.5 %, graded as met."""
    from datetime import date

    from servex import Period

    rows = [[f"2025-{m:02d}", 1000 + m, 900 + m, 1780 + m, 60 + m] for m in range(1, 13)]
    name = write_csv(evidence, "mi.csv", ["Month", "Offered", "Answered", "Answered in 20s", "Abandoned"], rows)
    mapping = {"month": "Month", "offered": "Offered", "answered": "Answered"}
    mapping |= {"answered_in_target": "Answered in 20s", "abandoned": "Abandoned"}
    entry = {"path": name, "dataset": "calls_monthly", "mapping": mapping, "constants": {"target_seconds": 20}}
    items, ctx = collect(entry, period=Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert items == []
    [refused] = [e for e in ctx.log if "unusable" in e.message]
    assert refused.line == 2 and refused.field == "answered_in_target"
    assert "(12 of 12) are more than their offered" in refused.message and "'1781' against '1001'" in refused.message
