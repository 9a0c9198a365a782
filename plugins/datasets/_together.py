"""Run independent queries over the same records side by side, each on its own cursor of the same database.

A batch of KPIs is computed by two queries: the one with the "next record of the same customer" window,
whose sort DuckDB runs mostly on one thread, and the one with the exact medians and percentiles, whose
final sorts are also single-threaded per group; a file loaded in memory is described and checked for
values that need cleaning by two more. Run one after the other they leave a core idle for most of their
time; run together they overlap, and a cold run ends sooner with the same figures (each query is
unchanged, only when it runs). A cursor is a connection of its own to the same database, so the queries
share its tables, views and memory limit, not a statement.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["side_by_side"]


def _cursor(con: Any) -> Any:
    cur = con.cursor()
    # A cursor starts with the machine's own time zone: stored times are UTC and local_sql casts them.
    cur.execute("SET TimeZone = 'UTC'")
    return cur


def side_by_side(con: Any, jobs: Sequence[Callable[[Any], Any]]) -> list[Any]:
    """Each job's result, in order; a job is called with a connection it may use alone. The first job
    runs on this thread (so Ctrl-C interrupts it as usual) and the others on threads of their own; when
    any job fails, the others are interrupted and the first failure is raised."""
    if len(jobs) < 2:
        return [job(con) for job in jobs]
    cursors = [_cursor(con) for _ in jobs[1:]]
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException | None] = [None] * len(jobs)

    def run(i: int) -> None:
        try:
            results[i] = jobs[i](cursors[i - 1])
        except BaseException as exc:  # handed to the calling thread below
            errors[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, len(jobs))]
    for thread in threads:
        thread.start()
    try:
        results[0] = jobs[0](con)
    except BaseException:
        for cur in cursors:
            cur.interrupt()
        raise
    finally:
        stopped = _join(threads, cursors)
        for cur in cursors:
            cur.close()
    if stopped is not None:
        raise stopped
    failed = next((e for e in errors if e is not None), None)
    if failed is not None:
        raise failed
    return results


def _join(threads: Sequence[threading.Thread], cursors: Sequence[Any]) -> BaseException | None:
    """Wait for every thread, also when Ctrl-C lands while waiting: the other queries are interrupted and
    waited for, so none is left running on a cursor that is then closed (DuckDB refused that at exit with
    "connection is busy with another call"). The Ctrl-C is returned, to be raised once all have stopped."""
    stopped: BaseException | None = None
    for thread in threads:
        while thread.is_alive():
            try:
                thread.join()
            except BaseException as exc:  # KeyboardInterrupt while waiting
                stopped = stopped or exc
                for cur in cursors:
                    cur.interrupt()
    return stopped
