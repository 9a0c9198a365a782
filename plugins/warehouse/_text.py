"""Yes/no values a warehouse table stores as text, read as a file export's are.

Tables loaded from exports often keep every column as text ("oui", "Yes", "N"). A database cast reads
few of those spellings (PostgreSQL takes yes/no, DuckDB true/false): what was observed, a tickets table
whose `reopened` column held "oui" and "non" failed as a whole on a conversion error, though a CSV export
of the same rows was read. Text yes/no columns are now read with the word lists of the file path, and
what matches none of them is counted, cited and, past the table's `max_invalid_share`, refuses the table,
as unreadable values of a file do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._conversion import MAX_INVALID_SHARE
from servex.plugins.datasets._typing import FALSE_WORDS, NULL_MARKERS, TRUE_WORDS

__all__ = ["refuse_unordered_text_dates", "text_bool", "unread_text"]

_EXAMPLES = 3


def text_bool(e: Any) -> Any:
    """A text column as yes/no: the file path's words in any case and spacing; NULL for anything else."""
    import ibis

    low = e.strip().lower()
    return ibis.cases((low.isin(list(TRUE_WORDS)), True), (low.isin(list(FALSE_WORDS)), False), else_=None).cast(
        "boolean"
    )


#: a date written year first (ISO 8601 and its slash form): no database reads its day and month the wrong way
_YEAR_FIRST = r"^\s*\d{4}[-/]\d{1,2}[-/]\d{1,2}"


def refuse_unordered_text_dates(raw: Any, mapping: Mapping[str, str], kinds: Mapping[str, str]) -> None:
    """Raises Unusable for a date field stored as text in another form than year first. A database cast
    of "06/01/2026 13:22" reads it in the server's own date order: PostgreSQL, set to month first by
    default, took the 6th of January for the 1st of June without a word (a file's dates are read in the
    order their values settle, see datasets/_dates); DuckDB failed the table on a conversion error."""
    from servex.plugins.warehouse._compute import rows_of
    from servex.plugins.warehouse._rules import Unusable

    texts = [n for n in sorted(mapping) if kinds.get(n) == "ts" and raw[mapping[n]].type().is_string()]
    for n in texts:
        column = raw[mapping[n]]
        other = column.notnull() & (column.strip() != "") & ~column.re_search(_YEAR_FIRST)
        found = rows_of(raw.filter(other).select(_v=column).limit(1))
        if found:
            example = str(found[0]["_v"])[:40]
            raise Unusable(
                f"{n} is stored as text and not written year first (e.g. {example!r}): the database would read "
                "its day and month in its own order; convert the column in a `query:` (in PostgreSQL, "
                f"to_timestamp({mapping[n]}, 'DD/MM/YYYY HH24:MI') for day-first dates)",
                n,
            )


def unread_text(
    raw: Any, cols: Mapping[str, Any], mapping: Mapping[str, str], kinds: Mapping[str, str], spec: Mapping[str, Any]
) -> tuple[dict[str, int], list[list[str]]]:
    """(field -> values that are no yes/no, warnings as [message, field]) for the yes/no fields stored as
    text; raises Unusable when more than the table's max_invalid_share of a field's values are such."""
    import ibis
    from servex.plugins.warehouse._compute import rows_of
    from servex.plugins.warehouse._rules import Unusable

    texts = [n for n in sorted(mapping) if kinds.get(n) == "bool" and raw[mapping[n]].type().is_string()]
    if not texts:
        return {}, []
    markers = [m.lower() for m in NULL_MARKERS]

    def given(n: str) -> Any:
        low = raw[mapping[n]].strip().lower()
        return raw[mapping[n]].notnull() & (low != "") & ~low.isin(markers)

    counts = rows_of(raw.aggregate(**{
        agg: expr for n in texts for agg, expr in (
            (f"_u_{n}", ibis.ifelse(given(n) & cols[n].isnull(), 1, 0).sum().fill_null(0)),
            (f"_g_{n}", ibis.ifelse(given(n), 1, 0).sum().fill_null(0)),
        )
    }))[0]  # fmt: skip
    limit = float(spec.get("max_invalid_share", MAX_INVALID_SHARE))
    invalid: dict[str, int] = {}
    warnings: list[list[str]] = []
    for n in texts:
        bad, present = int(counts[f"_u_{n}"] or 0), int(counts[f"_g_{n}"] or 0)
        if not bad:
            continue
        picked = raw.filter(given(n) & cols[n].isnull()).select(_v=raw[mapping[n]]).limit(_EXAMPLES)
        cited = [str(r["_v"])[:40] for r in rows_of(picked)]
        if bad / present > limit:
            raise Unusable(
                f"{bad / present:.1%} of the {n} values ({bad} of {present}) are not a valid yes/no value, "
                f"more than the {limit:.0%} allowed, so the table is not used; e.g. "
                f"{', '.join(map(repr, cited))}; check the `mapping` of this field",
                n,
            )
        invalid[n] = bad
        warnings.append([f"{bad} value(s) of {n} are not a valid yes/no value (left empty)", n])
        warnings += [[f"cannot read {n} {text!r}", n] for text in cited]
    return invalid, warnings
