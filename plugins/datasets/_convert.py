"""Type and rename an export's columns into the canonical dataset, written once as Parquet.

The conversion is one streaming DuckDB statement: parse, map and write in a single pass, with the
original text of every value that failed to parse kept beside it (`_bad_<field>`), so bad values can be
counted and cited with their row without a second read of a large export.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS, Source, canonical_name, recognise

__all__ = ["Conversion", "MappingError", "convert", "resolve_mapping", "save_meta"]

_OFFSET = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$"
_FORMATS = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
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
)
_TRUE = ("true", "yes", "y", "1", "1.0", "t", "oui", "o", "vrai", "x")
_FALSE = ("false", "no", "n", "0", "0.0", "f", "non", "faux")
_EXAMPLES = 3


class MappingError(Exception):
    """A canonical field the dataset needs has no column; the message names it."""


@dataclass
class Conversion:
    rows: int
    columns: list[str]
    first: str | None
    last: str | None
    months: dict[str, int]
    invalid: dict[str, int]
    issues: list[tuple[str, str, int | None, str]] = field(default_factory=list)  # level, message, line, field


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def resolve_mapping(dataset: str, columns: list[str], mapping: Mapping[str, str]) -> tuple[dict[str, Source], str]:
    """Canonical field -> source column: same-named columns, then a recognised vendor layout, then the
    manifest's explicit mapping (which always wins)."""
    known = FIELDS[dataset]
    out: dict[str, Source] = {}
    for column in columns:
        if canonical_name(column) in known:
            out.setdefault(canonical_name(column), column)
    profile, matched = recognise(dataset, columns)
    if profile is not None:
        for name, source in profile.columns.items():
            needed = [source] if isinstance(source, str) else [source[1], source[2]]
            if name in known and all(n in columns for n in needed):
                out[name] = source
    for name, column in mapping.items():
        if name not in known:
            raise MappingError(
                f"mapping names {name!r}, which is not a field of {dataset} (fields: {', '.join(sorted(known))})"
            )
        if column not in columns:
            raise MappingError(f"mapping {name}: {column!r}, but the file has no such column")
        out[name] = column
    date_field = DATE_FIELDS[dataset]
    if date_field not in out:
        hint = f" (it matches several known layouts: {', '.join(matched)})" if len(matched) > 1 else ""
        raise MappingError(
            f"no column for the canonical field {date_field!r}{hint}; add `mapping: {{{date_field}: "
            f'"<your column>"}}` to this file\'s entry (columns found: {", ".join(columns[:30])})'
        )
    return out, profile.name if profile is not None else ""


def _timestamp(column: str, spec: Mapping[str, Any]) -> str:
    value = _clean(column)
    tz = spec.get("timezone") or "UTC"
    local = (lambda e: e) if tz == "UTC" else (lambda e: f"CAST(timezone({_lit(tz)}, {e}) AS TIMESTAMP)")
    fmt = spec.get("date_format")
    if fmt:
        parsed = f"try_strptime({value}, {_lit(fmt)})"
        return f"CAST({parsed} AS TIMESTAMP)" if "%z" in fmt or "%Z" in fmt else local(parsed)
    formats = "[" + ", ".join(_lit(f) for f in _FORMATS) + "]"
    if tz == "UTC":
        # The session zone is UTC, so one cast reads ISO timestamps with and without an offset; the
        # slower trimming and format guessing only run where it failed (COALESCE is lazy).
        tstz = "CAST(TRY_CAST({} AS TIMESTAMPTZ) AS TIMESTAMP)"
        slow = f"COALESCE({tstz.format(value)}, try_strptime({value}, {formats}))"
        return f"COALESCE({tstz.format(column)}, {slow})"
    naive = f"COALESCE(TRY_CAST({value} AS TIMESTAMP), try_strptime({value}, {formats}))"
    return (
        f"CASE WHEN regexp_matches({value}, {_lit(_OFFSET)})"
        f" THEN CAST(TRY_CAST({value} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE {local(naive)} END"
    )


def _typed(name: str, kind: str, column: str, spec: Mapping[str, Any]) -> str:
    """SQL reading the raw text `column` as the canonical type; NULL when it cannot be read."""
    if kind == "ts":
        return _timestamp(column, spec)
    if kind == "bool":
        low = f"lower({_clean(column)})"
        return (
            f"CASE WHEN {low} IN ({', '.join(map(_lit, _TRUE))}) THEN true "
            f"WHEN {low} IN ({', '.join(map(_lit, _FALSE))}) THEN false END"
        )
    if kind == "num":
        number = f"COALESCE(TRY_CAST({column} AS DOUBLE), TRY_CAST(replace({_clean(column)}, ',', '.') AS DOUBLE))"
        if name == "satisfaction_score":  # Zendesk legacy CSAT is good/bad, shown as the ends of 1-5
            verdict = f"CASE lower({_clean(column)}) WHEN 'good' THEN 5.0 WHEN 'bad' THEN 1.0 END"
            return f"COALESCE({number}, {verdict})"
        return number
    return _clean(column)


