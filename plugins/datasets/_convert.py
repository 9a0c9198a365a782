"""Type and rename an export's columns into the canonical dataset, written once as Parquet.

The conversion is one streaming DuckDB statement: parse, map and write in a single pass, with a bit per
field in the `_bad` column for every value that was there but could not be read, so bad values can be
counted (and, when there are any, cited with their row) without a second read of a large export. A
column with more than 1 % of its values unreadable fails the file (RejectedError): figures computed
from a mostly misread column would mislead.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex.plugins.datasets._dates import detect_orders
from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS, SCALES, Source, canonical_name, fields_of
from servex.plugins.datasets._mapping import MappingError, resolve_mapping
from servex.plugins.datasets._native import native_types, null_strings
from servex.plugins.datasets._read import CsvRead
from servex.plugins.datasets._typing import (
    NULL_MARKERS,
    bad_sql,
    clean_sql,
    lit,
    q,
    scale_of,
    scale_sql,
    typed_sql,
)

__all__ = [
    "MAX_INVALID_SHARE",
    "Conversion",
    "MappingError",
    "RejectedError",
    "convert",
    "local_sql",
    "resolve_mapping",
    "save_meta",
]

_EXAMPLES = 3
#: More unreadable values than this share of a mapped column fails the file: a column that is mostly
#: misread (day-first dates read month-first, a wrong mapping) must not produce figures.
MAX_INVALID_SHARE = 0.01


class RejectedError(Exception):
    """Too much of a column cannot be read for the file's figures to be trusted."""

    def __init__(self, message: str, line: int | None, field: str) -> None:
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class Conversion:
    rows: int
    columns: list[str]
    first: str | None
    last: str | None
    months: dict[str, int]
    invalid: dict[str, int]
    scales: dict[str, list[int]] = field(default_factory=dict)
    doubts: dict[str, float] = field(default_factory=dict)  #: undeclared score field -> highest answer seen
    issues: list[tuple[str, str, int | None, str]] = field(
        default_factory=list
    )  # level, message, line, field
    native: bool = False  #: typed by the CSV reader itself: no text read, so no rejected lines to report


def _column(source: Source) -> str:
    return q(source if isinstance(source, str) else source[1])


def local_sql(expr: str, zone: str) -> str:
    """A stored (UTC) timestamp as wall-clock time in `zone`: months and days are the organisation's."""
    if zone == "UTC":
        return expr
    return f"timezone({lit(zone)}, CAST({expr} AS TIMESTAMPTZ))"


def _constants(con: Any, dataset: str, spec: Mapping[str, Any]) -> list[str]:
    out = []
    for name, value in sorted((spec.get("constants") or {}).items()):
        kind = FIELDS[dataset][name]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        expr = typed_sql(name, kind, lit(text), spec)
        if con.execute(f"SELECT {expr}").fetchone()[0] is None:
            raise MappingError(f"constants: {name}: {str(value)[:60]!r} is not a valid {_WHAT.get(kind, kind)}")
        out.append(f"{expr} AS {q(name)}")
    return out


_WHAT = {"ts": "date", "bool": "yes/no value", "num": "number"}


def convert(
    con: Any,
    dataset: str,
    mapping: Mapping[str, Source],
    first_line: int,
    spec: Mapping[str, Any],
    target: Path,
    zone: str = "UTC",
    read: CsvRead | None = None,
) -> Conversion:
    """Write `raw` (see _read) as canonical Parquet to `target` and describe what was written.

    With `read` (a CSV read as it is), DuckDB's reader first types the dates, numbers and yes/no columns
    itself (see _native); if any value resists, the text path below reads the file again.
    Raises DateOrderError, MappingError or RejectedError when the file must not be graded on."""
    import duckdb
    from servex.plugins.datasets._duck import interrupted

    kinds = fields_of(dataset, spec.get("scores"))
    native = native_types(kinds, mapping, spec, read)
    if native and read is not None:
        types = {source: native[name] for name, source in mapping.items() if isinstance(source, str) and name in native}
        con.execute(f"CREATE OR REPLACE VIEW native AS SELECT * FROM {read.sql(types, null_strings(spec))}")
        try:
            return _write(con, dataset, mapping, first_line, spec, target, zone, {}, native)
        except duckdb.Error as exc:
            if interrupted(exc):
                raise
            # A value the strict reader cannot type: the text path reads, counts and cites it.
    dates = {n: (s if isinstance(s, str) else s[1]) for n, s in mapping.items() if kinds[n] == "ts"}
    orders = {} if spec.get("date_format") else detect_orders(con, dates, first_line)
    return _write(con, dataset, mapping, first_line, spec, target, zone, orders, {})


