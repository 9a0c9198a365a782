"""Values that cannot be: a ticket resolved, or a call answered, before it began; more calls answered in a
month than were offered.

Why: a mistyped year ("2024-01-07" for 2025) or a system that writes a placeholder makes the end of a
record come before its start. Nothing said so: with a third of the Harbour Cycles tickets "resolved a
year before they were created", resolution SLA attainment rose from 96.2 % to 97.8 % and the median
resolution time fell from 26.9 h to 17.4 h, both on values that cannot be right.

Such a value is treated like one that cannot be read: left empty (so a duration or an on-time share
never uses it), counted in the file's `invalid`, warned about with the first lines that hold it, and
more than `max_invalid_share` (1 %) of them fails the file, as a mostly misread column does.

Monthly totals are held to the same rule: answered, answered within the target and abandoned calls
cannot outnumber the calls offered that month. With the "answered within 20 s" column mapped from the
wrong column, the service level printed was 177.5 %, graded as met.

A day of slack: exports with dates and no times, or two systems on different clocks or time zones, put
a genuine end a few hours "before" its start (in the CFPB sample, 2.3 % of complaints were sent to the
company the day before the CFPB received them). What is caught is what cannot be a clock: a wrong year,
a placeholder date, swapped columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from servex.plugins.datasets._typing import lit, q

if TYPE_CHECKING:
    from servex.plugins.datasets._conversion import Conversion

__all__ = [
    "DEADLINES", "INSTANT_DATASETS", "INSTANT_SECONDS", "ORDER", "WRITTEN_CHANNELS", "WRITTEN_SECONDS",
    "at_deadline_sql", "blank_sql", "deadline_span_sql", "deadlines", "example", "instant_sql", "left_empty",
    "median_of_counts", "midnight_sql", "pairs", "refusal", "settle_order", "share", "timed", "violates_sql",
    "written_sql",
]  # fmt: skip

#: dataset -> field -> (the field it is held to, how): "after" a time cannot come (more than a day)
#: before the other; "at_most" a count cannot exceed the other
ORDER: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "tickets": {"first_reply_at": ("created_at", "after"), "resolved_at": ("created_at", "after")},
    "complaints": {"acknowledged_at": ("received_at", "after"), "resolved_at": ("received_at", "after")},
    "calls": {"answered_at": ("started_at", "after"), "ended_at": ("started_at", "after")},
    "calls_monthly": {
        "answered": ("offered", "at_most"),
        "answered_in_target": ("offered", "at_most"),
        "abandoned": ("offered", "at_most"),
    },
}
_SLACK = "INTERVAL 1 DAY"
#: an end this close after its start is as fast as a machine: an auto-reply counted as the first reply
INSTANT_SECONDS = 5
#: where such ends are counted: a ticket answered or closed in seconds is a machine's (or a record opened
#: closed); a call picked up in seconds is good service, and an automatic acknowledgement of a complaint
#: is an acknowledgement
INSTANT_DATASETS = frozenset({"tickets"})
#: an end this soon after a written request (an e-mail, a web form, a letter), for nine in ten of them, is
#: an autoresponder's that waits a little: a person answers mail in minutes at best, not nine times in ten
WRITTEN_SECONDS = 120
#: the channels where nobody waits on the line (normalised as categories are, see _typing.normalise)
WRITTEN_CHANNELS = (
    "email", "e-mail", "mail", "courriel", "web", "web form", "webform", "form", "formulaire", "letter", "post",
    "courrier", "brief", "portal", "online form", "contact form",
    # as French and German systems name them
    "formulaire web", "formulaire en ligne", "formulaire de contact", "lettre", "portail", "site web",
    "webformular", "kontaktformular", "online-formular", "formular",
)  # fmt: skip
#: dataset -> (end, the deadline it is held to), as the shipped "before_deadline" KPIs read them: an end
#: equal to its deadline to the second is a deadline written when the request closed (see at_deadline_sql)
DEADLINES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "tickets": (("first_reply_at", "first_reply_due_at"), ("resolved_at", "due_at")),
    "complaints": (("resolved_at", "due_at"),),
}
_EXAMPLES = 3
#: kind -> (how a breach reads, what to check)
_WORDING = {
    "after": ("come before their {other}", "check the year and the mapping of these columns"),
    "at_most": ("are more than their {other}", "check the mapping of these columns"),
}


def pairs(dataset: str, names: list[str]) -> list[tuple[str, str, str]]:
    """(field, the field it is held to, kind) for the dataset's rules the file has both fields of."""
    rules = ORDER.get(dataset, {})
    return [(f, o, kind) for f, (o, kind) in sorted(rules.items()) if f in names and o in names]


