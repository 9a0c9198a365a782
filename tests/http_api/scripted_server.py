"""A loopback HTTP server answering from a script (test helper): each path has a list of answers, served
in order, the last one repeating; every request is recorded."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Answer", "scripted"]

Answer = tuple[int, dict[str, str], bytes]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without NODELAY, Nagle + delayed ACK stall each answer 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.seen.append((self.path, dict(self.headers)))
            answers = self.server.routes.get(self.path) or [(404, {}, b'{"error": "not found"}')]
            status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, list[Answer]]
    seen: list[tuple[str, dict[str, str]]]
    lock: threading.Lock


@contextmanager
def scripted(make: Callable[[str], dict[str, list[Answer]]]) -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """`make(base_url)` returns the routes; yields the base URL and the list of requests seen."""
    server = _Server(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.routes, server.seen, server.lock = make(base), [], threading.Lock()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield base, server.seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
