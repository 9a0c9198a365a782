"""API collection: 100,000 Zendesk-shaped tickets from the local fault-injecting server, against its rate limit.

The server allows RATE requests per second (429 + Retry-After beyond it) and injects 5xx and connection
resets at random (fixed seed). The ideal is what the rate limit allows: 100 records per request x RATE
(and, stricter for the export's 1,000-ticket pages, each run's request floor: its pages / RATE).
Three runs: the `zendesk` connector as it reads by default (the incremental ticket export with metric sets
side-loaded, plus CSAT), the same connector on the list endpoints (`api: list`: three cursor-paginated
streams, tickets + metrics + CSAT, fetched in parallel) and the generic `http-json` collector on numbered
pages fetched concurrently.
Each collector runs --runs times, in turns, in a fresh interpreter; min and median are reported.
Usage: bench_api.py [--tickets 100000] [--rate 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "http_api"))

from fake_zendesk import EMAIL, TOKEN, Faults, make_tickets, serve  # noqa: E402

__all__ = ["main"]


def _collect(name: str, config: dict[str, Any], cache: Path) -> tuple[float, int]:
    from servex import CollectContext, Period
    from servex.plugins.http_api import servex_collectors

    collector = {c.name: c for c in servex_collectors()}[name]
    ctx = CollectContext(
        evidence_dir=cache,
        source=name,
        config=config,
        manifest={},
        period=Period(date(2026, 1, 1), date(2026, 3, 31)),
        collected_at="2026-04-01T00:00:00Z",
        cache_dir=cache,
        offline=False,
        criteria_set=cast(Any, None),
    )
    start = time.perf_counter()
    [item] = list(collector.collect(ctx))
    return time.perf_counter() - start, int(item.attributes["rows"])


def _server(conn: Connection, tickets: int, rate: float) -> None:
    """The API in its own process, as in real life: it must not share the collector's interpreter lock.
    Every record is JSON-encoded before the clock starts (a real API's CPU is not on this machine); the
    CPU the process spends while the collector runs is measured and reported."""
    api = make_tickets(tickets, seed=1)
    api.faults = Faults(seed=2, error_5xx=0.01, reset=0.005)
    api.__post_init__()
    api.rate_limit = rate
    for rows in (api.tickets, api.metrics, api.ratings):
        api.encode(rows)
    with serve(api) as url:
        cpu = time.process_time()
        conn.send((url, len(api.tickets), len(api.metrics), len(api.ratings)))
        conn.recv()
        cpu = time.process_time() - cpu
    conn.send((api.requests, api.throttled, sum(api.served.values()), cpu))


def _config(label: str, url: str, rate: float) -> dict[str, Any]:
    retry = {"backoff": 0.05, "max_backoff": 2.0, "retries": 8, "seed": 1, "timeout": 10.0}
    if label.startswith("zendesk"):
        return {
            **({"api": "list"} if "list" in label else {"page_size": 1000}),
            "base_url": url,
            "email": EMAIL,
            "token_env": "BENCH_ZD_TOKEN",
            "rate_limit": rate * 0.95,
            "concurrency": 3,
            **retry,
        }
    return {
        "base_url": url,
        "rate_limit": rate * 0.95,
        "concurrency": 8,
        "period_filter": True,
        **retry,
        "auth": {"type": "bearer", "token_env": "BENCH_ZD_TOKEN"},
        "endpoints": [
            {
                "path": "/api/v2/tickets",
                "dataset": "tickets",
                "records": "tickets",
                "pagination": {"type": "page", "size": 100, "total": "count"},
                "fields": {"created_at": "created_at", "status": "status", "priority": "priority"},
            }
        ],
    }


def _collector(conn: Connection, name: str, config: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conn.send(_collect(name, config, Path(tmp)))


def _run(label: str, tickets: int, rate: float) -> dict[str, Any]:
    """One collection: a new server process, and the collector in a new interpreter (nothing imported)."""
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_server, args=(theirs, tickets, rate))
    child.start()
    url, n_tickets, n_metrics, n_ratings = ours.recv()
    spawn = multiprocessing.get_context("spawn")
    mine, its = spawn.Pipe()
    collector = spawn.Process(target=_collector, args=(its, label.split()[0], _config(label, url, rate)))
    collector.start()
    seconds, rows = mine.recv()
    collector.join()
    ours.send("stop")
    requests, throttled, pages, cpu = ours.recv()
    child.join()
    if rows != tickets:
        raise SystemExit(f"{label}: collected {rows} tickets in the period, expected {tickets}")
    records = n_tickets + (n_metrics + n_ratings if label.startswith("zendesk") else 0)
    return {
        "seconds": seconds,
        "records": records,
        "requests": requests,
        "throttled": throttled,
        "pages": pages,
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0, help="server rate limit, requests/second")
    parser.add_argument("--runs", type=int, default=5, help="runs of each collector, in turns")
    args = parser.parse_args()
    os.environ["BENCH_ZD_TOKEN"] = TOKEN
    labels = ("zendesk", "zendesk (api: list)", "http-json")
    load_start = os.getloadavg()[0]
    results: dict[str, list[dict[str, Any]]] = {label: [] for label in labels}
    for _ in range(args.runs):
        for label in labels:
            results[label].append(_run(label, args.tickets, args.rate))
    load_end = os.getloadavg()[0]
    print(
        "| run | records | requests (429s) | time (s), min / median | ideal records/s | of ideal, best / median "
        "| pages | request floor (s) | of floor, median | server CPU per request | server CPU, share of one core |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ideal = 100.0 * args.rate  # records a request (page[size] maximum) x the rate limit
    server_cpu: list[float] = []
    for label in labels:
        runs = sorted(results[label], key=lambda r: r["seconds"])
        mid = runs[len(runs) // 2]
        best, median = runs[0]["seconds"], statistics.median(r["seconds"] for r in runs)
        records, pages = mid["records"], mid["pages"]
        floor = pages / args.rate  # the pages this read needs, at the server's rate, without a fault
        server_cpu.append(mid["cpu"] / mid["seconds"])
        print(
            f"| `{label}` | {records:,} | {mid['requests']:,} ({mid['throttled']:,}) | {best:.1f} / {median:.1f} | "
            f"{ideal:,.0f} | {100 * records / best / ideal:.0f}% / {100 * records / median / ideal:.0f}% | "
            f"{pages:,} | {floor:.1f} | {100 * floor / median:.0f}% | "
            f"{1000 * mid['cpu'] / max(1, mid['requests']):.2f} ms | {100 * mid['cpu'] / mid['seconds']:.0f}% |"
        )
    print()
    print(
        f"{args.runs} runs of each collector, in turns, each in a new process against a new server process; "
        f"load average {load_start:.1f} at the start, {load_end:.1f} at the end (two cores)."
    )
    print()
    print(
        f"Server (its own process): {args.rate:.0f} requests/s, pages of 100 records, 1% 5xx and 0.5% connection "
        "resets (seeded); collectors limited to 95% of that rate. Records count every record the API returned "
        "(tickets, metrics and ratings for `zendesk`). **Of ideal** is the goal's measure (issue 21): records/s "
        "against 100 records x the rate limit, the same yardstick for every run. The incremental export serves "
        "1,000 tickets with their metric sets a page (CSAT still 100 a page), so the rate limit would allow it "
        "far more records/s than that yardstick: **of floor** is the stricter measure for each run, the pages it "
        "needs (answered without a fault) at the server's rate, over the time taken (Zendesk itself allows the "
        "export 10 requests a minute, so against the real API the export is bound by that limit, not by "
        "servex). Time runs from the collector's call to its evidence item in a fresh interpreter: loading "
        "httpx and DuckDB, the requests, mapping, the evidence cache and the Parquet file. "
        "The fake server encodes each record's JSON once before the clock "
        "starts and assembles pages from those bytes (a real API's CPU is not on the assessor's machine); "
        f"while a collector ran it used {100 * min(server_cpu):.0f}-{100 * max(server_cpu):.0f}% of one of the "
        "two cores it shares with the collector (the export's pages carry 1,000 tickets and their metric sets, "
        "hence its higher CPU per request). The list endpoints' three cursor streams are each sequential "
        "(a cursor page names the next), so each stream is bound by its round trip, not by the rate, and on a "
        "loaded machine every round trip waits for a core twice (server and collector); numbered pages "
        "(`http-json`) are fetched concurrently. Each run collected exactly the seeded tickets of the period "
        "(a run that does not exits non-zero)."
    )


if __name__ == "__main__":
    main()
