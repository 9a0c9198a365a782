"""A comma in a number: decimal mark or thousands separator, decided per column from the data.

`1,5` is one and a half in Paris; `14,007` is fourteen thousand and seven in London. Numbers were read
with the comma as a decimal mark everywhere, so an English management-information export ("Offered:
14,007") was read as 14.007 calls, silently wherever no rule compared two columns. A column settles the
question when one of its values can only be read one way: a comma not followed by exactly three digits,
or after a first group longer than three digits or starting with 0 (`12,5`, `0,125`, `1234,5`: decimal),
or several comma groups or a comma group before a decimal point (`1,234,567`, `1,234.5`: thousands). A
column whose values are all `n,nnn` (one to three digits, a comma, three digits) takes what another
number column of the file settled, and is refused otherwise with an error that names `decimal_mark`, as
a date column that never settles its order is (see _dates); in a count (calls offered, answered,
abandoned, contacts, reopenings), where nothing comes in fractions, `n,nnn` settles thousands. A file's
`decimal_mark: ","` or `"."` decides for every column. In a column whose comma is the decimal mark, a dot
can only group thousands: `1.234` there is a thousand and more, as `1.234,5` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from servex.plugins.datasets._settle import numbered_scan, settle_columns

__all__ = ["COUNTS", "MARKS", "DecimalMarkError", "detect_marks", "marks_from_spec"]

DECIMAL, THOUSANDS = "decimal_comma", "thousands_comma"
MARKS = (DECIMAL, THOUSANDS)
_THOUSANDS = r"[-+]?\d{1,3}(,\d{3}){2,}(\.\d+)?|[-+]?\d{1,3}(,\d{3})+\.\d+"
_UNCLEAR = r"[-+]?[1-9]\d{0,2},\d{3}"
#: a comma that can only be a decimal mark: in a number of one comma (unclear when shaped n,nnn), or after
#: thousands grouped by dots ("1.234,5")
_ANY_COMMA = r"[-+]?\d+,\d+|[-+]?\d{1,3}(\.\d{3})+,\d+"
#: fields that count whole things: "1,234" there is a thousand and more, never a fraction
COUNTS = frozenset({"offered", "answered", "answered_in_target", "abandoned", "contacts", "reopen_count"})


class DecimalMarkError(Exception):
    """A number column's commas can be decimal marks or thousands separators and nothing settles which."""

    def __init__(self, message: str, line: int | None, field: str) -> None:
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class _Evidence:
    decimal: int  #: values whose comma can only be a decimal mark
    thousands: int  #: values whose commas can only separate thousands
    unclear: int  #: values shaped n,nnn, either
    example: str | None
    example_row: int | None
    count: bool = False  #: a field of whole counts, where n,nnn is thousands (see COUNTS)

    def settled(self) -> str | None:
        if self.decimal and not self.thousands:
            return DECIMAL
        if self.thousands and not self.decimal:
            return THOUSANDS
        return THOUSANDS if self.count and self.unclear else None

    def mixed(self) -> bool:
        return bool(self.decimal and self.thousands)


def marks_from_spec(spec: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, str] | None:
    """field -> mark for every number field when the file's `decimal_mark` decides; None when it does not."""
    given = spec.get("decimal_mark")
    if given is None:
        return None
    return dict.fromkeys(fields, DECIMAL if given == "," else THOUSANDS)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scan(con: Any, columns: Mapping[str, str], first_line: int, limit: int | None) -> dict[str, _Evidence]:
    parts = []
    for column in columns.values():
        v = f"trim({_q(column)})"
        unclear = f"regexp_full_match({v}, '{_UNCLEAR}')"
        parts.append(
            f"count(*) FILTER (WHERE regexp_full_match({v}, '{_ANY_COMMA}') AND NOT {unclear}), "
            f"count(*) FILTER (WHERE regexp_full_match({v}, '{_THOUSANDS}')), count(*) FILTER (WHERE {unclear}), "
            f"arg_min({v}, _row) FILTER (WHERE {unclear}), min(_row) FILTER (WHERE {unclear})"
        )
    row = numbered_scan(con, ", ".join(parts), "*", first_line, limit)
    out = {}
    for i, name in enumerate(columns):
        decimal, thousands, unclear, example, at = row[5 * i : 5 * i + 5]
        out[name] = _Evidence(int(decimal), int(thousands), int(unclear), example, at, name in COUNTS)
    return out


def _with_commas(con: Any, columns: Mapping[str, str]) -> dict[str, str]:
    """The columns with a comma in any value: one cheap test per value (most exports have none)."""
    tests = ", ".join(f"bool_or(contains({_q(c)}, ','))" for c in columns.values())
    row = con.execute(f"SELECT {tests} FROM raw").fetchone()
    return {name: column for (name, column), hit in zip(columns.items(), row, strict=True) if hit}


#: why a column is refused: it holds both readings; nothing settles its reading (see _settle)
_WORDS = (
    "{name} ({column!r}) holds numbers with a decimal comma ({ev.decimal} value(s), such as 12,5) and numbers "
    "with thousands separators ({ev.thousands}, such as 1,234,567); set `decimal_mark` for this file "
    '(decimal_mark: "," or ".")',
    "{name} ({column!r}): numbers such as {ev.example!r} can be read with a decimal comma or a thousands "
    "separator and no value in the file settles which; set `decimal_mark` for this file "
    '(decimal_mark: "." when the comma separates thousands, "," when it is the decimal mark)',
)


def detect_marks(con: Any, columns: Mapping[str, str], first_line: int) -> dict[str, str]:
    """field -> DECIMAL | THOUSANDS for the number columns (field -> source column) of `raw` that hold a
    comma. Raises DecimalMarkError for a column that mixes both readings or stays ambiguous."""
    columns = _with_commas(con, columns) if columns else {}
    if not columns:
        return {}
    scan = lambda cols, limit: _scan(con, cols, first_line, limit)  # noqa: E731
    return settle_columns(columns, scan, DecimalMarkError, _WORDS)
