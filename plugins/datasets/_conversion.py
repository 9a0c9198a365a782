"""What a conversion wrote, described from the Parquet file, and the bad values it cites.

Split from `_convert` (which builds the one streaming COPY): counting rows, months and unreadable values,
and citing the first bad rows, read the written file or the export again only where a value was bad.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from servex.plugins.datasets._duplicates import ID_FIELD, hashed_repeats_sql
from servex.plugins.datasets._fields import DATE_FIELDS, SCALES, canonical_name, fields_of
from servex.plugins.datasets._order import (
    INSTANT_DATASETS,
    at_deadline_sql,
    deadline_span_sql,
    deadlines,
    instant_sql,
    median_of_counts,
    midnight_sql,
    pairs,
    timed,
    violates_sql,
    written_sql,
)
from servex.plugins.datasets._typing import bad_sql, lit, q, scale_of, scale_sql

__all__ = [
    "ANSWERED", "AUTO_CLOSED", "KEYS", "MAX_INVALID_SHARE", "WHAT", "Conversion", "RejectedError", "describe",
    "local_sql",
]  # fmt: skip

_EXAMPLES = 3
#: More unreadable values than this share of a mapped column fails the file: a column that is mostly
#: misread (day-first dates read month-first, a wrong mapping) must not produce figures.
MAX_INVALID_SHARE = 0.01


class RejectedError(Exception):
    """Too much of a column cannot be read for the file's figures to be trusted."""

    def __init__(self, message: str, line: int | None, field: str) -> None:
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class Conversion:
    rows: int
    columns: list[str]
    first: str | None
    last: str | None
    months: dict[str, int]
    invalid: dict[str, int]
    scales: dict[str, list[int]] = field(default_factory=dict)
    doubts: dict[str, float] = field(default_factory=dict)  #: undeclared score field -> highest answer seen
    issues: list[tuple[str, str, int | None, str]] = field(
        default_factory=list
    )  # level, message, line, field
    native: bool = False  #: typed by the CSV reader itself: no text read, so no rejected lines to report
    hashed_repeats: int = 0  #: ids whose hash repeats (see _duplicates): 0 when every id is unique
    #: field -> (the field it is held to, the rule, values that break it) (see _order)
    out_of_order: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)  #: end field -> values present (see _order)
    #: end field -> the day (local) of its latest value: a log cut to closed records ends inside the period
    last_end: dict[str, str] = field(default_factory=dict)
    instant: dict[str, int] = field(default_factory=dict)  #: end field -> values within seconds of the start
    #: end field -> (values within minutes of a written request, values on a written channel) (see _order)
    written: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: deadline field -> (ends exactly on it, to the second; ends with a deadline) (see _order.at_deadline_sql)
    at_deadline: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: deadline field -> median hours from the request to its deadline (see _order.deadline_span_sql)
    deadline_hours: dict[str, float] = field(default_factory=dict)
    #: deadline field -> values present: the records without one are not in an on-time share (see datasets/_fit)
    with_deadline: dict[str, int] = field(default_factory=dict)
    #: time field -> (values exactly on midnight, values present): dates without times (see datasets/_fit)
    midnight: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: yes/no field -> (yes answers, answers): a field that never varies (see datasets/_fit)
    answers: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: number or score field -> (lowest, highest, values): a field that never varies (see datasets/_fit)
    spread: dict[str, tuple[float | None, float | None, int]] = field(default_factory=dict)
    #: key field -> (distinct values, values present): a key that never repeats (see datasets/_fit)
    distinct: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: (records whose status says the tool closed them, records with a status) (see datasets/_fit)
    auto_closed: tuple[int, int] | None = None
    #: a survey's records per month that hold at least one answer (None for other datasets; see ANSWERED)
    answered_months: dict[str, int] | None = None
    repeated_ids: int = 0  #: rows sharing an id with a different row, kept (see _duplicates)
    copies: int = 0  #: rows that repeated an earlier row exactly, dropped (see _duplicates)


