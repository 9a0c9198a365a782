"""Incremental reads: where the last run of this source and period stopped, and what it had read.

A run resumes from the stored cursor (Zendesk's `after_cursor`, a largest `updated_at` …) instead of
the period start, and rebuilds the records it read before from the evidence cache, so the dataset is
whole while the API is asked only for what changed. The state is kept per source and period under the
cache directory; it holds cursors and the cache keys of responses, never a credential.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cache import write_atomic

__all__ = ["IncrementalState", "endpoint_key"]


def endpoint_key(endpoint: Mapping[str, Any]) -> str:
    """Changes when the endpoint's definition changes: a new definition starts from the beginning."""
    text = json.dumps(endpoint, sort_keys=True, default=str)
    return f"{endpoint.get('path', 'export')}#{hashlib.sha256(text.encode()).hexdigest()[:12]}"


@dataclass
class IncrementalState:
    path: Path

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.load().get(key)
        return entry if isinstance(entry, dict) and "cursor" in entry else None

    def put(self, key: str, cursor: Any, requests: list[tuple[str, str]]) -> None:
        """`cursor` keeps its JSON type: a numeric record time must compare as a number next run."""
        data = self.load()
        # A page asked twice (the resume page) is replayed once, where it was read last.
        unique = list(dict.fromkeys(reversed(requests)))[::-1]
        data[key] = {"cursor": cursor, "responses": [{"url": u, "request": r} for u, r in unique]}
        write_atomic(self.path, json.dumps(data, sort_keys=True, indent=1).encode())
