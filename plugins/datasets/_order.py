"""Times that cannot be: a ticket resolved, or a call answered, before it began.

Why: a mistyped year ("2024-01-07" for 2025) or a system that writes a placeholder makes the end of a
record come before its start. Nothing said so: with a third of the Harbour Cycles tickets "resolved a
year before they were created", resolution SLA attainment rose from 96.2 % to 97.8 % and the median
resolution time fell from 26.9 h to 17.4 h, both on values that cannot be right.

Such a value is treated like one that cannot be read: left empty (so a duration or an on-time share
never uses it), counted in the file's `invalid`, warned about with the first lines that hold it, and
more than `max_invalid_share` (1 %) of them fails the file, as a mostly misread column does.

A day of slack: exports with dates and no times, or two systems on different clocks or time zones, put
a genuine end a few hours "before" its start (in the CFPB sample, 2.3 % of complaints were sent to the
company the day before the CFPB received them). What is caught is what cannot be a clock: a wrong year,
a placeholder date, swapped columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from servex.plugins.datasets._typing import q

if TYPE_CHECKING:
    from servex.plugins.datasets._conversion import Conversion

__all__ = ["ORDER", "before_sql", "blank_sql", "pairs", "settle_order"]

#: dataset -> end field -> the start field it cannot precede
ORDER: Mapping[str, Mapping[str, str]] = {
    "tickets": {"first_reply_at": "created_at", "resolved_at": "created_at"},
    "complaints": {"acknowledged_at": "received_at", "resolved_at": "received_at"},
    "calls": {"answered_at": "started_at", "ended_at": "started_at"},
}
_SLACK = "INTERVAL 1 DAY"
_EXAMPLES = 3


def pairs(dataset: str, names: list[str]) -> list[tuple[str, str]]:
    """(end, start) of the dataset's ordered fields that the file has both of, in a fixed order."""
    return [(end, start) for end, start in sorted(ORDER.get(dataset, {}).items()) if end in names and start in names]


def before_sql(end: str, start: str) -> str:
    """True where `end` is earlier than `start` by more than the slack (typed columns)."""
    return f"{end} < {start} - {_SLACK}"


def settle_order(
    con: Any,
    result: Conversion,
    checked: Mapping[str, tuple[str, str, str]],
    first_line: int,
    limit: float,
    blank: Callable[[str, str], None],
    rejected: Callable[[str, int | None, str], Exception],
) -> Conversion:
    """Blank the ends that precede their start (`blank(end, start)` rewrites the records), count them as
    invalid and warn with examples; raise `rejected(message, line, field)` when too many."""
    for end, (start, bad) in sorted(result.out_of_order.items()):
        if not bad:
            continue
        present = result.present.get(end, bad)
        examples = _examples(con, checked, end, start, first_line)
        cited = ", ".join(f"{text!r} before {began!r} (line {line})" for line, text, began in examples)
        share = bad / present if present else 1.0
        if share > limit:
            raise rejected(
                f"{share:.1%} of the {end} values ({bad} of {present}) come before their {start}, more than the "
                f"{limit:.0%} allowed, so the file is not used; e.g. {cited}; check the year and the mapping of "
                "these columns",
                examples[0][0] if examples else None,
                end,
            )
        blank(end, start)
        result.invalid[end] = result.invalid.get(end, 0) + bad
        result.issues.append((
            "warning",
            f"{bad} value(s) of {end} come before their {start}, which cannot be (left empty)",
            None,
            end,
        ))
        for line, text, began in examples:
            result.issues.append(("warning", f"{end} {text!r} is before {start} {began!r}", line, end))
    return result


def _examples(
    con: Any, checked: Mapping[str, tuple[str, str, str]], end: str, start: str, first_line: int
) -> list[tuple[int, str, str]]:
    """The first lines of the export where the end precedes the start, as written there."""
    if end not in checked or start not in checked:
        return []
    (raw_end, typed_end, _c), (raw_start, typed_start, _s) = checked[end], checked[start]
    try:
        rows = con.execute(
            f"SELECT _row, _e, _s FROM (SELECT row_number() OVER () + {first_line - 1} AS _row, {raw_end} AS _e, "
            f"{raw_start} AS _s, {typed_end} AS _te, {typed_start} AS _ts FROM raw) "
            f"WHERE {before_sql('_te', '_ts')} ORDER BY _row LIMIT {_EXAMPLES}"
        ).fetchall()
    except Exception:  # examples are a courtesy: the count above is what decides
        return []
    return [(int(line), str(text)[:40], str(began)[:40]) for line, text, began in rows]


def blank_sql(end: str, start: str) -> str:
    """The end column with the values that precede the start emptied, for a rewrite."""
    return f"CASE WHEN {before_sql(q(end), q(start))} THEN NULL ELSE {q(end)} END"