def violates_sql(value: str, other: str, kind: str) -> str:
    """True where `value` breaks its rule against `other` (typed columns, as SQL)."""
    return f"{value} < {other} - {_SLACK}" if kind == "after" else f"{value} > {other}"


def instant_sql(value: str, other: str, kind: str) -> str:
    """How many `value`s come no more than :data:`INSTANT_SECONDS` after `other` (SQL), for an "after" rule
    ("0" otherwise). Both at a whole minute are left out: an export of dates alone, or of minutes, makes a
    same-day or same-minute end zero without any machine (the CFPB register's dates have no time)."""
    if kind != "after":
        return "0"
    timed = f"(second({value}) <> 0 OR second({other}) <> 0)"
    return (
        f"count(*) FILTER (WHERE {value} >= {other} AND {value} <= {other} + INTERVAL {INSTANT_SECONDS} SECOND "
        f"AND {timed})"
    )


def written_sql(value: str, other: str, channel: str) -> str:
    """Among the records on a written channel: how many `value`s come no more than
    :data:`WRITTEN_SECONDS` after `other`, and how many have a `value` (SQL, two columns). Both at a whole
    minute are left out, as for :func:`instant_sql`."""
    written = f"{channel} IN ({', '.join(lit(c) for c in WRITTEN_CHANNELS)})"
    timed = f"(second({value}) <> 0 OR second({other}) <> 0)"
    soon = f"{value} >= {other} AND {value} <= {other} + INTERVAL {WRITTEN_SECONDS} SECOND"
    return f"count(*) FILTER (WHERE {written} AND {soon} AND {timed}), count({value}) FILTER (WHERE {written})"


def timed(dataset: str, names: list[str]) -> list[str]:
    """The time fields of the dataset's "after" rules the file has both of: the starts and ends a duration
    is measured between, whose values are looked at for dates without a time (see :func:`midnight_sql`)."""
    found = {f for f, o, kind in pairs(dataset, names) if kind == "after"}
    found |= {o for f, o, kind in pairs(dataset, names) if kind == "after"}
    return sorted(found)


def midnight_sql(value: str) -> str:
    """How many values fall exactly on midnight, and how many there are (SQL, two columns). A clock puts a
    value on midnight to the second once in 86,400; an export of dates without times puts every value
    there, and then a duration between two of them is a whole number of days (see datasets/_fit).
    `value`: the field as the organisation's wall-clock time (see _conversion.local_sql)."""
    return f"count(*) FILTER (WHERE {value} = date_trunc('day', {value})), count({value})"


def deadlines(dataset: str, names: list[str]) -> list[tuple[str, str]]:
    """(end, deadline) pairs of the dataset the file has both fields of."""
    return [(e, d) for e, d in DEADLINES.get(dataset, ()) if e in names and d in names]


def at_deadline_sql(end: str, deadline: str) -> str:
    """How many ends fall exactly on their deadline, to the second, and how many have both (SQL, two
    columns). A deadline a helpdesk computes from its policy lands on the second a request closes once in
    a long while; one written from the closing time does every time, and makes "on time" 100 %. Values on
    a whole minute are left out: an export of dates, or of minutes, makes many equal without anyone
    setting them so."""
    return (
        f"count(*) FILTER (WHERE {end} = {deadline} AND second({end}) <> 0), "
        f"count(*) FILTER (WHERE {end} IS NOT NULL AND {deadline} IS NOT NULL)"
    )


def deadline_span_sql(deadline: str, start: str) -> str:
    """How long after the request its deadline falls, in whole hours, counted per value (SQL, one column: a
    histogram over the records with both; see :func:`median_of_counts`). A "before deadline" KPI measures
    against the export's own deadlines: 100 % on time against deadlines 60 days out says nothing of a
    promise of 3 days (see _deadline_span). A query of its own, not a column of the describing scan: a
    quantile there took 7 s and 270 MB more over 20M rows, this takes under half a second."""
    hours = f"round((epoch({deadline}) - epoch({start})) / 3600)"
    return f"histogram({hours}) FILTER (WHERE {deadline} IS NOT NULL AND {start} IS NOT NULL)"


