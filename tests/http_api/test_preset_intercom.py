"""Intercom preset against a local Search API: POST bodies with the cursor in `pagination.starting_after`,
Intercom's statistics and ratings, the Intercom-Version header, and a rate limit announced in
X-RateLimit-* headers whose 429 has no Retry-After (the reset time is in X-RateLimit-Reset)."""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import RateWindow, Reply, Request, Vendor, VendorFaults, json_reply

TOKEN = "dG9rOmIc-Intercom-Secret-token-5150"
_START, _END = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()), int(datetime(2026, 4, 1, tzinfo=UTC).timestamp())


def _conversations(n: int) -> list[dict[str, Any]]:
    rng = random.Random(9)
    out = []
    for i in range(n):
        created = _START + rng.randrange(-10 * 86400, 100 * 86400)
        if i == 0:
            created = _START  # exactly at the period start: Intercom only compares strictly
        reply = created + rng.randrange(60, 20000) if rng.random() < 0.85 else None
        closed = created + rng.randrange(600, 200000) if rng.random() < 0.75 else None
        rating = (
            {"rating": rng.randrange(1, 6), "remark": None, "created_at": closed}
            if closed and rng.random() < 0.4
            else None
        )
        out.append(
            {
                "type": "conversation",
                "id": str(9000000 + i),
                "created_at": created,
                "updated_at": created,
                "state": "closed" if closed else rng.choice(["open", "snoozed"]),
                "priority": rng.choice(["priority", "not_priority"]),
                "source": {
                    "type": rng.choice(["conversation", "email", "whatsapp"]),
                    "delivered_as": "customer_initiated",
                },
                "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": f"c{rng.randrange(50)}"}]},
                "admin_assignee_id": 814860,
                "statistics": {
                    "type": "conversation_statistics",
                    "first_admin_reply_at": reply,
                    "first_close_at": closed,
                    "count_reopens": rng.choice([0, 0, 1]),
                },
                "conversation_rating": rating,
            }
        )
    return out


class FakeIntercom(Vendor):
    unauthorised = json_reply(
        {"type": "error.list", "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]}, 401
    )

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults, window=RateWindow(limit=6, seconds=0.25))
        self.conversations = _conversations(330)

    def authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == f"Bearer {TOKEN}"

    def route(self, req: Request) -> Reply:
        if req.method != "POST" or req.path != "/conversations/search":
            return json_reply({"type": "error.list", "errors": [{"code": "not_found", "message": "not found"}]}, 404)
        assert req.headers.get("intercom-version") == "2.11"
        body = req.json()
        lo, hi = (c["value"] for c in body["query"]["value"])
        assert isinstance(lo, int) and isinstance(hi, int)  # Intercom wants numbers, not strings
        rows = [c for c in self.conversations if lo < c["created_at"] < hi]
        size = int(body["pagination"]["per_page"])
        after = body["pagination"].get("starting_after")
        at = int(base64.b64decode(after)) if after else 0
        more = at + size < len(rows)
        pages: dict[str, Any] = {"type": "pages", "page": at // size + 1, "per_page": size}
        if more:
            pages["next"] = {
                "page": at // size + 2,
                "starting_after": base64.b64encode(str(at + size).encode()).decode(),
            }
        return json_reply(
            {
                "type": "conversation.list",
                "conversations": rows[at : at + size],
                "total_count": len(rows),
                "pages": pages,
            }
        )


def _ts(value: int | None) -> str | None:
    return None if value is None else stamp(datetime.fromtimestamp(value, UTC))


def _expected(api: FakeIntercom) -> dict[str, dict[str, Any]]:
    return {
        c["id"]: {
            "created_at": _ts(c["created_at"]),
            "first_reply_at": _ts(c["statistics"]["first_admin_reply_at"]),
            "resolved_at": _ts(c["statistics"]["first_close_at"]),
            "reopened": c["statistics"]["count_reopens"] > 0,
            "satisfaction_score": float(c["conversation_rating"]["rating"]) if c["conversation_rating"] else None,
            "channel": {"conversation": "chat", "email": "email", "whatsapp": "messaging"}[c["source"]["type"]],
            "customer_id": c["contacts"]["contacts"][0]["id"],
        }
        for c in api.conversations
        if _START <= c["created_at"] < _END
    }


def test_conversations_exactly_once_with_the_cursor_in_the_body(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    truth = _expected(FakeIntercom(VendorFaults()))
    _, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="intercom",
        config={"token_env": "INTERCOM_TOKEN", "page_size": 40},
        vendor=FakeIntercom,
        env={"INTERCOM_TOKEN": TOKEN},
        expected={"tickets": truth},
    )
    assert "9000000" in truth  # created exactly at the period start, still read
    searches = [r for r in api.requests if r.path == "/conversations/search"]
    assert len({r.body for r in searches}) >= len(truth) // 40 + 1  # one distinct body per page
