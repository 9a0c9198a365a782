"""One HTTP transport for every API collector: retries, backoff with jitter, rate limit, concurrency,
and the evidence cache (online it records, offline it replays and never opens a socket).

Real APIs time out, reset connections, answer 429 or 5xx and sometimes cut a page short; all of these
are retried a bounded number of times, so a flaky API costs time, not records, and a dead one fails
its source with a clear reason instead of hanging the run.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from servex import CollectionError

from ._auth import Auth
from ._cache import ResponseCache

__all__ = ["CLIENT_SCHEMA", "HttpClient", "Page", "RetryPolicy"]

CLIENT_SCHEMA: dict[str, Any] = {
    "timeout": {"type": "number", "exclusiveMinimum": 0, "description": "seconds per request (default 30)"},
    "retries": {"type": "integer", "minimum": 0, "maximum": 20, "description": "retries per request (default 6)"},
    "backoff": {"type": "number", "minimum": 0, "description": "first backoff in seconds (default 1)"},
    "max_backoff": {"type": "number", "minimum": 0, "description": "longest wait between tries (default 60)"},
    "rate_limit": {"type": "number", "exclusiveMinimum": 0, "description": "requests per second at most"},
    "concurrency": {"type": "integer", "minimum": 1, "maximum": 32, "description": "requests in flight"},
    "seed": {"type": "integer", "description": "jitter seed, for reproducible retry timing"},
}


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 6
    backoff: float = 1.0
    max_backoff: float = 60.0
    timeout: float = 30.0
    seed: int = 0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RetryPolicy:
        return cls(
            retries=int(config.get("retries", 6)),
            backoff=float(config.get("backoff", 1.0)),
            max_backoff=float(config.get("max_backoff", 60.0)),
            timeout=float(config.get("timeout", 30.0)),
            seed=int(config.get("seed", 0)),
        )


@dataclass(frozen=True)
class Page:
    url: str  #: redacted
    data: Any
    headers: Mapping[str, str] = field(default_factory=dict)
    entry: Mapping[str, Any] = field(default_factory=dict)  #: cache provenance: url, sha256, size, fetched_at


class _RateLimiter:
    """Spaces request starts at least 1/rate apart across threads (a smooth, not bursty, budget)."""

    def __init__(self, rate: float | None, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._gap = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self) -> None:
        if not self._gap:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._gap
        if start > now:
            self._sleep(start - now)


class HttpClient:
    def __init__(
        self,
        *,
        auth: Auth,
        cache: ResponseCache,
        offline: bool,
        policy: RetryPolicy,
        rate_limit: float | None = None,
        concurrency: int = 4,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.auth, self.cache, self.offline, self.policy = auth, cache, offline, policy
        self.concurrency = concurrency
        self.retried = 0
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))  # looked up late: tests replace it
        self._rng = random.Random(policy.seed)
        self._lock = threading.Lock()
        self._limiter = _RateLimiter(rate_limit, time.monotonic, self._sleep)
        self._client: Any = None
        if not offline:
            import httpx

            self._client = httpx.Client(
                headers={"Accept": "application/json", **(headers or {}), **auth.headers},
                timeout=policy.timeout,
                follow_redirects=False,
            )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def url(self, base: str, params: Mapping[str, Any] | None = None) -> str:
        """`base` plus `params` (in a stable order, so cache keys are stable)."""
        if not params:
            return base
        glue = "&" if urlsplit(base).query else "?"
        return base + glue + urlencode(sorted((k, str(v)) for k, v in params.items()))

    def get(self, url: str) -> Page:
        """GET `url` (without credentials) and parse its JSON, retrying what a retry can fix."""
        safe = self.auth.redact(url)
        if self.offline:
            body, entry = self.cache.load(safe)
            return Page(safe, json.loads(body), {"link": entry.get("link", "")}, entry)
        real = self.url(url, self.auth.params) if self.auth.params else url
        reason = ""
        for attempt in range(self.policy.retries + 1):
            if attempt:
                with self._lock:
                    self.retried += 1
            self._limiter.wait()
            delay: float | None = None
            try:
                response = self._client.get(real)
                body = response.content
            except Exception as exc:  # timeouts, resets, truncated bodies: all transport failures retry
                if not _is_transport_error(exc):
                    raise
                reason = f"{type(exc).__name__}"
            else:
                status = response.status_code
                if status == 429 or status >= 500:
                    reason = f"HTTP {status}"
                    delay = _retry_after(response.headers.get("Retry-After"), self.policy.max_backoff)
                elif status >= 400:
                    raise CollectionError(f"HTTP {status} from {safe}")
                elif status >= 300:  # following it could send the credentials to another host
                    raise CollectionError(f"HTTP {status} from {safe}: redirects are not followed; fix base_url")
                else:
                    try:
                        data = json.loads(body)
                    except ValueError:
                        reason = "invalid or truncated JSON"
                    else:
                        link = self.auth.scrub(response.headers.get("link", ""))
                        entry = self.cache.store(safe, body, link)
                        return Page(safe, data, dict(response.headers), entry)
            if attempt < self.policy.retries:
                self._sleep(delay if delay is not None else self._backoff(attempt))
        raise CollectionError(f"{safe}: gave up after {self.policy.retries + 1} attempts ({reason})")

    def _backoff(self, attempt: int) -> float:
        """Exponential with 'equal jitter': half fixed, half random, so parallel clients spread out."""
        ceiling = float(min(self.policy.max_backoff, self.policy.backoff * 2.0**attempt))
        with self._lock:
            return ceiling / 2 + self._rng.random() * ceiling / 2


def _is_transport_error(exc: Exception) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, httpx.DecodingError))


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)
