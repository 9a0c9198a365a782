"""The Zendesk connector against a local fault-injecting Zendesk: the truth survives the faults."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from api_support import Collect, ticket_kpis
from fake_zendesk import EMAIL, TOKEN, FakeZendesk, Faults, make_tickets, serve
from servex import CollectionError
from zendesk_truth import zendesk_truth

FAST = {"timeout": 0.6, "backoff": 0.005, "max_backoff": 0.05, "retries": 12, "seed": 3, "page_size": 50}


def _config(url: str, **extra: object) -> dict[str, object]:
    return {"base_url": url, "email": EMAIL, "token_env": "ZD_TOKEN", **FAST, **extra}


def _check(items: list, truth: dict) -> None:  # type: ignore[type-arg]
    [item] = items
    got = ticket_kpis(item.payload)
    types = got.pop("types")
    for key, value in got.items():
        assert value == pytest.approx(truth[key]), key
    assert item.attributes["rows"] == truth["rows"]
    assert item.attributes["months"] == truth["months"]
    assert types["created_at"] == "TIMESTAMP" and types["reopened"] == "BOOLEAN"
    assert types["satisfaction_score"] == "DOUBLE" and types["status"] == "VARCHAR"


@pytest.mark.parametrize("concurrency", [1, 4])
def test_faults_lose_and_double_nothing(collect: Collect, monkeypatch: pytest.MonkeyPatch, concurrency: int) -> None:
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(600, seed=11)
    api.faults = Faults(
        seed=5,
        error_5xx=0.08,
        rate_429=0.08,
        reset=0.06,
        slow=0.06,
        slow_seconds=1.2,
        truncated=0.05,
        invalid_json=0.05,
        overlap=0.5,
        loop_cursor=True,
    )
    api.__post_init__()
    with serve(api) as url:
        items, ctx = collect("zendesk", _config(url, concurrency=concurrency))
    truth = zendesk_truth(api)
    _check(items, truth)
    assert any("repeated a page" in entry.message for entry in ctx.log)
    if concurrency == 1:  # one request at a time: the seeded faults are the same on every run
        assert sorted(api.injected) == ["429", "5xx", "invalid", "reset", "slow", "truncated"]
        assert items[0].attributes["responses"] == sum(api.served.values())  # every good page, once


def test_offline_replay_needs_no_network_and_no_secret(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(200, seed=2)
    with serve(api) as url:
        online, _ = collect("zendesk", _config(url))
        first = Path(online[0].payload).read_bytes()
    monkeypatch.delenv("ZD_TOKEN")
    replayed, _ctx = collect("zendesk", _config(url), offline=True)  # the server is gone
    assert Path(replayed[0].payload).read_bytes() == first
    assert replayed[0].provenance == online[0].provenance
    _check(replayed, zendesk_truth(api))


def test_offline_without_cache_fails_the_source(collect: Collect) -> None:
    with pytest.raises(CollectionError, match="offline: no cached response"):
        collect("zendesk", _config("http://127.0.0.1:9"), offline=True)


def test_a_dead_api_fails_with_the_reason(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(10)
    api.faults = Faults(error_5xx=1.0)
    api.__post_init__()
    with serve(api) as url, pytest.raises(CollectionError, match=r"gave up after 4 attempts \(HTTP 503\)"):
        collect("zendesk", _config(url, retries=3))


def test_missing_secret_and_bad_token(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZD_TOKEN", raising=False)
    with pytest.raises(CollectionError, match="environment variable ZD_TOKEN is not set"):
        collect("zendesk", _config("http://127.0.0.1:9"))
    monkeypatch.setenv("ZD_TOKEN", "wrong")
    with serve(make_tickets(5)) as url, pytest.raises(CollectionError, match="HTTP 401"):
        collect("zendesk", _config(url))


def test_rate_limit_is_respected(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    """A client limited below the server's rate never sees a 429, even with pages fetched in parallel."""
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(300)
    api.rate_limit = 60.0
    with serve(api) as url:
        items, _ = collect("zendesk", _config(url, rate_limit=40.0, retries=0, concurrency=3))
    assert items[0].attributes["rows"] == 300


def _new_ticket(api: FakeZendesk, ticket_id: int, created: str, updated: str, status: str = "open") -> dict:  # type: ignore[type-arg]
    ticket = {**api.tickets[0], "id": ticket_id, "created_at": created, "updated_at": updated, "status": status}
    return ticket


def test_incremental_export_resumes_from_the_stored_cursor(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The second run of a period asks only for what changed since the first (Zendesk's after_cursor),
    rebuilds the rest from the evidence cache, and counts every ticket once with its newest values."""
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(300, seed=8)
    api.deleted = [_new_ticket(api, 9001, "2026-02-01T10:00:00Z", "2026-02-02T10:00:00Z", "deleted")]
    with serve(api) as url:
        [first], _ = collect("zendesk", _config(url, page_size=40))
        asked_first = list(api.export_requests)
        assert all("start_time=" in q for q in asked_first[:1]) and len(asked_first) >= 8
        assert first.attributes["rows"] == 300  # the deleted ticket is left out
        # Later: 25 new tickets in the period, and one ticket solved (updated after the first run).
        changed = dict(api.tickets[5], status="solved", updated_at="2026-04-02T09:00:00Z")
        api.tickets[5] = changed
        api.tickets += [
            _new_ticket(api, 5000 + i, f"2026-03-{10 + i % 20:02d}T08:00:00Z", f"2026-04-01T{i % 24:02d}:00:00Z")
            for i in range(25)
        ]
        api.changed()
        [second], _ = collect("zendesk", _config(url, page_size=40))
    asked_second = api.export_requests[len(asked_first) :]
    assert asked_second and not any("start_time=" in q for q in asked_second)  # resumed, not restarted
    assert len(asked_second) <= 2
    truth = zendesk_truth(api)
    rows = {r[0]: r[1] for r in duckdb.sql(f"SELECT id, status FROM '{second.payload}'").fetchall()}
    assert len(rows) == second.attributes["rows"] == truth["rows"] == 325
    assert rows[str(changed["id"])] == "solved"
    # Offline replay of the second run: the same bytes, from the cache alone.
    monkeypatch.delenv("ZD_TOKEN")
    [replayed], _ = collect("zendesk", _config(url, page_size=40), offline=True)
    assert Path(replayed.payload).read_bytes() == Path(second.payload).read_bytes()


def test_the_export_window_is_waited_for(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    """Zendesk-RateLimit-incremental-exports says how many export requests are left and when the
    window resets; the collector pauses instead of being refused."""
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(200, seed=3)
    api.export_window = (3, 0.3)
    with serve(api) as url:
        [item], _ = collect("zendesk", _config(url, page_size=25, csat=False))
    assert item.attributes["rows"] == 200
    assert len(api.export_requests) > 6 and api.export_throttled == 0


def test_list_endpoints_remain_available(collect: Collect, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    api = make_tickets(150, seed=4)
    with serve(api) as url:
        items, _ = collect("zendesk", _config(url, api="list"))
    _check(items, zendesk_truth(api))
    assert api.export_requests == [] and api.served.get("ticket_metrics")
