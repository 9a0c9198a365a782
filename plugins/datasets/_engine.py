"""Compute KPIs over the canonical Parquet files of their dataset, in one DuckDB scan.

All the KPIs a criteria set asks of one dataset (with the same date field) are computed by one
GROUPING SETS query (and a second, narrow one for KPIs that need the next record of the same customer):
one read of the data gives every KPI's overall value, monthly series and breakdowns by the category
fields the data has (channel, priority, category, queue, team, site, agency).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from servex import Period
from servex.plugins.datasets._conversion import local_sql
from servex.plugins.datasets._coverage import coverage_of
from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS
from servex.plugins.datasets._live import Table, records
from servex.plugins.datasets._quantiles import histogram_quantiles, shared_quantiles
from servex.plugins.datasets._settings import EngineSettings
from servex.plugins.datasets._sql import Compiled, FormulaError, compile_formula
from servex.plugins.datasets._together import side_by_side
from servex.plugins.datasets._typing import normalise

__all__ = ["BREAKDOWNS", "FormulaError", "batch_of", "compute_kpi", "compute_kpis", "date_field_of", "utc_bound"]

BREAKDOWNS = ("channel", "priority", "category", "queue", "team", "site", "agency")


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def date_field_of(kpi: Mapping[str, Any]) -> str:
    dataset = kpi["dataset"]
    date_field = str(kpi.get("date_field") or DATE_FIELDS.get(dataset, ""))
    if FIELDS.get(dataset, {}).get(date_field) != "ts":
        raise FormulaError(f"date_field {date_field!r} is not a timestamp field of {dataset!r}")
    return date_field


def utc_bound(day: date, zone: str) -> datetime:
    """Midnight at the start of `day` in `zone`, as the naive UTC time the Parquet files store."""
    import zoneinfo  # on first use: its lookup imports sysconfig, which a run without data does not need

    local = datetime.combine(day, time(), zoneinfo.ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def compute_kpi(
    kpi: Mapping[str, Any],
    paths: Sequence[Path | Table],
    period: Period,
    segment: Mapping[str, Any] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Value, sample, coverage, monthly series and breakdowns of `kpi` within `period`.

    Raises FormulaError when the definition cannot apply to its dataset (an authoring mistake)."""
    return compute_kpis([kpi], paths, period, segment, **options)[str(kpi["id"])]


def batch_of(kpis: Sequence[Mapping[str, Any]], period: Period) -> tuple[str, str, dict[str, Any]]:
    """The dataset and date field a batch of KPIs shares, and the figures of a KPI measured on nothing
    (no value, n = 0, every month empty): what a missing field or an empty table gives, never zeros.
    Shared by the local engine and the warehouse source, so both say "not measured" the same way."""
    dataset, date_field = kpis[0]["dataset"], date_field_of(kpis[0])
    if any(k["dataset"] != dataset or date_field_of(k) != date_field for k in kpis):
        raise FormulaError("a batch of KPIs must share dataset and date_field")
    months = period.months()
    empty: dict[str, Any] = {
        "value": None,
        "sample": 0,
        "coverage": 0.0,
        "months_covered": [],
        "thin_months": {},
        "period_months": months,
        "monthly": [{"month": m, "value": None, "n": 0} for m in months],
        "breakdowns": {},
        "date_field": date_field,
        "missing_fields": [],
        "segment_values": None,
        "spread": None,  #: one answer's standard deviation, for a score measured on a sample (see _sql)
    }
    return dataset, date_field, empty


