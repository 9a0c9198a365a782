"""Compile a KPI formula and its conditions to SQL without ever splicing user text into it.

Field names are checked against the dataset's canonical fields and quoted; every value from a criteria
or KPI file (thresholds, category names, hours, days) becomes a bound parameter. What is left in the
SQL text comes from this module alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from servex.plugins.datasets._fields import FIELDS, SCALES, own_score
from servex.plugins.datasets._typing import lit, normalise

__all__ = ["SURVEYS", "Compiled", "FormulaError", "compile_formula", "condition_sql", "sampled_mean"]

SURVEYS = frozenset({"survey", "employee_survey"})  #: datasets whose records are people's answers

_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_QUANTILE = {"median": 0.5, "p90": 0.9}


class FormulaError(Exception):
    """A KPI definition names a field its dataset does not have, or is malformed."""


@dataclass
class Compiled:
    sample: str  #: boolean SQL: the record is in the KPI's sample
    value: str  #: aggregate SQL over the sample
    value_params: list[Any] = field(default_factory=list)  #: bound to the `?` of `value`, in order
    sample_params: list[Any] = field(default_factory=list)  #: bound to the `?` of `sample`, in order
    fields: set[str] = field(default_factory=set)  #: canonical fields the formula reads
    next_time: tuple[str, str] | None = None  #: (key, time) when the formula needs the next record per key
    #: (duration in microseconds as SQL, quantile, seconds per unit) for a median or percentile, which the
    #: engine computes from a histogram when `value` (quantile_cont) runs out of memory
    quantile: tuple[str, float, int] | None = None
    weight: str | None = None  #: SQL summed for n instead of counting records (aggregate exports)
    span: str | None = None  #: the duration in the KPI's unit, for a median or percentile (see _engine)
    #: aggregate SQL: the standard deviation of one answer's part in the value, for a score measured on a
    #: sample of customers (an NPS, a mean answer), from which the evaluator tells its margin (see _margin)
    spread: str | None = None


class _Builder:
    def __init__(self, dataset: str, available: set[str]) -> None:
        self.dataset, self.known, self.available = dataset, FIELDS[dataset], available
        self.fields: set[str] = set()

    def col(self, name: Any) -> str:
        own = own_score(self.dataset, name)  # a survey item the manifest maps under `scores:`
        if not own and (not isinstance(name, str) or name not in self.known):
            raise FormulaError(f"unknown field {name!r} (fields: {', '.join(sorted(self.known))})")
        self.fields.add(name)
        # A field this export does not have is simply empty: records then fall out of the sample.
        return f'"{name}"' if name in self.available else _NULL["num" if own else self.known[name]]


_NULL = {
    "ts": "CAST(NULL AS TIMESTAMP)",
    "bool": "CAST(NULL AS BOOLEAN)",
    "num": "CAST(NULL AS DOUBLE)",
    "text": "CAST(NULL AS VARCHAR)",
    "cat": "CAST(NULL AS VARCHAR)",
}


def _values(b: _Builder, name: Any, values: list[Any]) -> list[Any]:
    """Category values compare as stored: without accents, case or extra spaces ("Web" is "web")."""
    if b.known.get(name) == "cat":
        return [normalise(v) if isinstance(v, str) else v for v in values]
    return values


def condition_sql(cond: Mapping[str, Any], b: _Builder, params: list[Any]) -> str:
    """A COND as SQL that is never NULL: an unknown value does not satisfy a condition."""
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        parts = [condition_sql(c, b, params) for c in cond[key]]
        if not parts:
            raise FormulaError(f"{key}: needs at least one condition")
        return "(" + (" AND " if key == "all" else " OR ").join(parts) + ")"
    column = b.col(cond.get("field"))
    if "is_true" in cond:
        return f"({column} IS NOT DISTINCT FROM {'true' if cond['is_true'] else 'false'})"
    if "present" in cond:
        return f"({column} IS {'NOT ' if cond['present'] else ''}NULL)"
    if "in" in cond:
        values = list(cond["in"])
        if not values:
            raise FormulaError("in: needs at least one value")
        params.extend(_values(b, cond.get("field"), values))
        return f"COALESCE({column} IN ({', '.join('?' for _ in values)}), false)"
    for key, op in (("gte", ">="), ("lte", "<="), ("eq", "=")):
        if key in cond:
            params.extend(_values(b, cond.get("field"), [cond[key]]))
            return f"COALESCE({column} {op} ?, false)"
    raise FormulaError(f"condition {dict(cond)!r} has no test (is_true, gte, lte, eq, in, present)")


def compile_formula(kpi: Mapping[str, Any], available: set[str], tag: str = "", zone: str = "UTC") -> Compiled:
    """Returns the sample predicate and the value aggregate. The aggregate refers to the sample as the
    boolean column `_s<tag>` (and to the next record's time as `_next<tag>`), which the engine computes
    once per record; tags keep several KPIs apart in one query."""
    s, nxt = f"_s{tag}", f"_next{tag}"

    def _percent(hit: str) -> str:
        return f"100.0 * count(*) FILTER (WHERE {s} AND {hit}) / NULLIF(count(*) FILTER (WHERE {s}), 0)"

    formula, dataset = kpi["formula"], kpi["dataset"]
    if dataset not in FIELDS:
        raise FormulaError(f"unknown dataset {dataset!r}")
    if formula.get("type") == "top_box":  # on the field's default scale; the evaluator adapts it to the data's
        from servex.plugins.datasets._scales import adapt

        name = formula.get("field")
        if own_score(dataset, name):
            # An item of the organisation's own has no default scale: the evaluator adapts the KPI to the
            # scale its files declare. Here no file maps it, so there is nothing to count: no value.
            if name in available:
                raise FormulaError(f"the scale of {name} is not known: declare it with the item under `scores:`")
            return Compiled("(false)", "CAST(NULL AS DOUBLE)", fields={str(name)})
        if name not in FIELDS[dataset]:
            raise FormulaError(f"unknown field {name!r}")
        concrete, reason = adapt(kpi, {})
        if reason:
            raise FormulaError(reason)
        return compile_formula(concrete, available, tag, zone)
    b = _Builder(dataset, available)
    kind = formula.get("type")
    value_params: list[Any] = []
    sample_params: list[Any] = []
    where = condition_sql(formula["where"], b, sample_params) if formula.get("where") else "true"
    next_time = None
    spread: str | None = None
    quantile: tuple[str, float, int] | None = None
    span_sql: str | None = None
    if kind == "share":
        sample, value = where, _percent(condition_sql(formula["condition"], b, value_params))
    elif kind == "nps":
        f = b.col(formula.get("field", "recommend_score"))
        sample = f"{where} AND {f} IS NOT NULL"
        value = (
            f"100.0 * (count(*) FILTER (WHERE {s} AND {f} >= 9) - count(*) FILTER (WHERE {s} AND {f} <= 6))"
            f" / NULLIF(count(*) FILTER (WHERE {s}), 0)"
        )
        # each answer adds +100 (promoter), 0 or -100 (detractor) to the mean that is the NPS
        spread = f"stddev_samp(CASE WHEN {f} >= 9 THEN 100.0 WHEN {f} <= 6 THEN -100.0 ELSE 0.0 END) FILTER (WHERE {s})"
    elif kind == "mean":
        f = b.col(formula["field"])
        sample, value = f"{where} AND {f} IS NOT NULL", f"avg({f}) FILTER (WHERE {s})"
        spread = f"stddev_samp({f}) FILTER (WHERE {s})" if sampled_mean(dataset, formula["field"]) else None
    elif kind == "duration":
        start, end = b.col(formula["start"]), b.col(formula["end"])
        unit = _SECONDS.get(kpi.get("unit", "hours"), 3600)
        span = f"(epoch({end}) - epoch({start})) / {unit}"
        stat = formula.get("stat", "median")
        sample = f"{where} AND {start} IS NOT NULL AND {end} IS NOT NULL"
        if stat == "mean":
            value = f"avg({span}) FILTER (WHERE {s})"
        else:  # quantile_cont is fast but holds every value; the engine falls back to a histogram (_quantiles)
            value = f"quantile_cont({span}, {_QUANTILE[stat]}) FILTER (WHERE {s})"
            quantile = (f"(epoch_us({end}) - epoch_us({start}))", _QUANTILE[stat], unit)
            span_sql = span
    elif kind == "within":
        start, end = b.col(formula["start"]), b.col(formula["end"])
        value_params.append(float(formula["limit_hours"]) * 3600)
        sample = f"{where} AND {start} IS NOT NULL"
        value = _percent(f"{end} IS NOT NULL AND epoch({end}) - epoch({start}) <= ?")
    elif kind == "before_deadline":
        end, deadline = b.col(formula["end"]), b.col(formula["deadline"])
        sample, value = (
            f"{where} AND {deadline} IS NOT NULL",
            _percent(f"{end} IS NOT NULL AND {end} <= {deadline}"),
        )
    elif kind == "repeat_within":
        key, time = b.col(formula["key"]), b.col(formula["time"])
        value_params.append(float(formula["days"]) * 86400)
        sample = f"{where} AND {key} IS NOT NULL AND {time} IS NOT NULL"
        # N days on the organisation's calendar: across a DST change a day is 23 or 25 hours.
        def local(e: str) -> str:
            return e if zone == "UTC" else f"timezone({lit(zone)}, CAST({e} AS TIMESTAMPTZ))"

        value = _percent(f"{nxt} IS NOT NULL AND epoch({local(nxt)}) - epoch({local(time)}) <= ?")
        next_time = (key, time)
    elif kind == "totals":  # aggregate exports: each row already counts many contacts
        num, den = b.col(formula["numerator"]), b.col(formula["denominator"])
        sample = f"{where} AND {den} IS NOT NULL AND {num} IS NOT NULL"
        value = f"100.0 * sum({num}) FILTER (WHERE {s}) / NULLIF(sum({den}) FILTER (WHERE {s}), 0)"
        return Compiled(f"({sample})", value, value_params, sample_params, b.fields, weight=den)
    else:
        raise FormulaError(f"unknown formula type {kind!r}")
    return Compiled(
        f"({sample})", value, value_params, sample_params, b.fields, next_time, quantile, span=span_sql, spread=spread
    )


def sampled_mean(dataset: str, name: Any) -> bool:
    """Whether a mean is taken over a sample of people (survey answers, an answer score on tickets), so its
    margin tells how far it could be from everyone's; a mean over every record of the period (a handling
    time) is a count of the whole."""
    return dataset in SURVEYS or name in SCALES or own_score(dataset, name)
