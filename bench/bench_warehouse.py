"""Warehouse KPIs: 8 ticket KPIs computed inside PostgreSQL against exporting the table to CSV and assessing it locally.

Both contenders are whole commands on the same table, in one run, once each (a 20M-row run takes most of an
hour here, so no repeats: the load average at start and end is printed): `servex assess` on a folder whose
manifest names the PostgreSQL table (warehouse source: servex reads the row count, months and category
values with a few aggregate queries, then PostgreSQL computes the KPIs; counts and shares in one
aggregate query, exact medians and p90 from a histogram of the durations plus a fetch of the records
around each percentile's position (plugins/warehouse/_ranks.py), repeat contacts in a windowed query;
only aggregates come back), against `COPY ... TO` a CSV file followed by `servex assess` on a folder
holding that export (datasets source: DuckDB converts the CSV to Parquet and computes the KPIs on both
cores). The table is generated inside PostgreSQL (seeded), on a throw-away server on 127.0.0.1 started as
the tests start theirs (work_mem 64 MB, shared_buffers 256 MB): the server and servex share the same
cores, which a real warehouse would not. Caches are cold.
Usage: bench_warehouse.py [--rows N]; the default is the issue's 20,000,000 (`SERVEX_BENCH_QUICK=1`: 20,000).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "warehouse"))

from _harness import load, quick  # noqa: E402
from pg_server import postgres_server  # noqa: E402

KPIS = [
    ("first_reply_time", "<=", 8),
    ("first_reply_time_p90", "<=", 24),
    ("resolution_time", "<=", 48),
    ("sla_attainment", ">=", 90),
    ("fcr", ">=", 70),
    ("reopen_rate", "<=", 10),
    ("ticket_csat_top2", ">=", 80),
    ("repeat_contact_7d", "<=", 15),
]
GENERATE = """
SELECT setseed(0.42);
CREATE UNLOGGED TABLE tickets AS
SELECT g AS id,
       c AS created_at,
       c + make_interval(secs => -ln(1 - random()) * 14400) AS first_reply_at,
       CASE WHEN random() < 0.93 THEN c + make_interval(secs => -ln(1 - random()) * 108000) END AS resolved_at,
       c + interval '48 hours' AS due_at,
       (ARRAY['email', 'phone', 'chat', 'web', 'social'])[1 + floor(random() * 5)::int] AS channel,
       (ARRAY['low', 'normal', 'high', 'urgent'])[1 + floor(random() * 4)::int] AS priority,
       random() < 0.08 AS reopened,
       'c' || floor(random() * {customers})::bigint AS customer_id,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 5) END AS satisfaction_score,
       random() < 0.7 AS first_contact_resolution
FROM (SELECT g, timestamp '2025-01-01' + make_interval(secs => floor(random() * 31536000)) AS c
      FROM generate_series(1, {rows}) AS g) AS s;
