"""Queries run side by side stop together (see `_together`).

What was observed: Ctrl-C landing while `servex assess` waited for a query running beside its own (the
cleaning check beside the description of a loaded export) left that query running on its cursor; the
cursor and then the connection were closed under it at exit, and DuckDB printed "connection is busy with
another call" after "Aborted.".
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from servex.plugins.datasets._together import side_by_side


class _Cursor:
    def __init__(self, log: list[str]) -> None:
        self.log, self.stop = log, threading.Event()

    def execute(self, _sql: str) -> None:
        pass

    def interrupt(self) -> None:
        self.log.append("interrupt")
        self.stop.set()

    def close(self) -> None:
        self.log.append("close")


class _Connection:
    def __init__(self) -> None:
        self.log: list[str] = []
        self.made: list[_Cursor] = []

    def cursor(self) -> _Cursor:
        self.made.append(_Cursor(self.log))
        return self.made[-1]


def test_ctrl_c_while_waiting_interrupts_the_other_query_and_waits_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    con = _Connection()

    def slow(cur: Any) -> str:  # a query that runs until interrupted
        cur.stop.wait(30)
        con.log.append("query stopped")
        return "late"

    real_join = threading.Thread.join
    calls = []

    def join(self: threading.Thread, timeout: float | None = None) -> None:
        calls.append(self)
        if len(calls) == 1:
            raise KeyboardInterrupt  # Ctrl-C while the main thread waits
        real_join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", join)
    with pytest.raises(KeyboardInterrupt):
        side_by_side(con, [lambda _con: "quick", slow])
    assert con.log == ["interrupt", "query stopped", "close"]  # stopped, waited for, then closed


def test_results_come_in_order_and_a_failure_beside_is_raised() -> None:
    con = _Connection()
    assert side_by_side(con, [lambda _c: 1, lambda _c: 2, lambda _c: 3]) == [1, 2, 3]

    def broken(_cur: Any) -> None:
        raise ValueError("bad value")

    with pytest.raises(ValueError, match="bad value"):
        side_by_side(con, [lambda _c: 1, broken])