def compute_kpis(
    kpis: Sequence[Mapping[str, Any]],
    paths: Sequence[Path | Table],
    period: Period,
    segment: Mapping[str, Any] | None = None,
    *,
    zone: str = "UTC",
    settings: EngineSettings | None = None,
) -> dict[str, dict[str, Any]]:
    """Several KPIs of one dataset and one date field, by id, from a single scan.

    The period's bounds, the months and "within N days" are those of `zone` (the manifest's time zone):
    a request made at 22:37 on 30 June in New York belongs to June. A KPI that reads a field the data
    does not have gets no value at all (null, n = 0), never a figure computed over nothing."""
    from servex.plugins.datasets._duck import interrupted

    dataset, date_field, empty = batch_of(kpis, period)
    ids = [str(k["id"]) for k in kpis]
    if not paths:
        return {i: dict(empty) for i in ids}
    segment = {k: _segment_value(dataset, k, v) for k, v in (segment or {}).items()}
    try:
        with records(paths, settings) as (con, src):
            available = {str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
            compiled = [compile_formula(k, available, str(i), zone) for i, k in enumerate(kpis)]
            missing = {
                i: sorted((c.fields | {date_field}) - available) for i, c in zip(ids, compiled, strict=True)
            }
            extra_missing = sorted(set(segment) - available)
            if date_field not in available or extra_missing:
                return {i: {**empty, "missing_fields": sorted(set(missing[i]) | set(extra_missing))} for i in ids}
            # A window (next record per customer) sorts every column it carries: KPIs that need one are
            # computed in a narrow query of their own, the others in one query without it.
            # Records in memory (see _live): the two run side by side (see _together), as each leaves a
            # core mostly idle on its own. Records in Parquet files (a file too large to load) are read
            # by one query at a time, so that the two never compete for the memory limit.
            together = all(isinstance(p, Table) and p.name is not None for p in paths)
            parts = [p for p in ([i for i, c in enumerate(compiled) if (c.next_time is None) == plain]
                                 for plain in (True, False)) if p]
            narrows = [[compile_formula(kpis[i], available, str(n), zone) for n, i in enumerate(p)] for p in parts]
            jobs = [
                partial(_run_part, src=src, compiled=narrow, available=available, date_field=date_field,
                        period=period, segment=segment, zone=zone)
                for narrow in narrows
            ]
            where: dict[int, tuple[Any, int]] = {}
            done_parts = side_by_side(con, jobs) if together else [job(con) for job in jobs]
            for part, done in zip(parts, done_parts, strict=True):
                where.update({i: (done, n) for n, i in enumerate(part)})
            values = _values_of(con, src, segment) if segment else None
    except Exception as exc:
        if interrupted(exc):
            raise KeyboardInterrupt from None
        raise
    out = {}
    for n, kpi_id in enumerate(ids):
        if missing[kpi_id]:  # not measured is not zero: no value, no series, no breakdowns
            out[kpi_id] = {**empty, "missing_fields": missing[kpi_id]}
            continue
        (rows, groups, patches), local = where[n]
        out[kpi_id] = _shape(rows, groups, 3 * local, {**empty, "missing_fields": []})
        if local in patches:
            _patch(out[kpi_id], patches[local])
        if values is not None and not out[kpi_id]["sample"]:
            out[kpi_id]["segment_values"] = values
    return out


def _run_part(
    con: Any,
    src: str,
    compiled: list[Compiled],
    available: set[str],
    date_field: str,
    period: Period,
    segment: Mapping[str, Any],
    zone: str,
) -> tuple[list[tuple[Any, ...]], list[str], dict[int, dict[tuple[str, str], float | None]]]:
    import duckdb

    query, params, groups, sampled = _query(src, compiled, available, date_field, period, segment, zone)
    try:
        return _fetch(con, query, params), groups, {}
    except duckdb.OutOfMemoryException:
        # Exact quantiles keep every value of every group: compute them from histograms instead.
        light = [replace(c, value="CAST(NULL AS DOUBLE)") if c.quantile else c for c in compiled]
        query, params, groups, sampled = _query(src, light, available, date_field, period, segment, zone)
        rows = con.execute(query, params).fetchall()
        return rows, groups, histogram_quantiles(con, compiled, groups, *sampled)


def month_key(value: Any) -> str:
    """YYYY-MM of a month bucket (the first day of the month, grouped as a date: cheaper than text)."""
    return f"{value.year:04d}-{value.month:02d}"


def _fetch(con: Any, query: str, params: list[Any]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = con.execute(query, params).fetchall()
    return rows


def _patch(out: dict[str, Any], values: Mapping[tuple[str, str], float | None]) -> None:
    out["value"] = values.get(("total", "")) if out["sample"] else None
    for month in out["monthly"]:
        month["value"] = values.get(("month", month["month"])) if month["n"] else None
    for group, entries in out["breakdowns"].items():
        for entry in entries:
            entry["value"] = values.get((group, entry["segment"]))


def _segment_value(dataset: str, name: str, value: Any) -> Any:
    kind = FIELDS[dataset].get(name)
    if kind is None:
        raise FormulaError(f"segment field {name!r} is not a field of {dataset!r}")
    return normalise(value) if kind == "cat" and isinstance(value, str) else value


def _values_of(con: Any, src: str, segment: Mapping[str, Any]) -> dict[str, list[str]]:
    """The values each segment field takes in the data (most frequent first), for "matches nothing"."""
    out = {}
    for name in sorted(segment):
        rows = con.execute(
            f'SELECT CAST("{name}" AS VARCHAR) AS v, count(*) AS n FROM {src} WHERE "{name}" IS NOT NULL '
            "GROUP BY v ORDER BY n DESC, v LIMIT 12"
        ).fetchall()
        out[name] = [str(r[0]) for r in rows]
    return out


def _query(
    src: str,
    compiled: list[Compiled],
    available: set[str],
    date_field: str,
    period: Period,
    segment: Mapping[str, Any],
    zone: str,
) -> tuple[str, list[Any], list[str], tuple[str, list[Any]]]:
    groups = [b for b in BREAKDOWNS if b in available]
    fields = set(groups) | {date_field} | set(segment)
    for c in compiled:
        fields |= c.fields
    needed = sorted(fields & available)
    windows = "".join(
        f", lead({c.next_time[1]}) OVER (PARTITION BY {c.next_time[0]} ORDER BY {c.next_time[1]}) AS _next{i}"
        for i, c in enumerate(compiled)
        if c.next_time is not None
    )
    inner = f"SELECT {', '.join(chr(34) + n + chr(34) for n in needed)}{windows} FROM {src}"
    base_params: list[Any] = [utc_bound(period.start, zone), utc_bound(period.end + timedelta(days=1), zone)]
    seg_sql = ""
    for name, wanted in segment.items():
        seg_sql += f' AND "{name}" = ?'
        base_params.append(wanted)
    base = (
        f"SELECT *, date_trunc('month', {local_sql(chr(34) + date_field + chr(34), zone)}) AS _m FROM ({inner}) "
        f'WHERE "{date_field}" >= ? AND "{date_field}" < ?{seg_sql}'
    )
    samples = ", ".join(f"{c.sample} AS _s{i}" for i, c in enumerate(compiled))
    def size(i: int, c: Compiled) -> str:  # n: records, or the contacts an aggregate row stands for
        if c.weight:
            return f"COALESCE(CAST(sum({c.weight}) FILTER (WHERE _s{i}) AS BIGINT), 0)"
        return f"count(*) FILTER (WHERE _s{i})"

    aggregates = zip(shared_quantiles(compiled), compiled, strict=True)
    # value, n and spread (NULL where the KPI has none), three columns per KPI (see _shape)
    values = ", ".join(
        f"{v}, {size(i, c)}, {c.spread or 'CAST(NULL AS DOUBLE)'}" for i, (v, c) in enumerate(aggregates)
    )
    sets = ", ".join(["()", "(_m)"] + [f'("{g}")' for g in groups])
    grouping = "".join(f', GROUPING("{g}"), "{g}"' for g in groups)
    sampled = f"SELECT *, {samples} FROM ({base})"
    query = f"SELECT GROUPING(_m), _m{grouping}, {values} FROM ({sampled}) GROUP BY GROUPING SETS ({sets})"
    sample_params = [p for c in compiled for p in c.sample_params]
    params = [p for c in compiled for p in c.value_params] + sample_params
    return query, params + base_params, groups, (sampled, sample_params + base_params)


def _shape(rows: list[tuple[Any, ...]], groups: list[str], at: int, out: dict[str, Any]) -> dict[str, Any]:
    """One KPI's figures from the shared result rows; its value, n and spread sit at `at` past the group
    columns."""
    first = 2 + 2 * len(groups) + at
    by_month: dict[str, tuple[float | None, int]] = {}
    breakdowns: dict[str, list[dict[str, Any]]] = {g: [] for g in groups}
    for row in rows:
        value, n = _round(row[first]), int(row[first + 1])
        flags = [row[0]] + [row[2 + 2 * i] for i in range(len(groups))]
        if all(flags):  # the grand total
            out["value"], out["sample"] = value, n
            if row[first + 2] is not None:
                out["spread"] = _round(row[first + 2])
        elif not row[0]:
            by_month[month_key(row[1])] = (value, n)
        else:
            for i, group in enumerate(groups):
                if not row[2 + 2 * i] and n:
                    label = row[3 + 2 * i]
                    breakdowns[group].append(
                        {"segment": "(none)" if label is None else str(label), "value": value, "n": n}
                    )
    out["monthly"] = [
        {"month": m, "value": by_month.get(m, (None, 0))[0], "n": by_month.get(m, (None, 0))[1]}
        for m in out["period_months"]
    ]
    covered = coverage_of(out["monthly"])
    out["months_covered"], out["thin_months"], out["coverage"] = covered.covered, covered.thin, covered.share
    out["breakdowns"] = {g: sorted(v, key=lambda e: e["segment"]) for g, v in breakdowns.items() if v}
    return out
