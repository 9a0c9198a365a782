"""KPIs computed inside the database: one aggregate query per grouping, only aggregates come back.

The output has the shape of the file engine's `compute_kpis` (value, sample, coverage, monthly series,
breakdowns), so the `kpi` evaluator judges a warehouse KPI exactly as it judges one from a file. The
rows are read as canonical fields by `canonical` (mapping, types, categories as stored by the file
path, scores outside their scale dropped), then filtered to the period in the organisation's zone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from servex import Period
from servex.plugins.datasets._coverage import coverage_of
from servex.plugins.datasets._engine import BREAKDOWNS, batch_of, utc_bound
from servex.plugins.datasets._fields import FIELDS
from servex.plugins.datasets._sql import FormulaError
from servex.plugins.datasets._typing import best_first, normalise, scale_of
from servex.plugins.warehouse._formulas import Plan, plan
from servex.plugins.warehouse._ranks import Keys, exact_values
from servex.plugins.warehouse._text import text_bool
from servex.plugins.warehouse._zones import month_bounds, to_utc

__all__ = ["EXACT_QUANTILES", "canonical", "compute", "month_label", "rows_of", "typed", "typed_columns"]

#: Backends whose `quantile` is percentile_cont (exact, interpolated as DuckDB's quantile_cont). Elsewhere
#: ibis compiles an approximate percentile, or servex asks for one, and the result says so.
EXACT_QUANTILES = frozenset({"duckdb", "postgres", "snowflake", "oracle", "mssql"})


def rows_of(expr: Any) -> list[dict[str, Any]]:
    """An ibis query's rows as dicts, through Arrow (no pandas: NaN and NaT would blur "no value")."""
    result: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return result


def canonical(
    raw: Any,
    dataset: str,
    mapping: Mapping[str, str],
    categories: Mapping[str, Mapping[str, str | None]],
    spec: Mapping[str, Any],
    naive_zone: str,
    around: tuple[date, date],
    copies: bool = False,
    broken: Collection[str] | None = None,
) -> Any:
    """The table as canonical fields, typed as the file path types them and held to its rules: exact
    copies of a record dropped when the collector found some (`copies`), then scores outside their scale
    and values that cannot be (an end before its start, see datasets/_order) left empty; `broken`: the
    fields the collector found such values in (None: every field a rule applies to)."""
    from servex.plugins.warehouse._rules import held_to_rules, once

    t = typed(raw, dataset, mapping, categories, naive_zone, around, turned_scores(spec, mapping))
    return held_to_rules(once(t) if copies else t, dataset, spec, broken)


def turned_scores(spec: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, int]:
    """score field -> lowest + highest answer, for the scores the table's `scales:` declares best answer
    first (`[5, 1]`): each answer is turned round as it is read, as a file's are (datasets/_typing.scale_sql),
    so that higher is better wherever servex reads it."""
    out = {}
    for name in mapping:
        scale = scale_of(name, spec)
        if scale is not None and best_first(name, spec):
            out[name] = scale[0] + scale[1]
    return out


def typed(
    raw: Any,
    dataset: str,
    mapping: Mapping[str, str],
    categories: Mapping[str, Mapping[str, str | None]],
    naive_zone: str,
    around: tuple[date, date],
    turned: Mapping[str, int] | None = None,
) -> Any:
    """The table as canonical fields, typed as the file path types them, every value as stored (a score
    in `turned` turned round, see turned_scores)."""
    import ibis

    cols = typed_columns(raw, dataset, mapping, categories, naive_zone, around, turned)
    return raw.select(**cols) if cols else raw.select(_none=ibis.literal(1))


