"""The report's "Data checks": per data export, what servex left out of it or flagged before computing.

Why: exact copies dropped, values that could not be read or cannot be (an end before its start), scores
off their scale and rows that share an id were said on the terminal and in the result's log, in English,
and nowhere in the report a client signs. Every figure of the report rests on the records as they stand
after these checks, so the reader must see them, in the report's language (principle 4).

Rendered from the numbers each dataset item carries (`rows`, `months`, `invalid`, `out_of_order`,
`copies`, `skipped`, `repeated_ids`, `scales`, `scale_doubts`, `instant`) and the result's period, never
from the log's sentences. A result written
before `copies` and `out_of_order` existed still renders: what it lacks is not claimed either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from servex import Period
from servex.plugins.datasets._coverage import Coverage
from servex.plugins.datasets._evaluate import INSTANT_FLAG_SHARE
from servex.plugins.datasets._fields import DATE_FIELDS
from servex.plugins.reports import _labels as labels
from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._i18n import Lang
from servex.plugins.reports._prose import capitalise

__all__ = ["BREACH", "data_checks"]

#: (dataset, field) -> what its values that cannot be are (see datasets/_order.ORDER), for a count: each a
#: call of `n_` with both forms written out, so the catalogue holds them as one plural entry
BREACH: dict[tuple[str, str], Callable[[Lang, int], str]] = {
    ("tickets", "first_reply_at"): lambda t, n: t.n_(
        "{n} first reply dated before the request was opened (left empty)",
        "{n} first replies dated before the request was opened (left empty)",
        n,
    ),
    ("tickets", "resolved_at"): lambda t, n: t.n_(
        "{n} resolution dated before the request was opened (left empty)",
        "{n} resolutions dated before the request was opened (left empty)",
        n,
    ),
    ("complaints", "acknowledged_at"): lambda t, n: t.n_(
        "{n} acknowledgement dated before the complaint was received (left empty)",
        "{n} acknowledgements dated before the complaint was received (left empty)",
        n,
    ),
    ("complaints", "resolved_at"): lambda t, n: t.n_(
        "{n} resolution dated before the complaint was received (left empty)",
        "{n} resolutions dated before the complaint was received (left empty)",
        n,
    ),
    ("calls", "answered_at"): lambda t, n: t.n_(
        "{n} call answered before it began (answer time left empty)",
        "{n} calls answered before they began (answer time left empty)",
        n,
    ),
    ("calls", "ended_at"): lambda t, n: t.n_(
        "{n} call ending before it began (end time left empty)",
        "{n} calls ending before they began (end time left empty)",
        n,
    ),
    ("calls_monthly", "answered"): lambda t, n: t.n_(
        "{n} monthly total of answered calls above the calls offered (left empty)",
        "{n} monthly totals of answered calls above the calls offered (left empty)",
        n,
    ),
    ("calls_monthly", "answered_in_target"): lambda t, n: t.n_(
        "{n} monthly total of calls answered in time above the calls offered (left empty)",
        "{n} monthly totals of calls answered in time above the calls offered (left empty)",
        n,
    ),
    ("calls_monthly", "abandoned"): lambda t, n: t.n_(
        "{n} monthly total of abandoned calls above the calls offered (left empty)",
        "{n} monthly totals of abandoned calls above the calls offered (left empty)",
        n,
    ),
}


def _counts(value: Any) -> dict[str, int]:
    """A {field: count} attribute, without zeros and anything that is not a count."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int | float) and int(v) > 0}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _breach(t: Lang, dataset: str, field: str, count: int, name: str) -> str:
    known = BREACH.get((dataset, field))
    if known:
        return known(t, count)
    return t.n_(
        "{field}: {n} value that cannot be (left empty)", "{field}: {n} values that cannot be (left empty)", count,
        field=name,
    )


#: ticket end field -> what its ends within seconds of the opening are (see datasets/_order.instant_sql)
INSTANT: dict[str, Callable[[Lang, int], str]] = {
    "first_reply_at": lambda t, n: t.n_(
        "{n} first reply within 5 seconds of the request, as fast as an automatic reply (counted: check them)",
        "{n} first replies within 5 seconds of the request, as fast as an automatic reply (counted: check them)",
        n,
    ),
    "resolved_at": lambda t, n: t.n_(
        "{n} request resolved within 5 seconds of being opened, as if opened already closed (counted: check them)",
        "{n} requests resolved within 5 seconds of being opened, as if opened already closed (counted: check them)",
        n,
    ),
}


def _instant(t: Lang, attributes: Mapping[str, Any]) -> list[str]:
    """The ends as fast as a machine, when they are a share that would flag a KPI (see datasets/_evaluate)."""
    out = []
    for field, found in sorted(_mapping(attributes.get("instant")).items()):
        n, of = int(_mapping(found).get("n") or 0), int(_mapping(found).get("of") or 0)
        if field in INSTANT and of and n / of >= INSTANT_FLAG_SHARE:
            out.append(INSTANT[field](t, n))
    return out


