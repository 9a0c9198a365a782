"""The evidence cache: every API response kept with its provenance, so a run can be replayed offline and
an auditor can check what the grade was computed from.

Keys are derived from the redacted URL and the assessment period, never from credentials, so the cache
is shareable and the same request in the same period always lands on the same entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import CollectionError, Period

__all__ = ["ResponseCache", "write_atomic"]


@dataclass
class ResponseCache:
    """Responses are written behind the requests, in batches, by one writer thread: a request thread
    hashes the body (its provenance is needed at once) and goes back to the network. :meth:`flush`
    (called when the client closes) waits until every file is in place; a body stored in this run is
    read back from memory until then."""

    root: Path
    period: Period
    fetched_at: str
    _pending: dict[str, tuple[bytes, dict[str, Any]]] = field(default_factory=dict, init=False, repr=False)
    _queue: queue.SimpleQueue[str | None] = field(default_factory=queue.SimpleQueue, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _writer: threading.Thread | None = field(default=None, init=False, repr=False)
    _error: OSError | None = field(default=None, init=False, repr=False)

    def _key(self, url: str, request: str = "") -> str:
        text = f"{url}\n{self.period.start.isoformat()}/{self.period.end.isoformat()}"
        if request:  # a POST: the same URL answers differently per body
            text += f"\n{request}"
        return hashlib.sha256(text.encode()).hexdigest()

    def store(self, url: str, body: bytes, link: str = "", request: str = "") -> dict[str, Any]:
        """Keep `body` for the redacted `url` and `request` ("POST <json body>", redacted; empty for a
        GET), with its redacted `Link` header, which some APIs paginate with; returns the provenance entry."""
        key = self._key(url, request)
        entry: dict[str, Any] = {
            "link": link,
            "url": url,
            "sha256": hashlib.sha256(body).hexdigest(),
            "size": len(body),
            "fetched_at": self.fetched_at,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
        }
        if request:
            entry["request"] = request
        with self._lock:
            if self._error is not None:
                raise self._error
            self._pending[key] = (body, dict(entry))  # the caller may keep and change its copy
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_behind, name="servex-cache-writer", daemon=True)
                self._writer.start()
        self._queue.put(key)
        return entry

    def _write_behind(self) -> None:
        while True:
            keys = [self._queue.get()]
            while not self._queue.empty():  # a batch: whatever queued while the last one was written
                keys.append(self._queue.get())
            for key in keys:
                if key is None:
                    return
                with self._lock:
                    pending = self._pending.get(key)
                if pending is None:  # stored twice before the writer woke: the newer one is already written
                    continue
                body, entry = pending
                try:
                    write_atomic(self.root / f"{key}.body", body)
                    write_atomic(self.root / f"{key}.json", _meta(entry))
                except OSError as exc:
                    with self._lock:
                        self._error = self._error or exc
                with self._lock:
                    if self._pending.get(key) is pending:
                        del self._pending[key]

    def flush(self) -> None:
        """Wait until every stored response is on disk; a write that failed is raised here."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            self._queue.put(None)
            writer.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def load(self, url: str, request: str = "") -> tuple[bytes, dict[str, Any]]:
        key = self._key(url, request)
        with self._lock:
            pending = self._pending.get(key)
        if pending is not None:
            return pending[0], json.loads(_meta(pending[1]))
        try:
            entry = json.loads((self.root / f"{key}.json").read_text(encoding="utf-8"))
            body = (self.root / f"{key}.body").read_bytes()
        except (OSError, ValueError) as exc:
            what = f"{url} ({request[:80]})" if request else url
            raise CollectionError(f"offline: no cached response for {what} in this period") from exc
        if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
            raise CollectionError(f"offline: cached response for {url} does not match its sha256")
        return body, entry


def _meta(entry: dict[str, Any]) -> bytes:
    """An entry as its cache file holds it (encoded by the writer thread, not the request thread)."""
    return json.dumps(entry, sort_keys=True, indent=1).encode()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
