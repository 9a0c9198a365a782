"""The cold path without a Parquet copy (a clean CSV loaded typed in memory) and the KPI result cache.

Whichever way a file is read (in memory, in memory after cleaning, or the text path to Parquet), the
KPI figures are the same; a warm run on unchanged evidence gives the same bytes without reading a
record, and a changed export is computed afresh.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from ds_support import PERIOD, Collect, write_csv

HEADER = ["id", "created_at", "first_reply_at", "resolved_at", "channel", "reopened", "customer_id"]
KPI_IDS = ("first_reply_time", "reopen_rate", "repeat_contact_7d", "resolution_time")


def _rows(n: int = 240, channel: str = "email") -> list[list[Any]]:
    out = []
    for i in range(n):
        day, hour = 1 + i % 28, i % 24
        month = 1 + i % 12
        created = f"2025-{month:02d}-{day:02d}T{hour:02d}:00:00Z"
        reply = f"2025-{month:02d}-{day:02d}T{hour:02d}:{10 + i % 40:02d}:00Z"
        resolved = f"2025-{month:02d}-{min(day + i % 3, 28):02d}T{hour:02d}:30:00Z" if i % 5 else ""
        reopened = str(i % 7 == 0).lower()
        out.append([f"t{i}", created, reply, resolved, channel if i % 2 else "phone", reopened, f"c{i % 31}"])
    return out


def _kpis() -> list[dict[str, Any]]:
    shipped = yaml.safe_load((Path(__file__).parents[2] / "criteria/kpis.yaml").read_text("utf-8"))["kpis"]
    return [k for k in shipped if k["id"] in KPI_IDS]


def _figures(items: list[Any]) -> dict[str, Any]:
    from servex.plugins.datasets._engine import compute_kpis

    by_id: dict[str, Any] = {}
    for kpi in _kpis():  # one by one: the window KPI and the others share nothing
        by_id.update(compute_kpis([kpi], [items[0].payload], PERIOD))
    return by_id


def test_every_way_of_reading_a_file_gives_the_same_kpi_figures(
    evidence: Path, collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    import servex.plugins.datasets._live as live

    clean = write_csv(evidence, "clean.csv", HEADER, _rows())
    items, _ = collect({"path": clean, "dataset": "tickets"})
    table = items[0].payload
    assert table.name is not None and not table.parquet.is_file()  # in memory, no copy written
    reference = _figures(items)
    assert reference["reopen_rate"]["value"] is not None and reference["first_reply_time"]["sample"] == 240

    # A padded category: loaded as read, found to need cleaning, loaded again cleaned.
    padded = write_csv(evidence, "padded.csv", HEADER, _rows(channel=" Email "))
    items, _ = collect({"path": padded, "dataset": "tickets"})
    assert items[0].payload.name is not None
    assert _figures(items) == reference

    # A date format forces the text path, which writes the checked Parquet copy.
    text = write_csv(evidence, "text.csv", HEADER, _rows())
    items, _ = collect({"path": text, "dataset": "tickets", "date_format": "%Y-%m-%dT%H:%M:%SZ"})
    assert items[0].payload.name is None and items[0].payload.parquet.is_file()
    assert _figures(items) == reference

    # Too large for memory (as a 20M-row export under 2 GB): the typed read writes Parquet, as before.
    monkeypatch.setattr(live, "_SHARE", 10**12)
    big = write_csv(evidence, "big.csv", HEADER, [[f"b{r[0]}", *r[1:]] for r in _rows()])  # not cached yet
    items, _ = collect({"path": big, "dataset": "tickets"})
    assert items[0].payload.name is None and items[0].payload.parquet.is_file()
    assert _figures(items) == reference


def test_the_payload_is_written_as_parquet_when_a_file_is_asked_for(evidence: Path, collect: Collect) -> None:
    import duckdb

    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _rows()), "dataset": "tickets"})
    table = items[0].payload
    assert not table.parquet.is_file()
    path = Path(table)  # what the case sampler and third-party plugins do
    assert path.is_file() and path == table.parquet
    count, reopened = duckdb.connect().execute(f"SELECT count(*), count(*) FILTER (reopened) FROM '{path}'").fetchone()
    assert (count, reopened) == (240, sum(1 for r in _rows() if r[5] == "true"))
    assert _figures(items)["reopen_rate"]["sample"] > 0  # still computed from memory afterwards


def _assess(org: Path, cache: Path, out: Path) -> dict[str, Any]:
    from servex._cli.main import main

    with pytest.raises(SystemExit):
        main(["assess", str(org), "-q", "--fail-on", "never", "--cache-dir", str(cache), "-o", f"json:{out}"])
    result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return result


def _values(result: dict[str, Any]) -> dict[str, Any]:
    return {
        r["details"]["kpi"]: r["details"]["value"]
        for f in result["findings"]
        for r in f["requirements"]
        if (r.get("details") or {}).get("kpi") in KPI_IDS and not r["details"].get("segment")
    }


def test_warm_run_is_byte_identical_reads_no_record_and_a_changed_export_is_recomputed(
    evidence: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import servex.plugins.datasets._live as live

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "user-cache"))
    write_csv(evidence, "tickets.csv", HEADER, _rows())
    (evidence / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: T}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n  - {name: t, collector: datasets, config: {files: [{path: tickets.csv, dataset: tickets}]}}\n",
        "utf-8",
    )
    cache = tmp_path / "cache"
    cold = _assess(evidence, cache, tmp_path / "cold.json")
    assert _values(cold) and all(v is not None for v in _values(cold).values())
    assert not list((cache / "datasets").glob("*.parquet"))  # the cold path wrote no copy

    def no_records(self: Any) -> Any:
        raise AssertionError("a warm run on unchanged evidence read records")

    with monkeypatch.context() as patched:
        patched.setattr(live.LiveDb, "con", no_records)
        _assess(evidence, cache, tmp_path / "warm.json")
    assert (tmp_path / "warm.json").read_bytes() == (tmp_path / "cold.json").read_bytes()

    # The export changes: every ticket is now reopened. The warm cache must not answer for it.
    write_csv(evidence, "tickets.csv", HEADER, [[*r[:5], "true", r[6]] for r in _rows()])
    changed = _assess(evidence, cache, tmp_path / "changed.json")
    assert _values(changed)["reopen_rate"] == 100.0 != _values(cold)["reopen_rate"]
    _assess(evidence, tmp_path / "fresh-cache", tmp_path / "fresh.json")
    assert (tmp_path / "changed.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()


def test_a_median_and_a_percentile_of_the_same_durations_computed_together_equal_each_alone(
    evidence: Path, collect: Collect
) -> None:
    import math
    from datetime import datetime

    from servex.plugins.datasets._engine import compute_kpis

    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _rows()), "dataset": "tickets"})
    median = {"id": "m", "dataset": "tickets", "unit": "minutes"}
    median["formula"] = {"type": "duration", "start": "created_at", "end": "first_reply_at", "stat": "median"}
    p90 = {**median, "id": "p", "formula": {**median["formula"], "stat": "p90"}}
    together = compute_kpis([median, p90], [items[0].payload], PERIOD)  # one quantile_cont with a list
    alone = {k["id"]: compute_kpis([k], [items[0].payload], PERIOD)[k["id"]] for k in (median, p90)}
    assert together == alone

    def stamp(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    spans = sorted((stamp(r[2]) - stamp(r[1])).total_seconds() / 60 for r in _rows())
    for kpi_id, q in (("m", 0.5), ("p", 0.9)):
        pos = q * (len(spans) - 1)
        low, high = spans[math.floor(pos)], spans[math.ceil(pos)]
        assert together[kpi_id]["value"] == round(low + (pos - math.floor(pos)) * (high - low), 4)


def test_a_batch_computed_side_by_side_in_memory_equals_each_kpi_alone_and_from_parquet(
    evidence: Path, collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window KPI and the quantile KPIs of one batch run on two cursors of the in-memory database."""
    import servex.plugins.datasets._together as together
    from servex.plugins.datasets._engine import compute_kpis
    from servex.plugins.datasets._live import Table

    runs: list[int] = []
    original = together.side_by_side

    def counted(con: Any, jobs: Any) -> Any:
        if len(jobs) > 1:
            runs.append(len(jobs))
        return original(con, jobs)

    monkeypatch.setattr("servex.plugins.datasets._engine.side_by_side", counted)
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _rows()), "dataset": "tickets"})
    assert items[0].payload.name is not None
    zone = "America/New_York"  # months and bounds cast through the session time zone of each cursor
    batch = compute_kpis(_kpis(), [items[0].payload], PERIOD, zone=zone)
    assert runs == [2]
    alone = {k["id"]: compute_kpis([k], [items[0].payload], PERIOD, zone=zone)[k["id"]] for k in _kpis()}
    assert batch == alone
    Path(items[0].payload).stat()  # the Parquet copy; read from it, the two queries run one after the other
    on_disk = Table(items[0].payload.parquet, items[0].payload.key)
    assert compute_kpis(_kpis(), [on_disk], PERIOD, zone=zone) == batch and runs == [2]


def test_side_by_side_keeps_order_and_utc_and_raises_a_failure_of_either_job() -> None:
    import duckdb
    from servex.plugins.datasets._together import side_by_side

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(1000)")

    def zone_and_sum(c: Any) -> tuple[Any, ...]:
        return tuple(c.execute("SELECT current_setting('TimeZone'), sum(i) FROM t").fetchone())

    def fails(c: Any) -> Any:
        return c.execute("SELECT CAST('x' AS INTEGER)").fetchone()

    assert side_by_side(con, [zone_and_sum, lambda c: 7, zone_and_sum]) == [("UTC", 499500), 7, ("UTC", 499500)]
    for jobs in ([zone_and_sum, fails], [fails, zone_and_sum]):
        with pytest.raises(duckdb.ConversionException):
            side_by_side(con, jobs)
    assert con.execute("SELECT count(*) FROM t").fetchone() == (1000,)  # the connection is still usable
