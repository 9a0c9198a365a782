"""API collection: 100,000 Zendesk-shaped tickets from the local fault-injecting server, against its rate limit.

The server allows RATE requests per second (429 + Retry-After beyond it) and injects 5xx and connection
resets at random (fixed seed). The ideal is what the rate limit allows: records per request x RATE.
Three runs: the `zendesk` connector as it reads by default (the incremental ticket export with metric sets
side-loaded, plus CSAT), the same connector on the list endpoints (`api: list`: three cursor-paginated
streams, tickets + metrics + CSAT, fetched in parallel) and the generic `http-json` collector on numbered
pages fetched concurrently.
Usage: bench_api.py [--tickets 100000] [--rate 200]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0, help="server rate limit, requests/second")
    args = parser.parse_args()
    os.environ["BENCH_ZD_TOKEN"] = TOKEN
    retry = {"backoff": 0.05, "max_backoff": 2.0, "retries": 8, "seed": 1, "timeout": 10.0}
    print(
        "| run | records | requests (429s) | time (s) | records/s | ideal records/s | of ideal "
        "| pages | request floor (s) | of floor | server CPU per request | server CPU, share of one core |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    server_cpu: list[float] = []
    for label in ("zendesk", "zendesk (api: list)", "http-json"):
        ours, theirs = multiprocessing.Pipe()
        child = multiprocessing.Process(target=_server, args=(theirs, args.tickets, args.rate))
        child.start()
        url, n_tickets, n_metrics, n_ratings = ours.recv()
        if label.startswith("zendesk"):
            config = {
                **({"api": "list"} if "list" in label else {"page_size": 1000}),
                "base_url": url,
                "email": EMAIL,
                "token_env": "BENCH_ZD_TOKEN",
                "rate_limit": args.rate * 0.95,
                "concurrency": 3,
                **retry,
            }
        else:
            config = {
                "base_url": url,
                "rate_limit": args.rate * 0.95,
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
        per_request = 100.0  # page[size] maximum
        with tempfile.TemporaryDirectory() as tmp:
            seconds, rows = _collect(label.split()[0], config, Path(tmp))
        ours.send("stop")
        requests, throttled, pages, cpu = ours.recv()
        server_cpu.append(cpu / seconds)
        child.join()
        if rows != args.tickets:
            raise SystemExit(f"{label}: collected {rows} tickets in the period, expected {args.tickets}")
        records = n_tickets + (n_metrics + n_ratings if label.startswith("zendesk") else 0)
        ideal = per_request * args.rate
        rate = records / seconds
        floor = pages / args.rate  # the pages this read needs, at the server's rate, without a fault
        print(
            f"| `{label}` | {records:,} | {requests:,} ({throttled:,}) | {seconds:.1f} | {rate:,.0f} | "
            f"{ideal:,.0f} | {100 * rate / ideal:.0f}% | {pages:,} | {floor:.1f} | {100 * floor / seconds:.0f}% | "
            f"{1000 * cpu / max(1, requests):.2f} ms | {100 * cpu / seconds:.0f}% |"
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
        "servex). Time is the whole collection as a user waits for it: start-up, requests, mapping, the "
        "evidence cache and the Parquet file. The fake server encodes each record's JSON once before the clock "
        "starts and assembles pages from those bytes (a real API's CPU is not on the assessor's machine); "
        f"while a collector ran it used {100 * min(server_cpu):.0f}-{100 * max(server_cpu):.0f}% of one of the "
        "two cores it shares with the collector (the export's pages carry 1,000 tickets and their metric sets, "
        "hence its higher CPU per request). The list endpoints' three cursor streams are each sequential "
        "(a cursor page names the next), so each stream is bound by its round trip, not by the rate; "
        "numbered pages (`http-json`) "
        "are fetched concurrently. Each run collected exactly the seeded tickets of the period (a run that does "
        "not exits non-zero)."
    )


if __name__ == "__main__":
    main()
