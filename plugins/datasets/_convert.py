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
from pathlib import Path
from typing import Any

from servex.plugins.datasets._conversion import (
    MAX_INVALID_SHARE,
    WHAT,
    Conversion,
    RejectedError,
    describe,
    local_sql,
)
from servex.plugins.datasets._dates import detect_orders
from servex.plugins.datasets._duplicates import replace_table, settle
from servex.plugins.datasets._fields import FIELDS, Source, fields_of
from servex.plugins.datasets._mapping import MappingError, resolve_mapping
from servex.plugins.datasets._native import native_types, null_strings
from servex.plugins.datasets._numbers import detect_marks, marks_from_spec
from servex.plugins.datasets._order import blank_sql, settle_order, violates_sql
from servex.plugins.datasets._read import CsvRead
from servex.plugins.datasets._together import side_by_side
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

__all__ = ["MAX_INVALID_SHARE", "Conversion", "MappingError", "RejectedError", "convert", "convert_native", "local_sql",
           "resolve_mapping", "save_meta"]  # fmt: skip

def _column(source: Source) -> str:
    return q(source if isinstance(source, str) else source[1])


def _constants(con: Any, dataset: str, spec: Mapping[str, Any]) -> list[str]:
    out = []
    for name, value in sorted((spec.get("constants") or {}).items()):
        kind = FIELDS[dataset][name]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        expr = typed_sql(name, kind, lit(text), spec)
        if con.execute(f"SELECT {expr}").fetchone()[0] is None:
            raise MappingError(f"constants: {name}: {str(value)[:60]!r} is not a valid {WHAT.get(kind, kind)}")
        out.append(f"{expr} AS {q(name)}")
    return out


def _native_view(
    con: Any, kinds: Mapping[str, str], mapping: Mapping[str, Source], spec: Mapping[str, Any], read: CsvRead | None
) -> dict[str, str]:
    """The fields DuckDB's strict reader types itself (see _native), with the view `native` over the
    CSV read that way; empty (and no view) when there is no such field or no CSV read."""
    native = native_types(kinds, mapping, spec, read)
    if native and read is not None:
        types = {source: native[name] for name, source in mapping.items() if isinstance(source, str) and name in native}
        con.execute(f"CREATE OR REPLACE VIEW native AS SELECT * FROM {read.sql(types, null_strings(spec))}")
    return native


