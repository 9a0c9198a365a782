"""Settle a reading per column from the data: the shared steps of a date's order and a number's comma.

Both questions (is `06/01` day-first? is the comma in `1,020` a decimal mark?) are answered the same
way: a cheap scan of the first rows, a full scan only for a column still unsettled with values that can
be read both ways, a refusal for a column whose values settle it both ways, and, for a column that
never settles it, what the file's other columns settled, or a refusal that asks for the file option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

__all__ = ["SAMPLE_ROWS", "Evidence", "Refusal", "numbered_scan", "settle_columns"]

SAMPLE_ROWS = 200_000  #: rows read first; a column still unsettled with unclear values is read in full


class Evidence(Protocol):
    unclear: int  #: values that read both ways
    example_row: int | None  #: the line of the first of them

    def settled(self) -> str | None: ...
    def mixed(self) -> bool: ...


E = TypeVar("E", bound=Evidence)


def numbered_scan(con: Any, aggregates: str, columns: str, first_line: int, limit: int | None) -> Any:
    """The one row of `aggregates` over `columns` of the first `limit` rows of `raw` (all when None), each
    row numbered `_row` by its line in the file (so an example can be cited by line)."""
    cut = f" LIMIT {limit}" if limit else ""
    return con.execute(
        f"SELECT {aggregates} FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {columns} "
        f"FROM (SELECT * FROM raw{cut}))"
    ).fetchone()


class Refusal(Protocol):
    def __call__(self, message: str, line: int | None, field: str) -> Exception: ...


def settle_columns(
    columns: Mapping[str, str],
    scan: Callable[[Mapping[str, str], int | None], dict[str, E]],
    refusal: Refusal,
    words: tuple[str, str],
    fallback: str | None = None,
) -> dict[str, str]:
    """field -> reading for the columns (field -> source column); `scan(columns, limit)` gathers each
    column's evidence over the first `limit` rows (all when None). A column with neither settled nor
    unclear values gets what the others agreed on, else `fallback` (left out when None). A column the
    data cannot settle raises `refusal(message, line, field)`, the message from `words` (for a column
    that mixes both readings, and for one that stays unclear: str.format templates of `name`, `column`
    and the evidence `ev`)."""
    mixed, unclear = words
    found = scan(columns, SAMPLE_ROWS)
    unsettled = {f: columns[f] for f, e in found.items() if e.settled() is None and e.unclear}
    if unsettled:
        found.update(scan(unsettled, None))
    out: dict[str, str] = {}
    for name, ev in found.items():
        if ev.mixed():
            raise refusal(mixed.format(name=name, column=columns[name], ev=ev), None, name)
        reading = ev.settled()
        if reading:
            out[name] = reading
    agreed = set(out.values())
    for name, ev in found.items():
        if name in out:
            continue
        if ev.unclear and len(agreed) != 1:
            raise refusal(unclear.format(name=name, column=columns[name], ev=ev), ev.example_row, name)
        reading = next(iter(agreed)) if len(agreed) == 1 else fallback
        if reading is not None:
            out[name] = reading
    return out
