"""dlt's `rest_api` source against servex's `http-json` engine, on the same local cursor-paged API.

Not part of `make bench` (dlt is not a servex dependency): it measures the alternative the API issue
asked to consider. dlt runs in its own virtual environment, given with --python; both read the same
Zendesk-shaped list endpoint (cursor paging, bearer token) from the fault-free local server running in
a third process, and both must return every ticket.
Usage: compare_dlt_rest_api.py --python /path/to/dlt-venv/bin/python [--tickets 20000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "http_api"))

from fake_zendesk import TOKEN, make_tickets, serve  # noqa: E402

__all__ = ["main"]

_DLT = """
import json, sys, time
t0 = time.perf_counter()
import dlt
from dlt.sources.rest_api import rest_api_source
t1 = time.perf_counter()
url, token, mode, workdir = sys.argv[1:5]
config = {
    "client": {
        "base_url": url,
        "auth": {"type": "bearer", "token": token},
        "paginator": {"type": "cursor", "cursor_path": "meta.after_cursor", "cursor_param": "page[after]"},
    },
    "resources": [{"name": "tickets", "endpoint": {"path": "api/v2/tickets", "params": {"page[size]": 100},
                   "data_selector": "tickets"}}],
}
source = rest_api_source(config)
if mode == "extract":
    rows = sum(len(page) if isinstance(page, list) else 1 for page in source.resources["tickets"])
else:
    pipeline = dlt.pipeline(pipeline_name="bench", destination=dlt.destinations.duckdb(workdir + "/bench.duckdb"),
                            dataset_name="api", pipelines_dir=workdir + "/pipelines")
    pipeline.run(source)
    with pipeline.sql_client() as client:
        rows = client.execute_sql("SELECT count(*) FROM tickets")[0][0]
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "run": t2 - t1, "rows": rows}))
"""


def _server(conn: Connection, tickets: int) -> None:
    api = make_tickets(tickets, seed=1, days=90)
    with serve(api) as url:
        conn.send((url, len(api.tickets)))
        conn.recv()


def _servex(url: str, tmp: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    from servex import CollectContext, Period
    from servex.plugins.http_api import servex_collectors

    imported = time.perf_counter()
    collector = {c.name: c for c in servex_collectors()}["http-json"]
    config = {
        "base_url": url,
        "auth": {"type": "bearer", "token_env": "BENCH_ZD_TOKEN"},
        "endpoints": [
            {
                "path": "/api/v2/tickets",
                "dataset": "tickets",
                "records": "tickets",
                "params": {"page[size]": 100},
                "pagination": {"type": "cursor", "param": "page[after]", "cursor": "meta.after_cursor"},
                "fields": {"created_at": "created_at", "status": "status", "priority": "priority"},
            }
        ],
    }
    ctx = CollectContext(
        evidence_dir=tmp,
        source="bench",
        config=config,
        manifest={},
        period=Period(date(2026, 1, 1), date(2026, 3, 31)),
        collected_at="2026-04-01T00:00:00Z",
        cache_dir=tmp,
        offline=False,
        criteria_set=cast(Any, None),
    )
    [item] = list(collector.collect(ctx))
    return imported - start, time.perf_counter() - imported, int(item.attributes["rows"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="python of a virtual environment with dlt installed")
    parser.add_argument("--tickets", type=int, default=20_000)
    args = parser.parse_args()
    os.environ["BENCH_ZD_TOKEN"] = TOKEN
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_server, args=(theirs, args.tickets))
    child.start()
    url, total = ours.recv()
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            imported, run, rows = _servex(url, Path(tmp))
            results.append(("servex `http-json` (records → typed Parquet + evidence cache)", imported, run, rows))
        for mode, label in (("extract", "dlt `rest_api`, extract only"), ("load", "dlt `rest_api` → DuckDB pipeline")):
            with tempfile.TemporaryDirectory() as tmp:
                out = subprocess.run(
                    [args.python, "-c", _DLT, url, TOKEN, mode, tmp], capture_output=True, text=True, check=True
                )
                got = json.loads(out.stdout.strip().splitlines()[-1])
                results.append((label, got["import"], got["run"], int(got["rows"])))
    finally:
        ours.send("stop")
        child.join()
    print(f"{total:,} tickets served in pages of 100 (cursor paging).\n")
    print("| contender | import (s) | read (s) | rows |")
    print("|---|---:|---:|---:|")
    for label, imported, run, rows in results:
        print(f"| {label} | {imported:.2f} | {run:.2f} | {rows:,} |")


if __name__ == "__main__":
    main()
