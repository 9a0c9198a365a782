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

__all__ = ["refuse_unclear_text_numbers", "refuse_unordered_text_dates", "text_bool", "unread_text"]

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


#: a number with a comma (a decimal comma, or thousands): a cast fails on it, or reads it in its own way
_COMMA = r","
#: n.nnn: a decimal point or a German thousands separator (see datasets/_numbers); unclear unless another
#: value of the column has a point that can only be a decimal point
_UNCLEAR_DOT = r"^\s*[-+]?[1-9]\d{0,2}\.\d{3}\s*$"
_DECIMAL_DOT = r"^\s*[-+]?(\d*\.\d{1,2}|\d*\.\d{4,}|0\.\d+|\d{4,}\.\d+)\s*$"


def refuse_unclear_text_numbers(raw: Any, mapping: Mapping[str, str], kinds: Mapping[str, str]) -> None:
    """Raises Unusable for a number field stored as text whose values a cast would misread or fail on:
    a comma anywhere, or points that may group thousands ("1.250" beside whole numbers, which a cast
    reads as 1.25) with no value whose point can only be a decimal point. A file's numbers settle this
    from the data (datasets/_numbers); a table's are converted in a `query:` by who knows the system."""
    import ibis
    from servex.plugins.warehouse._compute import rows_of
    from servex.plugins.warehouse._rules import Unusable

    texts = [n for n in sorted(mapping) if kinds.get(n) == "num" and raw[mapping[n]].type().is_string()]
    for n in texts:
        column = raw[mapping[n]]
        signs = {
            "_comma": column.re_search(_COMMA),
            "_unclear": column.re_search(_UNCLEAR_DOT),
            "_decimal": column.re_search(_DECIMAL_DOT),
        }
        found = rows_of(raw.aggregate(**{
            k: ibis.ifelse(v.fill_null(False), 1, 0).sum().fill_null(0) for k, v in signs.items()
        }))[0]  # fmt: skip
        which = "_comma" if found["_comma"] else "_unclear" if found["_unclear"] and not found["_decimal"] else ""
        if not which:
            continue
        example = str(rows_of(raw.filter(signs[which]).select(_v=column).limit(1))[0]["_v"])[:40]
        why = "has a comma" if which == "_comma" else "can be a decimal point or a thousands separator"
        raise Unusable(
            f"{n} is stored as text and {example!r} {why}: a cast would fail on it or read it its own way; "
            f"convert the column in a `query:` (in PostgreSQL, replace({mapping[n]}, ',', '.')::float8 for a "
            f"decimal comma, replace({mapping[n]}, '.', '')::float8 for points grouping thousands)",
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
