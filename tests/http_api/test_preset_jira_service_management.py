"""Jira Service Management preset against a local service desk API: `start`/`limit` pages ending with
`isLastPage`, Basic auth with an API token, `expand=sla` cycles (completed and ongoing), Jira's
`+0700`-style offsets, and faults at random."""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import Reply, Request, Vendor, VendorFaults, json_reply

EMAIL, TOKEN = "audit@acme.example", "ATATT3x-jsm-Secret-Token-4711"
_TZ = timezone(timedelta(hours=7))


def _when(moment: datetime) -> dict[str, Any]:
    local = moment.astimezone(_TZ)
    return {
        "iso8601": local.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "jira": local.strftime("%Y-%m-%dT%H:%M:%S.000%z"),
        "friendly": local.strftime("%d/%b/%y %I:%M %p"),
        "epochMillis": int(moment.timestamp() * 1000),
    }


def _sla(name: str, start: datetime, goal_hours: int, stop: datetime | None) -> dict[str, Any]:
    breach = start + timedelta(hours=goal_hours)
    cycle = {"startTime": _when(start), "breachTime": _when(breach), "goalDuration": {"millis": goal_hours * 3600000}}
    if stop is None:
        return {"id": name[:2], "name": name, "completedCycles": [], "ongoingCycle": {**cycle, "breached": False}}
    done = {**cycle, "stopTime": _when(stop), "breached": stop > breach}
    return {"id": name[:2], "name": name, "completedCycles": [done]}


def _requests(n: int) -> list[dict[str, Any]]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-20 * 86400, 95 * 86400))
        replied = created + timedelta(minutes=rng.randrange(5, 600)) if rng.random() < 0.8 else None
        resolved = created + timedelta(minutes=rng.randrange(60, 6000)) if replied and rng.random() < 0.7 else None
        category = "DONE" if resolved else rng.choice(["NEW", "INDETERMINATE"])
        out.append(
            {
                "issueId": str(10000 + i),
                "issueKey": f"HELP-{i + 1}",
                "requestTypeId": "25",
                "serviceDeskId": "10",
                "createdDate": _when(created),
                "reporter": {"accountId": f"5b10a2844c20165700ede{rng.randrange(30):03d}"},
                "currentStatus": {
                    "status": {"DONE": "Resolved", "NEW": "Waiting for support", "INDETERMINATE": "In progress"}[
                        category
                    ],
                    "statusCategory": category,
                    "statusDate": _when(resolved or created),
                },
                "sla": {
                    "size": 2,
                    "values": [
                        _sla("Time to first response", created, 4, replied),
                        _sla("Time to resolution", created, 48, resolved),
                    ],
                },
                "_created": created,
                "_replied": replied,
                "_resolved": resolved,
            }
        )
    return out


class FakeJira(Vendor):
    unauthorised = json_reply({"errorMessage": "Client must be authenticated to access this resource."}, 401)

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults)
        self.rows = _requests(240)

    def authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()

    def route(self, req: Request) -> Reply:
        if req.path != "/rest/servicedeskapi/request":
            return json_reply({"errorMessage": "null for uri"}, 404)
        assert req.query.get("expand") == "sla" and req.query.get("requestOwnership") == "ALL_REQUESTS"
        start, limit = int(req.query.get("start", 0)), min(int(req.query.get("limit", 50)), 100)
        chunk = [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.rows[start : start + limit]]
        return json_reply(
            {
                "size": len(chunk),
                "start": start,
                "limit": limit,
                "isLastPage": start + limit >= len(self.rows),
                "values": chunk,
            }
        )


def _expected(api: FakeJira) -> dict[str, dict[str, Any]]:
    return {
        r["issueKey"]: {
            "created_at": stamp(r["_created"]),
            "first_reply_at": stamp(r["_replied"]),
            "first_reply_due_at": stamp(r["_created"] + timedelta(hours=4)),
            "due_at": stamp(r["_created"] + timedelta(hours=48)),
            "resolved_at": stamp(r["_resolved"]),
            "status": {"DONE": "resolved", "NEW": "new", "INDETERMINATE": "open"}[r["currentStatus"]["statusCategory"]],
            "customer_id": r["reporter"]["accountId"],
        }
        for r in api.rows
        if "2026-01-01" <= stamp(r["_created"])[:10] <= "2026-03-31"  # type: ignore[index]
    }


def test_requests_and_sla_cycles_exactly_once_despite_faults(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    truth = _expected(FakeJira(VendorFaults()))
    check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="jira_service_management",
        config={"email": EMAIL, "token_env": "JSM_TOKEN", "page_size": 30},
        vendor=FakeJira,
        env={"JSM_TOKEN": TOKEN},
        expected={"tickets": truth},
    )
    assert len(truth) < 240  # requests outside the period are left out