def _clean(column: str) -> str:
    return f"NULLIF(trim({column}), '')"


def _column(source: Source) -> str:
    return _q(source if isinstance(source, str) else source[1])


def _bad(name: str, parsed: str, raw: str) -> str:
    """A value was there (not blank) but could not be read."""
    test = f"{parsed} IS NULL AND {raw} IS NOT NULL AND trim({raw}) <> ''"
    if name == "satisfaction_score":  # Zendesk marks surveys never answered: missing data, not bad data
        test += f" AND lower(trim({raw})) NOT IN ('offered', 'unoffered', 'not offered')"
    return test


def convert(
    con: Any,
    dataset: str,
    mapping: Mapping[str, Source],
    first_line: int,
    spec: Mapping[str, Any],
    target: Path,
) -> Conversion:
    """Write `raw` (see _read) as canonical Parquet to `target` and describe what was written."""
    kinds = FIELDS[dataset]
    inner: list[str] = []
    flags: list[str] = []
    checked: dict[str, tuple[str, str]] = {}  # field -> (raw SQL, typed SQL), to find examples later
    for name in sorted(mapping):
        source, kind = mapping[name], kinds[name]
        raw = _column(source)
        expr = _typed(name, kind, raw, spec)
        if not isinstance(source, str):  # ("minutes_after", base, minutes)
            minutes = _typed("", "num", _q(source[2]), spec)
            expr = f"({expr}) + to_microseconds(CAST(round({minutes} * 60000000) AS BIGINT))"
        inner.append(f"{expr} AS {_q(name)}")
        if kind != "text":
            kept = _q("_raw_" + name)
            inner.append(f"{raw} AS {kept}")
            # One bit per field in a single `_bad` column: a mostly-zero integer costs next to nothing.
            flags.append(f"CASE WHEN {_bad(name, _q(name), kept)} THEN {1 << len(checked)} ELSE 0 END")
            checked[name] = (raw, expr)
    outer = ", ".join(_q(name) for name in sorted(mapping))
    partial = target.with_name(target.name + ".part")
    # Order does not matter for the Parquet file, and not keeping it lets DuckDB write in parallel.
    con.execute("SET preserve_insertion_order = false")
    con.execute(
        f"COPY (SELECT {outer}, {' + '.join(flags) or '0'} AS _bad "
        f"FROM (SELECT {', '.join(inner)} FROM raw)) "
        f"TO {_lit(str(partial))} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"
    )
    date_field = _q(DATE_FIELDS[dataset])
    src = f"read_parquet({_lit(str(partial))})"
    counts = ", ".join([f"count(*) FILTER (WHERE _bad & {1 << i} <> 0)" for i in range(len(checked))] or ["0"])
    row = con.execute(f"SELECT count(*), min({date_field}), max({date_field}), {counts} FROM {src}").fetchone()
    months = {
        str(m): int(n)
        for m, n in con.execute(
            f"SELECT strftime({date_field}, '%Y-%m') AS m, count(*) FROM {src} "
            f"WHERE {date_field} IS NOT NULL GROUP BY m ORDER BY m"
        ).fetchall()
    }
    result = Conversion(
        int(row[0]),
        sorted(mapping),
        row[1].date().isoformat() if row[1] else None,
        row[2].date().isoformat() if row[2] else None,
        months,
        {},
    )
    con.execute("SET preserve_insertion_order = true")
    for name, bad in zip(checked, row[3:], strict=True):
        if bad:
            result.invalid[name] = int(bad)
            _report(con, result, dataset, name, int(bad), checked[name], first_line)
    os.replace(partial, target)
    return result


def _report(
    con: Any, result: Conversion, dataset: str, name: str, bad: int, sql: tuple[str, str], first_line: int
) -> None:
    """Find the first rows holding bad values with a second, ordered read: clean exports (the usual
    case) never pay for row numbering."""
    raw, expr = sql
    examples = con.execute(
        f"SELECT _row, _v FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {raw} AS _v, "
        f"{expr} AS _p FROM raw) WHERE {_bad(name, '_p', '_v')} ORDER BY _row LIMIT {_EXAMPLES}"
    ).fetchall()
    kind = FIELDS[dataset][name]
    what = "date" if kind == "ts" else ("yes/no value" if kind == "bool" else "number")
    is_date = name == DATE_FIELDS[dataset]
    consequence = (
        " (these rows cannot be placed in a month and are left out of every KPI)" if is_date else " (left empty)"
    )
    level = "error" if is_date else "warning"
    result.issues.append((level, f"{bad} value(s) of {name} are not a valid {what}{consequence}", None, name))
    for line, text in examples:
        result.issues.append((level, f"cannot read {name} {str(text)[:60]!r}", int(line), name))


def save_meta(path: Path, meta: Mapping[str, Any]) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(meta, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(partial, path)
