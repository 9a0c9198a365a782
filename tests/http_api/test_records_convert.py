"""API timestamps become canonical UTC text however the API writes them (Z, an offset, unix seconds),
the common `...Z` form included, which has its own fast path; impossible dates are refused, never
silently shifted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servex.plugins.http_api._records import add_minutes, convert

_MOMENTS = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1))
_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def _expected(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


@given(_MOMENTS)
def test_z_timestamps_convert_to_canonical_utc(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC)
    assert convert(aware.strftime("%Y-%m-%dT%H:%M:%SZ"), "ts") == _expected(aware)
    assert convert(aware.strftime("%Y-%m-%dt%H:%M:%Sz"), "ts") == _expected(aware)
    assert convert(aware.isoformat().replace("+00:00", "Z"), "ts") == _expected(aware)  # with microseconds


@given(_MOMENTS, _OFFSETS)
def test_offset_and_unix_timestamps_convert_to_canonical_utc(moment: datetime, zone: timezone) -> None:
    aware = moment.replace(tzinfo=zone)
    assert convert(aware.isoformat(), "ts") == _expected(aware)
    assert convert(int(aware.timestamp()), "ts") == _expected(datetime.fromtimestamp(int(aware.timestamp()), UTC))


@pytest.mark.parametrize(
    "text", ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01Tab:00:00Z"]
)
def test_impossible_timestamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        convert(text, "ts")


@given(_MOMENTS, st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_minutes_after_a_start(moment: datetime, minutes: float) -> None:
    start = moment.replace(microsecond=0)
    expected = (start + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")
    assert add_minutes(start.strftime("%Y-%m-%d %H:%M:%S"), minutes) == expected