WHAT = {"ts": "date", "bool": "yes/no value", "num": "number"}
#: datasets whose records are answers: a record with no answer at all (a score, a yes/no, a comment) is a
#: row of an export, not a response. What was observed: 300 rows of a "survey export" with a date and a
#: channel and not one answer satisfied "an export of customer survey responses with at least 100 answers".
ANSWERED = frozenset({"survey", "employee_survey"})
#: fields a KPI groups records by (repeat contacts): whether they ever repeat is counted (see datasets/_fit)
KEYS = frozenset({"customer_id"})
#: a status value that says the tool, not a person, closed the request (see datasets/_fit); categories are
#: stored folded (lower case, no accents)
#: No `\b`: PostgreSQL reads it as a backspace (its word boundary is `\y`, which DuckDB does not know), so a
#: word's edges are spelt out, and the one pattern reads alike in DuckDB, PostgreSQL and Python.
AUTO_CLOSED = (
    r"(^|[^a-z])(auto|system([^a-z]|$)|bot([^a-z]|$))|automat|time-?out|inactiv|inaktiv|"
    r"no (customer )?(reply|response)|sans (reponse|retour)|keine (kunden)?(antwort|ruckmeldung|reaktion)|"
    r"zeituberschreitung|delai (depasse|expire)"
)


#: what exports write for "no value" beyond the default markers (see _typing.NULL_MARKERS): named in the
#: refusal of a file full of them, which `null_values` then reads as empty. Not defaults: the typed CSV
#: reader compares each cell with every spelling of every marker (26 spellings against 10 made a
#: million-row load 12 % slower).
MARKER_LIKE = frozenset({
    "k.a.", "k. a.", "keine angabe", "n.v.", "n.d.", "n.c.", "nc", "nd", "s.o.", "non renseigne", "non renseigné",
    "?", "none", "null", "nil", "unknown", "inconnu", "unbekannt", "#n/a", "n.a.",
})


def local_sql(expr: str, zone: str) -> str:
    """A stored (UTC) timestamp as wall-clock time in `zone`: months and days are the organisation's."""
    if zone == "UTC":
        return expr
    return f"timezone({lit(zone)}, CAST({expr} AS TIMESTAMPTZ))"


def _by_month(histogram: Mapping[Any, Any] | None) -> dict[str, int]:
    """A histogram of month starts as {"YYYY-MM": records}, in order."""
    return {f"{m.year:04d}-{m.month:02d}": int(n) for m, n in sorted((histogram or {}).items())}


