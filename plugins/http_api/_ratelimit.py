"""Pacing requests: our own budget (`rate_limit`) and the budget the vendor announces in its headers.

Vendors say how many requests are left and when the window resets (`X-RateLimit-Remaining` and
`X-RateLimit-Reset` at Intercom, ServiceNow and Jira; `ratelimit-remaining` / `ratelimit-reset` at
Zendesk; `RateLimit-*` in the IETF draft). Waiting for the reset when nothing is left costs one pause;
ignoring it costs a 429 per thread and, at some vendors, a longer lock-out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["RATE_HEADERS_SCHEMA", "RateHeaders", "RateLimiter", "retry_after"]

RATE_HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "the vendor's rate-limit headers, when they are not the usual names",
    "properties": {
        "remaining": {"type": "string", "description": "header with the requests left in the window"},
        "reset": {"type": "string", "description": "header with the end of the window"},
        "max_wait": {"type": "number", "minimum": 0, "description": "longest pause for a reset (default 300 s)"},
        "reset_unit": {
            "enum": ["auto", "seconds", "epoch", "epoch_ms", "milliseconds"],
            "description": "seconds from now, unix time, unix ms, ms from now (auto: epoch if > 1e9)",
        },
    },
}

_REMAINING = ("x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining")
_RESET = ("x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset")


class RateHeaders:
    """Reads 'requests left' and 'seconds until the window resets' from a response's headers."""

    def __init__(self, spec: Mapping[str, Any] | None) -> None:
        spec = spec or {}
        self.remaining = (str(spec["remaining"]).lower(),) if spec.get("remaining") else _REMAINING
        self.reset = (str(spec["reset"]).lower(),) if spec.get("reset") else _RESET
        self.unit = str(spec.get("reset_unit", "auto"))
        self.max_wait = float(spec.get("max_wait", 300.0))

    def wait(self, headers: Mapping[str, str], now: float) -> float | None:
        """Seconds to wait before the next request when the window is used up, else None."""
        left = _number(_first(headers, self.remaining), "remaining")
        if left is None or left > 0:
            return None
        return self.reset_in(headers, now)

    def reset_in(self, headers: Mapping[str, str], now: float) -> float | None:
        value = _number(_first(headers, self.reset), "resets")
        if value is None:
            return None
        unit = self.unit
        if unit == "auto":
            unit = "epoch_ms" if value > 1e12 else "epoch" if value > 1e9 else "seconds"
        seconds = {
            "seconds": value,
            "milliseconds": value / 1000,
            "epoch": value - now,
            "epoch_ms": value / 1000 - now,
        }[unit]
        return min(max(seconds, 0.0), self.max_wait)


def _first(headers: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def _number(text: str | None, key: str) -> float | None:
    """A header's number; "0, 5" (one value per policy) gives the smallest; a structured value such as
    Zendesk's `total=10; remaining=9; resets=48` gives its `remaining` or `resets` item."""
    if text is None:
        return None
    if "=" in text:
        items = dict(part.strip().split("=", 1) for part in text.replace(",", ";").split(";") if "=" in part)
        text = items.get(key) or items.get(key.rstrip("s"))
        if text is None:
            return None
    try:
        return min(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        return None


class RateLimiter:
    """Spaces request starts 1/rate apart on average across threads, and holds every thread until a
    vendor's window resets.

    A slot a thread could not use (it was still parsing or writing the previous page) is banked, up to
    `burst` slots (the requests in flight), and spent by the next requests: without the bank, each page's
    processing time was lost from the budget for good (39 % of a collection's time was spent asleep in
    here). This is the generic cell rate algorithm: a request may start `(burst - 1) / rate` seconds ahead
    of the even schedule, so over any interval no more than `burst` requests exceed the rate."""

    def __init__(
        self, rate: float | None, clock: Callable[[], float], sleep: Callable[[float], None], burst: int = 1
    ) -> None:
        self._gap = 1.0 / rate if rate else 0.0
        self._slack = self._gap * (max(1, burst) - 1)
        self._next = 0.0  #: when the next request would start on an even schedule
        self._hold = 0.0  #: no request before this (the vendor's window is used up)
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def hold(self, seconds: float) -> None:
        """No request starts in the next `seconds` (the vendor's window is used up)."""
        with self._lock:
            until = self._clock() + seconds
            self._hold = max(self._hold, until)
            self._next = max(self._next, until)

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next - self._slack, self._hold)
            if self._gap:
                self._next = max(self._next, start) + self._gap
        if start > now:
            self._sleep(start - now)


def retry_after(value: str | None, cap: float) -> float | None:
    """Retry-After in seconds or as an HTTP date, capped."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)
