"""Read pages ahead of the code that maps them: a cursor stream asks for its next page only after the
previous one is parsed, so mapping and converting each page on the same thread left the request
budget idle for that time. One reader thread per stream fetches (and parses, since the next cursor is
inside) while the caller maps the pages already read; a bounded queue keeps memory flat.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any, TypeVar

__all__ = ["prefetched"]

T = TypeVar("T")

_DONE = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetched(source: Iterator[T], depth: int = 8) -> Iterator[T]:
    """The items of `source`, read up to `depth` ahead on a thread; its exception is raised here, in
    order, after the items read before it. Stopping early (an exception in the caller) stops the reader
    at its next item."""
    buffer: queue.Queue[Any] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                buffer.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in source:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the caller's thread, raised there
            put(_Failed(exc))
            return
        put(_DONE)

    reader = threading.Thread(target=read, name="servex-page-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                break
            if isinstance(item, _Failed):
                raise item.exc
            yield item
    finally:
        stop.set()
        reader.join()
