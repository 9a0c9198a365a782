"""The evidence cache: every API response kept with its provenance, so a run can be replayed offline and
an auditor can check what the grade was computed from.

Keys are derived from the redacted URL and the assessment period, never from credentials, so the cache
is shareable and the same request in the same period always lands on the same entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servex import CollectionError, Period

__all__ = ["ResponseCache", "write_atomic"]


@dataclass(frozen=True)
class ResponseCache:
    root: Path
    period: Period
    fetched_at: str

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
        write_atomic(self.root / f"{key}.body", body)
        write_atomic(self.root / f"{key}.json", json.dumps(entry, sort_keys=True, indent=1).encode())
        return entry

    def load(self, url: str, request: str = "") -> tuple[bytes, dict[str, Any]]:
        key = self._key(url, request)
        try:
            entry = json.loads((self.root / f"{key}.json").read_text(encoding="utf-8"))
            body = (self.root / f"{key}.body").read_bytes()
        except (OSError, ValueError) as exc:
            what = f"{url} ({request[:80]})" if request else url
            raise CollectionError(f"offline: no cached response for {what} in this period") from exc
        if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
            raise CollectionError(f"offline: cached response for {url} does not match its sha256")
        return body, entry


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
