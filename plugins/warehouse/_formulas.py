"""The KPI formulas of kpis.yaml as ibis expressions, so the database computes them in its own dialect.

The definitions are the same data the file engine compiles to DuckDB SQL (plugins/datasets/_sql.py);
this is their second reading, through ibis, which compiles quantiles and date arithmetic per backend.
Counts come back as whole numbers and the percentages are divided here, as DuckDB divides them, so a
share is the same double in both engines. Values from the KPI files become literals ibis binds or
quotes; field names are checked against the dataset's canonical fields.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from servex.plugins.datasets._fields import FIELDS
from servex.plugins.datasets._sql import FormulaError, sampled_mean
from servex.plugins.datasets._typing import normalise
from servex.plugins.warehouse._zones import to_local

__all__ = ["Plan", "plan"]

_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_QUANTILE = {"median": 0.5, "p90": 0.9}
_TYPES = {"ts": "timestamp", "bool": "boolean", "num": "float64", "text": "string", "cat": "string"}


@dataclass
class Plan:
    """One KPI: the per-record sample flag, the aggregates to bring back, and how they make the value."""

    tag: str
    fields: set[str] = field(default_factory=set)
    next_time: tuple[str, str] | None = None  #: (key, time) when the next record per key is needed
    quantile: bool = False  #: the value is a median or percentile
    #: an exact median or percentile: its quantile (0.5, 0.9) and its seconds per unit; `ranked` then has
    #: the measures without the percentile, whose value _ranks finds from a histogram (`v<tag>`)
    rank: tuple[float, int] | None = None
    ranked: Callable[[Any], dict[str, Any]] = lambda t: {}
    sample: Callable[[Any], Any] = lambda t: None
    #: per-record values computed once, beside the sample flag, that the measures read (a duration)
    columns: Callable[[Any], dict[str, Any]] = lambda t: {}
    measures: Callable[[Any], dict[str, Any]] = lambda t: {}
    finish: Callable[[Mapping[str, Any]], tuple[float | None, int]] = lambda r: (None, 0)
    #: one answer's standard deviation, for a score measured on a sample (as the file engine's `spread`)
    spread: Callable[[Mapping[str, Any]], float | None] = lambda r: None


def _nps_spread(promoters: Any, detractors: Any, n: Any) -> float | None:
    """The sample standard deviation of answers scored +100, 0 and -100, from their counts."""
    p, d, count = float(promoters or 0), float(detractors or 0), int(n or 0)
    if count < 2:
        return None
    total, squares = 100 * (p - d), 10_000 * (p + d)
    return math.sqrt(max(0.0, (squares - total * total / count) / (count - 1)))


def _count(t: Any, cond: Any) -> Any:
    import ibis

    return ibis.ifelse(cond, 1, 0).sum().fill_null(0)


def _epoch(e: Any, backend: str) -> Any:
    """Seconds since 1970 as a double. PostgreSQL's EXTRACT(epoch) (what ibis writes) returns a numeric,
    four times as slow per record as `date_part`, which returns the same correctly rounded double."""
    if backend == "postgres":
        return _date_part("epoch", e)
    return e.epoch_seconds().cast("float64")


def _date_part(part: str, value: Any) -> Any:
    """PostgreSQL's date_part as an ibis builtin, made once (ibis reads its types from the annotations,
    which this module's postponed annotations would leave as strings)."""
    import ibis
    import ibis.expr.datatypes as dt

    global _DATE_PART
    if _DATE_PART is None:

        def date_part(part: str, value: Any) -> Any: ...

        date_part.__annotations__ = {"part": str, "value": dt.timestamp, "return": dt.float64}
        _DATE_PART = ibis.udf.scalar.builtin(name="date_part")(date_part)
    return _DATE_PART(part, value)


_DATE_PART: Any = None