def median_of_counts(counts: Mapping[float, int] | None) -> float | None:
    """The median of values given as {value: how many} (the middle one, or the mean of the middle two),
    rounded to a whole number; None when there are none."""
    ordered = sorted((float(v), int(n)) for v, n in (counts or {}).items() if v is not None and n)
    total = sum(n for _v, n in ordered)
    if not total:
        return None

    def nth(k: int) -> float:  # the k-th value (from 0) of the values in order
        for value, n in ordered:
            if k < n:
                return value
            k -= n
        raise IndexError(k)

    return float(round((nth((total - 1) // 2) + nth(total // 2)) / 2))


def blank_sql(field: str, other: str, kind: str) -> str:
    """The column with the values that break the rule emptied, for a rewrite."""
    return f"CASE WHEN {violates_sql(q(field), q(other), kind)} THEN NULL ELSE {q(field)} END"


def settle_order(
    con: Any,
    result: Conversion,
    checked: Mapping[str, tuple[str, str, str]],
    first_line: int,
    limit: float,
    blank: Callable[[str, str, str], None],
    rejected: Callable[[str, int | None, str], Exception],
) -> Conversion:
    """Blank the values that break their rule (`blank(field, other, kind)` rewrites the records), count
    them as invalid and warn with examples; raise `rejected(message, line, field)` when too many."""
    for end, (start, kind, bad) in sorted(result.out_of_order.items()):
        if not bad:
            continue
        present = result.present.get(end, bad)
        examples = _examples(con, checked, end, start, kind, first_line)
        cited = [(f"line {line}", text, began) for line, text, began in examples]
        if share(bad, present) > limit:
            at = examples[0][0] if examples else None
            raise rejected(refusal(end, start, kind, bad, present, limit, cited, "file"), at, end)
        blank(end, start, kind)
        result.invalid[end] = result.invalid.get(end, 0) + bad
        result.issues.append(("warning", left_empty(end, start, kind, bad), None, end))
        for line, text, began in examples:
            result.issues.append(("warning", example(end, start, kind, text, began), line, end))
    return result


def refusal(
    end: str, start: str, kind: str, bad: int, present: int, limit: float, cited: list[tuple[str, str, str]], what: str
) -> str:
    """Why the `what` (file, table) is not used: the share of `end` values that break the rule, with examples
    `cited` as (where, value, the value it is held to)."""
    breach, hint = (w.format(other=start) for w in _WORDING[kind])
    against = "before" if kind == "after" else "against"
    examples = ", ".join(f"{text!r} {against} {began!r}{_at(where)}" for where, text, began in cited)
    return (
        f"{share(bad, present):.1%} of the {end} values ({bad} of {present}) {breach}, more than the {limit:.0%} "
        f"allowed, so the {what} is not used; e.g. {examples}; {hint}"
    )


def share(bad: int, present: int) -> float:
    """The share of the present values that break the rule (all, when none is present)."""
    return bad / present if present else 1.0


def left_empty(end: str, start: str, kind: str, bad: int) -> str:
    """The warning when few enough values break the rule to grade on the rest."""
    return f"{bad} value(s) of {end} {_WORDING[kind][0].format(other=start)}, which cannot be (left empty)"


def example(end: str, start: str, kind: str, text: str, began: str, where: str = "") -> str:
    """One value that breaks the rule, as the source holds it (`where`: how to find it, when no line can)."""
    against = "before" if kind == "after" else "against"
    return f"{end} {text!r} {against} {start} {began!r}{_at(where)}"


def _at(where: str) -> str:
    return f" ({where})" if where else ""


def _examples(
    con: Any, checked: Mapping[str, tuple[str, str, str]], end: str, start: str, kind: str, first_line: int
) -> list[tuple[int, str, str]]:
    """The first lines of the export that break the rule, as written there."""
    if end not in checked or start not in checked:
        return []
    (raw_end, typed_end, _c), (raw_start, typed_start, _s) = checked[end], checked[start]
    try:
        rows = con.execute(
            f"SELECT _row, _e, _s FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {raw_end} AS _e, "
            f"{raw_start} AS _s, {typed_end} AS _te, {typed_start} AS _ts FROM raw) "
            f"WHERE {violates_sql('_te', '_ts', kind)} ORDER BY _row LIMIT {_EXAMPLES}"
        ).fetchall()
    except Exception:  # examples are a courtesy: the count above is what decides
        return []
    return [(int(line), str(text)[:40], str(began)[:40]) for line, text, began in rows]

