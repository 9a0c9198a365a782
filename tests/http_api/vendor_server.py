"""A loopback server for vendor emulations (test helper): OAuth2 token endpoint, auth check, a request
window announced in the vendor's rate-limit headers, and seeded faults; the vendor's paging is the
subclass's `route`.

Faults (drawn per request from a seeded generator): 5xx with an HTML body, 429, connection resets,
truncated bodies and invalid JSON. Access tokens expire after `token_uses` requests (the API then
answers 401 with the vendor's error body), as real tokens expire mid-run.
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["OAuth", "RateWindow", "Reply", "Request", "Vendor", "VendorFaults", "json_reply", "running"]

Reply = tuple[int, dict[str, str], bytes]


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  #: lower-case names
    body: bytes
    base: str

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class VendorFaults:
    seed: int = 7
    error_5xx: float = 0.0
    rate_429: float = 0.0
    reset: float = 0.0
    truncated: float = 0.0
    invalid_json: float = 0.0


@dataclass
class RateWindow:
    """`limit` requests per `seconds`; headers say what is left and when the window resets."""

    limit: int
    seconds: float
    remaining: str = "X-RateLimit-Remaining"
    reset: str = "X-RateLimit-Reset"
    reset_style: str = "epoch"  #: epoch (unix seconds, fractional here to keep tests fast) or seconds
    retry_after: bool = False  #: whether its 429 carries Retry-After too


@dataclass
class OAuth:
    """A token endpoint: client credentials and/or refresh token grant, Basic or form client auth."""

    path: str
    client_id: str
    client_secret: str
    refresh_token: str = ""
    client_auth: str = "basic"
    token_uses: int = 1000000  #: API requests a token is good for
    rotate: bool = False  #: answer refresh grants with a new refresh token
    issued: list[str] = field(default_factory=list)  #: access tokens handed out
    rotated: list[str] = field(default_factory=list)  #: refresh tokens handed out


class Vendor:
    """Subclass and implement `route` (and `authorised` for non-OAuth vendors)."""

    unauthorised: Reply = json_reply({"error": "unauthorized"}, 401)

    def __init__(
        self, faults: VendorFaults | None = None, window: RateWindow | None = None, oauth: OAuth | None = None
    ):
        self.faults = faults or VendorFaults()
        self.window, self.oauth = window, oauth
        self.lock = threading.Lock()
        self.rng = random.Random(self.faults.seed)
        self.requests: list[Request] = []
        self.injected: dict[str, int] = {}
        self.throttled = self.exhausted = 0
        self._window_start, self._used = 0.0, 0
        self._token_uses: dict[str, int] = {}

    # -- subclass API
    def route(self, req: Request) -> Reply:
        raise NotImplementedError

    def authorised(self, req: Request) -> bool:
        token = req.headers.get("authorization", "").removeprefix("Bearer ")
        if self.oauth is None or token not in self._token_uses:
            return False
        with self.lock:
            self._token_uses[token] += 1
            return self._token_uses[token] <= self.oauth.token_uses

    # -- machinery
    def handle(self, req: Request) -> tuple[str, Reply]:
        """The reply and how to send it: "" whole, "reset" (no answer), "truncated" (half, then reset)."""
        fault, reply = self._handle(req)
        return fault, reply

    def _handle(self, req: Request) -> tuple[str, Reply]:
        with self.lock:
            self.requests.append(req)
        fault = self._draw()
        if fault == "5xx":
            return "", (503, {"Content-Type": "text/html"}, b"<html>Service Unavailable</html>")
        if fault == "429":
            return "", json_reply({"error": "too many requests"}, 429, {"Retry-After": "0.01"})
        if fault == "reset":
            return "reset", (0, {}, b"")
        if self.oauth and req.path == self.oauth.path:
            reply = self._token(req)
        elif not self.authorised(req):
            reply = self.unauthorised
        else:
            limited = self._limit()
            if limited is not None:
                return "", limited
            status, headers, body = self.route(req)
            reply = status, {**headers, **self._window_headers()}, body
        if fault == "truncated":
            return "truncated", reply
        if fault == "invalid":
            return "", (reply[0], reply[1], reply[2][: len(reply[2]) // 2])
        return "", reply

    def _draw(self) -> str:
        f = self.faults
        with self.lock:
            roll = self.rng.random()
        for name, p in (
            ("5xx", f.error_5xx),
            ("429", f.rate_429),
            ("reset", f.reset),
            ("truncated", f.truncated),
            ("invalid", f.invalid_json),
        ):
            if roll < p:
                with self.lock:
                    self.injected[name] = self.injected.get(name, 0) + 1
                return name
            roll -= p
        return ""

    def _token(self, req: Request) -> Reply:
        o = self.oauth
        assert o is not None
        form = req.form()
        if o.client_auth == "basic":
            pair = base64.b64decode(req.headers.get("authorization", "Basic ").split(" ", 1)[1] or b"").decode()
            client_id, _, secret = pair.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if (client_id, secret) != (o.client_id, o.client_secret):
            return json_reply({"error": "invalid_client", "error_description": f"bad secret {secret}"}, 401)
        grant = form.get("grant_type")
        answer: dict[str, Any] = {"token_type": "Bearer", "expires_in": 3600}
        if grant == "refresh_token":
            if not o.refresh_token or form.get("refresh_token") != o.refresh_token:
                return json_reply({"error": "invalid_grant"}, 400)
            if o.rotate:
                with self.lock:
                    o.refresh_token = f"rt-rotated-{len(o.issued)}-{self.rng.getrandbits(64):016x}"
                    o.rotated.append(o.refresh_token)
                answer["refresh_token"] = o.refresh_token
        elif grant != "client_credentials":
            return json_reply({"error": "unsupported_grant_type"}, 400)
        with self.lock:
            token = f"at-{len(o.issued)}-{self.rng.getrandbits(64):016x}"
            o.issued.append(token)
            self._token_uses[token] = 0
        return json_reply({**answer, "access_token": token, "instance_url": req.base})

    def _limit(self) -> Reply | None:
        w = self.window
        if w is None:
            return None
        with self.lock:
            now = time.time()
            if now - self._window_start >= w.seconds:
                self._window_start, self._used = now, 0
            if self._used >= w.limit:
                self.throttled += 1
                headers = self._window_headers_locked()
                if w.retry_after:
                    headers["Retry-After"] = f"{self._window_start + w.seconds - now:.3f}"
                return json_reply({"error": "rate limited"}, 429, headers)
            self._used += 1
            if self._used == w.limit:
                self.exhausted += 1
        return None

    def _window_headers(self) -> dict[str, str]:
        with self.lock:
            return self._window_headers_locked()

    def _window_headers_locked(self) -> dict[str, str]:
        w = self.window
        if w is None:
            return {}
        end = self._window_start + w.seconds
        reset = f"{end:.3f}" if w.reset_style == "epoch" else f"{max(end - time.time(), 0):.3f}"
        return {w.remaining: str(max(w.limit - self._used, 0)), w.reset: reset}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        req = Request(
            self.command,
            parts.path,
            {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
            {k.lower(): v for k, v in self.headers.items()},
            body,
            f"http://{self.headers.get('Host')}",
        )
        fault, (status, headers, data) = self.server.vendor.handle(req)
        if fault != "reset":
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if fault == "truncated" else data)
        if fault:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

    do_GET = _serve
    do_POST = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    vendor: Vendor

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Resets and clients that gave up are part of the test, not worth a traceback."""


@contextmanager
def running(vendor: Vendor, port: int = 0) -> Iterator[str]:
    """Serve `vendor` on a loopback port (a free one by default); yields its base URL."""
    server = _Server(("127.0.0.1", port), _Handler)
    server.vendor = vendor
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
