"""A real helpdesk: django-helpdesk from PyPI on SQLite, on 127.0.0.1, read with the generic collector."""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect, ticket_kpis

SITE = Path(__file__).parent / "helpdesk_site"
TOKEN = "0f3c9a7d5e1b2c4a6d8e0f1a3b5c7d9e1f2a4b6c"  # DRF token keys are 40 hex characters


def _seed(n: int) -> list[dict[str, Any]]:
    """Tickets with known times; a few created before the period so the period filter is exercised."""
    rng = random.Random(23)
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(1, n + 1):
        created = origin + timedelta(seconds=rng.randrange(90 * 86400) if i % 20 else -rng.randrange(86400, 9 * 86400))
        events = [{"title": "Ticket Opened", "new_status": None, "at": created}]
        status = 1
        if rng.random() < 0.85:
            events.append(
                {"title": "Comment", "new_status": None, "at": created + timedelta(minutes=rng.randrange(5, 2880))}
            )
        if rng.random() < 0.7:
            resolved = events[-1]["at"] + timedelta(minutes=rng.randrange(10, 3000))
            events.append({"title": "Resolved", "new_status": 3, "at": resolved})
            status = 3
            if rng.random() < 0.2:
                again = resolved + timedelta(hours=rng.randrange(1, 48))
                events.append({"title": "Reopened", "new_status": 2, "at": again})
                events.append(
                    {"title": "Resolved", "new_status": 3, "at": again + timedelta(hours=rng.randrange(1, 30))}
                )
        rows.append(
            {
                "n": i,
                "email": f"c{rng.randrange(60)}@example.org",
                "priority": rng.randrange(1, 6),
                "status": status,
                "created": created,
                "events": events,
            }
        )
    return rows


def _truth(rows: list[dict[str, Any]]) -> dict[str, Any]:
    inside = [r for r in rows if r["created"] >= datetime(2026, 1, 1, tzinfo=UTC)]
    replies = [
        (e["at"] - r["created"]).total_seconds() / 3600
        for r in inside
        for e in r["events"][1:2]
        if e["title"] == "Comment"
    ]
    resolved = [[e["at"] for e in r["events"] if e["new_status"] == 3] for r in inside]
    within = sum(
        1 for r, ends in zip(inside, resolved, strict=True) if ends and ends[-1] - r["created"] <= timedelta(hours=24)
    )
    return {
        "rows": len(inside),
        "distinct": len(inside),
        "median_reply_hours": statistics.median(replies),
        "resolved_24h_pct": 100.0 * within / len(inside),
        "reopened_pct": 100.0 * sum(any(e["new_status"] == 2 for e in r["events"]) for r in inside) / len(inside),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    folder = tmp_path_factory.mktemp("helpdesk")
    rows = _seed(240)
    seed = folder / "seed.json"
    seed.write_text(json.dumps(rows, default=lambda d: d.isoformat()))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": str(SITE),
        "HELPDESK_TEST_DIR": str(folder),
        "PYTHONWARNINGS": "ignore",
    }
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(SITE / "serve.py"), str(port), str(seed), TOKEN],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError("django-helpdesk did not start:\n" + (folder / "server.log").read_text())
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/helpdesk/api", rows
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


CONFIG: dict[str, Any] = {
    "auth": {"type": "bearer", "token_env": "HELPDESK_TOKEN"},
    "period_filter": True,
    "concurrency": 3,
    "endpoints": [
        {
            "path": "/tickets/",
            "dataset": "tickets",
            "records": "results",
            "pagination": {"type": "page", "param": "page", "size_param": "page_size", "size": 50, "total": "count"},
            "fields": {
                "created_at": "followup_set[0].date",
                "first_reply_at": "followup_set[?title=='Comment'] | [0].date",
                "resolved_at": "followup_set[?new_status==`3`] | [-1].date",
                "reopened": "length(followup_set[?new_status==`2`]) > `0`",
                "status": {"path": "status", "map": {"1": "open", "2": "reopened", "3": "resolved", "4": "closed"}},
                "priority": "priority",
                "customer_id": "submitter_email",
                "due_at": "due_date",
            },
        }
    ],
}


def test_kpis_from_a_real_helpdesk_equal_the_seeded_truth(
    helpdesk: tuple[str, list[dict[str, Any]]], collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, rows = helpdesk
    monkeypatch.setenv("HELPDESK_TOKEN", TOKEN)
    items, ctx = collect("http-json", {**CONFIG, "base_url": url})
    [item] = items
    got = ticket_kpis(item.payload)
    truth = _truth(rows)
    for key, value in truth.items():
        assert got[key] == pytest.approx(value), key
    assert item.attributes["responses"] == 5  # 240 tickets in pages of 50
    assert any("outside the assessment period" in entry.message for entry in ctx.log)
    assert item.provenance.source == url