def _thin(t: Lang, months: Mapping[str, int], period: Mapping[str, Any]) -> list[str]:
    """The period's months whose few records do not count as covered (see datasets/_coverage)."""
    try:
        within = Period(date.fromisoformat(str(period["start"])), date.fromisoformat(str(period["end"]))).months()
    except (KeyError, ValueError):  # a result without a period claims nothing either way
        return []
    thin = Coverage(months, within).thin
    if not thin:
        return []
    return [t.n_("{n} month with under a tenth of an average month's records, not counted as covered: {months}",
                 "{n} months with under a tenth of an average month's records, not counted as covered: {months}",
                 len(thin), months=t.join(t.month(m) for m in sorted(thin)))]


def _flags(t: Lang, attributes: Mapping[str, Any], period: Mapping[str, Any] | None = None) -> list[str]:
    """What the checks left out of one export or flagged, most consequential first."""
    dataset = str(attributes.get("dataset") or "")

    def name(field: str) -> str:
        return labels.column(field, t, dataset)

    out = []
    copies = int(attributes.get("copies") or 0)
    if copies:
        out.append(t.n_("{n} exact copy of a record left out (each record counted once)",
                        "{n} exact copies of records left out (each record counted once)", copies))
    skipped = int(attributes.get("skipped") or 0)
    if skipped:
        out.append(
            t.n_(
                "{n} malformed line of the file skipped (not read)",
                "{n} malformed lines of the file skipped (not read)",
                skipped,
            )
        )
    repeated = int(attributes.get("repeated_ids") or 0)
    if repeated:
        out.append(t.n_(
            "{n} record shares an id with a different record: both are counted in every figure, so check the export",
            "{n} records share an id with a different record: all are counted in every figure, so check the export",
            repeated,
        ))
    months = _counts(attributes.get("months"))
    date_field = DATE_FIELDS.get(dataset)  # a record without it is in no month, so in no figure
    undated = int(attributes.get("rows") or 0) - sum(months.values())
    if undated > 0 and date_field and isinstance(attributes.get("months"), Mapping):
        out.append(t.n_("{n} record without a readable date ({field}) left out of every figure",
                        "{n} records without a readable date ({field}) left out of every figure", undated,
                        field=name(date_field)))
    invalid, breaches = _counts(attributes.get("invalid")), _counts(attributes.get("out_of_order"))
    scales = _mapping(attributes.get("scales"))
    out += [_breach(t, dataset, field, count, name(field)) for field, count in sorted(breaches.items())]
    for field, count in sorted(invalid.items()):
        unread = count - breaches.get(field, 0)
        if unread <= 0 or field == date_field:  # a record without its date: said above, as left out
            continue
        scale = scales.get(field)
        if isinstance(scale, list | tuple) and len(scale) == 2:
            out.append(t.n_("{field}: {n} answer not a number from {low} to {high} (left empty)",
                            "{field}: {n} answers not a number from {low} to {high} (left empty)", unread,
                            field=name(field), low=t.integer(scale[0]), high=t.integer(scale[1])))
        else:
            out.append(t.n_("{field}: {n} value could not be read (left empty)",
                            "{field}: {n} values could not be read (left empty)", unread, field=name(field)))
    doubts = _mapping(attributes.get("scale_doubts"))
    for field, highest in sorted(doubts.items()):
        scale = scales.get(field)
        if isinstance(scale, list | tuple) and len(scale) == 2 and isinstance(highest, int | float):
            out.append(t._("{field}: no answer above {highest}, although the scale runs from {low} to {high}; "
                           "check the question's scale", field=name(field), highest=t.decimal(highest, 1, trim=True),
                           low=t.integer(scale[0]), high=t.integer(scale[1])))
    out += _instant(t, attributes)
    out += _thin(t, months, period or {})
    return out


def _months(t: Lang, months: Mapping[str, int]) -> str:
    covered = sorted(months)
    if not covered:
        return ""
    if len(covered) == 1:
        return t.month(covered[0])
    return t.n_("{n} month with records, {start} to {end}", "{n} months with records, {start} to {end}", len(covered),
                start=t.month(covered[0]), end=t.month(covered[-1]))


def data_checks(c: Ctx) -> list[dict[str, Any]]:
    """One row per data export (a file or a warehouse table), in the order of the evidence inventory."""
    out = []
    for item in c.result["evidence"]:
        attributes = item.get("attributes") or {}
        if item.get("kind") != "dataset" or not isinstance(attributes.get("rows"), int | float):
            continue  # not an export servex read and checked
        prov = item["provenance"]
        source = str(prov.get("locator") or prov["source"]) if attributes.get("format") == "warehouse" else ""
        flags = _flags(c.tr, attributes, c.result.get("period") or {})
        out.append({
            "title": capitalise(labels.dataset(attributes.get("dataset") or "", c.tr)),
            "source": source or str(prov["source"]),
            "records": c.tr.integer(attributes["rows"]),
            "months": _months(c.tr, _counts(attributes.get("months"))),
            "flags": flags or [c.tr._("No value left out or flagged")],
            "clean": not flags,
        })
    return out
