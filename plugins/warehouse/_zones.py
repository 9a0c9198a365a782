"""Wall-clock time in the organisation's zone, as SQL every backend runs: a CASE over the zone's offsets.

Backends spell time-zone conversion differently (and some not at all), but all of them can compare a
timestamp with a constant and add a constant interval. Python's zoneinfo knows when the offset changes;
between two changes it is constant, so `local = utc + offset` is a CASE with one branch per change in
the years around the period (two a year for a zone with summer time, none for UTC).
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from typing import Any

__all__ = ["month_bounds", "to_local", "to_utc"]


def _changes(zone: str, first: date, last: date) -> tuple[timedelta, list[tuple[datetime, timedelta]]]:
    """The offset before `first` and each (UTC instant, new offset) until `last`, to the minute."""
    tz = zoneinfo.ZoneInfo(zone)

    def offset(at: datetime) -> timedelta:
        return at.replace(tzinfo=UTC).astimezone(tz).utcoffset() or timedelta(0)

    at = datetime.combine(first, datetime.min.time())
    start = offset(at)
    out: list[tuple[datetime, timedelta]] = []
    step = timedelta(days=1)
    end = datetime.combine(last, datetime.min.time())
    while at < end:
        if offset(at + step) != offset(at):
            low, high = at, at + step
            while high - low > timedelta(minutes=1):
                mid = low + (high - low) / 2
                low, high = (mid, high) if offset(mid) == offset(low) else (low, mid)
            out.append((high, offset(high)))
        at += step
    return start, out


def _span(around: tuple[date, date]) -> tuple[date, date]:
    return date(around[0].year - 1, 1, 1), date(around[1].year + 2, 1, 1)


def to_local(expr: Any, zone: str, around: tuple[date, date]) -> Any:
    """A naive UTC timestamp expression as the wall-clock time in `zone` (exact in the years around)."""
    import ibis

    if zone == "UTC":
        return expr
    start, changes = _changes(zone, *_span(around))
    if not changes:
        return expr + ibis.interval(seconds=int(start.total_seconds()))
    branches, before = [], start
    for instant, after in changes:
        branches.append((expr < instant, expr + ibis.interval(seconds=int(before.total_seconds()))))
        before = after
    return ibis.cases(*branches, else_=expr + ibis.interval(seconds=int(before.total_seconds())))


def to_utc(expr: Any, zone: str, around: tuple[date, date]) -> Any:
    """A naive wall-clock timestamp in `zone` as naive UTC (the hour a clock repeats is read as the first)."""
    import ibis

    if zone == "UTC":
        return expr
    start, changes = _changes(zone, *_span(around))
    if not changes:
        return expr - ibis.interval(seconds=int(start.total_seconds()))
    branches, before = [], start
    for instant, after in changes:
        wall = instant + min(before, after)  # the change as the local clock shows it
        branches.append((expr < wall, expr - ibis.interval(seconds=int(before.total_seconds()))))
        before = after
    return ibis.cases(*branches, else_=expr - ibis.interval(seconds=int(before.total_seconds())))


def month_bounds(months: list[str], zone: str) -> list[tuple[str, datetime]]:
    """(YYYY-MM, naive UTC instant its next month starts in `zone`) for each month of the period."""
    from servex.plugins.datasets._engine import utc_bound

    out = []
    for month in months:
        year, number = int(month[:4]), int(month[5:7])
        following = date(year + number // 12, number % 12 + 1, 1)
        out.append((month, utc_bound(following, zone)))
    return out
