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

A point is read the same way, as the other side of the same question. A German export writes waits of
twenty minutes as `1.250` and has no comma anywhere: the point there groups thousands, and the value was
read as 1.25 seconds without a word. `2.5`, `0.125`, `1.5000` settle a decimal point (the comma then
separates thousands), `1.234.567` settles thousands grouped by points (the comma then is the decimal
mark); a column of `n.nnn` (a first group of one to three digits, not 0) and plain integers takes what
the file's other columns settled and is refused otherwise, and in a count `n.nnn` is thousands. In a
score on its scale (1-5, 0-10) a point is always a decimal point: `4.250` is not unclear there (and
settles nothing), while `4.5` settles a decimal point for the file as any value does.
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
#: a point that can only be a decimal point (not n.nnn after a first group of 1-9, nor several groups)
_DOT_DECIMAL = r"[-+]?\d*\.\d+"
_DOT_GROUPS = r"[-+]?[1-9]\d{0,2}(\.\d{3})+"
#: points that can only group thousands (the comma, if any, is then the decimal mark)
_DOT_THOUSANDS = r"[-+]?[1-9]\d{0,2}(\.\d{3}){2,}"
_DOT_UNCLEAR = r"[-+]?[1-9]\d{0,2}\.\d{3}"
#: fields that count whole things: "1,234" there is a thousand and more, never a fraction
COUNTS = frozenset({"offered", "answered", "answered_in_target", "abandoned", "contacts", "reopen_count"})


class DecimalMarkError(Exception):
    """A number column's commas can be decimal marks or thousands separators and nothing settles which."""

    def __init__(self, message: str, line: int | None, field: str) -> None:
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class _Evidence:
    decimal: int  #: values whose comma can only be a decimal mark, or whose points only group thousands
    thousands: int  #: values whose commas can only separate thousands, or whose point is a decimal point
    unclear: int  #: values shaped n,nnn or n.nnn, either
    example: str | None
    example_row: int | None
    count: bool = False  #: a field of whole counts, where n,nnn and n.nnn are thousands (see COUNTS)
    dotted: int = 0  #: of the unclear values, those shaped n.nnn

    def settled(self) -> str | None:
        if self.decimal and not self.thousands:
            return DECIMAL
        if self.thousands and not self.decimal:
            return THOUSANDS
        if not self.count or not self.unclear:
            return None
        if not self.dotted:  # "14,007" calls: the comma groups thousands
            return THOUSANDS
        return DECIMAL if self.dotted == self.unclear else None  # "14.007" calls: the point does

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


def _scan(
    con: Any, columns: Mapping[str, str], first_line: int, limit: int | None, scored: frozenset[str]
) -> dict[str, _Evidence]:
    parts = []
    for name, column in columns.items():
        v = f"trim({_q(column)})"
        comma = f"regexp_full_match({v}, '{_UNCLEAR}')"
        # in a score on its scale a point is a decimal point: "4.250" is neither unclear nor evidence
        dot = "false" if name in scored else f"regexp_full_match({v}, '{_DOT_UNCLEAR}')"
        decimal = (
            f"(regexp_full_match({v}, '{_ANY_COMMA}') AND NOT {comma}) OR regexp_full_match({v}, '{_DOT_THOUSANDS}')"
        )
        point = f"regexp_full_match({v}, '{_DOT_DECIMAL}') AND NOT regexp_full_match({v}, '{_DOT_GROUPS}')"
        either = f"({comma} OR {dot})"
        parts.append(
            f"count(*) FILTER (WHERE {decimal}), count(*) FILTER (WHERE regexp_full_match({v}, '{_THOUSANDS}') "
            f"OR {point}), count(*) FILTER (WHERE {either}), count(*) FILTER (WHERE {dot}), "
            f"arg_min({v}, _row) FILTER (WHERE {either}), min(_row) FILTER (WHERE {either})"
        )
    row = numbered_scan(con, ", ".join(parts), "*", first_line, limit)
    out = {}
    for i, name in enumerate(columns):
        decimal, thousands, unclear, dotted, example, at = row[6 * i : 6 * i + 6]
        out[name] = _Evidence(int(decimal), int(thousands), int(unclear), example, at, name in COUNTS, int(dotted))
    return out


def _with_marks(con: Any, columns: Mapping[str, str]) -> dict[str, str]:
    """The columns with a comma or a point in any value: one cheap test per value (many hold neither)."""
    tests = ", ".join(f"bool_or(contains({_q(c)}, ',') OR contains({_q(c)}, '.'))" for c in columns.values())
    row = con.execute(f"SELECT {tests} FROM raw").fetchone()
    return {name: column for (name, column), hit in zip(columns.items(), row, strict=True) if hit}


#: why a column is refused: it holds both readings; nothing settles its reading (see _settle)
_WORDS = (
    "{name} ({column!r}) holds numbers with a decimal comma ({ev.decimal} value(s), such as 12,5) and numbers "
    "with thousands separators ({ev.thousands}, such as 1,234,567); set `decimal_mark` for this file "
    '(decimal_mark: "," or ".")',
    "{name} ({column!r}): numbers such as {ev.example!r} can be read with a decimal mark or a thousands "
    "separator and no value in the file settles which; set `decimal_mark` for this file "
    '(decimal_mark: "." when the point is the decimal mark and a comma separates thousands, "," when the '
    "comma is the decimal mark and a point separates thousands)",
)


def detect_marks(
    con: Any, columns: Mapping[str, str], first_line: int, scored: frozenset[str] = frozenset()
) -> dict[str, str]:
    """field -> DECIMAL | THOUSANDS for the number columns (field -> source column) of `raw` that hold a
    comma or a point; `scored` names the score fields (on a scale, where a point is a decimal point).
    Raises DecimalMarkError for a column that mixes both readings or stays ambiguous."""
    columns = _with_marks(con, columns) if columns else {}
    if not columns:
        return {}
    scan = lambda cols, limit: _scan(con, cols, first_line, limit, scored)  # noqa: E731
    return settle_columns(columns, scan, DecimalMarkError, _WORDS)
