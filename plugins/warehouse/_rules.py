"""A warehouse table held to the data rules of a file export, inside the database.

Why: a table with each ticket loaded twice, or with tickets "resolved" a year before they were created,
misleads exactly as a file export with the same defects does (n doubled, every copy a repeat contact of
itself; a median resolution time shortened by values that cannot be). The rules, their tables and their
wording are the file path's (datasets/_duplicates, datasets/_order); only the queries differ:

- Records exported twice: the describing query counts ids and distinct ids. Only when they differ (rarely)
  do two more queries tell exact copies (dropped: the KPIs then read `SELECT DISTINCT` of the rows with an
  id) from rows that share an id but differ (kept, warned about, `repeated_ids` on every KPI).
- Values that cannot be: the same query counts, per rule, the values that break it and the values
  present; one small query fetches up to three examples (cited by id, as a table has no lines). Few are
  left empty as they are in a file; more than the table's `max_invalid_share` (1 %) refuse the table.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from servex.plugins.datasets._conversion import AUTO_CLOSED, KEYS, MAX_INVALID_SHARE
from servex.plugins.datasets._duplicates import ID_FIELD, Repeats
from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS
from servex.plugins.datasets._order import (
    INSTANT_DATASETS,
    INSTANT_SECONDS,
    WRITTEN_CHANNELS,
    WRITTEN_SECONDS,
    deadlines,
    example,
    left_empty,
    pairs,
    refusal,
    share,
)
from servex.plugins.datasets._order import timed as time_fields
from servex.plugins.datasets._typing import scale_of

__all__ = [
    "Unusable",
    "answers",
    "at_deadline",
    "deadline_hours",
    "distinct",
    "held_to_rules",
    "instant",
    "measures",
    "midnight",
    "once",
    "repeats",
    "settle_order",
    "spread",
    "violates",
    "with_deadline",
    "written",
]  # fmt: skip

_EXAMPLES = 3


class Unusable(Exception):
    """The table cannot be read as its dataset, or too much of it cannot be: an error on the table."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def violates(end: Any, start: Any, kind: str) -> Any:
    """True where `end` breaks its rule against `start` (see datasets/_order.violates_sql)."""
    import ibis

    return end < start - ibis.interval(days=1) if kind == "after" else end > start


def once(t: Any) -> Any:
    """The rows with exact copies of a row that has an id dropped (rows without an id all kept), as
    datasets/_duplicates.without_copies_sql."""
    return t.filter(t[ID_FIELD].notnull()).distinct().union(t.filter(t[ID_FIELD].isnull()), distinct=False)


def held_to_rules(t: Any, dataset: str, spec: Mapping[str, Any], broken: Collection[str] | None = None) -> Any:
    """Scores outside their scale and values that cannot be, left empty (no KPI uses them).

    `broken`: the fields whose values the collector found breaking their rule (None: every field a rule
    applies to). A KPI batch tests only those: on a clean table, the usual case, the test (a CASE that
    the database repeats wherever the field is used) costs a tenth of the batch's time for nothing."""
    import ibis

    changed = {}
    for name in t.columns:
        scale = scale_of(name, spec)  # lowest and highest, whichever way round the table declares it
        if scale is not None and t[name].type().is_floating():  # a score outside its scale, as in a file
            changed[name] = ibis.ifelse(t[name].between(scale[0], scale[1]), t[name], ibis.null("float64"))
    for end, start, kind in pairs(dataset, list(t.columns)):
        if broken is not None and end not in broken:
            continue
        changed[end] = ibis.ifelse(violates(t[end], t[start], kind), ibis.null(t[end].type()), t[end])
    return t.mutate(**changed) if changed else t