def typed_columns(
    raw: Any,
    dataset: str,
    mapping: Mapping[str, str],
    categories: Mapping[str, Mapping[str, str | None]],
    naive_zone: str,
    around: tuple[date, date],
    turned: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Canonical field -> its typed expression over `raw`; a score in `turned` (field -> lowest + highest
    answer) turned round (an answer off the scale stays off it)."""
    kinds, cols = FIELDS[dataset], {}
    for name, column in sorted(mapping.items()):
        kind, e = kinds[name], raw[column]
        dtype = e.type()
        if kind == "ts":
            if dtype.is_timestamp() and dtype.timezone is not None:
                e = e.cast("timestamp")  # the session runs in UTC: an aware time becomes naive UTC
            else:
                e = to_utc(e.cast("timestamp"), naive_zone, around)
        elif kind == "bool":
            e = e if dtype.is_boolean() else text_bool(e) if dtype.is_string() else e.cast("boolean")
        elif kind == "num":
            e = e.cast("float64")
            if turned and name in turned:
                e = turned[name] - e
        elif kind == "cat":
            e = _category(e.cast("string"), categories.get(name) or {})
        else:
            e = e.cast("string")
        cols[name] = e
    return cols


def _category(e: Any, known: Mapping[str, str | None]) -> Any:
    """Stored values as the file path stores them (normalised, renamed by `values:`), by a lookup of
    the values the column holds: accent stripping is not portable SQL, a CASE over constants is."""
    if not known:
        return e.strip().lower()
    return e.substitute(dict(known), else_=e.strip().lower()).cast("string")


def month_label(t: Any, date_field: str, months: list[str], zone: str) -> Any:
    import ibis

    bounds = month_bounds(months, zone)
    if len(bounds) == 1:
        return ibis.literal(bounds[0][0])
    return ibis.cases(*[(t[date_field] < end, m) for m, end in bounds[:-1]], else_=bounds[-1][0])


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def compute(
    t: Any,
    available: set[str],
    kpis: Sequence[Mapping[str, Any]],
    period: Period,
    segment: Mapping[str, Any] | None,
    zone: str,
    backend: str,
) -> dict[str, dict[str, Any]]:
    """Several KPIs of one dataset and date field over the canonical table `t`, by id."""

    dataset, date_field, empty = batch_of(kpis, period)
    around = (period.start, period.end)
    ids = [str(k["id"]) for k in kpis]
    exact = backend in EXACT_QUANTILES
    plans = [plan(k, available, str(i), zone, around, exact, backend) for i, k in enumerate(kpis)]
    segment = {k: _segment_value(dataset, k, v) for k, v in (segment or {}).items()}
    missing = {i: sorted((p.fields | {date_field}) - available) for i, p in zip(ids, plans, strict=True)}
    extra_missing = sorted(set(segment) - available)
    if date_field not in available or extra_missing:
        return {i: {**empty, "missing_fields": sorted(set(missing[i]) | set(extra_missing))} for i in ids}
    live = [p for n, p in enumerate(plans) if not missing[ids[n]]]
    groups = [g for g in BREAKDOWNS if g in available]
    # KPIs that need the next record of the same customer sort the data for it: they run in a narrow
    # query of their own, as in the file engine; the others in one query without the window.
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for part in ([p for p in live if p.next_time is None], [p for p in live if p.next_time is not None]):
        if part:
            done = _run_part(t, part, date_field, groups, segment, period, zone)
            results.update({p.tag: done for p in part})
    out: dict[str, dict[str, Any]] = {}
    for n, kpi_id in enumerate(ids):
        if missing[kpi_id]:
            out[kpi_id] = {**empty, "missing_fields": missing[kpi_id]}
            continue
        out[kpi_id] = _shape(plans[n], results[plans[n].tag], groups, {**empty, "missing_fields": []})
        if plans[n].quantile and not exact:
            out[kpi_id]["approximate"] = True
    if segment and any(not r["sample"] for r in out.values()):
        values = _values_of(t, segment)
        for r in out.values():
            if not r["sample"]:
                r["segment_values"] = values
    return out


def _run_part(
    t: Any,
    part: list[Plan],
    date_field: str,
    groups: list[str],
    segment: Mapping[str, Any],
    period: Period,
    zone: str,
) -> dict[str, list[dict[str, Any]]]:
    """Rows by grouping ("total", "_m", each breakdown): the counts and sums in one query, exact
    percentiles from a histogram of the same records (_ranks)."""
    import ibis

    needed = set(groups) | {date_field} | set(segment)
    for p in part:
        needed |= p.fields
    t = t.select(*sorted(needed & set(t.columns)))
    for p in part:
        if p.next_time is not None:  # over every record, before the period cut, as the file engine does
            key, time = p.next_time
            t = t.mutate(**{f"_next{p.tag}": t[time].lead().over(ibis.window(group_by=t[key], order_by=t[time]))})
    start, end = utc_bound(period.start, zone), utc_bound(period.end + timedelta(days=1), zone)
    u = t.filter(t[date_field] >= start, t[date_field] < end)
    for name, wanted in segment.items():
        u = u.filter(u[name] == wanted)
    flags = {f"_s{p.tag}": p.sample(u) for p in part}
    for p in part:
        flags.update(p.columns(u))
    u = u.mutate(_m=month_label(u, date_field, period.months(), zone), **flags)
    keys: list[tuple[str, Callable[[Any], Any]]] = [("total", lambda v: ibis.null("string")), ("_m", lambda v: v["_m"])]
    keys += [(g, _key_of(g)) for g in groups]
    ranked = [p for p in part if p.rank is not None]
    out = _aggregate(u, keys, {k: v for p in part for k, v in (p.ranked(u) if p.rank else p.measures(u)).items()})
    values = exact_values(u, ranked, keys) if ranked else {}
    if values is None:  # the histogram cannot say: the database's own percentile_cont
        return _aggregate(u, keys, {k: v for p in part for k, v in p.measures(u).items()})
    for p in ranked:
        for name, rows in out.items():
            for row in rows:
                row[f"v{p.tag}"] = values.get((p.tag, name, row["_k"]))
    return out


def _key_of(name: str) -> Callable[[Any], Any]:
    return lambda v: v[name].cast("string")


def _aggregate(u: Any, keys: Keys, measures: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows by grouping ("total", "_m", each breakdown) from ONE query: the groupings are a UNION ALL
    over the same filtered records, which the database reads once."""
    import ibis

    branches = [u.group_by(_g=ibis.literal(name), _k=key(u)).aggregate(**measures) for name, key in keys]
    query = branches[0].union(*branches[1:], distinct=False) if len(branches) > 1 else branches[0]
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows_of(query):
        name = str(row["_g"])
        out.setdefault(name, []).append({**row, name: row["_k"]})
    return out


def _shape(
    p: Plan, results: Mapping[str, list[dict[str, Any]]], groups: list[str], out: dict[str, Any]
) -> dict[str, Any]:
    for row in results.get("total", []):
        value, n = p.finish(row)
        out["value"], out["sample"] = _round(value), n
        out["spread"] = _round(p.spread(row))
    by_month = {}
    for row in results.get("_m", []):
        value, n = p.finish(row)
        by_month[str(row["_m"])] = (_round(value), n)
    out["monthly"] = [
        {"month": m, "value": by_month.get(m, (None, 0))[0], "n": by_month.get(m, (None, 0))[1]}
        for m in out["period_months"]
    ]
    covered = coverage_of(out["monthly"])
    out["months_covered"], out["thin_months"], out["coverage"] = covered.covered, covered.thin, covered.share
    breakdowns: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        entries = []
        for row in results.get(g, []):
            value, n = p.finish(row)
            if n:
                label = row[g]
                entries.append({"segment": "(none)" if label is None else str(label), "value": _round(value), "n": n})
        if entries:
            breakdowns[g] = sorted(entries, key=lambda e: e["segment"])
    out["breakdowns"] = breakdowns
    return out


def _segment_value(dataset: str, name: str, value: Any) -> Any:
    kind = FIELDS[dataset].get(name)
    if kind is None:
        raise FormulaError(f"segment field {name!r} is not a field of {dataset!r}")
    return normalise(value) if kind == "cat" and isinstance(value, str) else value


def _values_of(t: Any, segment: Mapping[str, Any]) -> dict[str, list[str]]:
    """The values each segment field takes (most frequent first), for "no record matches"."""
    import ibis

    out = {}
    for name in sorted(segment):
        counted = t.filter(t[name].notnull()).group_by(name).aggregate(_n=ibis._.count())
        rows = rows_of(counted.order_by([counted["_n"].desc(), counted[name]]).limit(12))
        out[name] = [str(r[name]) for r in rows]
    return out
