"""Enriching lists (Zendesk's ticket metrics and ratings) merge while they are read (issue 21, API speed).

Before, every metric and rating row waited until all three cursor streams had ended and was merged then,
on one thread, while nothing else ran: about a second of a 100,000-ticket collection. A row is now merged
as soon as its ticket is in; the rest still wait. The dataset and the error messages, in their order,
must be exactly those of merging everything at the end, whichever stream comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import duckdb
import pytest
from api_support import PERIOD
from fake_zendesk import EMAIL, TOKEN, make_tickets, serve
from servex import CollectContext
from servex.plugins.http_api import _generic, servex_collectors
from servex.plugins.http_api._enrich import early_enrichers
from servex.plugins.http_api._zendesk import zendesk_config

FAST = {"timeout": 0.6, "backoff": 0.005, "max_backoff": 0.05, "retries": 12, "seed": 3, "page_size": 20}


def _collect(url: str, work: Path) -> tuple[list[tuple[Any, ...]], list[str]]:
    collector = {c.name: c for c in servex_collectors()}["zendesk"]
    config = {"base_url": url, "email": EMAIL, "token_env": "ZD_TOKEN", "api": "list", "concurrency": 3, **FAST}
    ctx = CollectContext(
        evidence_dir=work, source="helpdesk", config=config, manifest={}, period=PERIOD,
        collected_at="2026-04-01T00:00:00Z", cache_dir=work / "cache", offline=False,
        criteria_set=cast(Any, None),
    )
    [item] = list(collector.collect(ctx))
    rows = duckdb.connect().execute(f"SELECT * FROM read_parquet('{item.payload}') ORDER BY id").fetchall()
    return rows, [entry.message for entry in ctx.log]


def test_the_list_endpoints_that_enrich_tickets_merge_early() -> None:
    endpoints = zendesk_config({"base_url": "http://x", "email": EMAIL, "token_env": "T", "api": "list"})["endpoints"]
    assert [endpoints[i]["path"] for i in sorted(early_enrichers(endpoints))] == [
        "/api/v2/ticket_metrics", "/api/v2/satisfaction_ratings"]
    shared = [dict(endpoints[1], fields={**endpoints[1]["fields"], "status": "status"}), endpoints[0]]
    assert early_enrichers(shared) == set()  # a field the tickets also map: merged at the end, in order


def test_merging_early_gives_the_dataset_and_messages_of_merging_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    runs = []
    for mode in ("early", "late"):
        if mode == "late":
            monkeypatch.setattr(_generic, "early_enrichers", lambda endpoints: set())
        api = make_tickets(400, seed=21)  # the same records each time, no faults: only the timing differs
        for metric in api.metrics[::37]:  # conversion errors, reported in the rows' order
            metric["reply_time_in_minutes"] = {"calendar": "soon", "business": None}
        api.metrics.reverse()  # metrics arrive before their tickets as often as after
        with serve(api) as url:
            runs.append(_collect(url, tmp_path / mode))
    (early_rows, early_log), (late_rows, late_log) = runs
    assert early_rows == late_rows and len(early_rows) > 300
    assert early_log == late_log and sum("soon" in message for message in early_log) > 5