def describe(
    con: Any,
    dataset: str,
    names: list[str],
    checked: dict[str, tuple[str, str, str]],
    first_line: int,
    spec: Mapping[str, Any],
    src: str,
    zone: str,
    as_read: bool = False,
) -> Conversion:
    """Rows, dates, months, unreadable values and scores of the converted rows in `src` (SQL: the
    written Parquet file, or the table they were loaded into).

    `as_read`: the rows have no `_bad` column and their scores are as read (see _convert): the only bad
    values are scores off their scale, counted here, and every score figure is of the scaled value."""
    date_field = local_sql(q(DATE_FIELDS[dataset]), zone)
    scored = [n for n in names if n in SCALES or n in (spec.get("scores") or {})]
    kinds = fields_of(dataset, spec.get("scores"))

    def value(n: str) -> str:
        return scale_sql(n, q(n), spec) if as_read and kinds.get(n) == "num" else q(n)

    def bad_count(i: int, n: str) -> str:
        if not as_read:
            return f"count(*) FILTER (WHERE _bad & {1 << i} <> 0)"
        return "0" if value(n) == q(n) else f"count(*) FILTER (WHERE {q(n)} IS NOT NULL AND {value(n)} IS NULL)"

    counts = [f"{bad_count(i, n)}, count({value(n)})" for i, n in enumerate(checked)]
    counts += [f"min({value(n)}), max({value(n)})" for n in scored]
    if ID_FIELD in names:  # whether an id repeats, in the same scan (see _duplicates)
        counts.append(hashed_repeats_sql())
    ordered = pairs(dataset, names)  # values that cannot be, such as an end before its start (see _order)
    counts += [
        f"count(*) FILTER (WHERE {violates_sql(q(f), q(o), k)}), count({q(f)}), "
        + (instant_sql(q(f), q(o), k) if dataset in INSTANT_DATASETS else "0")
        for f, o, k in ordered
    ]
    held = deadlines(dataset, names)
    counts += [f"{at_deadline_sql(q(end), q(deadline))}, count({q(deadline)})" for end, deadline in held]
    clocked = timed(dataset, names)
    counts += [midnight_sql(local_sql(q(f), zone)) for f in clocked]
    flagged = [n for n in names if kinds.get(n) == "bool" and n not in (spec.get("constants") or {})]
    counts += [f"count(*) FILTER (WHERE {q(n)}), count({q(n)})" for n in flagged]
    measured = [n for n in names if kinds.get(n) == "num" and n not in (spec.get("constants") or {})]
    counts += [f"min({value(n)}), max({value(n)}), count({value(n)})" for n in measured]
    keys = [n for n in names if n in KEYS]
    counts += [f"count(DISTINCT {q(n)}), count({q(n)})" for n in keys]
    statused = "status" in names and kinds.get("status") == "cat"
    if statused:
        status = q("status")
        counts.append(f"count(*) FILTER (WHERE regexp_matches({status}, {lit(AUTO_CLOSED)})), count({status})")
    # ends within minutes of a written request, where a channel says which are written (see _order)
    written = dataset in INSTANT_DATASETS and "channel" in names
    penned = [(f, o) for f, o, k in ordered if k == "after"] if written else []
    counts += [written_sql(q(f), q(o), q("channel")) for f, o in penned]
    ends = [f for f, _o, _k in ordered if kinds.get(f) == "ts"]  # not the counts an aggregate export holds
    counts += [f"max({local_sql(q(f), zone)})" for f in ends]  # the latest end (see datasets/_fit.only_closed)
    if dataset in ANSWERED:  # the records per month that answer anything, beside all of them (see ANSWERED)
        answers = [value(n) for n in names if kinds.get(n) in ("num", "bool") or n == "comment"]
        anything = " OR ".join(f"{a} IS NOT NULL" for a in answers) or "false"
        counts.append(f"histogram(date_trunc('month', {date_field})) FILTER (WHERE {anything})")
    # One scan: the records per month come as a histogram beside the counts (NULL dates left out).
    row = con.execute(
        f"SELECT count(*), min({date_field}), max({date_field}), {', '.join(counts) or '0'}, "
        f"histogram(date_trunc('month', {date_field})) FROM {src}"
    ).fetchone()
    result = Conversion(
        int(row[0]),
        names,
        row[1].date().isoformat() if row[1] else None,
        row[2].date().isoformat() if row[2] else None,
        _by_month(row[-1]),
        {},
    )
    limit = float(spec.get("max_invalid_share", MAX_INVALID_SHARE))
    for i, name in enumerate(checked):
        bad, good = int(row[3 + 2 * i]), int(row[4 + 2 * i])
        if bad:
            result.invalid[name] = bad
            _report(con, result, dataset, name, bad, bad + good, checked[name], first_line, spec, limit)
    at = 3 + 2 * len(checked)
    after = at + 2 * len(scored)
    if ID_FIELD in names:
        result.hashed_repeats = int(row[after] or 0)
        after += 1
    for i, (name, other, kind) in enumerate(ordered):
        result.out_of_order[name] = (other, kind, int(row[after + 3 * i]))
        result.present[name] = int(row[after + 3 * i + 1])
        if int(row[after + 3 * i + 2]):
            result.instant[name] = int(row[after + 3 * i + 2])
    # then, in the order they were asked for: deadlines, midnights, yes/no answers, numbers, keys, statuses,
    # a survey's answered months (the month histogram is last, read above)
    rest = iter(row[after + 3 * len(ordered) : -1])
    for _end, deadline in held:
        on, both, present = next(rest), next(rest), next(rest)
        if int(on):
            result.at_deadline[deadline] = (int(on), int(both))
        result.with_deadline[deadline] = int(present)
    for name in clocked:
        on, present = int(next(rest)), int(next(rest))
        if on:
            result.midnight[name] = (on, present)
    for name in flagged:
        result.answers[name] = (int(next(rest)), int(next(rest)))
    for name in measured:
        low, high, present = next(rest), next(rest), next(rest)
        result.spread[name] = (None if low is None else float(low), None if high is None else float(high), int(present))
    for name in keys:
        result.distinct[name] = (int(next(rest) or 0), int(next(rest) or 0))
    if statused:
        result.auto_closed = (int(next(rest) or 0), int(next(rest) or 0))
    for name, _other in penned:
        fast, of = int(next(rest) or 0), int(next(rest) or 0)
        if of:
            result.written[name] = (fast, of)
    for name in ends:
        latest = next(rest)
        if latest is not None:
            result.last_end[name] = latest.date().isoformat()
    if dataset in ANSWERED:
        result.answered_months = _by_month(next(rest))
    if held:  # how far out the deadlines fall: one small query of its own (see _order.deadline_span_sql)
        start = q(DATE_FIELDS[dataset])
        spans = con.execute(
            f"SELECT {', '.join(deadline_span_sql(q(d), start) for _end, d in held)} FROM {src}"
        ).fetchone()
        for (_end, deadline), counts in zip(held, spans or (), strict=False):
            median = median_of_counts(counts)
            if median is not None:
                result.deadline_hours[deadline] = median
    for i, name in enumerate(scored):
        scale = scale_of(name, spec)
        assert scale is not None
        result.scales[name] = list(scale)
        low, high = row[at + 2 * i], row[at + 2 * i + 1]
        declared = name in (spec.get("scales") or {}) or name in (spec.get("scores") or {})
        if not declared and high is not None and high < scale[1] and (low is None or low >= scale[0]):
            result.doubts[name] = float(high)
            result.issues.append((
                "warning",
                f"no {name} value above {high:g} although its default scale is {scale[0]}-{scale[1]}; "
                f"if the question is on {scale[0]}-{high:g}, declare `scales: {{{name}: [{scale[0]}, {high:g}]}}` "
                "for this file (KPIs then adapt to it)",
                None,
                name,
            ))
    return result