def measures(u: Any, dataset: str, scales: Mapping[str, tuple[int, int]]) -> dict[str, Any]:
    """Aggregates over the typed rows `u` for the describing query: score ranges and values off the scale,
    ids and distinct ids, and per rule of _order the values that break it and those present."""
    import ibis

    out: dict[str, Any] = {}
    for n, (low, high) in sorted(scales.items()):
        inside = u[n].between(low, high)
        out[f"_lo_{n}"] = ibis.ifelse(inside, u[n], ibis.null("float64")).min()
        out[f"_hi_{n}"] = ibis.ifelse(inside, u[n], ibis.null("float64")).max()
        out[f"_off_{n}"] = ibis.ifelse(u[n].notnull() & ~inside, 1, 0).sum().fill_null(0)
    if ID_FIELD in u.columns:
        out |= {"_ids": u[ID_FIELD].count(), "_distinct_ids": u[ID_FIELD].nunique()}
    for end, start, kind in pairs(dataset, list(u.columns)):
        out[f"_bad_{end}"] = ibis.ifelse(violates(u[end], u[start], kind), 1, 0).sum().fill_null(0)
        out[f"_present_{end}"] = u[end].count()
        if FIELDS[dataset].get(end) == "ts":  # the latest end (see datasets/_fit.only_closed)
            out[f"_lastend_{end}"] = u[end].max()
        if kind == "after" and dataset in INSTANT_DATASETS:  # as fast as a machine (see datasets/_order)
            soon = (u[end] >= u[start]) & (u[end] <= u[start] + ibis.interval(seconds=INSTANT_SECONDS))
            timed = (u[end].second() != 0) | (u[start].second() != 0)
            out[f"_instant_{end}"] = ibis.ifelse(soon & timed, 1, 0).sum().fill_null(0)
            if "channel" in u.columns:  # within minutes of a written request (see datasets/_order.written_sql)
                written = u["channel"].isin(list(WRITTEN_CHANNELS)).fill_null(False)
                fast = (u[end] >= u[start]) & (u[end] <= u[start] + ibis.interval(seconds=WRITTEN_SECONDS))
                out[f"_wfast_{end}"] = ibis.ifelse(written & fast & timed, 1, 0).sum().fill_null(0)
                out[f"_wof_{end}"] = ibis.ifelse(written & u[end].notnull(), 1, 0).sum().fill_null(0)
    for end, deadline in deadlines(dataset, list(u.columns)):  # ends exactly on their deadline (_order)
        same = (u[end] == u[deadline]) & (u[end].second() != 0)
        out[f"_ondl_{deadline}"] = ibis.ifelse(same, 1, 0).sum().fill_null(0)
        out[f"_dl_{deadline}"] = ibis.ifelse(u[end].notnull() & u[deadline].notnull(), 1, 0).sum().fill_null(0)
        # how far after the request its deadline falls (see datasets/_deadline_span), in seconds
        start = u[DATE_FIELDS[dataset]]
        hours = ((u[deadline].epoch_seconds() - start.epoch_seconds()) / 3600).round()  # whole hours, as a file's
        out[f"_span_{deadline}"] = hours.median()
        out[f"_wdl_{deadline}"] = u[deadline].count()  # records with a deadline (see datasets/_fit)
    for name in sorted(n for n in u.columns if FIELDS[dataset].get(n) == "bool"):  # one answer everywhere (_fit)
        out[f"_yes_{name}"] = ibis.ifelse(u[name], 1, 0).sum().fill_null(0)
        out[f"_ans_{name}"] = u[name].count()
    for name in sorted(n for n in u.columns if FIELDS[dataset].get(n) == "num"):  # one value everywhere (_fit)
        kept = u[name]  # a score as the file path counts it: off its scale is no answer
        if name in scales:
            kept = ibis.ifelse(kept.between(*scales[name]), kept, ibis.null("float64"))
        out[f"_vmin_{name}"], out[f"_vmax_{name}"], out[f"_vcnt_{name}"] = kept.min(), kept.max(), kept.count()
    if FIELDS[dataset].get("status") == "cat" and "status" in u.columns:  # closed by the tool (see datasets/_fit)
        out["_autoclosed"] = ibis.ifelse(u["status"].re_search(AUTO_CLOSED), 1, 0).sum().fill_null(0)
        out["_statuses"] = u["status"].count()
    for name in sorted(n for n in u.columns if n in KEYS):  # a key that never repeats (see datasets/_fit)
        out[f"_dist_{name}"], out[f"_dcnt_{name}"] = u[name].nunique(), u[name].count()
    for name in time_fields(dataset, list(u.columns)):  # dates without times (see datasets/_order.midnight_sql)
        out[f"_mid_{name}"] = ibis.ifelse(u[name] == u[name].truncate("D"), 1, 0).sum().fill_null(0)
        out[f"_cnt_{name}"] = u[name].count()
    return out


def with_deadline(facts: Mapping[str, Any]) -> dict[str, int]:
    """Deadline field -> records with a value of it, as a file's item has it."""
    return {k.removeprefix("_wdl_"): int(n or 0) for k, n in sorted(facts.items()) if k.startswith("_wdl_")}


def _counted(
    facts: Mapping[str, Any], prefix: str, of_prefix: str, name: str = "n", zeros: bool = False
) -> dict[str, dict[str, int]]:
    """Field -> {name: the count under `prefix`, "of": the count under `of_prefix`}, as a file's item has
    such pairs; fields whose count is 0 left out unless `zeros`."""
    return {
        key.removeprefix(prefix): {name: int(n or 0), "of": int(facts.get(of_prefix + key.removeprefix(prefix)) or 0)}
        for key, n in sorted(facts.items())
        if key.startswith(prefix) and (zeros or n)
    }


