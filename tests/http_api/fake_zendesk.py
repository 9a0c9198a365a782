"""A local, fault-injecting server shaped like Zendesk Support's API (test helper, also used by the bench).

It serves `tickets`, `ticket_metrics` and `satisfaction_ratings` with Zendesk's cursor pagination
(`page[size]`, `page[after]`, `meta.has_more`, `meta.after_cursor`, `links.next`) and its offset
pagination (`page`, `per_page`, `next_page`), the incremental ticket export (fake_zendesk_export.py),
enforces a request rate limit with 429 + Retry-After, and, with a fixed seed, injects the faults real
APIs show: 500/503, connection resets, slow answers, truncated bodies, invalid JSON, pages that overlap
the previous one and a final cursor that loops back.
"""

from __future__ import annotations

import base64
import json
import random
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fake_zendesk_export import EXPORT, serve_export

__all__ = ["FakeZendesk", "Faults", "make_tickets", "serve"]

EMAIL, TOKEN = "agent@example.com", "zd-secret-Tok3n-4242"


@dataclass
class Faults:
    """Probabilities per request (fixed seed): each request draws at most one fault."""

    seed: int = 7
    error_5xx: float = 0.0
    rate_429: float = 0.0
    reset: float = 0.0
    slow: float = 0.0
    slow_seconds: float = 0.5
    truncated: float = 0.0
    invalid_json: float = 0.0
    overlap: float = 0.0  #: a page repeats the last record of the previous page
    loop_cursor: bool = False  #: the last page claims more and points back to the first cursor


