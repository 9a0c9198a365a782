"""The `warehouse` collector: each table or query named in the manifest becomes one dataset item.

Collecting reads what a file's conversion would report (columns, row count, months covered, first and
last day, score ranges) with a few aggregate queries, plus the database's clock; the KPIs themselves are
computed later, in the database, by the item's payload (see _source). Online, what was read is recorded
in the evidence cache; offline, the record is replayed and no connection is opened.

Tables are held to the data rules of file exports (records exported twice, values that cannot be: see
_rules), and a source none of whose tables gives a usable record fails (exit 5 when it is required), as
a source of files does.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from servex import CollectContext, CollectionError, EvidenceItem, Provenance, evidence_id
from servex.plugins.warehouse._config import connection_url, problem, redact, scrub
from servex.plugins.warehouse._rules import (
    Unusable,
    answers,
    at_deadline,
    deadline_hours,
    instant,
    midnight,
    spread,
    with_deadline,
    written,
)
from servex.plugins.warehouse._rules import (
    distinct as distinct_values,
)
from servex.plugins.warehouse._source import (
    WarehouseTable,
    connect,
    digest,
    read_record,
    source_table,
    write_record,
)

__all__ = ["collect"]

_VERSION = "16"  # bump when what is recorded changes, so old records are not replayed (3: instant ends;
# 4: values present per end field, ends on their deadline; 5, 6: how far out the deadlines are; 7: records
# with a deadline, time values on midnight; 8: yes answers of yes/no fields;
# 9: lowest and highest value of numbers; 10: a survey's answered records per month;
# 11: distinct values of a key; 12: records the tool closed;
# 13: exact distinct values of a key; 14: the spread of a sampled mean answer;
# 15: ends within minutes of a written request; 16: the latest value of each end field)
_MAX_CATEGORIES = 5000  # distinct values of a category looked up one by one; beyond, lower(trim()) alone


def _what(spec: Mapping[str, Any]) -> str:
    return f"table {spec['table']}" if "table" in spec else "query"


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.datasets._config import period_zone

    url_env = str(ctx.config["url_env"])
    zone = period_zone(ctx.manifest)
    store = ctx.cache_dir / "warehouse"
    url = "" if ctx.offline else connection_url(url_env)
    opened: list[Any] = []  # the one connection, once a table needs it; closed when collecting ends
    usable = 0  # records with a date, over every table
    try:
        for spec in ctx.config["tables"]:
            where = _what(spec)
            issue = problem(spec)
            if issue:
                ctx.error(f"{spec['dataset']} {where}: {issue}", file=where)
                continue
            naive_zone = str(spec.get("timezone") or zone)
            key = digest([_VERSION, ctx.source, url_env, dict(spec), zone, ctx.period.start, ctx.period.end])
            path = store / f"{key}.json"
            meta = read_record(path) if ctx.offline else _read_online(ctx, url, spec, naive_zone, zone, opened)
            if meta is None and ctx.offline:  # as an API replay with no cached response: the source fails
                raise CollectionError(f"offline: {spec['dataset']} {where} was never read online for this period")
            if meta is None:
                continue
            if not ctx.offline:
                write_record(path, meta)
            if "unusable" in meta:  # refused when read online (replayed as such offline)
                ctx.error(f"{spec['dataset']} {where} unusable: {meta['unusable']}", file=where, field=meta["field"])
                continue
            for message, field in meta.get("warnings") or []:
                ctx.warn(message, file=where, field=field)
            usable += sum(meta["months"].values())
            handle = WarehouseTable(key, store, ctx.offline, url_env, dict(spec), meta, naive_zone)
            yield _item(ctx, spec, meta, handle)
    finally:
        for con in opened:
            con.disconnect()
    if not usable:  # as for files: "0 records" must never look like a clean table
        raise CollectionError(
            f"no usable record in its {len(ctx.config['tables'])} table(s) or query(ies) (none with a date); "
            "nothing from this source can be graded, see the errors for each table"
        )


def _read_online(
    ctx: CollectContext, url: str, spec: Mapping[str, Any], naive_zone: str, zone: str, opened: list[Any]
) -> dict[str, Any] | None:
    where = _what(spec)
    try:
        if not opened:
            opened.append(connect(url))
        meta = _describe(opened[0], spec, naive_zone, zone, ctx)
    except Unusable as exc:  # recorded, so that an offline run says the same
        return {"unusable": str(exc), "field": exc.field}
    except Exception as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        text = f"{type(exc).__name__}: {scrub(str(exc), url)}"
        if not opened:  # no connection at all: the whole source is unusable
            raise CollectionError(f"cannot connect to the warehouse ({redact(url)}): {text}") from None
        ctx.error(f"{spec['dataset']} {where} unreadable: {text}", file=where)
        return None
    meta["source"] = f"{redact(url)} {where}"
    return meta


def _describe(con: Any, spec: Mapping[str, Any], naive_zone: str, zone: str, ctx: CollectContext) -> dict[str, Any]:
    import ibis
    from servex.plugins.datasets._conversion import ANSWERED
    from servex.plugins.datasets._convert import MappingError, resolve_mapping
    from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS, SCALES
    from servex.plugins.datasets._typing import scale_of
    from servex.plugins.warehouse._compute import month_label, rows_of, turned_scores, typed, typed_columns
    from servex.plugins.warehouse._rules import held_to_rules, measures, once, repeats, settle_order
    from servex.plugins.warehouse._text import refuse_unclear_text_numbers, refuse_unordered_text_dates, unread_text

    dataset = spec["dataset"]
    raw = source_table(con, spec)
    columns = list(raw.columns)
    try:
        resolved, profile = resolve_mapping(dataset, columns, spec.get("mapping") or {})
    except MappingError as exc:
        raise Unusable(str(exc).replace("file", "table")) from None
    mapping = {name: source for name, source in resolved.items() if isinstance(source, str)}
    warnings: list[list[str]] = [  # [message, field]
        [f"{name}: computed columns of file exports are not read from a warehouse; map {name} to a column", name]
        for name in sorted(set(resolved) - set(mapping))
    ]
    kinds = FIELDS[dataset]
    categories: dict[str, dict[str, str | None]] = {}
    for name in sorted(n for n in mapping if kinds[n] == "cat"):
        categories[name] = _categories(raw, mapping[name], (spec.get("values") or {}).get(name) or {})
        if len(categories[name]) > _MAX_CATEGORIES:
            categories[name] = {}
            warnings.append([f"{name}: more than {_MAX_CATEGORIES} distinct values; compared in lower case only", name])
    around = (ctx.period.start, ctx.period.end)
    turned = turned_scores(spec, mapping)
    refuse_unordered_text_dates(raw, mapping, kinds)  # before any cast reads them in the server's order
    refuse_unclear_text_numbers(raw, mapping, kinds)
    cols = typed_columns(raw, dataset, mapping, categories, naive_zone, around, turned)
    u = typed(raw, dataset, mapping, categories, naive_zone, around, turned)
    date_field = DATE_FIELDS[dataset]
    scored = sorted(n for n in mapping if n in SCALES)
    bounds = {n: scale_of(n, spec) or SCALES[n] for n in scored}

    def summary(u: Any) -> dict[str, Any]:  # scores, ids, values that cannot be: all in one query
        first, last = u[date_field].min(), u[date_field].max()
        return rows_of(u.aggregate(_rows=ibis._.count(), _first=first, _last=last, **measures(u, dataset, bounds)))[0]

    facts = summary(u)
    found = repeats(u, facts)  # no query when no id repeats (see _rules)
    if found.copies:  # the records once: every figure below, and the KPIs, read them so
        u = once(u)
        facts = summary(u)
    warnings += [[message, field] for _level, message, _line, field in found.issues()]
    invalid, cited = settle_order(raw, cols, mapping, dataset, facts, spec)
    broken = sorted(invalid)  # (so far only values that cannot be): the KPIs test these fields alone
    unread, said = unread_text(raw, cols, mapping, kinds, spec)  # yes/no stored as text (see _text)
    invalid |= unread
    warnings += said
    t = held_to_rules(u, dataset, spec, broken)
    first, last = _local_day(facts["_first"], zone), _local_day(facts["_last"], zone)
    months: dict[str, int] = {}
    answered: dict[str, int] | None = {} if dataset in ANSWERED else None
    if first and last:  # every month of the data, as a file's conversion lists them
        spanned = _months(first, last)
        dated = t.filter(t[date_field].notnull())
        answer_fields = [n for n in dated.columns if kinds.get(n) in ("num", "bool") or n == "comment"]
        # a survey's records that answer anything (see datasets/_conversion.ANSWERED); a column expression
        # even without an answer field (a literal made `ifelse(...).sum()` a scalar's, which has no sum)
        anything = dated[date_field].isnull()
        for name in answer_fields:
            anything = anything | dated[name].notnull()
        counted = dated.group_by(_m=month_label(dated, date_field, spanned, zone)).aggregate(
            _n=ibis._.count(), _a=ibis.ifelse(anything, 1, 0).sum()
        )
        rows = rows_of(counted)
        months = {str(r["_m"]): int(r["_n"]) for r in rows if r["_n"]}
        if dataset in ANSWERED:
            answered = {str(r["_m"]): int(r["_a"] or 0) for r in rows if r["_a"]}
    snapshot = rows_of(t.limit(1).select(_now=ibis.now()))
    scales: dict[str, list[int]] = {}
    doubts: dict[str, float] = {}
    for n in scored:
        low, high = bounds[n]
        scales[n] = [int(low), int(high)]
        if facts[f"_off_{n}"]:
            invalid[n] = int(facts[f"_off_{n}"])
            warnings.append([f"{invalid[n]} value(s) of {n} are outside its {low}-{high} scale (left empty)", n])
        top = facts[f"_hi_{n}"]
        if n not in (spec.get("scales") or {}) and top is not None and top < high:
            doubts[n] = float(top)
            warnings.append([
                f"no {n} value above {top:g} although its default scale is {low}-{high}; if the question is on "
                f"{low}-{top:g}, declare `scales: {{{n}: [{low}, {top:g}]}}` for this table",
                n,
            ])
    warnings += cited
    return {
        "rows": int(facts["_rows"]),
        "first": first,
        "last": last,
        "months": dict(sorted(months.items())),
        "columns": sorted(mapping),
        "mapping": mapping,
        "categories": categories,
        "profile": profile,
        "scales": scales,
        "doubts": doubts,
        "invalid": dict(sorted(invalid.items())),
        "warnings": warnings,
        "copies": found.copies,
        "broken": broken,
        "instant": instant(facts),
        "written": written(facts),
        "present": {key.removeprefix("_present_"): int(n or 0) for key, n in sorted(facts.items())
                    if key.startswith("_present_")},
        "last_end": {key.removeprefix("_lastend_"): day for key, value in sorted(facts.items())
                     if key.startswith("_lastend_") and (day := _local_day(value, zone))},
        "at_deadline": at_deadline(facts),
        "deadline_hours": deadline_hours(facts),
        "with_deadline": with_deadline(facts),
        "midnight": midnight(facts),
        "answers": answers(facts),
        "spread": spread(facts),
        "distinct": distinct_values(facts),
        "auto_closed": (
            [int(facts["_autoclosed"] or 0), int(facts["_statuses"] or 0)] if "_autoclosed" in facts else None
        ),
        "answered_months": answered,
        "repeated_ids": found.conflicting,
        "backend": con.name,
        "query": spec.get("query") or f"SELECT * FROM {spec['table']}",
        "snapshot": _iso(snapshot[0]["_now"]) if snapshot else None,
    }


def _categories(raw: Any, column: str, values: Mapping[str, Any]) -> dict[str, str | None]:
    """Each stored value -> the category as the file path stores it (None for an empty or null marker)."""
    from servex.plugins.datasets._typing import NULL_MARKERS, normalise
    from servex.plugins.warehouse._compute import rows_of

    renamed = {normalise(str(k)): normalise(str(v)) for k, v in values.items()}
    markers = {m.lower() for m in NULL_MARKERS}
    stored = raw[column].cast("string")
    distinct = rows_of(raw.select(_v=stored).filter(stored.notnull()).distinct().limit(_MAX_CATEGORIES + 1))
    out: dict[str, str | None] = {}
    for row in distinct:
        value = str(row["_v"])
        clean = normalise(value)
        out[value] = None if not clean or value.strip().lower() in markers else renamed.get(clean, clean)
    return out


def _months(first: str, last: str) -> list[str]:
    year, month, out = int(first[:4]), int(first[5:7]), []
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _local_day(value: Any, zone: str) -> str | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(zoneinfo.ZoneInfo(zone)).date().isoformat()  # type: ignore[no-any-return]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _out_of_order(meta: Mapping[str, Any]) -> dict[str, int]:
    """The values emptied because they cannot be, per field, as a file's item has them. The `broken` fields
    are those of _rules.settle_order, whose counts `invalid` holds (the other invalid values are scores off
    their scale, never a field held to an order)."""
    invalid = meta.get("invalid") or {}
    return {name: int(invalid[name]) for name in sorted(meta.get("broken") or []) if invalid.get(name)}


def _item(
    ctx: CollectContext, spec: Mapping[str, Any], meta: Mapping[str, Any], handle: WarehouseTable
) -> EvidenceItem:
    where = _what(spec)
    read = {"query": meta["query"], "rows": meta["rows"], "snapshot": meta["snapshot"], "source": meta["source"]}
    return EvidenceItem(
        id=evidence_id("warehouse", f"{ctx.source}\x00{where}\x00{meta['query']}", spec["dataset"]),
        kind="dataset",
        title=f"{spec['dataset']} warehouse {where}",
        provenance=Provenance(
            "warehouse",
            meta["source"],
            digest(read),
            int(meta["rows"]),
            "application/sql",
            ctx.collected_at,
            meta["first"],
            meta["last"],
            where,
        ),
        attributes={
            "dataset": spec["dataset"],
            "rows": meta["rows"],
            "columns": meta["columns"],
            "first": meta["first"],
            "last": meta["last"],
            "months": meta["months"],
            "format": "warehouse",
            "layout": meta["profile"],
            "invalid": meta.get("invalid") or {},
            **({"repeated_ids": meta["repeated_ids"]} if meta.get("repeated_ids") else {}),
            "copies": int(meta.get("copies") or 0),
            "out_of_order": _out_of_order(meta),
            **({"instant": dict(meta["instant"])} if meta.get("instant") else {}),
            **({"written": dict(meta["written"])} if meta.get("written") else {}),
            **({"present": dict(meta["present"])} if meta.get("present") else {}),
            **({"last_end": dict(meta["last_end"])} if meta.get("last_end") else {}),
            **({"at_deadline": dict(meta["at_deadline"])} if meta.get("at_deadline") else {}),
            **({"deadline_hours": dict(meta["deadline_hours"])} if meta.get("deadline_hours") else {}),
            **({"with_deadline": dict(meta["with_deadline"])} if meta.get("with_deadline") else {}),
            **({"midnight": dict(meta["midnight"])} if meta.get("midnight") else {}),
            **({"answers": dict(meta["answers"])} if meta.get("answers") else {}),
            **({"spread": dict(meta["spread"])} if meta.get("spread") else {}),
            **({"answered_months": dict(meta["answered_months"])} if meta.get("answered_months") is not None else {}),
            **({"distinct": dict(meta["distinct"])} if meta.get("distinct") else {}),
            **({"auto_closed": list(meta["auto_closed"])} if meta.get("auto_closed") else {}),
            "scales": meta["scales"],
            "scale_doubts": meta["doubts"],
            "query": meta["query"],
            "backend": meta["backend"],
            "snapshot": meta["snapshot"],
        },
        payload=handle,
    )
