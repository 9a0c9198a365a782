"""Records exported twice: exact copies are counted once; one id with different values is flagged.

Why: exports are concatenated (January to June, then March to December), re-run after an update, or
appended by hand. Every row then counted: with each ticket of the Harbour Cycles sample exported twice,
nothing was said, n doubled, and every copy was a "repeat contact within 7 days" of itself, which moved
a criterion from met to partially met. Figures computed on records counted twice mislead.

- A row that repeats an earlier row exactly (same id, same values) is the same record: it is kept once,
  and the file gets a warning saying how many were dropped.
- Rows that share an id but differ (a ticket exported before and after it was resolved) cannot be told
  apart by servex: all are kept, the file gets a warning naming some of the ids, and every KPI computed
  on it says so beside its value (`repeated_ids`).
- Rows without an id are never merged: two identical survey answers can be two customers.
- Files of one source that hold the same ids (overlapping exports, "January to June" beside "the whole
  year") are not merged either, as servex cannot tell which file is right: the later file gets a warning
  naming the earlier one, and its KPIs say so as above.

The check costs one more aggregate in the scan that describes a file: distinct hashes of the ids, which
equal the count of ids when no id repeats (the usual case). Only then are ids compared exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servex.plugins.datasets._conversion import Conversion

__all__ = [
    "ID_FIELD",
    "Repeats",
    "check",
    "hashed_repeats_sql",
    "overlaps",
    "replace_table",
    "settle",
    "without_copies_sql",
]

ID_FIELD = "id"
_EXAMPLES = 3


def hashed_repeats_sql() -> str:
    """An aggregate for the describing scan: 0 when no id repeats (may overcount only on a 64-bit hash
    collision, which :func:`check` then rules out exactly)."""
    return f'count("{ID_FIELD}") - count(DISTINCT hash("{ID_FIELD}"))'


@dataclass
class Repeats:
    copies: int = 0  #: rows that repeated an earlier row exactly (dropped)
    conflicting: int = 0  #: rows that share an id with another row but differ (kept)
    examples: list[str] = field(default_factory=list)

    def issues(self) -> list[tuple[str, str, int | None, str]]:
        out: list[tuple[str, str, int | None, str]] = []
        if self.copies:
            out.append((
                "warning",
                f"{self.copies} row(s) repeat an earlier row exactly (same id and values); each record is counted "
                "once",
                None,
                ID_FIELD,
            ))
        if self.conflicting:
            named = ", ".join(repr(e) for e in self.examples)
            out.append((
                "warning",
                f"{self.conflicting} row(s) share an id with another row but differ in other values (e.g. id "
                f"{named}); all are counted, so a record exported twice (before and after an update) counts twice: "
                "export each record once",
                None,
                ID_FIELD,
            ))
        return out


def check(con: Any, src: str) -> Repeats:
    """Exact counts over `src` (a table or a Parquet read), once the describing scan saw repeated hashes."""
    ids = f'"{ID_FIELD}"'
    repeated = int(con.execute(f"SELECT count({ids}) - count(DISTINCT {ids}) FROM {src}").fetchone()[0])
    if not repeated:
        return Repeats()
    with_id, distinct = con.execute(
        f"SELECT (SELECT count(*) FROM {src} WHERE {ids} IS NOT NULL), "
        f"(SELECT count(*) FROM (SELECT DISTINCT * FROM {src} WHERE {ids} IS NOT NULL))"
    ).fetchone()
    copies = int(with_id) - int(distinct)
    examples: list[str] = []
    if repeated > copies:  # after dropping the copies, some ids still repeat: name a few
        rows = con.execute(
            f"SELECT CAST({ids} AS VARCHAR) FROM (SELECT DISTINCT * FROM {src} WHERE {ids} IS NOT NULL) "
            f"GROUP BY {ids} HAVING count(*) > 1 ORDER BY 1 LIMIT {_EXAMPLES}"
        ).fetchall()
        examples = [str(r[0])[:40] for r in rows]
    return Repeats(copies, repeated - copies, examples)


def without_copies_sql(src: str) -> str:
    """The rows of `src` with exact copies of a row that has an id dropped (rows without an id all kept)."""
    ids = f'"{ID_FIELD}"'
    return f"SELECT DISTINCT * FROM {src} WHERE {ids} IS NOT NULL UNION ALL SELECT * FROM {src} WHERE {ids} IS NULL"


def settle(
    con: Any, result: Conversion, src: str, rewrite: Callable[[str], None], describe: Callable[[], Conversion]
) -> Conversion:
    """`result` as it stands when no id repeats; else with exact copies dropped (`rewrite` writes the
    records again from the SQL it is given, and `describe` counts them again) and the warnings added."""
    if not result.hashed_repeats:
        return result
    found = check(con, src)
    if found.copies:
        rewrite(without_copies_sql(src))
        result = describe()
    result.repeated_ids, result.copies = found.conflicting, found.copies
    result.issues.extend(found.issues())
    return result


def replace_table(con: Any, table: str, rows: str) -> None:
    """Make `table` hold `rows` (SQL that may read `table` itself)."""
    fresh = f"{table}_once"
    con.execute(f'CREATE TABLE "{fresh}" AS {rows}')
    con.execute(f'DROP TABLE "{table}"')
    con.execute(f'ALTER TABLE "{fresh}" RENAME TO "{table}"')


def overlaps(con: Any, sources: list[str]) -> list[int]:
    """For each SQL source in order, how many of its distinct ids an earlier source already holds."""
    ids = f'"{ID_FIELD}"'
    out = [0]
    for at in range(1, len(sources)):
        earlier = " UNION ".join(f"SELECT {ids} FROM {src}" for src in sources[:at])
        found = con.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT {ids} FROM {sources[at]} WHERE {ids} IS NOT NULL) "
            f"WHERE {ids} IN ({earlier})"
        ).fetchone()[0]
        out.append(int(found))
    return out
