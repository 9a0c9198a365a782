"""The generic collector's request kinds: GraphQL with the cursor in a variable, incremental reads from
a stored record time, OAuth2 without its secret, vendors' rate-limit headers, export file formats."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import FAST, canonical_rows
from servex import CollectionError
from servex.plugins.http_api._export import unpack
from servex.plugins.http_api._ratelimit import RateHeaders
from vendor_server import Reply, Request, Vendor, VendorFaults, json_reply, running

_QUERY = """query Tickets($first: Int!, $after: String, $since: DateTime!) {
  tickets(first: $first, after: $after, filter: {createdAfter: $since}) {
    nodes { id createdAt status csat { score } }
    pageInfo { hasNextPage endCursor }
  }
}"""


class FakeGraphQL(Vendor):
    def __init__(self, faults: VendorFaults, n: int = 95) -> None:
        super().__init__(faults)
        self.nodes = [
            {
                "id": f"T{i}",
                "createdAt": f"2026-02-{1 + i % 28:02d}T10:00:00Z",
                "status": "OPEN",
                "csat": {"score": i % 5 + 1},
            }
            for i in range(n)
        ]

    def authorised(self, req: Request) -> bool:
        return True

    def route(self, req: Request) -> Reply:
        payload = req.json()
        if "tickets(" not in payload.get("query", ""):
            return json_reply({"errors": [{"message": "Cannot query field 'ticket' on type 'Query'."}]})
        variables = payload["variables"]
        assert variables["since"] == "2026-01-01T00:00:00Z"
        at = int(variables.get("after") or 0)
        chunk = self.nodes[at : at + variables["first"]]
        more = at + len(chunk) < len(self.nodes)
        info = {"hasNextPage": more, "endCursor": str(at + len(chunk)) if more else None}
        return json_reply({"data": {"tickets": {"nodes": chunk, "pageInfo": info}}})


def _graphql_config(url: str, query: str = _QUERY) -> dict[str, Any]:
    return {
        **FAST,
        "base_url": url,
        "endpoints": [
            {
                "path": "/graphql",
                "dataset": "tickets",
                "graphql": {"query": query, "variables": {"first": 20, "since": "{start_iso}"}},
                "records": "data.tickets.nodes",
                "pagination": {
                    "type": "cursor",
                    "cursor": "data.tickets.pageInfo.endCursor",
                    "has_more": "data.tickets.pageInfo.hasNextPage",
                    "body_path": "variables.after",
                },
                "fields": {"created_at": "createdAt", "status": "status", "satisfaction_score": "csat.score"},
            }
        ],
    }


def test_graphql_cursor_in_a_variable_reads_every_node_once(collect: Collect) -> None:
    api = FakeGraphQL(VendorFaults(seed=2, error_5xx=0.1, truncated=0.1))
    with running(api) as url:
        [item], _ = collect("http-json", _graphql_config(url))
        [replayed], _ = collect("http-json", _graphql_config(url), offline=True)
    rows = canonical_rows(Path(item.payload))
    assert sorted(rows) == sorted(n["id"] for n in api.nodes)
    assert rows["T7"]["satisfaction_score"] == 3.0 and rows["T7"]["created_at"] == "2026-02-08 10:00:00"
    assert Path(replayed.payload).read_bytes() == Path(item.payload).read_bytes()
    bodies = {json.loads(r.body)["variables"].get("after") for r in api.requests}
    assert bodies == {None, "20", "40", "60", "80"}


def test_a_graphql_error_fails_the_source_with_its_message(collect: Collect) -> None:
    with (
        running(FakeGraphQL(VendorFaults())) as url,
        pytest.raises(CollectionError, match="GraphQL error: Cannot query"),
    ):
        collect("http-json", _graphql_config(url, query="{ ticket { id } }"))


class FakeEvents(Vendor):
    """`GET /events?updated_since=<iso>`: every event updated at or after it (inclusive, as most are)."""

    def __init__(self) -> None:
        super().__init__(VendorFaults())
        self.events = [
            {"id": i, "created": f"2026-01-{1 + i:02d}T09:00:00Z", "updated": f"2026-01-{1 + i:02d}T09:00:00Z"}
            for i in range(20)
        ]

    def authorised(self, req: Request) -> bool:
        return True

    def route(self, req: Request) -> Reply:
        since = req.query["updated_since"]
        return json_reply({"events": [e for e in self.events if e["updated"] >= since]})


def _events_config(url: str) -> dict[str, Any]:
    return {
        **FAST,
        "base_url": url,
        "endpoints": [
            {
                "path": "/events",
                "dataset": "complaints",
                "params": {"updated_since": "{cursor}"},
                "records": "events",
                "incremental": {"record": "updated", "initial": "{start_iso}"},
                "fields": {"received_at": "created", "outcome": "outcome"},
            }
        ],
    }


def test_incremental_reads_resume_from_the_newest_record_time(collect: Collect) -> None:
    api = FakeEvents()
    with running(api) as url:
        [first], _ = collect("http-json", _events_config(url))
        api.events[3] = {**api.events[3], "updated": "2026-02-10T00:00:00Z", "outcome": "upheld"}
        api.events.append({"id": 99, "created": "2026-02-11T09:00:00Z", "updated": "2026-02-11T09:00:00Z"})
        [second], _ = collect("http-json", _events_config(url))
    asked = [r.query["updated_since"] for r in api.requests]
    assert asked == ["2026-01-01T00:00:00Z", "2026-01-20T09:00:00Z"]  # the second run resumed
    rows = canonical_rows(Path(second.payload))
    assert (first.attributes["rows"], len(rows)) == (20, 21)
    assert rows["3"]["outcome"] == "upheld"  # the newer version of a record wins
    [replayed], _ = collect("http-json", _events_config(url), offline=True)
    assert Path(replayed.payload).read_bytes() == Path(second.payload).read_bytes()


def test_oauth2_secrets_come_from_the_environment(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_SECRET", raising=False)
    monkeypatch.setenv("SOME_ID", "id")
    auth = {
        "type": "oauth2",
        "token_url": "http://127.0.0.1:9/token",
        "client_id_env": "SOME_ID",
        "client_secret_env": "NO_SUCH_SECRET",
    }
    endpoint = {"path": "/t", "dataset": "tickets", "fields": {"created_at": "c"}}
    with pytest.raises(CollectionError, match="environment variable NO_SUCH_SECRET is not set"):
        collect("http-json", {"base_url": "http://127.0.0.1:9", "auth": auth, "endpoints": [endpoint]})


@pytest.mark.parametrize(
    ("headers", "spec", "wait"),
    [
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1800000030"}, {}, 30.0),  # unix time (Intercom)
        ({"x-ratelimit-remaining": "3", "x-ratelimit-reset": "1800000030"}, {}, None),  # requests left
        ({"RateLimit-Remaining": "0", "RateLimit-Reset": "12"}, {}, 12.0),  # IETF draft: seconds
        (
            {"Zendesk-RateLimit-incremental-exports": "total=10; remaining=0; resets=48"},
            {"remaining": "Zendesk-RateLimit-incremental-exports", "reset": "Zendesk-RateLimit-incremental-exports"},
            48.0,
        ),
        (
            {"X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
            {
                "remaining": "X-HubSpot-RateLimit-Remaining",
                "reset": "X-HubSpot-RateLimit-Interval-Milliseconds",
                "reset_unit": "milliseconds",
            },
            10.0,
        ),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "999999999999999"}, {}, 300.0),  # capped
    ],
)
def test_vendor_rate_limit_headers(headers: dict[str, str], spec: dict[str, Any], wait: float | None) -> None:
    assert RateHeaders(spec).wait(headers, now=1800000000.0) == wait


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_export_files_unpack_to_records() -> None:
    csv_part = '\ufeffResponseId,Score\r\nR_1,9\r\nR_2,"1,5"\r\n'.encode()
    assert unpack(csv_part, "csv", "csv", "f") == [
        {"ResponseId": "R_1", "Score": "9"},
        {"ResponseId": "R_2", "Score": "1,5"},
    ]
    assert unpack(b'{"a": 1}\n\n{"a": 2}\n', "ndjson", "json", "f") == [{"a": 1}, {"a": 2}]
    both = _zip({"b.csv": b"id\n2\n", "a.csv": b"id\n1\n"})
    assert unpack(both, "zip", "csv", "f") == [{"id": "1"}, {"id": "2"}]  # members in name order
    with pytest.raises(CollectionError, match=r"f!x.json: the export file is not valid json"):
        unpack(_zip({"x.json": b"{not json"}), "zip", "json", "f")
    with pytest.raises(CollectionError, match="not valid zip"):
        unpack(b"PK\x03\x04 broken", "zip", "json", "f")


class FakeNumericEvents(FakeEvents):
    """Record times in unix seconds: 999 must not pass for newer than 1000 on resume."""

    def __init__(self) -> None:
        super().__init__()
        self.events = [{"id": i, "created": 1767225600 + i * 86400, "updated": 992 + i} for i in range(8)]

    def route(self, req: Request) -> Reply:
        since = int(req.query["updated_since"])
        return json_reply({"events": [e for e in self.events if e["updated"] >= since]})


def test_a_numeric_record_cursor_resumes_from_the_greatest_number(collect: Collect) -> None:
    api = FakeNumericEvents()
    config = _events_config("")
    config["endpoints"][0]["incremental"]["initial"] = "0"
    with running(api) as url:
        collect("http-json", {**config, "base_url": url})
        api.events.append({"id": 50, "created": 1767225600, "updated": 1000})
        collect("http-json", {**config, "base_url": url})
        [third], _ = collect("http-json", {**config, "base_url": url})
    assert [r.query["updated_since"] for r in api.requests] == ["0", "999", "1000"]
    assert third.attributes["rows"] == 9
