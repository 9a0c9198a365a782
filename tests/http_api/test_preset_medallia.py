"""Medallia preset against a local Query API: OAuth2 client credentials at a token URL of its own,
a GraphQL query whose `after` variable carries the cursor, field values as lists of text, GraphQL
errors; faults at random."""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from servex import CollectionError
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply, running

CLIENT_ID, SECRET = "medallia-api-client-9", "md-Secr3t-Client-Key-61"
_TZ = timezone(timedelta(hours=-7))


class FakeMedallia(Vendor):
    unauthorised = json_reply({"errors": [{"message": "Unauthorized", "extensions": {"code": "UNAUTHENTICATED"}}]}, 401)

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults, oauth=OAuth("/oauth/acme/token", CLIENT_ID, SECRET, token_uses=5))
        rng = random.Random(44)
        self.records = []
        for i in range(240):
            moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-4 * 86400, 94 * 86400))
            osat = [str(rng.randrange(1, 6))] if rng.random() < 0.7 else []
            self.records.append({"id": str(770000 + i), "at": moment, "ltr": [str(rng.randrange(11))], "osat": osat})

    def route(self, req: Request) -> Reply:
        if req.method != "POST" or req.path != "/data/v0/query":
            return json_reply({"errors": [{"message": "Not found"}]}, 404)
        payload = req.json()
        query, variables = payload["query"], payload["variables"]
        if 'fieldData(fieldId: "q_acme_ltr")' not in query:
            return json_reply({"errors": [{"message": "Unknown field id", "extensions": {"code": "BAD_USER_INPUT"}}]})
        lo, hi = (
            datetime.fromisoformat(c[k].replace("Z", "+00:00"))
            for c, k in zip(variables["filter"]["and"], ("gte", "lt"), strict=True)
        )
        rows = [r for r in self.records if lo <= r["at"] < hi]
        at = int(base64.b64decode(variables["after"])) if variables.get("after") else 0
        chunk = rows[at : at + int(variables["first"])]
        more = at + len(chunk) < len(rows)
        nodes = [
            {
                "id": r["id"],
                "responseDate": {"values": [r["at"].astimezone(_TZ).isoformat(timespec="milliseconds")]},
                "ltr": {"values": r["ltr"]},
                "osat": {"values": r["osat"]},
            }
            for r in chunk
        ]
        info = {"endCursor": base64.b64encode(str(at + len(chunk)).encode()).decode(), "hasNextPage": more}
        return json_reply({"data": {"feedback": {"totalCount": len(rows), "pageInfo": info, "nodes": nodes}}})


def _config(url: str) -> dict[str, Any]:
    return {
        "token_url": f"{url}/oauth/acme/token",
        "client_id_env": "MD_CLIENT_ID",
        "client_secret_env": "MD_CLIENT_SECRET",
        "ltr_field": "q_acme_ltr",
        "osat_field": "q_acme_osat",
        "page_size": 30,
    }


ENV = {"MD_CLIENT_ID": CLIENT_ID, "MD_CLIENT_SECRET": SECRET}


def test_feedback_exactly_once_through_graphql(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    api = FakeMedallia(VendorFaults())
    truth = {
        r["id"]: {
            "responded_at": stamp(r["at"]),
            "recommend_score": float(r["ltr"][0]),
            "satisfaction_score": float(r["osat"][0]) if r["osat"] else None,
        }
        for r in api.records
        if "2026-01-01" <= stamp(r["at"])[:10] <= "2026-03-31"  # type: ignore[index]
    }
    check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="medallia",
        config=_config,
        vendor=FakeMedallia,
        env=ENV,
        expected={"survey": truth},
    )


def test_a_field_id_medallia_does_not_know_fails_with_its_message(
    collect: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    with (
        running(FakeMedallia(VendorFaults())) as url,
        pytest.raises(CollectionError, match="GraphQL error: Unknown field id"),
    ):
        collect("medallia", {**_config(url), "ltr_field": "q_typo", "base_url": url})