@dataclass
class FakeZendesk:
    tickets: list[dict[str, Any]]
    metrics: list[dict[str, Any]]
    ratings: list[dict[str, Any]]
    faults: Faults = field(default_factory=Faults)
    deleted: list[dict[str, Any]] = field(default_factory=list)  #: listed by the incremental export only
    export_window: tuple[int, float] | None = None  #: incremental export: requests per window (seconds)
    export_throttled: int = 0
    export_requests: list[str] = field(default_factory=list)  #: query strings the export was asked with
    rate_limit: float | None = None  #: requests per second before 429
    requests: int = 0
    throttled: int = 0  #: requests refused by the rate limit
    served: dict[str, int] = field(default_factory=dict)
    injected: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _rng: random.Random = field(init=False)
    _tokens: float = 2.0
    _windows: dict[tuple[str, int, int], list[dict[str, Any]]] = field(default_factory=dict)
    _last: float = 0.0
    _export_used: tuple[float, int] = (0.0, 0)
    _export: tuple[list[dict[str, Any]], list[tuple[str, int]]] | None = None
    _metrics: dict[int, dict[str, Any]] | None = None
    _encoded: dict[int, tuple[dict[str, Any], bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.faults.seed)

    def draw(self) -> tuple[str, bool]:
        """This request's fault (or "") and whether its page overlaps the previous one, drawn together so
        the sequence depends on the order of requests only, not on when slow answers wake up."""
        f = self.faults
        with self.lock:
            self.requests += 1
            roll, overlap = self._rng.random(), self._rng.random() < f.overlap
        return self._fault(roll), overlap

    def _fault(self, roll: float) -> str:
        f = self.faults
        for name, p in (
            ("5xx", f.error_5xx),
            ("429", f.rate_429),
            ("reset", f.reset),
            ("slow", f.slow),
            ("truncated", f.truncated),
            ("invalid", f.invalid_json),
        ):
            if roll < p:
                with self.lock:
                    self.injected[name] = self.injected.get(name, 0) + 1
                return name
            roll -= p
        return ""

    def window(self, attr: str, lo: int, hi: int) -> list[dict[str, Any]]:
        """Rows created in [lo, hi] (unix seconds), computed once per window: pages must stay cheap."""
        with self.lock:
            key = (attr, lo, hi)
            if key not in self._windows:
                self._windows[key] = [
                    r for r in getattr(self, attr) if lo <= datetime.fromisoformat(r["created_at"]).timestamp() <= hi
                ]
            return self._windows[key]

    def encode(self, rows: list[dict[str, Any]]) -> bytes:
        """`json.dumps(rows)` from each row's JSON, encoded once: a real API's CPU is not on the machine
        that runs the collector, so the fake one must not spend the shared cores re-encoding every page.
        Rows are replaced, never changed in place (a replaced row is encoded again)."""
        parts = []
        for row in rows:
            hit = self._encoded.get(id(row))
            if hit is None or hit[0] is not row:
                hit = self._encoded[id(row)] = (row, json.dumps(row).encode())
            parts.append(hit[1])
        return b"[" + b", ".join(parts) + b"]"

    def changed(self) -> None:
        """Tickets were changed or added: forget the precomputed windows and export order."""
        with self.lock:
            self._windows.clear()
            self._export = None
            self._metrics = None
            self._encoded.clear()

    def throttle(self) -> float:
        """Seconds the caller must wait, or 0 when the token bucket (a tenth of a second's worth, at least
        2 requests) has a request left."""
        if not self.rate_limit:
            return 0.0
        with self.lock:
            now = time.monotonic()
            self._tokens = min(max(2.0, self.rate_limit / 10), self._tokens + (now - self._last) * self.rate_limit)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            self.throttled += 1
            return (1.0 - self._tokens) / self.rate_limit


def make_tickets(n: int, seed: int = 1, start: str = "2026-01-01", days: int = 90) -> FakeZendesk:
    """`n` tickets inside [start, start+days) plus a few outside it, with Zendesk-shaped metrics/ratings."""
    rng = random.Random(seed)
    origin = datetime.fromisoformat(start).replace(tzinfo=UTC)
    tickets, metrics, ratings = [], [], []
    total = n + max(1, n // 50)
    for i in range(1, total + 1):
        inside = i <= n
        offset = rng.randrange(days * 86400) if inside else -rng.randrange(1, 40) * 86400
        created = origin + timedelta(seconds=offset)
        reply = rng.choice([None, rng.randrange(1, 3000)]) if rng.random() < 0.2 else rng.randrange(1, 3000)
        solved = created + timedelta(minutes=rng.randrange(10, 6000)) if rng.random() < 0.8 else None
        reopens = rng.choice([0, 0, 0, 0, 1, 2])
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        tickets.append(
            {
                "id": i,
                "created_at": stamp,
                "updated_at": stamp,
                "status": "solved" if solved else "open",
                "priority": rng.choice(["low", "normal", "high", "urgent"]),
                "via": {"channel": rng.choice(["email", "web"])},
                "requester_id": 1000 + rng.randrange(n // 3 + 1),
                "assignee_id": 7,
                "subject": f"Ticket {i}",
            }
        )
        metrics.append(
            {
                "id": 50000 + i,
                "ticket_id": i,
                "created_at": stamp,
                "reopens": reopens,
                "replies": rng.randrange(0, 6),
                "reply_time_in_minutes": {"calendar": reply, "business": reply},
                "full_resolution_time_in_minutes": {"calendar": None, "business": None},
                "solved_at": solved.strftime("%Y-%m-%dT%H:%M:%SZ") if solved else None,
            }
        )
        if rng.random() < 0.4:
            score = rng.choice(["good", "good", "good", "bad", "offered"])
            ratings.append({"id": 90000 + i, "ticket_id": i, "score": score, "created_at": stamp})
    return FakeZendesk(tickets, metrics, ratings)


_COLLECTIONS = {
    "/api/v2/tickets": ("tickets", "tickets"),
    "/api/v2/ticket_metrics": ("metrics", "ticket_metrics"),
    "/api/v2/satisfaction_ratings": ("ratings", "satisfaction_ratings"),
}


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i{index}".encode()).decode().rstrip("=")


def _uncursor(text: str) -> int:
    return int(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()[1:])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without NODELAY, Nagle + delayed ACK stall each answer 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def do_GET(self) -> None:
        api = self.server.api
        basic = "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
        keys = (self.headers.get("X-Api-Key"), parse_qs(urlsplit(self.path).query).get("api_key", [""])[0])
        if self.headers.get("Authorization") not in (basic, f"Bearer {TOKEN}") and TOKEN not in keys:
            self._send(401, b'{"error":"Couldn\'t authenticate you"}')
            return
        wait = api.throttle()
        if wait:
            self._send(429, b'{"error":"rate limited"}', {"Retry-After": f"{wait:.3f}"})
            return
        fault, overlap = api.draw()
        if fault == "5xx":
            self._send(503, b"<html>Service Unavailable</html>")
            return
        if fault == "429":
            self._send(429, b"{}", {"Retry-After": "0.01"})
            return
        if fault == "reset":
            self._reset()
            return
        if fault == "slow":
            time.sleep(api.faults.slow_seconds)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != "api_key"}
        if parts.path == EXPORT:
            serve_export(self, query, fault, overlap)
            return
        if parts.path not in _COLLECTIONS:
            self._send(404, b'{"error":"InvalidEndpoint"}')
            return
        attr, key = _COLLECTIONS[parts.path]
        rows: list[dict[str, Any]] = getattr(api, attr)
        if "start_time" in query:
            rows = api.window(attr, int(query["start_time"]), int(query.get("end_time", 2**40)))
        body = self._page(rows, key, query, parts.path, overlap)
        if not fault:
            with api.lock:
                api.served[key] = api.served.get(key, 0) + 1
        if fault == "truncated":
            self._send(200, body[: len(body) // 2], length=len(body))
            self._reset()
            return
        if fault == "invalid":
            self._send(200, body[: len(body) // 2])
            return
        self._send(200, body)

    def _page(self, rows: list[dict[str, Any]], key: str, query: dict[str, str], path: str, overlap: bool) -> bytes:
        api = self.server.api
        base = f"http://{self.headers.get('Host')}{path}"
        if "page" in query:  # offset pagination
            page, size = int(query["page"]), int(query.get("per_page", 100))
            chunk = rows[(page - 1) * size : page * size]
            more = page * size < len(rows)
            nxt = f"{base}?{urlencode({'page': page + 1, 'per_page': size})}" if more else None
            tail = json.dumps({"next_page": nxt, "count": len(rows)})[1:]
            return b'{"%s": %s, %s' % (key.encode(), api.encode(chunk), tail.encode())
        size = int(query.get("page[size]", 100))
        at = _uncursor(query["page[after]"]) if "page[after]" in query else 0
        chunk = rows[at : at + size]
        if overlap and at > 0:
            chunk = [rows[at - 1], *chunk]
        more = at + size < len(rows)
        cursor = _cursor(at + size) if more else None
        if not more and api.faults.loop_cursor and at > 0:
            more, cursor = True, _cursor(size)
        links = {"next": f"{base}?{urlencode({'page[size]': size, 'page[after]': cursor})}" if more else None}
        meta = {"has_more": more, "after_cursor": cursor, "before_cursor": _cursor(at)}
        tail = json.dumps({"meta": meta, "links": links})[1:]
        return b'{"%s": %s, %s' % (key.encode(), api.encode(chunk), tail.encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: FakeZendesk

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up on a slow answer closes its socket: expected here, not worth a traceback."""


@contextmanager
def serve(api: FakeZendesk) -> Iterator[str]:
    """Run the fake API on a free loopback port; yields its base URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.api = api
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
