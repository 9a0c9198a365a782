"""The generic `http-json` collector: every pagination style, auth kind, retry rule and bad record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from api_support import PERIOD, Collect, ticket_kpis
from fake_zendesk import TOKEN, make_tickets, serve
from scripted_server import Answer, scripted
from servex import CollectionError

FIELDS = {"created_at": "created_at", "status": "status", "customer_id": "requester_id"}


def _tickets_endpoint(pagination: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": "/api/v2/tickets",
        "dataset": "tickets",
        "records": "tickets",
        "params": params,
        "pagination": pagination,
        "fields": FIELDS,
    }


@pytest.mark.parametrize(
    ("pagination", "params", "auth"),
    [
        (
            {"type": "next_url", "next": "next_page"},
            {"page": 1, "per_page": 30},
            {"type": "header", "header": "X-Api-Key", "value_env": "API_KEY"},
        ),
        (
            {"type": "page", "size": 30, "param": "page", "size_param": "per_page"},
            {},
            {"type": "query", "param": "api_key", "value_env": "API_KEY"},
        ),
        ({"type": "page", "size": 30, "total": "count"}, {}, {"type": "bearer", "token_env": "API_KEY"}),
        (
            {"type": "cursor", "param": "page[after]", "cursor": "meta.after_cursor", "has_more": "meta.has_more"},
            {"page[size]": 30},
            {"type": "bearer", "token_env": "API_KEY"},
        ),
    ],
)
def test_paginations_and_auth_read_every_record_once(
    collect: Collect,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    pagination: dict[str, Any],
    params: dict[str, Any],
    auth: dict[str, Any],
) -> None:
    monkeypatch.setenv("API_KEY", TOKEN)
    api = make_tickets(200, seed=6)
    with serve(api) as url:
        [item], ctx = collect(
            "http-json",
            {"base_url": url, "auth": auth, "concurrency": 4, "endpoints": [_tickets_endpoint(pagination, params)]},
        )
    got = ticket_kpis(item.payload)
    assert (got["rows"], got["distinct"]) == (len(api.tickets), len(api.tickets))  # no period filter asked
    assert item.attributes["columns"] == ["created_at", "customer_id", "id", "status"]
    cached = [p.read_text() for p in (tmp_path / "cache").rglob("*.json")]
    assert cached and not any(TOKEN in text for text in cached)
    assert not any(TOKEN in str(entry) for entry in ctx.log)


def test_period_templates_and_link_header(collect: Collect) -> None:
    def routes(base: str) -> dict[str, list[Answer]]:
        first = "/calls?from=2026-01-01&to=1775001599"
        return {
            first: [
                (
                    200,
                    {"Link": f'<{base}/calls?cursor=2>; rel="next"'},
                    json.dumps([{"id": 1, "start": "2026-01-02T08:00:00+01:00", "bot": "yes"}]).encode(),
                )
            ],
            "/calls?cursor=2": [(200, {}, json.dumps([{"id": 2, "start": "2026-02-03 10:00:00", "bot": 0}]).encode())],
        }

    with scripted(routes) as (url, seen):
        [item], _ = collect(
            "http-json",
            {
                "base_url": url,
                "endpoints": [
                    {
                        "path": "calls",
                        "dataset": "calls",
                        "params": {"from": "{start}", "to": "{end_unix}"},
                        "pagination": {"type": "link"},
                        "fields": {"started_at": "start", "bot_handled": "bot"},
                    }
                ],
            },
        )
    assert [path for path, _ in seen] == ["/calls?from=2026-01-01&to=1775001599", "/calls?cursor=2"]
    facts = item.attributes
    assert (facts["dataset"], facts["rows"], facts["first"], facts["last"]) == ("calls", 2, "2026-01-02", "2026-02-03")
    assert facts["months"] == {"2026-01": 1, "2026-02": 1}
    import duckdb

    rows = duckdb.sql(f"SELECT started_at::VARCHAR, bot_handled FROM '{item.payload}' ORDER BY id").fetchall()
    assert rows == [("2026-01-02 07:00:00", True), ("2026-02-03 10:00:00", False)]


def test_next_page_on_another_host_is_refused(collect: Collect) -> None:
    def routes(base: str) -> dict[str, list[Answer]]:
        return {"/t": [(200, {}, b'{"items": [], "next": "http://elsewhere.example/t?p=2"}')]}

    with scripted(routes) as (url, _), pytest.raises(CollectionError, match="another host"):
        collect(
            "http-json",
            {
                "base_url": url,
                "endpoints": [
                    {
                        "path": "/t",
                        "dataset": "tickets",
                        "records": "items",
                        "pagination": {"type": "next_url"},
                        "fields": {"created_at": "c"},
                    }
                ],
            },
        )


def test_bad_records_are_reported_and_the_rest_kept(collect: Collect) -> None:
    body = [
        {"id": 1, "c": "2026-01-05T10:00:00Z", "r": "maybe"},
        {"c": "2026-01-06T10:00:00Z"},
        {"id": 3, "c": "yesterday", "r": True},
    ]
    with scripted(lambda base: {"/t": [(200, {}, json.dumps(body).encode())]}) as (url, _):
        [item], ctx = collect(
            "http-json",
            {
                "base_url": url,
                "endpoints": [{"path": "/t", "dataset": "tickets", "fields": {"created_at": "c", "reopened": "r"}}],
            },
        )
    assert item.attributes["rows"] == 2
    problems = sorted((entry.field, entry.level) for entry in ctx.log)
    assert problems == [("created_at", "error"), ("id", "error"), ("reopened", "error")]


def _retry_routes(base: str) -> dict[str, list[Answer]]:
    ok: Answer = (200, {}, b'[{"id": 1, "c": "2026-01-05T10:00:00Z"}]')
    return {
        "/t": [
            (503, {}, b"down"),
            (500, {}, b"{}"),
            (200, {}, b'[{"id": 1, "c": "2026-01'),
            (429, {"Retry-After": "0.25"}, b"{}"),
            ok,
        ]
    }


def test_backoff_is_bounded_jittered_and_seedable(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    delays: list[list[float]] = []
    for _ in range(2):
        waits: list[float] = []
        monkeypatch.setattr(time, "sleep", waits.append)
        with scripted(_retry_routes) as (url, seen):
            [item], _ = collect(
                "http-json",
                {
                    "base_url": url,
                    "backoff": 0.5,
                    "max_backoff": 1.5,
                    "seed": 42,
                    "endpoints": [{"path": "/t", "dataset": "tickets", "fields": {"created_at": "c"}}],
                },
            )
        assert item.attributes["rows"] == 1 and len(seen) == 5
        delays.append(waits)
    assert delays[0] == delays[1]  # same seed, same waits
    first, second, third, retry_after = delays[0]
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0 and 0.75 <= third <= 1.5 and retry_after == 0.25


def test_period_filter_uses_the_dataset_date(collect: Collect) -> None:
    body = [{"id": i, "c": f"2026-0{m}-15T00:00:00Z"} for i, m in ((1, 1), (2, 3), (3, 4))]
    with scripted(lambda base: {"/t": [(200, {}, json.dumps(body).encode())]}) as (url, _):
        [item], ctx = collect(
            "http-json",
            {
                "base_url": url,
                "period_filter": True,
                "endpoints": [{"path": "/t", "dataset": "tickets", "fields": {"created_at": "c"}}],
            },
        )
    assert item.attributes["rows"] == 2 and item.provenance.period_end == PERIOD.end.isoformat()
    assert PERIOD.end == date(2026, 3, 31)
    assert any("1 record(s) outside the assessment period" in entry.message for entry in ctx.log)


def test_an_empty_answer_is_an_empty_typed_dataset(collect: Collect) -> None:
    with scripted(lambda base: {"/t": [(200, {}, b"[]")]}) as (url, _):
        [item], ctx = collect(
            "http-json",
            {"base_url": url, "endpoints": [{"path": "/t", "dataset": "tickets", "fields": {"created_at": "c"}}]},
        )
    assert (item.attributes["rows"], item.attributes["first"], item.attributes["months"]) == (0, None, {})
    assert ticket_kpis(item.payload)["types"] == {"created_at": "TIMESTAMP", "id": "VARCHAR"}
    assert ctx.log == []
