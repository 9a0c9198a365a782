"""Genesys Cloud preset against a local analytics API: OAuth2 client credentials (Basic client auth),
the conversation detail query (POST, `paging.pageNumber` in the body, `totalHits`, pages fetched
concurrently), Genesys' metrics read from nested participants and sessions; faults at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply

CLIENT_ID, SECRET = "0b1e7c3a-genesys-client", "gc-Secr3t-ClientSecret-44"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _conversations(n: int) -> list[dict[str, Any]]:
    rng = random.Random(27)
    out = []
    for i in range(n):
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 90 * 86400))
        wait_ms = rng.randrange(2000, 400000)
        abandoned = rng.random() < 0.1
        answered = None if abandoned else start + timedelta(milliseconds=wait_ms)
        end = start + timedelta(milliseconds=wait_ms + rng.randrange(30000, 900000))
        media = rng.choice(["voice", "voice", "chat", "message"])
        metrics = [{"name": "tAcd", "value": wait_ms, "emitDate": _iso(answered or end)}]
        metrics.append(
            {"name": "tAbandon", "value": wait_ms, "emitDate": _iso(end)}
            if abandoned
            else {"name": "tAnswered", "value": wait_ms, "emitDate": _iso(answered)}
        )  # type: ignore[arg-type]
        transferred = not abandoned and rng.random() < 0.15
        if transferred:
            metrics.append({"name": "nTransferred", "value": 1, "emitDate": _iso(end)})
        participants = [
            {
                "participantId": f"p{i}c",
                "purpose": "customer",
                "sessions": [{"mediaType": media, "direction": "inbound"}],
            },
            {"participantId": f"p{i}q", "purpose": "acd", "sessions": [{"mediaType": media, "metrics": metrics}]},
        ]
        if rng.random() < 0.2:
            participants.insert(1, {"participantId": f"p{i}b", "purpose": "bot", "sessions": [{"mediaType": media}]})
        out.append(
            {
                "conversationId": f"c0ffee{i:08d}-aaaa",
                "conversationStart": _iso(start),
                "conversationEnd": _iso(end),
                "originatingDirection": "inbound",
                "participants": participants,
                "_truth": {
                    "started_at": stamp(start),
                    "ended_at": stamp(end),
                    "answered_at": stamp(answered) if answered else None,
                    "wait_seconds": wait_ms / 1000,
                    "abandoned": abandoned,
                    "transferred": transferred,
                    "bot_handled": participants[1]["purpose"] == "bot",
                    "channel": media,
                },
            }
        )
    return out


class FakeGenesys(Vendor):
    unauthorised = json_reply({"message": "Invalid login credentials.", "code": "bad.credentials", "status": 401}, 401)

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults, oauth=OAuth("/oauth/token", CLIENT_ID, SECRET, token_uses=6))
        self.conversations = _conversations(270)

    def route(self, req: Request) -> Reply:
        if req.method != "POST" or req.path != "/api/v2/analytics/conversations/details/query":
            return json_reply({"message": "Resource not found", "code": "not.found", "status": 404}, 404)
        body = req.json()
        lo, hi = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in body["interval"].split("/"))
        assert hi - lo <= timedelta(days=91)
        rows = [
            c
            for c in self.conversations
            if lo <= datetime.fromisoformat(c["conversationStart"].replace("Z", "+00:00")) < hi
        ]
        size, number = body["paging"]["pageSize"], body["paging"]["pageNumber"]
        chunk = [{k: v for k, v in c.items() if k != "_truth"} for c in rows[(number - 1) * size : number * size]]
        answer: dict[str, Any] = {"totalHits": len(rows)}
        if chunk:
            answer["conversations"] = chunk  # Genesys leaves the key out of an empty page
        return json_reply(answer)


def test_conversations_exactly_once_as_calls(collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    api = FakeGenesys(VendorFaults())
    truth = {c["conversationId"]: c["_truth"] for c in api.conversations}
    _, served = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="genesys_cloud",
        config=lambda url: {
            "client_id_env": "GC_CLIENT_ID",
            "client_secret_env": "GC_CLIENT_SECRET",
            "token_url": f"{url}/oauth/token",
            "page_size": 25,
            "concurrency": 3,
        },
        vendor=FakeGenesys,
        env={"GC_CLIENT_ID": CLIENT_ID, "GC_CLIENT_SECRET": SECRET},
        expected={"calls": truth},
    )
    pages = {r.json()["paging"]["pageNumber"] for r in served.requests if r.path.endswith("/query")}
    assert pages == set(range(1, 12))  # 270 conversations, 25 a page: every page once (retries aside)