def _declared(spec: Mapping[str, Any], mapping: Mapping[str, Source], kinds: Mapping[str, str]) -> dict[str, str]:
    """The reading of each number field that the file's `decimal_mark` declares (see _numbers), else none."""
    numbers = {n: s for n, s in mapping.items() if kinds[n] == "num" and isinstance(s, str)}
    return marks_from_spec(spec, numbers) or {}


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
    Raises DateOrderError, DecimalMarkError, MappingError or RejectedError when the file must not be graded
    on."""
    import duckdb
    from servex.plugins.datasets._duck import interrupted

    kinds = fields_of(dataset, spec.get("scores"))
    native = _native_view(con, kinds, mapping, spec, read)
    if native:
        try:
            declared = _native_marks(con, mapping, kinds, native, first_line, spec)
            return _write(con, dataset, mapping, first_line, spec, target, zone, declared, native)
        except duckdb.Error as exc:
            if interrupted(exc):
                raise
            # A value the strict reader cannot type: the text path reads, counts and cites it.
    dates = {n: (s if isinstance(s, str) else s[1]) for n, s in mapping.items() if kinds[n] == "ts"}
    orders = {} if spec.get("date_format") else detect_orders(con, dates, first_line)
    # what a comma in each number column is (see _numbers): read like a date's order, per column
    numbers = {n: s for n, s in mapping.items() if kinds[n] == "num" and isinstance(s, str)}
    orders |= _declared(spec, mapping, kinds) if spec.get("decimal_mark") else _marks(con, numbers, first_line, spec)
    return _write(con, dataset, mapping, first_line, spec, target, zone, orders, {})


def _native_marks(
    con: Any,
    mapping: Mapping[str, Source],
    kinds: Mapping[str, str],
    native: Mapping[str, str],
    first_line: int,
    spec: Mapping[str, Any],
) -> dict[str, str]:
    """The readings of the number fields beside a typed read: declared by the file, else read from the
    data when a number is left to the text (see _native: a point in it may group thousands).
    Raises DecimalMarkError as detect_marks does."""
    declared = _declared(spec, mapping, kinds)
    numbers = {n: s for n, s in mapping.items() if kinds[n] == "num" and isinstance(s, str)}
    if declared or all(n in native for n in numbers):
        return declared
    return _marks(con, numbers, first_line, spec)


def _marks(con: Any, numbers: Mapping[str, str], first_line: int, spec: Mapping[str, Any]) -> dict[str, str]:
    """What a comma and a point are in each number column of `raw` (see _numbers); in a score on its scale
    a point is a decimal point."""
    scored = frozenset(n for n in numbers if scale_of(n, spec) is not None)
    return detect_marks(con, numbers, first_line, scored)


def convert_native(
    con: Any,
    dataset: str,
    mapping: Mapping[str, Source],
    first_line: int,
    spec: Mapping[str, Any],
    into: str,
    read: CsvRead,
) -> Conversion | None:
    """Load the CSV, typed by DuckDB's strict reader, into the table `into` of `con` (see _live) and
    describe it; None when the reader cannot type the file (the caller then converts it as usual, to
    Parquet on the text path, which reads, counts and cites every value).
    Raises RejectedError when too many scores are off their scale."""
    import duckdb
    from servex.plugins.datasets._duck import interrupted

    native = _native_view(con, fields_of(dataset, spec.get("scores")), mapping, spec, read)
    if not native:
        return None
    try:
        declared = _native_marks(con, mapping, fields_of(dataset, spec.get("scores")), native, first_line, spec)
        return _write(con, dataset, mapping, first_line, spec, None, "UTC", declared, native, into, lean=True)
    except duckdb.Error as exc:
        con.execute(f"DROP TABLE IF EXISTS {q(into)}")
        if interrupted(exc):
            raise
        return None


def _write(
    con: Any,
    dataset: str,
    mapping: Mapping[str, Source],
    first_line: int,
    spec: Mapping[str, Any],
    target: Path | None,
    zone: str,
    orders: Mapping[str, str],
    native: Mapping[str, str],
    into: str | None = None,
    lean: bool = False,
) -> Conversion:
    """One streaming COPY from the `raw` text view, or from the `native` typed view for the fields in
    `native` (their values are already typed, and only a score outside its scale can be bad); with
    `into`, the same rows go to a table of that name instead of a Parquet file.

    `lean` (with `into`): text and category columns are loaded as read, then one aggregate over the
    table checks that cleaning would change none of them (no space at either end, categories already
    in lower-case ASCII): cleaning every value costs a third of the load, and system exports are clean.
    If any value needs it, the table is loaded again with the cleaning."""
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
    loose: dict[str, str] = {}  # text and category fields loaded as read (lean)
    lean = lean and into is not None and not any((spec.get("values") or {}).get(n) for n in mapping)
    for name in sorted(mapping):
        source, kind = mapping[name], kinds[name]
        raw, order = _column(source), orders.get(name, "month_first")
        text = kind in ("text", "cat")
        alone = typed_sql(name, kind, raw, spec, order)
        if name in native:
            # Not CAST(... AS TIMESTAMP): DuckDB pushes that cast into the CSV reader, which then reads
            # "22:30:00-05:00" as a naive 22:30 and drops the offset (DuckDB 2.0, CREATE TABLE and COPY).
            # Through the epoch the reader parses TIMESTAMPTZ, and the instant is stored as UTC.
            expr = f"make_timestamp(epoch_us({raw}))" if kind == "ts" else raw
        elif text and lean and isinstance(source, str):
            expr = raw  # as read; checked below, and converted in full if any value needs cleaning
            loose[name] = kind
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
    rows = (
        f"SELECT {', '.join(final)}, {' + '.join(flags) or '0'} AS _bad "
        f"FROM (SELECT {second} FROM (SELECT {first} FROM {'native' if native else 'raw'}))"
    )
    # With every checked field typed by the reader, the only bad value left is a score off its scale:
    # the rows are written in one flat SELECT, scores as read and no `_bad` column (the extra column and
    # layers cost a fifth to a quarter of the load's or the conversion's CPU), the scores counted by
    # `describe` and the few off their scale emptied after it (as the scale check above would have).
    flat = bool(native) and all(n in native for n in checked)
    if flat:
        rows = f"SELECT {second} FROM " + (f"(SELECT {first} FROM native)" if cleaned else "native")
    # Order does not matter for the Parquet file, and not keeping it lets DuckDB write in parallel.
    con.execute("SET preserve_insertion_order = false")
    if into is not None:
        con.execute(f"CREATE TABLE {q(into)} AS {rows}")

        def described(c: Any) -> Conversion | RejectedError:
            try:
                return describe(c, dataset, names, checked, first_line, spec, q(into), zone, as_read=flat)
            except RejectedError as exc:  # raised below, unless the rows must be loaded again, cleaned
                return exc

        # The cleaning check and the description read the same table, each mostly on one thread: side
        # by side (see _together); the description is dropped when the rows are loaded again.
        jobs = [described] if not loose else [described, lambda c: _needs_cleaning(c, into, loose)]
        got, *dirty = side_by_side(con, jobs)
        if any(dirty):
            con.execute(f"DROP TABLE {q(into)}")
            return _write(con, dataset, mapping, first_line, spec, None, zone, orders, native, into)
        if isinstance(got, RejectedError):
            raise got
        result: Conversion = settle(
            con,
            got,
            q(into),
            lambda rows: replace_table(con, into, rows),
            lambda: describe(con, dataset, names, checked, first_line, spec, q(into), zone, as_read=flat),
        )

        def blank_in_table(name: str, other: str, kind: str) -> None:  # a value that cannot be (see _order)
            con.execute(f"UPDATE {q(into)} SET {q(name)} = NULL WHERE {violates_sql(q(name), q(other), kind)}")

        result = settle_order(con, result, checked, first_line, _limit(spec), blank_in_table, RejectedError)
        for name in _off_scale(result) if flat else ():
            scaled = scale_sql(name, q(name), spec)
            con.execute(f"UPDATE {q(into)} SET {q(name)} = {scaled} WHERE {q(name)} IS NOT NULL AND {scaled} IS NULL")
        result.native = bool(native)
        return result
    assert target is not None
    partial = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
    again = partial.with_name(f"{partial.name}.scaled")
    options = "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"
    try:
        con.execute(f"COPY ({rows}) TO {lit(str(partial))} {options}")
        con.execute("SET preserve_insertion_order = true")
        written = f"read_parquet({lit(str(partial))})"
        result = describe(con, dataset, names, checked, first_line, spec, written, zone, as_read=flat)

        def without(rows: str) -> None:  # exact copies dropped (see _duplicates), then in the same place
            con.execute(f"COPY ({rows}) TO {lit(str(again))} {options}")
            os.replace(again, partial)

        result = settle(
            con,
            result,
            written,
            without,
            lambda: describe(con, dataset, names, checked, first_line, spec, written, zone, as_read=flat),
        )

        def blank_before(name: str, other: str, kind: str) -> None:  # a value that cannot be (see _order)
            without(f"SELECT * REPLACE ({blank_sql(name, other, kind)} AS {q(name)}) FROM {written}")

        result = settle_order(con, result, checked, first_line, _limit(spec), blank_before, RejectedError)
        if flat and _off_scale(result):  # scores off their scale (rare): written again from the copy, emptied
            scaled = ", ".join(f"{scale_sql(n, q(n), spec)} AS {q(n)}" for n in _off_scale(result))
            con.execute(f"COPY (SELECT * REPLACE ({scaled}) FROM {written}) TO {lit(str(again))} {options}")
            os.replace(again, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        again.unlink(missing_ok=True)
        raise
    result.native = bool(native)
    os.replace(partial, target)
    return result


def _off_scale(result: Conversion) -> list[str]:
    """The fields whose invalid values are scores off their scale (in a flat load, the only other invalid
    values are those of _order, already emptied)."""
    return sorted(n for n in result.invalid if n not in result.out_of_order)


def _limit(spec: Mapping[str, Any]) -> float:
    return float(spec.get("max_invalid_share", MAX_INVALID_SHARE))


def _needs_cleaning(con: Any, table: str, loose: Mapping[str, str]) -> bool:
    """Whether cleaning (trim, null markers, category normalisation, see _typing) would change a value.

    Plain aggregates rather than EXISTS subqueries: DuckDB runs them in parallel, at under half the CPU
    of the same tests written as semi-joins (a clean export, the usual case, is read to the end anyway)."""
    table = q(table)
    # A value with a space at either end (LIKE is the cheapest test of a first or last character).
    padded = [f"{q(n)} LIKE ' %' OR {q(n)} LIKE '% '" for n, kind in loose.items() if kind != "cat"]
    # A category matching this is returned as it is by `_category` (one with a space at either end never
    # matches); categories have few distinct values, so each is looked at once. Null markers were read as
    # NULL by the typed reader unless padded.
    tests = [
        f"(SELECT bool_or(NOT regexp_full_match(v, '[a-z0-9_.-]*')) FROM (SELECT DISTINCT {q(n)} AS v FROM {table}))"
        for n, kind in loose.items()
        if kind == "cat"
    ]
    if padded:
        tests.append(f"(SELECT bool_or({' OR '.join(padded)}) FROM {table})")
    # bool_or of no rows (or of NULLs only) is NULL: nothing to clean
    return bool(con.execute(f"SELECT {' OR '.join(f'COALESCE({t}, false)' for t in tests)}").fetchone()[0])


def save_meta(path: Path, meta: Mapping[str, Any]) -> None:
    """Written under a name no other run uses, then renamed: concurrent runs never see half a file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
    partial.write_text(json.dumps(meta, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(partial, path)
