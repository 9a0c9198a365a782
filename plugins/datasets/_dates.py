"""Day-first or month-first: decide per column from the data, never by a silent default.

`06/01/2026` is 6 January in Paris and June 1st in New York. A column settles the question when one of
its values has a first number above 12 (day first) or a second number above 12 (month first). A column
that never settles it is refused with an error that names `date_format`, unless another date column of
the same file settled it (exports use one date style throughout), or every value reads the same both
ways (`03/03/2025`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from servex.plugins.datasets._settle import SAMPLE_ROWS, numbered_scan, settle_columns

__all__ = ["ORDERS", "DateOrderError", "detect_orders", "formats_for"]

# day or month, day or month, year (2 or 4 digits), then optionally a time: slash or dash separated
_PATTERN = r"^(\d{1,2})([/-])(\d{1,2})[/-](\d{2}|\d{4})(\D|$)"

_MONTH_FIRST = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
    "%m-%d-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M",
    "%m-%d-%Y",
)
_ANY_ORDER = (
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    # months, as aggregate exports give them (the first of the month)
    "%Y-%m",
    "%Y/%m",
    "%m/%Y",
    "%m.%Y",
    "%b %Y",
    "%B %Y",
    "%b-%y",
)
ORDERS = ("month_first", "day_first")


def formats_for(order: str) -> tuple[str, ...]:
    """The strptime formats tried for a column read in `order` (slash and dash dates in that order only)."""
    if order == "day_first":
        swapped = tuple(f.replace("%m/%d", "%d/%m").replace("%m-%d", "%d-%m") for f in _MONTH_FIRST)
        return swapped + _ANY_ORDER
    return _MONTH_FIRST + _ANY_ORDER


class DateOrderError(Exception):
    """A date column can be read day-first or month-first and nothing in the file settles which."""

    def __init__(self, message: str, line: int | None, field: str) -> None:
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class _Evidence:
    dates: int  #: values shaped like nn/nn/yy(yy)
    day_first: int  #: ... whose first number is above 12
    month_first: int  #: ... whose second number is above 12
    unclear: int  #: ... with both numbers 12 or below and different (03/04: March or April?)
    example: str | None
    example_row: int | None

    def settled(self) -> str | None:
        if self.day_first and not self.month_first:
            return "day_first"
        if self.month_first and not self.day_first:
            return "month_first"
        return None

    def mixed(self) -> bool:
        return bool(self.day_first and self.month_first)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shaped(con: Any, columns: Mapping[str, str], limit: int) -> dict[str, str]:
    """The columns with at least one value shaped like nn/nn/yy: one cheap test per value (ISO dates,
    the common case, stop here)."""
    shape = "'^\\d{1,2}[/-]\\d{1,2}[/-]'"
    tests = ", ".join(f"bool_or(regexp_matches(trim({_q(c)}), {shape}))" for c in columns.values())
    row = con.execute(f"SELECT {tests} FROM (SELECT * FROM raw LIMIT {limit})").fetchone()
    return {name: column for (name, column), hit in zip(columns.items(), row, strict=True) if hit}


def _scan(con: Any, columns: Mapping[str, str], first_line: int, limit: int | None) -> dict[str, _Evidence]:
    inner, parts = [], []
    for i, column in enumerate(columns.values()):
        v = f"trim({_q(column)})"
        inner.append(
            f"{v} AS v{i}, TRY_CAST(regexp_extract({v}, '{_PATTERN}', 1) AS INTEGER) AS a{i}, "
            f"TRY_CAST(regexp_extract({v}, '{_PATTERN}', 3) AS INTEGER) AS b{i}"
        )
        a, b = f"a{i}", f"b{i}"
        unclear = f"{a} <= 12 AND {b} <= 12 AND {a} <> {b}"
        parts.append(
            f"count({a}), count(*) FILTER (WHERE {a} > 12 AND {b} <= 12), "
            f"count(*) FILTER (WHERE {b} > 12 AND {a} <= 12), count(*) FILTER (WHERE {unclear}), "
            f"arg_min(v{i}, _row) FILTER (WHERE {unclear}), min(_row) FILTER (WHERE {unclear})"
        )
    row = numbered_scan(con, ", ".join(parts), ", ".join(inner), first_line, limit)
    out = {}
    for i, name in enumerate(columns):
        d, day, month, unclear, example, at = row[6 * i : 6 * i + 6]
        out[name] = _Evidence(int(d), int(day), int(month), int(unclear), example, at)
    return out


#: why a column is refused: it mixes both orders; nothing settles its order (see _settle)
_WORDS = (
    "{name} ({column!r}) mixes day-first and month-first dates ({ev.day_first} value(s) with a day above 12 "
    "first, {ev.month_first} with it second); set `date_format` for this file "
    '(e.g. date_format: "%d/%m/%Y %H:%M")',
    "{name} ({column!r}): dates such as {ev.example!r} can be read day-first or month-first and no value in the "
    "file settles which; set `date_format` for this file "
    '(e.g. date_format: "%d/%m/%Y %H:%M" for day-first, "%m/%d/%Y %H:%M" for month-first)',
)


def detect_orders(con: Any, columns: Mapping[str, str], first_line: int) -> dict[str, str]:
    """field -> "day_first" | "month_first" for the date columns (field -> source column) of `raw`.

    Reads the first rows only; a column still unsettled there is read in full before giving up.
    Raises DateOrderError for a column that stays ambiguous or mixes both orders."""
    columns = _shaped(con, columns, SAMPLE_ROWS) if columns else {}
    if not columns:
        return {}
    scan = lambda cols, limit: _scan(con, cols, first_line, limit)  # noqa: E731
    return settle_columns(columns, scan, DateOrderError, _WORDS, "month_first")