def plan(
    kpi: Mapping[str, Any],
    available: set[str],
    tag: str,
    zone: str,
    around: tuple[date, date],
    exact: bool = True,
    backend: str = "duckdb",
) -> Plan:
    """Raises FormulaError for a definition that cannot apply to its dataset. `exact`: the backend has
    an exact percentile (else servex asks for its approximate one, and says so)."""
    import ibis

    dataset, formula = kpi["dataset"], kpi["formula"]
    if dataset not in FIELDS:
        raise FormulaError(f"unknown dataset {dataset!r}")
    known = FIELDS[dataset]
    if formula.get("type") == "top_box":
        from servex.plugins.datasets._scales import adapt

        if formula.get("field") not in known:
            raise FormulaError(f"unknown field {formula.get('field')!r}")
        concrete, reason = adapt(kpi, {})
        if reason:
            raise FormulaError(reason)
        return plan(concrete, available, tag, zone, around, exact, backend)
    out = Plan(tag)
    s = f"_s{tag}"

    def col(t: Any, name: Any) -> Any:
        if not isinstance(name, str) or name not in known:
            raise FormulaError(f"unknown field {name!r} (fields: {', '.join(sorted(known))})")
        out.fields.add(name)
        return t[name] if name in available else ibis.null(_TYPES[known[name]])

    def values(name: Any, given: list[Any]) -> list[Any]:
        return [normalise(v) if known.get(name) == "cat" and isinstance(v, str) else v for v in given]

    def cond(t: Any, c: Mapping[str, Any]) -> Any:
        if "all" in c or "any" in c:
            key = "all" if "all" in c else "any"
            parts = [cond(t, x) for x in c[key]]
            if not parts:
                raise FormulaError(f"{key}: needs at least one condition")
            result = parts[0]
            for p in parts[1:]:
                result = (result & p) if key == "all" else (result | p)
            return result
        column = col(t, c.get("field"))
        if "is_true" in c:
            return (column == bool(c["is_true"])).fill_null(False)
        if "present" in c:
            return column.notnull() if c["present"] else column.isnull()
        if "in" in c:
            wanted = values(c.get("field"), list(c["in"]))
            if not wanted:
                raise FormulaError("in: needs at least one value")
            return column.isin(wanted).fill_null(False)
        for key in ("gte", "lte", "eq"):
            if key in c:
                v = values(c.get("field"), [c[key]])[0]
                test = column >= v if key == "gte" else column <= v if key == "lte" else column == v
                return test.fill_null(False)
        raise FormulaError(f"condition {dict(c)!r} has no test (is_true, gte, lte, eq, in, present)")

    def where(t: Any) -> Any:
        return cond(t, formula["where"]) if formula.get("where") else ibis.literal(True)

    def share(hit: Callable[[Any], Any]) -> None:
        out.measures = lambda u: {f"n{tag}": _count(u, u[s]), f"h{tag}": _count(u, u[s] & hit(u))}
        out.finish = lambda r: (_percent(r[f"h{tag}"], r[f"n{tag}"]), int(r[f"n{tag}"] or 0))

    kind = formula.get("type")
    if kind == "share":
        out.sample = where
        share(lambda u: cond(u, formula["condition"]))
    elif kind == "nps":
        name = formula.get("field", "recommend_score")
        out.sample = lambda t: where(t) & col(t, name).notnull()

        def nps_measures(u: Any) -> dict[str, Any]:
            f = col(u, name)
            return {
                f"n{tag}": _count(u, u[s]),
                f"p{tag}": _count(u, u[s] & (f >= 9)),
                f"d{tag}": _count(u, u[s] & (f <= 6)),
            }

        out.measures = nps_measures
        out.finish = lambda r: (
            _percent((r[f"p{tag}"] or 0) - (r[f"d{tag}"] or 0), r[f"n{tag}"]),
            int(r[f"n{tag}"] or 0),
        )
        out.spread = lambda r: _nps_spread(r[f"p{tag}"], r[f"d{tag}"], r[f"n{tag}"])
    elif kind == "mean":
        name = formula["field"]
        out.sample = lambda t: where(t) & col(t, name).notnull()
        sampled = sampled_mean(dataset, name)

        def mean_measures(u: Any) -> dict[str, Any]:
            answers = col(u, name).cast("float64")
            spread = {f"e{tag}": answers.std(where=u[s])} if sampled else {}
            return {f"n{tag}": _count(u, u[s]), f"v{tag}": answers.mean(where=u[s]), **spread}

        out.measures = mean_measures
        out.finish = lambda r: (_float(r[f"v{tag}"]), int(r[f"n{tag}"] or 0))
        if sampled:
            out.spread = lambda r: _float(r[f"e{tag}"]) if int(r[f"n{tag}"] or 0) >= 2 else None
    elif kind == "duration":
        start, end = formula["start"], formula["end"]
        unit = _SECONDS.get(kpi.get("unit", "hours"), 3600)
        stat = formula.get("stat", "median")
        out.sample = lambda t: where(t) & col(t, start).notnull() & col(t, end).notnull()
        out.quantile = stat != "mean"

        out.columns = lambda u: {f"_d{tag}": (_epoch(col(u, end), backend) - _epoch(col(u, start), backend)) / unit}

        def duration_measures(u: Any) -> dict[str, Any]:
            span = u[f"_d{tag}"]
            if stat == "mean":
                value = span.mean(where=u[s])
            elif exact:
                value = span.quantile(_QUANTILE[stat], where=u[s])
            else:  # Trino, BigQuery, ClickHouse...: an estimate, flagged on the result
                value = span.approx_quantile(_QUANTILE[stat], where=u[s])
            return {f"n{tag}": _count(u, u[s]), f"v{tag}": value}

        out.measures = duration_measures
        out.finish = lambda r: (_float(r[f"v{tag}"]), int(r[f"n{tag}"] or 0))
        if stat != "mean" and exact:
            out.rank = (_QUANTILE[stat], unit)
            out.ranked = lambda u: {f"n{tag}": _count(u, u[s])}
    elif kind == "within":
        start, end = formula["start"], formula["end"]
        limit = float(formula["limit_hours"]) * 3600
        out.sample = lambda t: where(t) & col(t, start).notnull()
        share(
            lambda u: (
                col(u, end).notnull()
                & ((_epoch(col(u, end), backend) - _epoch(col(u, start), backend)) <= limit).fill_null(False)
            )
        )
    elif kind == "before_deadline":
        end, deadline = formula["end"], formula["deadline"]
        out.sample = lambda t: where(t) & col(t, deadline).notnull()
        share(lambda u: col(u, end).notnull() & (col(u, end) <= col(u, deadline)).fill_null(False))
    elif kind == "repeat_within":
        key, time = formula["key"], formula["time"]
        limit = float(formula["days"]) * 86400
        out.sample = lambda t: where(t) & col(t, key).notnull() & col(t, time).notnull()
        out.next_time = (key, time)

        def repeat(u: Any) -> Any:
            nxt, now = u[f"_next{tag}"], col(u, time)
            gap = _epoch(to_local(nxt, zone, around), backend) - _epoch(to_local(now, zone, around), backend)
            return nxt.notnull() & (gap <= limit).fill_null(False)

        share(repeat)
    elif kind == "totals":
        num, den = formula["numerator"], formula["denominator"]
        out.sample = lambda t: where(t) & col(t, den).notnull() & col(t, num).notnull()
        out.measures = lambda u: {
            f"a{tag}": col(u, num).cast("float64").sum(where=u[s]),
            f"b{tag}": col(u, den).cast("float64").sum(where=u[s]),
        }
        out.finish = lambda r: (_ratio(r[f"a{tag}"], r[f"b{tag}"]), int(_float(r[f"b{tag}"]) or 0))
    else:
        raise FormulaError(f"unknown formula type {kind!r}")
    # Every field the formula names, checked now: an unknown name fails before any query is sent.
    for name in _named(formula, kind):
        if not isinstance(name, str) or name not in known:
            raise FormulaError(f"unknown field {name!r} (fields: {', '.join(sorted(known))})")
        out.fields.add(name)
    return out


_NAMES = ("field", "start", "end", "key", "time", "deadline", "numerator", "denominator")


def _named(node: Any, kind: Any = None) -> list[Any]:
    found: list[Any] = ["recommend_score"] if kind == "nps" and "field" not in node else []
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in _NAMES and not isinstance(value, (Mapping, list)):
                found.append(value)
            elif isinstance(value, (Mapping, list)):
                found += _named(value)
    elif isinstance(node, list):
        for value in node:
            found += _named(value)
    return found


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number  # NaN: no value


def _percent(hits: Any, n: Any) -> float | None:
    return None if not n else 100.0 * int(hits or 0) / int(n)


def _ratio(num: Any, den: Any) -> float | None:
    a, b = _float(num), _float(den)
    return None if a is None or not b else 100.0 * a / b
