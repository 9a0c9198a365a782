"""ServiceNow preset against a local Table API: encoded queries, `Link` header paging, Basic auth, a
rate-limit rule announced in X-RateLimit-* headers (429 with Retry-After past it), faults at random."""

from __future__ import annotations

import base64
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import RateWindow, Reply, Request, Vendor, VendorFaults, json_reply

USER, PASSWORD = "svc.servex", "sn-Pa55word-Integration-77"
_STATES = ["1", "2", "3", "6", "7", "8"]
_CONTACT = ["email", "phone", "self-service", "chat", "virtual_agent"]


def _rows(n: int, seed: int, make: Any) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        opened = origin + timedelta(seconds=rng.randrange(-15 * 86400, 100 * 86400))
        out.append({"sys_id": f"{seed:02d}{i:030x}", "_opened": opened, **make(rng, opened, i)})
    return out


def _incident(rng: random.Random, opened: datetime, i: int) -> dict[str, Any]:
    resolved = opened + timedelta(minutes=rng.randrange(20, 4000)) if rng.random() < 0.7 else None
    return {
        "number": f"INC{i:07d}",
        "opened_at": opened.strftime("%Y-%m-%d %H:%M:%S"),
        "resolved_at": resolved.strftime("%Y-%m-%d %H:%M:%S") if resolved else "",
        "due_date": "",
        "state": rng.choice(_STATES),
        "priority": str(rng.randrange(1, 6)),
        "contact_type": rng.choice(_CONTACT),
        "caller_id": f"caller{rng.randrange(30)}",
        "assigned_to": "a8f98bb0eb32010045e1a5115206fe3a",
        "reopen_count": str(rng.choice([0, 0, 0, 1, 2])),
    }


def _interaction(rng: random.Random, opened: datetime, i: int) -> dict[str, Any]:
    closed = opened + timedelta(seconds=rng.randrange(30, 1800))
    return {
        "number": f"IMS{i:07d}",
        "type": rng.choice(["chat", "phone"]),
        "opened_at": opened.strftime("%Y-%m-%d %H:%M:%S"),
        "closed_at": closed.strftime("%Y-%m-%d %H:%M:%S"),
        "state": rng.choice(["closed_complete", "closed_complete", "closed_abandoned"]),
        "opened_for": f"caller{rng.randrange(30)}",
    }


class FakeServiceNow(Vendor):
    unauthorised = json_reply(
        {"error": {"message": "User Not Authenticated", "detail": "Required to provide Auth"}}, 401
    )

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults, window=RateWindow(limit=5, seconds=0.25, retry_after=True))
        self.tables = {
            "incident": _rows(260, 1, _incident),
            "interaction": _rows(90, 2, _interaction),
        }

    def authorised(self, req: Request) -> bool:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        return req.headers.get("authorization") == expected

    def route(self, req: Request) -> Reply:
        match = re.fullmatch(r"/api/now/table/(\w+)", req.path)
        if not match or match.group(1) not in self.tables:
            return json_reply({"error": {"message": "Invalid table", "detail": ""}, "status": "failure"}, 400)
        query = req.query.get("sysparm_query", "")
        bounds = re.fullmatch(r"opened_at>=(.+?)\^opened_at<=(.+?)\^ORDERBYsys_id", query)
        assert bounds, query
        lo, hi = (datetime.fromisoformat(b).replace(tzinfo=UTC) for b in bounds.groups())
        rows = sorted((r for r in self.tables[match.group(1)] if lo <= r["_opened"] <= hi), key=lambda r: r["sys_id"])
        limit, offset = int(req.query.get("sysparm_limit", 10000)), int(req.query.get("sysparm_offset", 0))
        wanted = req.query.get("sysparm_fields", "").split(",")
        chunk = [{k: r[k] for k in wanted if k in r} for r in rows[offset : offset + limit]]
        links = []
        for rel, at in (("first", 0), ("next", offset + limit), ("last", (len(rows) - 1) // limit * limit)):
            if rel != "next" or at < len(rows):
                params = {**req.query, "sysparm_offset": at, "sysparm_limit": limit}
                links.append(f'<{req.base}{req.path}?{urlencode(params)}>;rel="{rel}"')
        return json_reply({"result": chunk}, headers={"Link": ",".join(links), "X-Total-Count": str(len(rows))})


def _expected(api: FakeServiceNow) -> dict[str, dict[str, dict[str, Any]]]:
    lo, hi = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)
    states = {"1": "new", "2": "open", "3": "pending", "6": "resolved", "7": "closed", "8": "cancelled"}
    channels = {"email": "email", "phone": "phone", "self-service": "web", "chat": "chat", "virtual_agent": "chat"}
    tickets = {
        r["sys_id"]: {
            "created_at": stamp(r["_opened"]),
            "resolved_at": r["resolved_at"] or None,
            "status": states[r["state"]],
            "priority": {"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}[r["priority"]],
            "channel": channels[r["contact_type"]],
            "reopen_count": float(r["reopen_count"]),
            "reopened": r["reopen_count"] != "0",
            "customer_id": r["caller_id"],
        }
        for r in api.tables["incident"]
        if lo <= r["_opened"] <= hi
    }
    calls = {
        r["sys_id"]: {
            "started_at": r["opened_at"],
            "ended_at": r["closed_at"],
            "abandoned": r["state"] == "closed_abandoned",
            "channel": r["type"],
        }
        for r in api.tables["interaction"]
        if lo <= r["_opened"] <= hi
    }
    return {"tickets": tickets, "calls": calls}


CONFIG = {"username": USER, "password_env": "SN_PASSWORD", "interactions": True, "page_size": 25}


def test_incidents_and_interactions_exactly_once_despite_faults(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    items, _ = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="servicenow",
        config=CONFIG,
        vendor=FakeServiceNow,
        env={"SN_PASSWORD": PASSWORD},
        expected=_expected(FakeServiceNow(VendorFaults())),
    )
    assert items["tickets"].attributes["endpoints"] == ["/api/now/table/incident"]


def test_the_announced_rate_limit_is_waited_for_not_hit(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without faults (a reset answer hides its headers), the client pauses when X-RateLimit-Remaining
    reaches 0 until X-RateLimit-Reset, so the rule never has to refuse a request."""
    _, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="servicenow",
        config=CONFIG,
        vendor=FakeServiceNow,
        env={"SN_PASSWORD": PASSWORD},
        expected=_expected(FakeServiceNow(VendorFaults())),
        faults=VendorFaults(),
    )
    assert api.exhausted > 1  # the window ran out several times …
    assert api.throttled == 0  # … and the client waited for its reset instead of being refused
