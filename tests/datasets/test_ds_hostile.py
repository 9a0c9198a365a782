"""Issue 14, the datasets items: Ctrl-C, concurrent runs, bad NDJSON lines, uncached XLSX formulas, DuckDB
resources as settings."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, write_csv

ROWS = [[i, f"2025-0{1 + i % 9}-1{i % 9} 10:00", "yes" if i % 3 else "no"] for i in range(1, 301)]


def _write(evidence: Path) -> str:
    return write_csv(evidence, "c.csv", ["id", "received_at", "timely_response"], ROWS)


@pytest.mark.parametrize("how", ["InterruptException", "RuntimeError"])
def test_ctrl_c_during_conversion_ends_the_run_and_leaves_nothing(
    evidence: Path, collect: Collect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import duckdb
    from servex.plugins.datasets import _convert

    real = _convert.describe

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        if how == "RuntimeError":  # what DuckDB raises when the signal lands while results are fetched
            raise RuntimeError("Query interrupted")
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(_convert, "describe", interrupted)
    with pytest.raises(KeyboardInterrupt):
        collect({"path": _write(evidence), "dataset": "complaints"})
    assert list((tmp_path / "cache" / "datasets").iterdir()) == []  # no entry, no .part, no scratch


def _run_collect(args: tuple[str, str, str]) -> list[Any]:
    from servex import CollectContext, Period
    from servex.plugins.datasets._collect import collect

    evidence, cache, name = args
    ctx = CollectContext(
        evidence_dir=Path(evidence),
        source="data",
        config={"files": [{"path": name, "dataset": "complaints"}]},
        manifest={},
        period=Period.__new__(Period),
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=Path(cache),
        offline=True,
        criteria_set=None,  # type: ignore[arg-type]
    )
    items = list(collect(ctx))
    return [[i.attributes["rows"], i.attributes["months"]] for i in items] + [[e.message for e in ctx.log]]


def test_concurrent_runs_on_a_cold_cache_all_read_the_export(evidence: Path, tmp_path: Path) -> None:
    rows = [[f"{n}-{r[0]}", *r[1:]] for n in range(200) for r in ROWS]  # distinct ids: 60,000 records
    name = write_csv(evidence, "c.csv", ["id", "received_at", "timely_response"], rows)
    cache = tmp_path / "shared-cache"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.map(_run_collect, [(str(evidence), str(cache), name)] * 3)
    assert all(r == results[0] for r in results) and results[0][0][0] == 60_000
    assert results[0][-1] == []
    # A clean CSV is kept typed in memory (no Parquet copy on the cold path): one cache entry and the note
    # of the file as seen (see _hashing), no leftovers.
    left = sorted(p.name for p in (cache / "datasets").iterdir())
    assert len(left) == 2 and left[0].endswith(".json") and left[1].startswith("seen-"), left


def test_one_bad_ndjson_line_is_one_rows_warning(evidence: Path, collect: Collect) -> None:
    lines = [json.dumps({"id": i, "received_at": f"2025-03-{i:02d}"}) for i in range(1, 11)]
    lines[4] = '{"id": 5, "received_at": "2025-03-05"'  # cut short
    lines[7] = "[1, 2]"
    (evidence / "c.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items, ctx = collect({"path": "c.ndjson", "dataset": "complaints"})
    assert items[0].attributes["months"] == {"2025-03": 8}
    assert [(e.level, e.line) for e in ctx.log if e.line] == [("warning", 5), ("warning", 8)]
    assert "2 line(s)" in ctx.log[0].message


def test_uncached_xlsx_formulas_are_a_named_warning(evidence: Path, collect: Collect) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "received_at", "timely_response", "hours"])
    for i in range(2, 12):
        sheet.append([i, f"2025-03-{i:02d}", "yes", f"=B{i}-B{i}"])  # openpyxl saves no result for formulas
    book.save(evidence / "c.xlsx")
    items, ctx = collect({"path": "c.xlsx", "dataset": "complaints"})
    assert items[0].attributes["rows"] == 10
    warning = ctx.log[0]
    assert warning.message.startswith("formula without a saved result: 10 cell(s) of column 'hours'")
    assert (warning.level, warning.line, warning.field) == ("warning", 2, "hours")


def test_duckdb_resources_come_from_the_environment_then_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    from servex.plugins.datasets._duck import duck
    from servex.plugins.datasets._settings import engine_settings

    manifest = {"sources": [{"collector": "datasets", "config": {"engine": {"memory_limit": "300MB", "threads": 1}}}]}
    monkeypatch.delenv("SERVEX_DUCKDB_MEMORY", raising=False)
    monkeypatch.delenv("SERVEX_DUCKDB_THREADS", raising=False)
    assert engine_settings(manifest).memory_limit == "300MB"
    monkeypatch.setenv("SERVEX_DUCKDB_MEMORY", "700MB")
    settings = engine_settings(manifest)
    with duck(settings=settings) as con:
        limit = con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()
    assert limit[1] == 1 and limit[0].startswith("667")  # DuckDB shows 700 MB in MiB
    monkeypatch.setenv("SERVEX_DUCKDB_THREADS", "many")
    with pytest.raises(ValueError, match="SERVEX_DUCKDB_THREADS"):
        engine_settings(manifest)


def test_sigint_during_a_real_conversion_exits_130_and_writes_nothing(evidence: Path, tmp_path: Path) -> None:
    """The observed case: Ctrl-C while DuckDB converts a CSV was logged as "export unreadable" (exit 1)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import duckdb

    duckdb.connect().execute(
        "COPY (SELECT i AS id, TIMESTAMP '2025-01-01' + to_seconds(i % 31536000) AS received_at, "
        f"'Web' AS channel FROM range(1500000) t(i)) TO '{evidence / 'c.csv'}' (HEADER)"
    )
    (evidence / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: T}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n  - {name: log, collector: datasets, config: {files: [{path: c.csv, dataset: complaints}]}}\n",
        "utf-8",
    )
    cache, out = tmp_path / "cache", tmp_path / "r.json"
    duck = tmp_path / "duck"  # a clean CSV is loaded in memory, with its scratch folder here (see _live)
    env = {**os.environ, "SERVEX_CACHE_DIR": str(cache), "SERVEX_DUCKDB_THREADS": "1", "SERVEX_DUCKDB_TEMP": str(duck)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "servex", "assess", str(evidence), "-o", f"json:{out}"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C interrupts, as in a terminal, even when the tests run as a background job: its commands
        # inherit SIGINT ignored, and the signal below would never reach servex
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any((cache / "datasets").glob("convert-*")) or any(duck.glob("load-*")):
            break
        time.sleep(0.05)
    time.sleep(0.3)  # inside DuckDB's conversion
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    # 130, or death by SIGINT when Python's own handler fires after DuckDB's (a shell shows 130 for both)
    assert proc.returncode in (130, -signal.SIGINT), err
    assert "unreadable" not in err and not out.exists()
    assert sorted(p.name for p in (cache / "datasets").iterdir()) == []