def _write(
    con: Any,
    dataset: str,
    mapping: Mapping[str, Source],
    first_line: int,
    spec: Mapping[str, Any],
    target: Path,
    zone: str,
    orders: Mapping[str, str],
    native: Mapping[str, str],
) -> Conversion:
    """One streaming COPY from the `raw` text view, or from the `native` typed view for the fields in
    `native` (their values are already typed, and only a score outside its scale can be bad)."""
    kinds = fields_of(dataset, spec.get("scores"))
    # Three layers: text columns cleaned once (trimmed, null markers as NULL), typed values (dates,
    # numbers and yes/no read from the untouched text first, the fast path), then the scale check and
    # the bit flags of unreadable values.
    nulls = spec.get("null_values", NULL_MARKERS)
    cleaned: dict[str, str] = {}  # raw column SQL -> alias of its cleaned text

    def clean(column: str) -> str:
        return cleaned.setdefault(column, q(f"_c{len(cleaned)}"))

    typed: list[str] = _constants(con, dataset, spec)
    final: list[str] = [q(n) for n in sorted(spec.get("constants") or {})]
    flags: list[str] = []
    checked: dict[str, tuple[str, str, str]] = {}  # field -> (raw SQL, typed SQL, column), to cite examples
    for name in sorted(mapping):
        source, kind = mapping[name], kinds[name]
        raw, order = _column(source), orders.get(name, "month_first")
        text = kind in ("text", "cat")
        alone = typed_sql(name, kind, raw, spec, order)
        if name in native:
            expr = f"CAST({raw} AS TIMESTAMP)" if kind == "ts" else raw
        else:
            expr = typed_sql(name, kind, clean(raw) if text else raw, spec, order, cleaned=text, scaled=False)
        if not isinstance(source, str):  # ("minutes_after", base, minutes)
            minutes = typed_sql("", "num", q(source[2]), spec)
            expr = f"({expr}) + to_microseconds(CAST(round({minutes} * 60000000) AS BIGINT))"
            alone = f"({alone}) + to_microseconds(CAST(round({minutes} * 60000000) AS BIGINT))"
        typed.append(f"{expr} AS {q(name)}")
        value = scale_sql(name, q(name), spec) if kind == "num" else q(name)
        final.append(f"{value} AS {q(name)}")
        if name in native:
            if value != q(name):  # a typed score outside its scale is the one bad value left
                flags.append(f"CASE WHEN {value} IS NULL AND {q(name)} IS NOT NULL THEN {1 << len(checked)} ELSE 0 END")
            checked[name] = (raw, alone, source if isinstance(source, str) else source[1])
        elif not text:
            kept = q("_raw_" + name)
            typed.append(f"{raw} AS {kept}")
            # One bit per field in a single `_bad` column: a mostly-zero integer costs next to nothing.
            # The unread value is looked at only where the parse failed (conjunctions short-circuit).
            flags.append(f"CASE WHEN {bad_sql(name, value, kept, spec)} THEN {1 << len(checked)} ELSE 0 END")
            checked[name] = (raw, alone, source if isinstance(source, str) else source[1])
    names = sorted(set(mapping) | set(spec.get("constants") or {}))
    padded = bool(native)  # the typed reader took empty cells and exact null markers as NULL already
    first = ", ".join(
        ["*", *(f"{clean_sql(column, nulls, padded)} AS {alias}" for column, alias in cleaned.items())]
    )
    second = ", ".join(typed) or "1 AS _none"
    partial = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
    # Order does not matter for the Parquet file, and not keeping it lets DuckDB write in parallel.
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(
            f"COPY (SELECT {', '.join(final)}, {' + '.join(flags) or '0'} AS _bad "
            f"FROM (SELECT {second} FROM (SELECT {first} FROM {'native' if native else 'raw'}))) "
            f"TO {lit(str(partial))} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"
        )
        con.execute("SET preserve_insertion_order = true")
        result = _describe(con, dataset, names, checked, first_line, spec, partial, zone)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    result.native = bool(native)
    os.replace(partial, target)
    return result


