"""Whole `servex assess` runs on generated ticket exports against the same KPIs hand-written in DuckDB SQL
and in pandas (vectorised, fast date parsing), in one run, each contender in its own process.

The KPIs are the ticket KPIs of the shipped pyramid set (overall and monthly). servex is timed cold
(empty cache: hash, CSV -> canonical Parquet, every criterion graded) and warm (cached conversion), with
its DuckDB memory limit set to --memory; the contenders run with their defaults. Peak RSS is each
process's own (wait4).
Usage: bench_assess_kpis.py [--rows 1000000 20000000] [--memory 2GB] [--skip-pandas-above 5000000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

SQL_KPIS = {  # value over the period; the monthly series is computed alongside (GROUPING SETS)
    "sla_attainment": "100.0 * count(*) FILTER (WHERE resolved_at IS NOT NULL AND resolved_at <= due_at)"
    " / count(*) FILTER (WHERE due_at IS NOT NULL)",
    "first_reply_time": "quantile_cont(epoch(first_reply_at - created_at) / 3600, 0.5)",
    "first_reply_time_p90": "quantile_cont(epoch(first_reply_at - created_at) / 3600, 0.9)",
    "resolution_time": "quantile_cont(epoch(resolved_at - created_at) / 3600, 0.5)",
    "reopen_rate": "100.0 * count(*) FILTER (WHERE reopened AND resolved_at IS NOT NULL)"
    " / count(*) FILTER (WHERE resolved_at IS NOT NULL)",
    "fcr": "100.0 * count(*) FILTER (WHERE first_contact_resolution) / count(first_contact_resolution)",
    "repeat_contact_7d": "100.0 * count(*) FILTER (WHERE nxt IS NOT NULL AND epoch(nxt - created_at) <= 604800)"
    " / count(*) FILTER (WHERE customer_id IS NOT NULL)",
}


def generate(path: Path, rows: int) -> None:
    """Deterministic tickets of 2025 (ISO timestamps, as most helpdesks export), written by DuckDB in seconds."""
    import duckdb

    t = "TIMESTAMP '2025-01-01' + to_seconds(CAST(hash(i) % 31536000 AS BIGINT))"
    fmt = "'%Y-%m-%dT%H:%M:%SZ'"
    duckdb.connect(config={"threads": 2}).execute(
        f"""COPY (SELECT i AS id, strftime({t}, {fmt}) AS created_at,
          strftime({t} + to_seconds(CAST(hash(i * 7) % 40000 AS BIGINT)), {fmt}) AS first_reply_at,
          CASE WHEN hash(i * 3) % 100 < 93 THEN
            strftime({t} + to_seconds(CAST(hash(i * 11) % 300000 AS BIGINT)), {fmt}) END AS resolved_at,
          strftime({t} + INTERVAL 48 HOUR, {fmt}) AS due_at,
          ['email', 'phone', 'chat', 'web', 'social'][1 + CAST(hash(i * 5) % 5 AS INT)] AS channel,
          ['low', 'normal', 'high', 'urgent'][1 + CAST(hash(i * 13) % 4 AS INT)] AS priority,
          CASE WHEN hash(i * 17) % 100 < 8 THEN 'true' ELSE 'false' END AS reopened,
          'c' || CAST(hash(i * 19) % {rows // 3 + 1} AS VARCHAR) AS customer_id,
          CASE WHEN hash(i * 23) % 10 < 3 THEN CAST(1 + hash(i * 29) % 5 AS VARCHAR) END AS satisfaction_score,
          CASE WHEN hash(i * 31) % 10 < 7 THEN 'true' ELSE 'false' END AS first_contact_resolution
        FROM range({rows}) t(i)) TO '{path}' (HEADER, DELIMITER ',')"""
    )


def _duckdb(csv: Path) -> dict[str, float]:
    """As an analyst writes it: DuckDB's defaults (memory limit 80 % of the machine), exact quantiles."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(
        f"CREATE VIEW t AS SELECT *, lead(created_at) OVER (PARTITION BY customer_id ORDER BY created_at) AS nxt "
        f"FROM read_csv('{csv}', header=true, timestampformat='%Y-%m-%dT%H:%M:%SZ') "
        "WHERE created_at >= TIMESTAMP '2025-01-01' AND created_at < TIMESTAMP '2026-01-01'"
    )
    exprs = ", ".join(SQL_KPIS.values())
    rows = con.execute(
        f"SELECT strftime(created_at, '%Y-%m') AS m, {exprs} FROM t GROUP BY GROUPING SETS ((), (m)) "
        "ORDER BY m NULLS FIRST"
    ).fetchall()
    return {k: round(float(v), 4) for k, v in zip(SQL_KPIS, rows[0][1:], strict=True)}


def _pandas(csv: Path) -> dict[str, float]:
    import pandas as pd

    dates = ["created_at", "first_reply_at", "resolved_at", "due_at"]
    df = pd.read_csv(csv, engine="pyarrow")
    for column in dates:
        df[column] = pd.to_datetime(df[column], format="%Y-%m-%dT%H:%M:%SZ")
    df = df[(df.created_at >= "2025-01-01") & (df.created_at < "2026-01-01")]
    df = df.sort_values(["customer_id", "created_at"])
    df["nxt"] = df.groupby("customer_id")["created_at"].shift(-1)
    df["m"] = df.created_at.dt.strftime("%Y-%m")
    resolved = df.resolved_at.notna()
    hours = {
        "reply": (df.first_reply_at - df.created_at).dt.total_seconds() / 3600,
        "resolve": (df.resolved_at - df.created_at).dt.total_seconds() / 3600,
    }
    out = {
        "sla_attainment": 100 * (resolved & (df.resolved_at <= df.due_at)).sum() / df.due_at.notna().sum(),
        "first_reply_time": hours["reply"].median(),
        "first_reply_time_p90": hours["reply"].quantile(0.9),
        "resolution_time": hours["resolve"].median(),
        "reopen_rate": 100 * (df.reopened & resolved).sum() / resolved.sum(),
        "fcr": 100 * df.first_contact_resolution.mean(),
        "repeat_contact_7d": 100 * ((df.nxt - df.created_at).dt.total_seconds() <= 604800).mean(),
    }
    df.groupby("m").agg({"reopened": "mean", "first_contact_resolution": "mean"})  # the monthly series
    hours["reply"].groupby(df.m).median()
    hours["resolve"].groupby(df.m).median()
    return {k: round(float(v), 4) for k, v in out.items()}


def _servex_values(result: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    for finding in json.loads(result.read_text())["findings"]:
        for req in finding["requirements"]:
            details = req.get("details") or {}
            if details.get("kpi") in SQL_KPIS and details.get("value") is not None and not details.get("segment"):
                found[details["kpi"]] = details["value"]
    return found


def _timed(argv: list[str], env: dict[str, str], codes: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in codes:
        raise RuntimeError(f"{argv[:3]} failed: {err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


def _one(kind: str, csv: str) -> None:
    values = _duckdb(Path(csv)) if kind == "duckdb" else _pandas(Path(csv))
    print(json.dumps(values))


def _bench(rows: int, memory: str, skip_pandas_above: int, work: Path) -> None:
    folder = work / f"tickets-{rows}"
    folder.mkdir()
    csv = folder / "tickets.csv"
    generate(csv, rows)
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Bench}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n  - name: tickets\n    collector: datasets\n    config:\n"
        "      files:\n        - {path: tickets.csv, dataset: tickets}\n",
        "utf-8",
    )
    env = {**os.environ, "SERVEX_DUCKDB_MEMORY": memory, "SERVEX_CACHE_DIR": str(work / f"cache-{rows}")}
    servex = [sys.executable, "-m", "servex", "assess", str(folder), "--fail-on", "never", "-q"]
    runs: dict[str, tuple[float, float]] = {}
    values: dict[str, dict[str, float]] = {}
    seconds, rss, out = _timed([sys.executable, __file__, "--one", "duckdb", str(csv)], env)
    runs["DuckDB SQL"], values["DuckDB SQL"] = (seconds, rss), json.loads(out)
    if rows <= skip_pandas_above:
        seconds, rss, out = _timed([sys.executable, __file__, "--one", "pandas", str(csv)], env)
        runs["pandas"], values["pandas"] = (seconds, rss), json.loads(out)
    for label in ("servex cold", "servex warm"):
        result = work / f"result-{rows}.json"
        seconds, rss, _ = _timed([*servex, "-o", f"json:{result}"], env, (0, 1))
        runs[label], values[label] = (seconds, rss), _servex_values(result)
    base = runs["DuckDB SQL"][0]
    print(f"**{rows:,} tickets** ({csv.stat().st_size / 1e9:.2f} GB CSV), servex DuckDB memory limit {memory}\n")
    print("| contender | seconds | × DuckDB SQL | peak RSS |\n|---|---:|---:|---:|")
    for name, (sec, mb) in runs.items():
        print(f"| {name} | {sec:.1f} | {sec / base:.2f} | {mb:.0f} MB |")
    if "pandas" in runs:
        print(f"\npandas takes {runs['pandas'][0] / runs['servex cold'][0]:.2f}× as long as servex cold.")
    differ = {
        k: {name: v.get(k) for name, v in values.items()}
        for k in SQL_KPIS
        if len({round(v[k], 3) for v in values.values() if k in v}) > 1 or any(k not in v for v in values.values())
    }
    print("\nValues agree across contenders.\n" if not differ else f"\nValues differ: `{json.dumps(differ)}`\n")
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 20_000_000])
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--skip-pandas-above", type=int, default=5_000_000)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return
    work = Path(tempfile.mkdtemp(prefix="servex-bench-assess-"))
    try:
        for rows in args.rows:
            _bench(rows, args.memory, args.skip_pandas_above, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
