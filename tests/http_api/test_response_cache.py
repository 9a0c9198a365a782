"""The response cache writes behind the requests; what a run stored must be replayable offline later.

Observed: an export job polled at the same URL stored that URL twice before the writer thread woke; the
writer wrote the newer body, then failed on the second queue entry and stopped, so every response stored
after it was missing from the cache and an `--offline` re-run could not replay the source.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from servex import Period
from servex.plugins.http_api import _cache
from servex.plugins.http_api._cache import ResponseCache


def test_a_url_stored_twice_before_the_writer_wakes_does_not_stop_later_writes(
    tmp_path: Path, monkeypatch: Any
) -> None:
    period = Period(date(2026, 1, 1), date(2026, 3, 31))
    release = threading.Event()
    real_write = _cache.write_atomic

    def slow_first_write(path: Path, data: bytes) -> None:
        release.wait(10)  # the writer is busy with the first response while the others are stored
        real_write(path, data)

    monkeypatch.setattr(_cache, "write_atomic", slow_first_write)
    cache = ResponseCache(tmp_path, period, "2026-04-01T00:00:00Z")
    cache.store("https://api.example/first", b"1")
    cache.store("https://api.example/job", b'{"status": "running"}')
    cache.store("https://api.example/job", b'{"status": "done"}')
    cache.store("https://api.example/after", b"after")
    release.set()
    cache.flush()

    replay = ResponseCache(tmp_path, period, "2026-04-01T00:00:00Z")  # a later run, from disk only
    assert replay.load("https://api.example/job")[0] == b'{"status": "done"}'
    assert replay.load("https://api.example/after")[0] == b"after"