def answers(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Yes/no field -> yes answers and answers, as a file's item has it."""
    return _counted(facts, "_yes_", "_ans_", "yes", zeros=True)


def spread(facts: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Number or score field -> lowest and highest value and values present, as a file's item has it."""
    return {
        key.removeprefix("_vcnt_"): {
            "low": None if facts.get("_vmin_" + key[6:]) is None else float(facts["_vmin_" + key[6:]]),
            "high": None if facts.get("_vmax_" + key[6:]) is None else float(facts["_vmax_" + key[6:]]),
            "of": int(n or 0),
        }
        for key, n in sorted(facts.items())
        if key.startswith("_vcnt_")
    }


def distinct(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Key field -> distinct values and values present, as a file's item has it."""
    return _counted(facts, "_dist_", "_dcnt_", zeros=True)


def midnight(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Time field -> values exactly on midnight and values present, as a file's item has it."""
    return _counted(facts, "_mid_", "_cnt_")


def at_deadline(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Deadline field -> ends exactly on it and ends with a deadline, as a file's item has it."""
    return _counted(facts, "_ondl_", "_dl_")


def deadline_hours(facts: Mapping[str, Any]) -> dict[str, float]:
    """Deadline field -> median hours from the request to it, as a file's item has it."""
    return {
        key.removeprefix("_span_"): float(round(float(hours)))  # the median of whole hours, as a file's
        for key, hours in sorted(facts.items())
        if key.startswith("_span_") and hours is not None
    }


def instant(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """End field -> ends within seconds of their start and the values present, as a file's item has it."""
    return _counted(facts, "_instant_", "_present_")


def written(facts: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """End field -> ends within minutes of a written request and ends on a written channel, as a file's
    item has it (fields with no end on a written channel left out)."""
    return {name: counts for name, counts in _counted(facts, "_wfast_", "_wof_", zeros=True).items() if counts["of"]}


def repeats(u: Any, facts: Mapping[str, Any]) -> Repeats:
    """Exact copies and rows that share an id but differ, once the describing query saw an id repeat."""
    import ibis
    from servex.plugins.warehouse._compute import rows_of

    repeated = int(facts.get("_ids") or 0) - int(facts.get("_distinct_ids") or 0)
    if not repeated:
        return Repeats()
    rows = u.filter(u[ID_FIELD].notnull()).distinct()
    copies = int(facts["_ids"]) - int(rows_of(rows.aggregate(_n=ibis._.count()))[0]["_n"])
    examples: list[str] = []
    if repeated > copies:  # after dropping the copies, some ids still repeat: name a few
        counted = rows.group_by(ID_FIELD).aggregate(_n=ibis._.count())
        named = counted.filter(counted["_n"] > 1).order_by(ID_FIELD).limit(_EXAMPLES)
        examples = [str(r[ID_FIELD])[:40] for r in rows_of(named)]
    return Repeats(copies, repeated - copies, examples)


def settle_order(
    raw: Any,
    cols: Mapping[str, Any],
    mapping: Mapping[str, str],
    dataset: str,
    facts: Mapping[str, Any],
    spec: Mapping[str, Any],
) -> tuple[dict[str, int], list[list[str]]]:
    """Values that cannot be: (field -> values left empty, warnings as [message, field]); raises Unusable
    when more than the table's max_invalid_share of a field's values break their rule.

    `cols` are the typed expressions over `raw` (see _compute.typed_columns), so the examples cite the
    values as the table stores them."""
    limit = float(spec.get("max_invalid_share", MAX_INVALID_SHARE))
    invalid: dict[str, int] = {}
    warnings: list[list[str]] = []
    for end, start, kind in pairs(dataset, list(cols)):
        bad = int(facts.get(f"_bad_{end}") or 0)
        if not bad:
            continue
        present = int(facts.get(f"_present_{end}") or 0)
        cited = _examples(raw, cols, mapping, end, start, kind)
        if share(bad, present) > limit:
            raise Unusable(refusal(end, start, kind, bad, present, limit, cited, "table"), end)
        invalid[end] = bad
        warnings.append([left_empty(end, start, kind, bad), end])
        warnings += [[example(end, start, kind, text, began, where), end] for where, text, began in cited]
    return invalid, warnings


def _examples(
    raw: Any, cols: Mapping[str, Any], mapping: Mapping[str, str], end: str, start: str, kind: str
) -> list[tuple[str, str, str]]:
    """Up to three rows that break the rule, as (where: the record's id, value, the value it is held to)."""
    import ibis
    from servex.plugins.warehouse._compute import rows_of

    ident = cols[ID_FIELD] if ID_FIELD in cols else ibis.null("string")
    picked = raw.select(
        _id=ident,
        _e=raw[mapping[end]].cast("string"),
        _s=raw[mapping[start]].cast("string"),
        _bad=violates(cols[end], cols[start], kind),
    )
    found = picked.filter(picked["_bad"]).select("_id", "_e", "_s").distinct()
    try:
        rows = rows_of(found.order_by(["_id", "_e", "_s"]).limit(_EXAMPLES))
    except Exception:  # examples are a courtesy: the count is what decides
        return []
    return [
        ("" if r["_id"] is None else f"id {str(r['_id'])[:40]!r}", str(r["_e"])[:40], str(r["_s"])[:40]) for r in rows
    ]
