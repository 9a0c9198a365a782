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
from typing import Any
from urllib.parse import urlencode, urlsplit

from servex import CollectionError

from ._auth import Auth
from ._cache import ResponseCache
from ._ratelimit import RATE_HEADERS_SCHEMA, RateHeaders, RateLimiter, retry_after

__all__ = ["CLIENT_SCHEMA", "HttpClient", "Page", "RetryPolicy"]

_MAX_RENEWALS = 3  #: new tokens one request may ask for after a 401

CLIENT_SCHEMA: dict[str, Any] = {
    "timeout": {"type": "number", "exclusiveMinimum": 0, "description": "seconds per request (default 30)"},
    "retries": {"type": "integer", "minimum": 0, "maximum": 20, "description": "retries per request (default 6)"},
    "backoff": {"type": "number", "minimum": 0, "description": "first backoff in seconds (default 1)"},
    "max_backoff": {"type": "number", "minimum": 0, "description": "longest wait between tries (default 60)"},
    "rate_limit": {"type": "number", "exclusiveMinimum": 0, "description": "requests per second at most"},
    "concurrency": {"type": "integer", "minimum": 1, "maximum": 32, "description": "requests in flight"},
    "seed": {"type": "integer", "description": "jitter seed, for reproducible retry timing"},
    "rate_limit_headers": RATE_HEADERS_SCHEMA,
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
        rate_headers: Mapping[str, Any] | None = None,
    ) -> None:
        self.auth, self.cache, self.offline, self.policy = auth, cache, offline, policy
        self.concurrency = concurrency
        self.retried = 0
        self.held = 0  #: times the vendor's rate-limit headers said to wait for the window to reset
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))  # looked up late: tests replace it
        self._rng = random.Random(policy.seed)
        self._lock = threading.Lock()
        self._limiter = RateLimiter(rate_limit, time.monotonic, self._sleep, burst=concurrency)
        self._rate_headers = RateHeaders(rate_headers)
        self._client: Any = None
        if not offline:
            import httpx

            self._client = httpx.Client(
                headers={"Accept": "application/json", **(headers or {}), **auth.headers},
                timeout=policy.timeout,
                follow_redirects=False,
            )

    def close(self) -> None:
        """Close the connections and wait for the responses still being written to the cache."""
        try:
            if self._client is not None:
                self._client.close()
        finally:
            self.cache.flush()

    def url(self, base: str, params: Mapping[str, Any] | None = None) -> str:
        """`base` plus `params` (in a stable order, so cache keys are stable)."""
        if not params:
            return base
        glue = "&" if urlsplit(base).query else "?"
        return base + glue + urlencode(sorted((k, str(v)) for k, v in params.items()))

    def get(self, url: str, *, raw: bool = False) -> Page:
        return self.request("GET", url, raw=raw)

    def request(self, method: str, url: str, body: Any = None, *, raw: bool = False) -> Page:
        """Send `method` to `url` (without credentials) with an optional JSON `body` and parse the JSON
        answer (`raw`: keep the bytes, for export files), retrying what a retry can fix."""
        safe = self.auth.redact(url)
        payload = None if body is None else json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        request = "" if payload is None else self.auth.scrub(f"{method} {payload.decode()}")
        if self.offline:
            data, entry = self.cache.load(safe, request)
            return Page(safe, data if raw else json.loads(data), {"link": entry.get("link", "")}, entry)
        real = self.url(url, self.auth.params) if self.auth.params else url
        where = f"{safe} ({method})" if method != "GET" else safe
        reason, attempt, renewals = "", 0, 0
        while True:
            self._limiter.wait()
            delay: float | None = None
            headers = {"Content-Type": "application/json"} if payload is not None else {}
            token = ""
            if self.auth.token is not None:
                token = self.auth.token.token(self.exchange)
                headers["Authorization"] = f"Bearer {token}"
            try:
                response = self._client.request(method, real, content=payload, headers=headers)
                content = response.content
            except Exception as exc:  # timeouts, resets, truncated bodies: all transport failures retry
                if not _is_transport_error(exc):
                    raise
                reason = f"{type(exc).__name__}"
            else:
                status = response.status_code
                self._pace(response.headers)
                # Expired or revoked early: a new token. Requests run side by side, so the token a retry
                # gets may itself expire before it is used; a few renewals, each for a token that failed,
                # never a loop against credentials the API refuses.
                if status == 401 and token and renewals < _MAX_RENEWALS:
                    self.auth.token.invalidate(token)  # type: ignore[union-attr]
                    renewals += 1
                    continue
                if status == 429 or status >= 500:
                    reason = f"HTTP {status}"
                    delay = retry_after(response.headers.get("Retry-After"), self.policy.max_backoff)
                    if delay is None and status == 429:
                        reset = self._rate_headers.reset_in(response.headers, time.time())
                        delay = reset
                elif status >= 400:
                    raise CollectionError(f"HTTP {status} from {where}{self._excerpt(content)}")
                elif status >= 300:  # following it could send the credentials to another host
                    raise CollectionError(f"HTTP {status} from {safe}: redirects are not followed; fix base_url")
                elif raw:
                    entry = self.cache.store(safe, content, "", request)
                    return Page(safe, content, dict(response.headers), entry)
                else:
                    try:
                        data = json.loads(content)
                    except ValueError:
                        reason = "invalid or truncated JSON"
                    else:
                        link = self.auth.scrub(response.headers.get("link", ""))
                        entry = self.cache.store(safe, content, link, request)
                        return Page(safe, data, dict(response.headers), entry)
            if attempt >= self.policy.retries:
                break
            self._sleep(delay if delay is not None else self._backoff(attempt))
            attempt += 1
            with self._lock:
                self.retried += 1
        raise CollectionError(f"{where}: gave up after {self.policy.retries + 1} attempts ({reason})")

    def exchange(self, url: str, form: Mapping[str, str], headers: Mapping[str, str]) -> Any:
        """POST an OAuth2 token request; the answer is never cached (it is a secret)."""
        reason = ""
        for attempt in range(self.policy.retries + 1):
            self._limiter.wait()
            try:
                response = self._client.post(url, data=dict(form), headers=dict(headers))
            except Exception as exc:
                if not _is_transport_error(exc):
                    raise
                reason = type(exc).__name__
            else:
                status = response.status_code
                if status == 429 or status >= 500:
                    reason = f"HTTP {status}"
                elif status >= 300:
                    code = _error_code(response.content)
                    message = f"oauth2: {url} refused the token request: HTTP {status}{code}"
                    raise CollectionError(self.auth.scrub(message))
                else:
                    try:
                        return json.loads(response.content)
                    except ValueError:
                        reason = "invalid JSON"
            if attempt < self.policy.retries:
                self._sleep(self._backoff(attempt))
        raise CollectionError(f"oauth2: {url}: gave up after {self.policy.retries + 1} attempts ({reason})")

    def cached(self, url: str, request: str = "") -> Page:
        """A response an earlier run kept (incremental reads rebuild their records from these)."""
        data, entry = self.cache.load(url, request)
        return Page(url, json.loads(data), {"link": entry.get("link", "")}, entry)

    def pause(self, seconds: float) -> None:
        """Wait (an export job's poll interval) with the same sleep the retries use."""
        self._sleep(seconds)

    def _pace(self, headers: Mapping[str, str]) -> None:
        wait = self._rate_headers.wait(headers, time.time())
        if wait is not None and wait > 0:
            with self._lock:
                self.held += 1
            self._limiter.hold(wait)

    def _excerpt(self, content: bytes) -> str:
        """The start of a vendor's error body (its reason is often there), on one line, secrets removed."""
        text = " ".join(content[:300].decode("utf-8", "replace").split())
        return f": {self.auth.scrub(text)}" if text else ""

    def _backoff(self, attempt: int) -> float:
        """Exponential with 'equal jitter': half fixed, half random, so parallel clients spread out."""
        ceiling = float(min(self.policy.max_backoff, self.policy.backoff * 2.0**attempt))
        with self._lock:
            return ceiling / 2 + self._rng.random() * ceiling / 2


def _is_transport_error(exc: Exception) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, httpx.DecodingError))


def _error_code(content: bytes) -> str:
    """RFC 6749 §5.2 `error` code (e.g. invalid_client); the description is left out, it may quote input."""
    try:
        code = json.loads(content).get("error")
    except (ValueError, AttributeError):
        return ""
    return f" ({code})" if isinstance(code, str) and len(code) < 60 else ""
