"""Salesforce Service Cloud preset against a local emulation: OAuth2 client credentials (form-posted
client secret, tokens that expire mid-run with INVALID_SESSION_ID), SOQL query locators
(`nextRecordsUrl`, `done`), Cases plus CaseMilestone targets, faults injected at random."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from servex import CollectionError
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply, running

CLIENT_ID, SECRET = "3MVG9-sf-client-id", "sf-Secr3t-Consumer-8812"
BATCH = 50  # Salesforce's is 2000; smaller here so the locators are exercised
_SF = "%Y-%m-%dT%H:%M:%S.000+0000"


def _cases(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(4)
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    cases, milestones = [], []
    for i in range(n):
        created = origin + timedelta(seconds=rng.randrange(-20 * 86400, 100 * 86400))
        closed = created + timedelta(minutes=rng.randrange(30, 5000)) if rng.random() < 0.7 else None
        case_id = f"5003000000{i:05d}AAA"
        cases.append(
            {
                "attributes": {"type": "Case", "url": f"/services/data/v60.0/sobjects/Case/{case_id}"},
                "Id": case_id,
                "CreatedDate": created.strftime(_SF),
                "ClosedDate": closed.strftime(_SF) if closed else None,
                "Status": "Closed" if closed else rng.choice(["New", "Working", "Escalated"]),
                "Priority": rng.choice(["Low", "Medium", "High"]),
                "Origin": rng.choice(["Email", "Phone", "Web"]),
                "ContactId": f"0033000000{rng.randrange(40):05d}",
                "OwnerId": "0053000000ABCDE",
                "IsClosed": bool(closed),
                "_created": created,
            }
        )
        for kind, hours in (("First Response", 4), ("Resolution Time", 48)):
            if rng.random() < 0.8:
                done = created + timedelta(minutes=rng.randrange(5, 3000)) if rng.random() < 0.8 else None
                milestones.append(
                    {
                        "Id": f"5723000000{len(milestones):05d}",
                        "CaseId": case_id,
                        "TargetDate": (created + timedelta(hours=hours)).strftime(_SF),
                        "CompletionDate": done.strftime(_SF) if done else None,
                        "IsViolated": False,
                        "_kind": kind,
                        "_created": created,
                    }
                )
    return cases, milestones


class FakeSalesforce(Vendor):
    unauthorised = json_reply([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}], 401)

    def __init__(self, faults: VendorFaults, n: int = 230) -> None:
        super().__init__(
            faults, oauth=OAuth("/services/oauth2/token", CLIENT_ID, SECRET, client_auth="body", token_uses=4)
        )
        self.cases, self.milestones = _cases(n)
        self.queries: dict[str, list[dict[str, Any]]] = {}

    def route(self, req: Request) -> Reply:
        if req.path == "/services/data/v60.0/query":
            soql = req.query.get("q", "")
            lo, hi = (datetime.fromisoformat(t) for t in _bounds(soql))
            if "FROM CaseMilestone" in soql:
                kind = re.search(r"MilestoneType.Name = '([^']+)'", soql)
                assert kind
                rows = [m for m in self.milestones if m["_kind"] == kind.group(1) and lo <= m["_created"] <= hi]
            elif "FROM Case " in soql:
                rows = [c for c in self.cases if lo <= c["_created"] <= hi]
            else:
                return json_reply([{"message": "unexpected query", "errorCode": "MALFORMED_QUERY"}], 400)
            rows = sorted(rows, key=lambda r: r["Id"])
            with self.lock:
                locator = f"01g{len(self.queries):012d}"
                self.queries[locator] = rows
            return self._batch(locator, 0)
        match = re.fullmatch(r"/services/data/v60.0/query/(01g\d+)-(\d+)", req.path)
        if match and match.group(1) in self.queries:
            return self._batch(match.group(1), int(match.group(2)))
        return json_reply([{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}], 404)

    def _batch(self, locator: str, at: int) -> Reply:
        rows = self.queries[locator]
        chunk = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[at : at + BATCH]]
        done = at + BATCH >= len(rows)
        body: dict[str, Any] = {"totalSize": len(rows), "done": done, "records": chunk}
        if not done:
            body["nextRecordsUrl"] = f"/services/data/v60.0/query/{locator}-{at + BATCH}"
        return json_reply(body)


def _bounds(soql: str) -> tuple[str, str]:
    lo = re.search(r"CreatedDate >= (\S+)", soql)
    hi = re.search(r"CreatedDate <= (\S+)", soql)
    assert lo and hi
    return lo.group(1), hi.group(1)


def _expected(api: FakeSalesforce) -> dict[str, dict[str, Any]]:
    end = datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    first = {m["CaseId"]: m for m in api.milestones if m["_kind"] == "First Response"}
    resolution = {m["CaseId"]: m for m in api.milestones if m["_kind"] == "Resolution Time"}

    def ts(text: str | None) -> str | None:
        return stamp(datetime.strptime(text, _SF)) if text else None

    out = {}
    for case in api.cases:
        if not start <= case["_created"] <= end:
            continue
        out[case["Id"]] = {
            "created_at": stamp(case["_created"]),
            "resolved_at": ts(case["ClosedDate"]),
            "status": {"Closed": "closed", "New": "new", "Working": "open", "Escalated": "open"}[case["Status"]],
            "priority": {"Low": "low", "Medium": "normal", "High": "high"}[case["Priority"]],
            "channel": case["Origin"].lower(),
            "first_reply_at": ts(first[case["Id"]]["CompletionDate"]) if case["Id"] in first else None,
            "first_reply_due_at": ts(first[case["Id"]]["TargetDate"]) if case["Id"] in first else None,
            "due_at": ts(resolution[case["Id"]]["TargetDate"]) if case["Id"] in resolution else None,
        }
    return out


CONFIG = {"client_id_env": "SF_CLIENT_ID", "client_secret_env": "SF_CLIENT_SECRET"}
ENV = {"SF_CLIENT_ID": CLIENT_ID, "SF_CLIENT_SECRET": SECRET}


def test_cases_and_milestones_exactly_once_despite_faults_and_expiring_tokens(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    truth = _expected(FakeSalesforce(VendorFaults()))
    _, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="salesforce_service_cloud",
        config=CONFIG,
        vendor=FakeSalesforce,
        env=ENV,
        expected={"tickets": truth},
    )
    assert api.oauth is not None and len(api.oauth.issued) >= 3  # tokens expired and were renewed
    assert 150 < len(truth) < 230  # some cases fall outside the period


def test_a_wrong_client_secret_fails_without_showing_it(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SF_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SF_CLIENT_SECRET", "sf-Wrong-Secret-0000")
    with running(FakeSalesforce(VendorFaults())) as url, pytest.raises(CollectionError) as failure:
        collect("salesforce_service_cloud", {**CONFIG, "base_url": url, "retries": 0})
    message = str(failure.value)
    assert "refused the token request: HTTP 401 (invalid_client)" in message
    assert "sf-Wrong-Secret-0000" not in message
