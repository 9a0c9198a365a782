"""Pages are read ahead of the mapping: a cursor stream's next request does not wait for the previous
page to be mapped, a failed read still surfaces (after the pages read before it), and a collection that
stops early does not leave a reader fetching in the background."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from servex.plugins.http_api._prefetch import prefetched


def test_the_next_pages_are_read_while_the_first_is_being_mapped() -> None:
    third_read = threading.Event()

    def pages() -> Iterator[int]:
        for number in range(1, 6):
            if number == 3:
                third_read.set()
            yield number

    got = []
    for page in prefetched(pages(), depth=4):
        if page == 1:  # "mapping" page 1 only finishes once page 3 has been requested
            assert third_read.wait(timeout=30), "page 3 was not requested while page 1 was mapped"
        got.append(page)
    assert got == [1, 2, 3, 4, 5]


def test_a_failed_read_is_raised_after_the_pages_before_it() -> None:
    def pages() -> Iterator[int]:
        yield 1
        yield 2
        raise RuntimeError("gave up after 7 attempts (HTTP 503)")

    got = []
    with pytest.raises(RuntimeError, match="HTTP 503"):
        for page in prefetched(pages()):
            got.append(page)
    assert got == [1, 2]


def test_stopping_early_stops_the_reader() -> None:
    read = []

    def endless() -> Iterator[int]:
        number = 0
        while True:
            number += 1
            read.append(number)
            yield number

    stream = prefetched(endless(), depth=2)
    assert next(stream) == 1
    stream.close()  # what a `for` loop that raises or breaks does
    count = len(read)
    assert count <= 5  # the first page, the queue's two, one waiting to be queued, at most one more
    assert not any(t.name == "servex-page-reader" and t.is_alive() for t in threading.enumerate())
