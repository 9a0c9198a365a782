"""Records exported twice never count twice silently (see `_duplicates`).

What was observed: the Harbour Cycles sample with every row of its ticket and complaint exports appended
again was assessed without a word; n doubled, each copy was a "repeat contact within 7 days" of itself,
and PYR-L2-04 fell from met (75) to partially met (40).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ds_support import PERIOD, Collect, Evaluate, write_csv

REPO = Path(__file__).resolve().parents[2]
HEADER = ["id", "created_at", "first_reply_at", "resolved_at", "channel", "reopened", "customer_id"]


def _rows(n: int = 120) -> list[list[Any]]:
    out = []
    for i in range(n):
        month, day = 1 + i % 12, 1 + i % 28
        created = f"2025-{month:02d}-{day:02d}T{i % 24:02d}:00:00Z"
        reply = f"2025-{month:02d}-{day:02d}T{i % 24:02d}:30:00Z"
        out.append([f"t{i}", created, reply, reply, "email" if i % 2 else "phone", "false", f"c{i}"])
    return out


def _shipped(kpi_id: str) -> dict[str, Any]:
    import yaml

    kpis = yaml.safe_load((REPO / "criteria/kpis.yaml").read_text("utf-8"))["kpis"]
    return next(dict(k) for k in kpis if k["id"] == kpi_id)


def _figures(items: list[Any]) -> dict[str, Any]:
    from servex.plugins.datasets._engine import compute_kpis

    out: dict[str, Any] = {}
    for kpi in (_shipped("first_reply_time"), _shipped("repeat_contact_7d")):
        got = compute_kpis([kpi], [items[0].payload], PERIOD)[kpi["id"]]
        out[kpi["id"]] = (got["value"], got["sample"])
    return out


@pytest.mark.parametrize("how", ["in memory", "text path to Parquet"])
def test_exact_copies_are_counted_once_and_said(evidence: Path, collect: Collect, how: str) -> None:
    extra = {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}
    once = write_csv(evidence, "once.csv", HEADER, _rows())
    items, ctx = collect({"path": once, "dataset": "tickets", **extra})
    assert not ctx.log
    reference = _figures(items)
    assert reference["repeat_contact_7d"] == (0.0, 120)  # every customer once

    twice = write_csv(evidence, "twice.csv", HEADER, _rows() + _rows()[:30])
    items, ctx = collect({"path": twice, "dataset": "tickets", **extra})
    assert (items[0].payload.name is None) == (how != "in memory")
    assert _figures(items) == reference
    assert items[0].attributes["rows"] == 120 and "repeated_ids" not in items[0].attributes
    assert [e.message for e in ctx.log] == [
        "30 row(s) repeat an earlier row exactly (same id and values); each record is counted once"
    ]


def test_one_id_with_different_values_is_kept_and_flagged_beside_the_kpi(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    rows = _rows()
    changed = [*rows[5][:3], "2025-12-30T10:00:00Z", *rows[5][4:]]  # t5 exported again once resolved later
    items, ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, [*rows, changed]), "dataset": "tickets"})
    assert items[0].attributes["rows"] == 121 and items[0].attributes["repeated_ids"] == 1
    [warning] = [e for e in ctx.log if e.level == "warning"]
    assert "1 row(s) share an id with another row but differ" in warning.message and "'t5'" in warning.message
    params = {"kpi": "first_reply_time", "target": {"op": "<=", "value": 24}, "min_sample": 1}
    outcome = evaluate("kpi", params, items, {"first_reply_time": _shipped("first_reply_time")})
    assert outcome.details["repeated_ids"] == 1
    assert "1 record shares an id with a different record; all are counted" in outcome.message["en"]  # type: ignore[index]


def test_rows_without_an_id_are_never_merged(evidence: Path, collect: Collect) -> None:
    rows = [["", *r[1:]] for r in _rows(10)]
    items, ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, rows + rows), "dataset": "tickets"})
    assert items[0].attributes["rows"] == 20 and not ctx.log


def test_the_sample_exported_twice_grades_as_exported_once(tmp_path: Path) -> None:
    from servex._cli.main import main

    def assess(folder: Path, name: str) -> dict[str, Any]:
        out = tmp_path / f"{name}.json"
        with pytest.raises(SystemExit):
            main(["assess", str(folder), "-q", "--fail-on", "never", "--cache-dir", str(tmp_path / name), "-o",
                  f"json:{out}"])  # fmt: skip
        return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]

    sample = REPO / "evidence_samples" / "harbour-cycles"
    twice = tmp_path / "twice"
    shutil.copytree(sample, twice)
    for name in ("jobs-2025.csv", "complaints-2025.csv"):
        lines = (sample / "data" / name).read_text("utf-8").splitlines(keepends=True)
        (twice / "data" / name).write_text("".join(lines + lines[1:]), "utf-8")
    before, after = assess(sample, "once"), assess(twice, "twice")
    grades = [[(f["criterion_id"], f["status"], f.get("score")) for f in r["findings"]] for r in (before, after)]
    assert grades[0] == grades[1]
    warned = [e["message"] for e in after["log"] if "repeat an earlier row exactly" in e["message"]]
    assert len(warned) == 2


def test_overlapping_exports_of_one_source_are_said_on_the_later_file(evidence: Path, collect: Collect) -> None:
    rows = _rows(180)
    first = write_csv(evidence, "h1.csv", HEADER, rows[:120])
    second = write_csv(evidence, "year.csv", HEADER, rows[60:])  # 60 tickets in both files
    for _run in ("cold", "warm"):
        items, ctx = collect({"path": first, "dataset": "tickets"}, {"path": second, "dataset": "tickets"})
        assert [i.attributes.get("repeated_ids", 0) for i in items] == [0, 60]
        assert [(e.file, e.message) for e in ctx.log] == [
            ("year.csv", "60 record id(s) are also in h1.csv (overlapping exports): every copy is counted; "
             "export each record once, or list only one of the files")
        ]  # fmt: skip
