"""HubSpot preset against a local CRM search API: a POST body with millisecond bounds, the `after`
cursor in the body, HubSpot's property values as text, its 10,000-result ceiling; faults at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import Reply, Request, Vendor, VendorFaults, json_reply

TOKEN = "pat-eu1-0b1c2d3e-HubSpot-Secret-8a9b"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _tickets(n: int) -> list[dict[str, Any]]:
    rng = random.Random(31)
    out = []
    for i in range(n):
        created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-9 * 86400, 95 * 86400))
        replied = created + timedelta(minutes=rng.randrange(3, 900)) if rng.random() < 0.8 else None
        closed = created + timedelta(minutes=rng.randrange(30, 5000)) if rng.random() < 0.6 else None
        properties = {
            "createdate": _iso(created),
            "first_agent_reply_date": _iso(replied),
            "closed_date": _iso(closed),
            "hs_pipeline_stage": "4" if closed else rng.choice(["1", "2", "3"]),
            "hs_ticket_priority": rng.choice(["LOW", "MEDIUM", "HIGH", None]),
            "source_type": rng.choice(["EMAIL", "CHAT", "FORM", "PHONE"]),
            "hubspot_owner_id": "52550153",
            "hs_object_id": str(1000 + i),
        }
        out.append({"id": str(1000 + i), "properties": properties, "archived": False, "_created": created})
    return out


class FakeHubSpot(Vendor):
    unauthorised = json_reply(
        {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"},
        401,
    )

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults)
        self.tickets = _tickets(260)

    def authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == f"Bearer {TOKEN}"

    def route(self, req: Request) -> Reply:
        if req.method != "POST" or req.path != "/crm/v3/objects/tickets/search":
            return json_reply({"status": "error", "message": "Not found", "category": "OBJECT_NOT_FOUND"}, 404)
        body = req.json()
        lo, hi = (f["value"] for f in body["filterGroups"][0]["filters"])
        rows = [t for t in self.tickets if lo <= t["_created"].timestamp() * 1000 <= hi]
        at, size = int(body.get("after") or 0), int(body["limit"])
        if at >= 10000:
            return json_reply(
                {"status": "error", "message": "Cannot page past 10000 results", "category": "VALIDATION_ERROR"}, 400
            )
        wanted = set(body["properties"])
        page = [
            {"id": t["id"], "properties": {k: v for k, v in t["properties"].items() if k in wanted}, "archived": False}
            for t in rows[at : at + size]
        ]
        answer: dict[str, Any] = {"total": len(rows), "results": page}
        if at + size < len(rows):
            answer["paging"] = {"next": {"after": str(at + size), "link": "?after=" + str(at + size)}}
        return json_reply(answer)


def _expected(api: FakeHubSpot) -> dict[str, dict[str, Any]]:
    def ts(text: str | None) -> str | None:
        return None if text is None else text[:19].replace("T", " ")

    return {
        t["id"]: {
            "created_at": stamp(t["_created"]),
            "first_reply_at": ts(t["properties"]["first_agent_reply_date"]),
            "resolved_at": ts(t["properties"]["closed_date"]),
            "status": {"1": "new", "2": "pending", "3": "open", "4": "closed"}[t["properties"]["hs_pipeline_stage"]],
            "channel": {"EMAIL": "email", "CHAT": "chat", "FORM": "web", "PHONE": "phone"}[
                t["properties"]["source_type"]
            ],
        }
        for t in api.tickets
        if "2026-01-01" <= t["properties"]["createdate"][:10] <= "2026-03-31"
    }


def test_tickets_exactly_once_through_the_search_cursor(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="hubspot",
        config={"token_env": "HUBSPOT_TOKEN", "rate_limit": 1000, "page_size": 20},
        vendor=FakeHubSpot,
        env={"HUBSPOT_TOKEN": TOKEN},
        expected={"tickets": _expected(FakeHubSpot(VendorFaults()))},
    )
