"""Whole `servex assess` runs on ticket exports against the same KPIs in DuckDB SQL and in pandas, interleaved.

The baselines are written as an analyst writes them: DuckDB SQL with its defaults, pandas vectorised with
fast ISO date parsing; each contender runs in its own process.

The KPIs are the ticket KPIs of the shipped pyramid set (overall and monthly). servex runs the whole
assessment (every criterion of the set), cold (its evidence cache emptied before each run: hash, the CSV
read and every value checked, loaded typed in memory when it fits in a quarter of the memory limit and
converted to Parquet otherwise, every criterion graded; the user cache of parsed criteria kept, as after
any first run) and warm (the checks and the KPI figures cached: the export is hashed, not read), with its
DuckDB memory limit set to --memory; the contenders run with their defaults (the goal's baseline), and
the DuckDB SQL once more under servex's memory limit, to show what the limit itself costs. Each size is
measured with the harness (fresh processes, in turns, min and median, peak RSS of the process tree);
sizes above --single-above run once each (a 20M-row run takes minutes), and pandas is left out above
--skip-pandas-above. Values are compared from one untimed run of each.
Usage: bench_assess_kpis.py [--rows 1000000 20000000] [--memory 2GB]
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

sys.path.insert(0, str(Path(__file__).parent))

from _harness import Contender, Stats, load, measure, publish, quick, run_once, runs, servex_bin

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


OUT_OF_MEMORY = "out_of_memory"
OOM_EXIT = 3  #: the exit code of a contender that ran out of memory (its time is the time until it did)


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


def _duckdb(csv: Path, memory: str | None = None) -> dict[str, float]:
    """As an analyst writes it: DuckDB's defaults (memory limit 80 % of the machine), exact quantiles; with
    `memory`, the same query under servex's memory limit, to show what the limit itself costs."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": memory} if memory else {})
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


def _one(kind: str, csv: str) -> None:
    limit = kind.partition(":")[2] or None  # "duckdb:2GB": under that memory limit
    if not kind.startswith("duckdb"):
        values = _pandas(Path(csv))
    else:
        import duckdb

        try:
            values = _duckdb(Path(csv), limit)
        except duckdb.OutOfMemoryException:  # under servex's limit the exact quantiles may not fit
            print(json.dumps({OUT_OF_MEMORY: True}))
            sys.exit(OOM_EXIT)
    print(json.dumps(values))