ANALYZE tickets;
"""


def _criteria() -> str:
    head = (
        'format_version: "1"\nid: bench-warehouse\nversion: 1.0.0\ntitle: {en: Warehouse bench, fr: Banc entrepôt}\n'
        "scales:\n  compliance:\n    title: {en: Compliance, fr: Conformité}\n    values:\n"
        "      - {id: non_compliance, label: {en: No, fr: Non}, score: 0, status: not_met}\n"
        "      - {id: compliance, label: {en: Yes, fr: Oui}, score: 100, status: met}\n"
        "levels:\n  - {id: L1, name: {en: Core, fr: Base}}\n"
        "dimensions:\n  - {id: D1, name: {en: Delivery, fr: Prestation}}\n"
        "elements:\n  - {id: E1, dimension: D1, name: {en: Tickets, fr: Demandes}}\ncriteria:\n"
    )
    body = ""
    for n, (kpi, op, value) in enumerate(KPIS, 1):
        body += (
            f"  - id: B-L1-{n:02d}\n    level: L1\n    elements: [E1]\n"
            f"    title: {{en: {kpi}, fr: {kpi}}}\n    statement: {{en: Meets its target., fr: Atteint sa cible.}}\n"
            "    recommendation: {en: Improve it., fr: L'améliorer.}\n    weight: 1\n    scale: compliance\n"
            "    evidence:\n      - id: kpi\n        type: kpi\n        role: show\n"
            "        description: {en: The KPI, fr: L'indicateur}\n"
            f'        params: {{kpi: {kpi}, target: {{op: "{op}", value: {value}}}}}\n'
            "    grading:\n      rules:\n        - {when: {req: kpi, is: satisfied}, then: compliance}\n"
            "      otherwise: non_compliance\n"
        )
    return head + body


def _folder(root: Path, name: str, source: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "set.yaml").write_text(_criteria(), encoding="utf-8")
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Bench}\ncriteria: set.yaml\n'
        f'period: {{start: "2025-01-01", end: "2025-12-31"}}\nsources:\n{source}',
        encoding="utf-8",
    )
    return folder


def _assess(folder: Path, out: Path, cache: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "servex"),
            "assess",
            str(folder),
            "-o",
            f"json:{out}",
            "--cache-dir",
            str(cache),
            "--fail-on",
            "never",
            "-q",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000 if quick() else 20_000_000)
    args = parser.parse_args()
    import json

    import psycopg

    root = Path(tempfile.mkdtemp(prefix="bench-warehouse-"))
    load_start = load()
    try:
        with postgres_server() as pg:
            url = pg.url()
            started = time.perf_counter()
            with psycopg.connect(url, autocommit=True) as con:
                version = str(con.execute("SHOW server_version").fetchone()[0]).split()[0]  # type: ignore[index]
                for statement in GENERATE.format(rows=args.rows, customers=args.rows // 3 + 1).split(";"):
                    if statement.strip():
                        con.execute(statement)
            generated = time.perf_counter() - started
            env = {**os.environ, "SERVEX_WAREHOUSE_URL": url}
            warehouse = _folder(
                root,
                "warehouse",
                "  - name: wh\n    collector: warehouse\n    config:\n      url_env: SERVEX_WAREHOUSE_URL\n"
                "      tables: [{table: tickets, dataset: tickets}]\n",
            )
            in_db = _assess(warehouse, root / "wh.json", root / "cache-wh", env)
            export = _folder(
                root,
                "export",
                "  - name: export\n    collector: datasets\n    config:\n"
                "      files: [{path: tickets.csv, dataset: tickets}]\n",
            )
            start = time.perf_counter()
            command = "COPY tickets TO STDOUT WITH (FORMAT csv, HEADER true)"
            with (
                psycopg.connect(url) as con,
                (export / "tickets.csv").open("wb") as handle,
                con.cursor().copy(command) as copy,
            ):
                for block in copy:
                    handle.write(block)
            exported = time.perf_counter() - start
            local = _assess(export, root / "file.json", root / "cache-file", env)
            size = (export / "tickets.csv").stat().st_size
        a, b = (json.loads((root / n).read_text()) for n in ("wh.json", "file.json"))

        def figures(r: dict[str, object]) -> list[object]:
            return [q["requirements"][0]["details"]["value"] for q in r["findings"]]  # type: ignore[attr-defined,index]

        same = figures(a) == figures(b)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    total = exported + local
    load_end = load()
    print(
        f"{args.rows:,} tickets generated inside PostgreSQL {version} in {generated:.0f} s (not timed below); "
        f"CSV export {size / 1e9:.2f} GB. Same 8 KPI values from both: {'yes' if same else 'NO'}.\n"
    )
    print("| contender | command(s) | seconds | vs warehouse |")
    print("|---|---|---:|---:|")
    print(f"| warehouse source (KPIs in PostgreSQL) | `servex assess` | {in_db:.1f} | 1.00× |")
    print(f"| export, then assess locally | `COPY ... TO` CSV | {exported:.1f} | |")
    print(f"| | `servex assess` on the CSV | {local:.1f} | |")
    print(f"| | together | {total:.1f} | {total / in_db:.2f}× |")
    faster = "the warehouse source is faster" if in_db < total else "the export path is faster"
    print(
        f"\nOne run of each (the warehouse source first), load average {load_start:.1f} at the start and "
        f"{load_end:.1f} at the end, on {os.cpu_count()} CPUs shared by PostgreSQL, servex and other jobs: "
        f"{faster} here ({total / in_db:.2f}×). What the warehouse source buys besides is that no record leaves "
        f"the database and no {size / 1e9:.1f} GB copy sits on the assessor's machine; on a real warehouse the "
        "work runs on the database's machine, not on the assessor's."
    )


if __name__ == "__main__":
    main()
