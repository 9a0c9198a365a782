"""Zendesk's cursor-based incremental ticket export, for the fake Zendesk (test helper).

Tickets (deleted ones too) in (updated_at, id) order, from `start_time` or from a `cursor` that names a
position in that order, `per_page` at a time, with `after_cursor`, `after_url` and `end_of_stream`;
`include=metric_sets` side-loads each ticket's metrics; a request window is announced in
`Zendesk-RateLimit-incremental-exports` and enforced with 429.
"""

from __future__ import annotations

import base64
import bisect
import json
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from fake_zendesk import FakeZendesk, _Handler

__all__ = ["EXPORT", "export_budget", "export_page", "serve_export"]

EXPORT = "/api/v2/incremental/tickets/cursor.json"


def _order(api: FakeZendesk) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
    """Tickets in export order and their (updated_at, id) keys; computed once (`api.changed()` resets)."""
    with api.lock:
        if api._export is None:
            rows = sorted([*api.tickets, *api.deleted], key=lambda t: (t["updated_at"], t["id"]))
            api._export = (rows, [(t["updated_at"], t["id"]) for t in rows])
        if api._metrics is None:
            api._metrics = {m["ticket_id"]: m for m in api.metrics}
        return api._export


def export_budget(api: FakeZendesk) -> tuple[bool, str]:
    """Whether the export window has a request left, and the header announcing the window."""
    if api.export_window is None:
        return True, "total=10; remaining=9; resets=60"
    limit, seconds = api.export_window
    with api.lock:
        now = time.time()
        start, used = api._export_used
        if now - start >= seconds:
            start, used = now, 0
        ok = used < limit
        used += ok
        api._export_used = (start, used)
        api.export_throttled += not ok
        resets = max(start + seconds - now, 0.0)
    return ok, f"total={limit}; remaining={limit - used}; resets={resets:.3f}"


def _key(ticket: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(f"{ticket['updated_at']}|{ticket['id']}".encode()).decode()


def export_page(api: FakeZendesk, query: dict[str, str], overlap: bool, host: str) -> bytes:
    with api.lock:
        api.export_requests.append(urlencode(sorted(query.items())))
    rows, keys = _order(api)
    if "cursor" in query:  # a position in the (updated_at, id) order, as Zendesk's cursors are
        updated, _, ticket = base64.urlsafe_b64decode(query["cursor"]).decode().partition("|")
        at = bisect.bisect_right(keys, (updated, int(ticket)))
    else:
        start = datetime.fromtimestamp(int(query["start_time"]), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        at = bisect.bisect_left(keys, (start, 0))
    size = int(query.get("per_page", 1000))
    chunk = rows[at : at + size]
    if overlap and at > 0:
        chunk = [rows[at - 1], *chunk]
    end = at + size >= len(rows)
    after = _key(rows[min(at + size, len(rows)) - 1]) if rows else _key({"updated_at": "", "id": 0})
    if end and api.faults.loop_cursor and at > 0:
        end, after = False, _key(rows[min(size, len(rows)) - 1])
    next_query = {**{k: v for k, v in query.items() if k != "start_time"}, "cursor": after}
    body: dict[str, Any] = {
        "after_cursor": after,
        "after_url": f"http://{host}{EXPORT}?{urlencode(next_query)}",
        "end_of_stream": end,
    }
    data = b'{"tickets": %s, %s' % (api.encode(chunk), json.dumps(body)[1:-1].encode())
    if query.get("include") == "metric_sets":
        assert api._metrics is not None
        data += b', "metric_sets": ' + api.encode([api._metrics[t["id"]] for t in chunk if t["id"] in api._metrics])
    return data + b"}"


def serve_export(handler: _Handler, query: dict[str, str], fault: str, overlap: bool) -> None:
    """Answer one export request on `handler`, with the request's drawn fault."""
    api = handler.server.api
    ok, header = export_budget(api)
    if not ok:
        handler._send(429, b'{"error":"APIRateLimitExceeded"}', {"Zendesk-RateLimit-incremental-exports": header})
        return
    data = export_page(api, query, overlap, str(handler.headers.get("Host")))
    if not fault:
        with api.lock:
            api.served["tickets"] = api.served.get("tickets", 0) + 1
    if fault == "truncated":
        handler._send(200, data[: len(data) // 2], length=len(data))
        handler._reset()
        return
    if fault == "invalid":
        handler._send(200, data[: len(data) // 2])
        return
    handler._send(200, data, {"Zendesk-RateLimit-incremental-exports": header})
