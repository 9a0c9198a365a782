"""The rate limiter banks slots lost to processing, up to the requests in flight, and never more.

What a user relies on: collection runs close to the vendor's limit even though each page takes time to
parse and store, and servex never exceeds the limit by more than the requests it has in flight (which
a vendor's window absorbs), nor starts anything while the vendor says its window is used up.
"""

from __future__ import annotations

import random

from servex.plugins.http_api._ratelimit import RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _starts(limiter: RateLimiter, time: FakeTime, count: int) -> list[float]:
    starts = []
    for _ in range(count):
        limiter.wait()
        starts.append(time.now)
    return starts


def test_slots_lost_to_processing_are_banked_up_to_the_requests_in_flight() -> None:
    time = FakeTime()
    limiter = RateLimiter(10.0, time.clock, time.sleep, burst=4)
    _starts(limiter, time, 1)
    time.now += 1.0  # a slow page: ten slots went by unused
    starts = _starts(limiter, time, 6)
    assert starts[:4] == [101.0] * 4  # four banked slots (the requests in flight) spent at once
    assert [round(s - 101.0, 6) for s in starts[4:]] == [0.1, 0.2]  # then the even schedule again


def test_without_a_bank_each_late_request_loses_its_slot() -> None:
    time = FakeTime()
    limiter = RateLimiter(10.0, time.clock, time.sleep)  # burst 1: the old behaviour
    _starts(limiter, time, 1)
    time.now += 1.0
    starts = _starts(limiter, time, 3)
    assert [round(s - 101.0, 6) for s in starts] == [0.0, 0.1, 0.2]


def test_never_more_than_the_rate_plus_the_bank_in_any_second() -> None:
    time, rng = FakeTime(), random.Random(7)
    rate, burst = 20.0, 4
    limiter = RateLimiter(rate, time.clock, time.sleep, burst=burst)
    starts = []
    for _ in range(2000):
        limiter.wait()
        starts.append(time.now)
        time.now += rng.choice([0.0, 0.0, 0.01, 0.05, 0.3])  # processing time between requests
    for i, start in enumerate(starts):
        within = sum(1 for s in starts[i:] if s < start + 1.0)
        assert within <= rate + burst
    assert len(starts) / (starts[-1] - starts[0]) <= rate * 1.01  # the long-run rate is the limit


def test_a_vendor_hold_is_kept_whatever_is_banked() -> None:
    time = FakeTime()
    limiter = RateLimiter(10.0, time.clock, time.sleep, burst=8)
    time.now += 5.0  # plenty banked
    limiter.hold(2.0)
    assert _starts(limiter, time, 1) == [107.0]
