"""KPI benchmark: servex against the same ticket metrics hand-written in DuckDB SQL and in pandas.

Each contender runs in its own process (so peak RSS is its own) on the same generated CSV, in one run.
servex is timed cold (hash + CSV -> canonical Parquet + KPIs) and warm (cached conversion + KPIs).
Usage: bench_kpi.py [--rows 1000000] [--big-gb 3] [--keep]
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

__all__ = ["KPIS", "main"]

HERE = Path(__file__).resolve().parent
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
KPIS: list[dict[str, Any]] = [
    {
        "id": "frt_4h",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {"type": "within", "start": "created_at", "end": "first_reply_at", "limit_hours": 4},
    },
    {
        "id": "resolution_median",
        "dataset": "tickets",
        "unit": "hours",
        "formula": {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "median"},
    },
    {
        "id": "resolution_sla",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {"type": "before_deadline", "end": "resolved_at", "deadline": "due_at"},
    },
    {
        "id": "reopen_rate",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {"type": "share", "condition": {"field": "reopened", "is_true": True}},
    },
    {
        "id": "csat",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {
            "type": "share",
            "condition": {"field": "satisfaction_score", "gte": 4},
            "where": {"field": "satisfaction_score", "present": True},
        },
    },
    {
        "id": "fcr",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {"type": "share", "condition": {"field": "first_contact_resolution", "is_true": True}},
    },
    {
        "id": "repeat_7d",
        "dataset": "tickets",
        "unit": "percent",
        "formula": {"type": "repeat_within", "key": "customer_id", "time": "created_at", "days": 7},
    },
]


def _servex(csv: Path, cache: Path) -> dict[str, Any]:
    from servex import CollectContext, Period
    from servex.plugins.datasets._collect import collect
    from servex.plugins.datasets._engine import compute_kpis

    ctx = CollectContext(
        evidence_dir=csv.parent,
        source="bench",
        config={"files": [{"path": csv.name, "dataset": "tickets"}]},
        manifest={},
        period=Period(*PERIOD),
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=cache,
        offline=True,
        criteria_set=cast(Any, None),
    )
    items = list(collect(ctx))
    paths = [item.payload for item in items]
    # As in a run: the KPIs a criteria set asks of one dataset are computed together.
    return {kpi: res["value"] for kpi, res in compute_kpis(KPIS, paths, Period(*PERIOD)).items()}


_SQL = {
    "frt_4h": "100.0 * count(*) FILTER (WHERE first_reply_at IS NOT NULL AND first_reply_at - created_at <= "
    "INTERVAL 4 HOUR) / count(*)",
    "resolution_median": "quantile_cont(epoch(resolved_at - created_at) / 3600, 0.5)",
    "resolution_sla": "100.0 * count(*) FILTER (WHERE resolved_at IS NOT NULL AND resolved_at <= due_at) "
    "/ count(*) FILTER (WHERE due_at IS NOT NULL)",
    "reopen_rate": "100.0 * count(*) FILTER (WHERE reopened) / count(*)",
    "csat": "100.0 * count(*) FILTER (WHERE satisfaction_score >= 4) / count(satisfaction_score)",
    "fcr": "100.0 * count(*) FILTER (WHERE first_contact_resolution) / count(*)",
    "repeat_7d": "100.0 * count(*) FILTER (WHERE nxt IS NOT NULL AND nxt - created_at <= INTERVAL 7 DAY) / count(*)",
}


def _duckdb(csv: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(config={"threads": 2, "memory_limit": "512MB"})
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}', header=true, timestampformat='%Y-%m-%dT%H:%M:%SZ')")
    con.execute(
        "CREATE TABLE r AS SELECT customer_id, created_at, lead(created_at) OVER "
        "(PARTITION BY customer_id ORDER BY created_at) AS nxt FROM t"
    )
    out = {}
    for kpi, expr in _SQL.items():
        table = "r" if kpi == "repeat_7d" else "t"
        rows = con.execute(
            f"SELECT strftime(created_at, '%Y-%m') AS m, {expr} FROM {table} "
            "WHERE created_at >= DATE '2025-01-01' AND created_at < DATE '2026-01-01' "
            "GROUP BY GROUPING SETS ((), (m)) ORDER BY m NULLS FIRST"
        ).fetchall()
        out[kpi] = round(float(rows[0][1]), 4)
    return out


def _pandas(csv: Path) -> dict[str, Any]:
    import pandas as pd

    dates = ["created_at", "first_reply_at", "resolved_at", "due_at"]
    df = pd.read_csv(csv, usecols=[*dates, "reopened", "customer_id", "satisfaction_score", "first_contact_resolution"])
    for column in dates:
        df[column] = pd.to_datetime(df[column], format="%Y-%m-%dT%H:%M:%SZ")
    df["m"] = df["created_at"].dt.strftime("%Y-%m")
    df = df.sort_values(["customer_id", "created_at"])
    df["nxt"] = df.groupby("customer_id")["created_at"].shift(-1)
    metrics: dict[str, Callable[[Any], Any]] = {
        "frt_4h": lambda d: 100 * ((d.first_reply_at - d.created_at) <= pd.Timedelta(hours=4)).mean(),
        "resolution_median": lambda d: ((d.resolved_at - d.created_at).dt.total_seconds() / 3600).median(),
        "resolution_sla": lambda d: 100 * (d.resolved_at <= d.due_at).sum() / d.due_at.notna().sum(),
        "reopen_rate": lambda d: 100 * d.reopened.mean(),
        "csat": lambda d: 100 * (d.satisfaction_score >= 4).sum() / d.satisfaction_score.notna().sum(),
        "fcr": lambda d: 100 * d.first_contact_resolution.mean(),
        "repeat_7d": lambda d: 100 * ((d.nxt - d.created_at) <= pd.Timedelta(days=7)).mean(),
    }
    out = {}
    for kpi, fn in metrics.items():
        out[kpi] = round(float(fn(df)), 4)
        df.groupby("m").apply(fn, include_groups=False)
    return out


def _one(kind: str, csv: Path, cache: Path) -> None:
    start = time.perf_counter()
    values = {
        "servex": lambda: _servex(csv, cache),
        "duckdb": lambda: _duckdb(csv),
        "pandas": lambda: _pandas(csv),
    }[kind]()
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb, "values": values}))


def _run(kind: str, csv: Path, cache: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(csv), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big-gb", type=float, default=3.0, help="size of the large CSV (0 to skip)")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return
    sys.path.insert(0, str(HERE))
    generate: Callable[..., None] = importlib.import_module("gen_tickets").generate

    work = Path(tempfile.mkdtemp(prefix="servex-bench-kpi-"))
    try:
        csv = work / "tickets.csv"
        generate(str(csv), args.rows)
        cache = work / "cache"
        runs = {
            "duckdb": _run("duckdb", csv, cache),
            "pandas": _run("pandas", csv, cache),
            "servex cold": _run("servex", csv, cache),
            "servex warm": _run("servex", csv, cache),
        }
        base = runs["duckdb"]["seconds"]
        print(
            f"KPI set ({len(KPIS)} KPIs, overall + monthly) over {args.rows:,} ticket rows "
            f"({csv.stat().st_size / 1e6:.0f} MB CSV)"
        )
        print(f"{'contender':<14}{'seconds':>10}{'x DuckDB':>10}{'peak RSS MB':>13}")
        for name, run in runs.items():
            print(f"{name:<14}{run['seconds']:>10.2f}{run['seconds'] / base:>10.2f}{run['rss_mb']:>13.0f}")
        agree = all(
            abs(runs["servex cold"]["values"][k] - runs["duckdb"]["values"][k]) < 1e-3
            and abs(runs["pandas"]["values"][k] - runs["duckdb"]["values"][k]) < 1e-3
            for k in _SQL
        )
        print(f"values agree across contenders: {agree}")
        if not agree:
            print(json.dumps({k: v["values"] for k, v in runs.items()}, indent=1))
        csv.unlink()
        if args.big_gb > 0:
            big = work / "big.csv"
            free = shutil.disk_usage(work).free
            if free < args.big_gb * 2.5e9:
                print(f"large CSV skipped: {free / 1e9:.1f} GB free, {args.big_gb * 2.5:.1f} GB needed")
                return
            generate(str(big), int(args.big_gb * 1e9 / 3000), pad=2880)
            run = _run("servex", big, work / "cache-big")
            print(
                f"servex on a {big.stat().st_size / 1e9:.2f} GB CSV: {run['seconds']:.1f} s, "
                f"peak RSS {run['rss_mb']:.0f} MB (goal <= 1024 MB)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
