"""The Freshdesk connector on Freshdesk-shaped answers: numbered pages fetched concurrently, codes mapped."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from api_support import Collect
from scripted_server import Answer, scripted


def _ticket(i: int) -> dict[str, Any]:
    day = 1 + i % 28
    return {
        "id": i,
        "created_at": f"2026-02-{day:02d}T09:00:00Z",
        "status": 4 if i % 3 else 2,
        "priority": 1 + i % 4,
        "source": 1 if i % 2 else 7,
        "requester_id": 500 + i % 9,
        "responder_id": 8,
        "due_by": f"2026-02-{day:02d}T17:00:00Z",
        "fr_due_by": f"2026-02-{day:02d}T10:00:00Z",
        "stats": {
            "first_responded_at": f"2026-02-{day:02d}T09:30:00Z",
            "resolved_at": f"2026-02-{day:02d}T12:00:00Z" if i % 3 else None,
            "reopened_at": "2026-03-01T00:00:00Z" if i % 10 == 0 else None,
        },
    }


def _routes(base: str) -> dict[str, list[Answer]]:
    tickets = [_ticket(i) for i in range(1, 131)]
    ratings = [
        {"id": 1, "ticket_id": 5, "ratings": {"default_question": 103}},
        {"id": 2, "ticket_id": 6, "ratings": {"default_question": -102}},
    ]
    out: dict[str, list[Answer]] = {}
    for page in range(1, 9):
        chunk = tickets[(page - 1) * 100 : page * 100]
        out[f"/api/v2/tickets?include=stats&page={page}&per_page=100&updated_since=2026-01-01T00%3A00%3A00Z"] = [
            (200, {}, json.dumps(chunk).encode())
        ]
        out[f"/api/v2/surveys/satisfaction_ratings?created_since=2026-01-01T00%3A00%3A00Z&page={page}&per_page=100"] = [
            (200, {}, json.dumps(ratings if page == 1 else []).encode())
        ]
    return out


def test_freshdesk_tickets_and_csat(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FD_KEY", "fd-key-123")
    with scripted(_routes) as (url, seen):
        [item], ctx = collect("freshdesk", {"base_url": url, "api_key_env": "FD_KEY", "concurrency": 4})
    assert {h["Authorization"] for _, h in seen} == {"Basic " + base64.b64encode(b"fd-key-123:X").decode()}
    assert item.attributes["rows"] == 130 and ctx.log == []
    import duckdb

    con = duckdb.connect()
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT id, status, priority, channel, reopened, satisfaction_score, first_reply_due_at::VARCHAR "
            f"FROM '{item.payload}'"
        ).fetchall()
    }
    con.close()
    assert rows["5"] == ("resolved", "medium", "email", False, 5.0, "2026-02-06 10:00:00")
    assert rows["6"] == ("open", "high", "chat", False, 1.0, "2026-02-07 10:00:00")
    assert rows["10"][3] is True and rows["7"][4] is None