def _describe(
    con: Any,
    dataset: str,
    names: list[str],
    checked: dict[str, tuple[str, str, str]],
    first_line: int,
    spec: Mapping[str, Any],
    partial: Path,
    zone: str,
) -> Conversion:
    date_field = local_sql(q(DATE_FIELDS[dataset]), zone)
    src = f"read_parquet({lit(str(partial))})"
    scored = [n for n in names if n in SCALES or n in (spec.get("scores") or {})]
    counts = [f"count(*) FILTER (WHERE _bad & {1 << i} <> 0), count({q(n)})" for i, n in enumerate(checked)]
    counts += [f"min({q(n)}), max({q(n)})" for n in scored]
    row = con.execute(
        f"SELECT count(*), min({date_field}), max({date_field}), {', '.join(counts) or '0'} FROM {src}"
    ).fetchone()
    months = {
        str(m): int(n)
        for m, n in con.execute(
            f"SELECT strftime({date_field}, '%Y-%m') AS m, count(*) FROM {src} "
            f"WHERE {date_field} IS NOT NULL GROUP BY m ORDER BY m"
        ).fetchall()
    }
    result = Conversion(
        int(row[0]),
        names,
        row[1].date().isoformat() if row[1] else None,
        row[2].date().isoformat() if row[2] else None,
        months,
        {},
    )
    limit = float(spec.get("max_invalid_share", MAX_INVALID_SHARE))
    for i, name in enumerate(checked):
        bad, good = int(row[3 + 2 * i]), int(row[4 + 2 * i])
        if bad:
            result.invalid[name] = bad
            _report(con, result, dataset, name, bad, bad + good, checked[name], first_line, spec, limit)
    at = 3 + 2 * len(checked)
    for i, name in enumerate(scored):
        scale = scale_of(name, spec)
        assert scale is not None
        result.scales[name] = list(scale)
        low, high = row[at + 2 * i], row[at + 2 * i + 1]
        declared = name in (spec.get("scales") or {}) or name in (spec.get("scores") or {})
        if not declared and high is not None and high < scale[1] and (low is None or low >= scale[0]):
            result.doubts[name] = float(high)
            result.issues.append((
                "warning",
                f"no {name} value above {high:g} although its default scale is {scale[0]}-{scale[1]}; "
                f"if the question is on {scale[0]}-{high:g}, declare `scales: {{{name}: [{scale[0]}, {high:g}]}}` "
                "for this file (KPIs then adapt to it)",
                None,
                name,
            ))
    return result


def _report(
    con: Any,
    result: Conversion,
    dataset: str,
    name: str,
    bad: int,
    present: int,
    sql: tuple[str, str, str],
    first_line: int,
    spec: Mapping[str, Any],
    limit: float,
) -> None:
    """Find the first rows holding bad values with a second, ordered read: clean exports (the usual
    case) never pay for row numbering."""
    raw, expr, column = sql
    # The export's own header beside the field, when they differ: the cell a data owner must look at.
    named = canonical_name(column) != name
    where, among = (f" (column {column!r})", f", column {column!r}") if named else ("", "")
    own = name in (spec.get("scores") or {})
    examples = con.execute(
        f"SELECT _row, _v FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {raw} AS _v, "
        f"{expr} AS _p FROM raw) WHERE {bad_sql(name, '_p', '_v', spec)} ORDER BY _row LIMIT {_EXAMPLES}"
    ).fetchall()
    kind = fields_of(dataset, spec.get("scores"))[name]
    scale = scale_of(name, spec) if kind == "num" else None
    what = _WHAT.get(kind, kind) + (f" on the {scale[0]}-{scale[1]} scale" if scale else "")
    share = bad / present if present else 1.0
    if share > limit:
        cited = ", ".join(f"{str(text)[:40]!r} (line {int(line)})" for line, text in examples)
        hint = (
            "; set `date_format` for this file"
            if kind == "ts"
            else f"; check the scale of {name} under `scores:`"
            if own
            else "; declare the question's scale with `scales:`"
            if scale
            else "; check the `mapping` of this field"
        )
        raise RejectedError(
            f"{share:.1%} of the {name} values ({bad} of {present}{among}) are not a "
            f"valid {what}, more than the {limit:.0%} allowed, so the file is not used; e.g. {cited}{hint}",
            int(examples[0][0]) if examples else None,
            name,
        )
    is_date = name == DATE_FIELDS[dataset]
    consequence = (
        " (these rows cannot be placed in a month and are left out of every KPI)"
        if is_date
        else " (left empty)"
    )
    level = "error" if is_date else "warning"
    result.issues.append((level, f"{bad} value(s) of {name} are not a valid {what}{consequence}", None, name))
    for line, text in examples:
        result.issues.append((level, f"cannot read {name} {str(text)[:60]!r}{where}", int(line), name))


def save_meta(path: Path, meta: Mapping[str, Any]) -> None:
    """Written under a name no other run uses, then renamed: concurrent runs never see half a file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
    partial.write_text(json.dumps(meta, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(partial, path)