def _bench(rows: int, memory: str, skip_pandas_above: int, single_above: int, work: Path) -> str:
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
    evidence_cache = work / f"evidence-cache-{rows}"
    result = work / f"result-{rows}.json"
    env = {"SERVEX_DUCKDB_MEMORY": memory, "SERVEX_CACHE_DIR": str(work / "user-cache")}
    servex = [servex_bin(), "assess", str(folder), "--fail-on", "never", "-q", "--cache-dir", str(evidence_cache),
              "-o", f"json:{result}"]
    outputs = {name: work / f"{name}-{rows}.json" for name in ("duckdb", "duckdb-limited", "pandas")}
    limited = f"DuckDB SQL, {memory} limit"
    contenders = [
        Contender("DuckDB SQL", [sys.executable, __file__, "--one", "duckdb", str(csv)], stdout=outputs["duckdb"]),
        Contender(limited, [sys.executable, __file__, "--one", f"duckdb:{memory}", str(csv)],
                  stdout=outputs["duckdb-limited"], ok_codes=(0, OOM_EXIT)),
        Contender("pandas", [sys.executable, __file__, "--one", "pandas", str(csv)], stdout=outputs["pandas"]),
        Contender("servex cold", servex, env=env, ok_codes=(0, 1),
                  before=lambda: shutil.rmtree(evidence_cache, ignore_errors=True)),
        Contender("servex warm", servex, env=env, ok_codes=(0, 1)),
    ]
    if rows > skip_pandas_above:
        contenders = [c for c in contenders if c.name != "pandas"]
    values: dict[str, dict[str, float]] = {}
    single = rows > single_above  # minutes per run: the one run is timed, and gives the values too
    stats = {c.name: Stats(c.name) for c in contenders}
    before = load()
    for contender in contenders:  # one run each: the values, the OS file cache, the criteria cache
        seconds, rss = run_once(contender)
        if single:
            stats[contender.name].seconds.append(seconds)
            stats[contender.name].rss_mb.append(rss)
        kind = {"DuckDB SQL": "duckdb", limited: "duckdb-limited", "pandas": "pandas"}.get(contender.name)
        values[contender.name] = json.loads(outputs[kind].read_text()) if kind else _servex_values(result)
    if not single:
        before = load()
        stats = measure(contenders, warmup=False)
    count = 1 if single else runs()
    after = load()
    base = stats["DuckDB SQL"].median
    lines = [
        f"**{rows:,} tickets** ({csv.stat().st_size / 1e9:.2f} GB CSV), servex DuckDB memory limit {memory}",
        "",
        "| contender | min (s) | median (s) | × DuckDB SQL (median) | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    failed = {name for name, v in values.items() if v.get(OUT_OF_MEMORY)}
    for st in stats.values():
        name = f"{st.name} (ran out of memory)" if st.name in failed else st.name
        lines.append(f"| {name} | {st.min:.2f} | {st.median:.2f} | {st.median / base:.2f} | {st.peak_mb:.0f} |")
    lines.append("")
    lines.append(
        f"{count} run(s) of each{' in turns' if count > 1 else ''}, each in a fresh process"
        f"{', after one untimed run' if count > 1 else ''}; "
        f"load average {before:.1f} at the start and {after:.1f} at the end, on {os.cpu_count()} CPUs."
    )
    cold = stats["servex cold"].median
    verdicts = [f"cold {cold / base:.2f}× DuckDB SQL (goal ≤ 1.5×: **{'met' if cold / base <= 1.5 else 'missed'}**)"]
    if limited in failed:
        verdicts.append(f"the same SQL under servex's {memory} limit runs out of memory after "
                        f"{stats[limited].median:.0f} s (its exact quantiles keep every value)")
    else:
        verdicts.append(f"{cold / stats[limited].median:.2f}× the same SQL under the same {memory} limit as servex")
    if "pandas" in stats:
        faster = stats["pandas"].median / cold
        verdicts.append(f"pandas takes {faster:.2f}× as long as servex cold (goal ≥ 3×: "
                        f"**{'met' if faster >= 3 else 'missed'}**)")
    peak = stats["servex cold"].peak_mb
    verdicts.append(f"servex cold peak RSS {peak:,.0f} MB under the {memory} setting")
    values = {name: v for name, v in values.items() if name not in failed}
    differ = {
        k: {name: v.get(k) for name, v in values.items()}
        for k in SQL_KPIS
        if len({round(v[k], 3) for v in values.values() if k in v}) > 1 or any(k not in v for v in values.values())
    }
    agree = "Values agree across contenders." if not differ else f"Values differ: `{json.dumps(differ)}`"
    lines += ["", "; ".join(verdicts) + ". " + agree, ""]
    shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 20_000_000])
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--skip-pandas-above", type=int, default=5_000_000)
    parser.add_argument("--single-above", type=int, default=5_000_000)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return
    started = time.perf_counter()
    # pip compiles installed packages; an editable checkout would otherwise pay for compiling on every run
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "core"),
                    str(Path(__file__).parents[1] / "plugins")], check=True)
    sizes = [20_000] if quick() else args.rows
    work = Path(tempfile.mkdtemp(prefix="servex-bench-assess-"))
    try:
        body = "\n".join(_bench(rows, args.memory, args.skip_pandas_above, args.single_above, work) for rows in sizes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body += (
        "\nGoals (issue 23): 20M rows complete under a 2 GB memory setting; cold ≤ 1.5× DuckDB SQL; ≥ 3× faster "
        "than pandas. servex does more than the hand-written SQL: it checks every value (and cites bad ones), "
        "adds channel and priority breakdowns, and grades every criterion. A CSV of at most a quarter of the memory "
        "limit is loaded typed in memory and its KPIs computed there (1M rows); a larger one is converted to "
        "Parquet first (20M rows under 2GB). Warm runs read the KPI figures cached by the export's hash."
    )
    sizes_text = " ".join(str(r) for r in sizes)
    publish("assess_kpis", __doc__, body, f"python bench/bench_assess_kpis.py --rows {sizes_text}",
            time.perf_counter() - started)


if __name__ == "__main__":
    main()