def _report(
    con: Any,
    result: Conversion,
    dataset: str,
    name: str,
    bad: int,
    present: int,
    sql: tuple[str, str, str],
    first_line: int,
    spec: Mapping[str, Any],
    limit: float,
) -> None:
    """Find the first rows holding bad values with a second, ordered read: clean exports (the usual
    case) never pay for row numbering."""
    raw, expr, column = sql
    # The export's own header beside the field, when they differ: the cell a data owner must look at.
    named = canonical_name(column) != name
    where, among = (f" (column {column!r})", f", column {column!r}") if named else ("", "")
    own = name in (spec.get("scores") or {})
    examples = con.execute(
        f"SELECT _row, _v FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {raw} AS _v, "
        f"{expr} AS _p FROM raw) WHERE {bad_sql(name, '_p', '_v', spec)} ORDER BY _row LIMIT {_EXAMPLES}"
    ).fetchall()
    kind = fields_of(dataset, spec.get("scores"))[name]
    scale = scale_of(name, spec) if kind == "num" else None
    what = WHAT.get(kind, kind) + (f" on the {scale[0]}-{scale[1]} scale" if scale else "")
    share = bad / present if present else 1.0
    if share > limit:
        cited = ", ".join(f"{str(text)[:40]!r} (line {int(line)})" for line, text in examples)
        marker = next((str(t) for _line, t in examples if str(t).strip().lower() in MARKER_LIKE), None)
        hint = (
            f"; if {marker!r} means no value, list it under `null_values` for this file"
            if marker
            else "; set `date_format` for this file"
            if kind == "ts"
            else f"; check the scale of {name} under `scores:`"
            if own
            else "; declare the question's scale with `scales:`"
            if scale
            else "; check the `mapping` of this field"
        )
        raise RejectedError(
            f"{share:.1%} of the {name} values ({bad} of {present}{among}) are not a "
            f"valid {what}, more than the {limit:.0%} allowed, so the file is not used; e.g. {cited}{hint}",
            int(examples[0][0]) if examples else None,
            name,
        )
    is_date = name == DATE_FIELDS[dataset]
    consequence = (
        " (these rows cannot be placed in a month and are left out of every KPI)"
        if is_date
        else " (left empty)"
    )
    level = "error" if is_date else "warning"
    result.issues.append((level, f"{bad} value(s) of {name} are not a valid {what}{consequence}", None, name))
    for line, text in examples:
        result.issues.append((level, f"cannot read {name} {str(text)[:60]!r}{where}", int(line), name))
