"""Load a clean CSV into a source's in-memory DuckDB connection (see _live): the cold path without a Parquet copy.

Only the strict typed read is tried here. Whatever it cannot take (a bad value, a day-first date, another
encoding, a malformed row, too many scores off their scale) returns None, and the collector converts the
file as before, on the text path that reads, counts and cites every value: so what a user is told about
a file never depends on which path read it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servex.plugins.datasets._live import LiveDb

__all__ = ["load_csv", "meta_of", "reload_csv"]


def meta_of(done: Any, profile: Any, notes: list[str], issues: list[list[Any]], skipped: int = 0) -> dict[str, Any]:
    """What the cache keeps of a conversion (and the item's attributes are made of); `skipped`: malformed
    lines of a CSV the text read left out."""
    return {
        "rows": done.rows,
        "columns": done.columns,
        "first": done.first,
        "last": done.last,
        "months": done.months,
        "invalid": done.invalid,
        "scales": done.scales,
        "doubts": done.doubts,
        "repeated_ids": done.repeated_ids,
        "copies": done.copies,
        "skipped": skipped,
        # values emptied because they cannot be (an end before its start); also counted in `invalid`
        "out_of_order": {name: bad for name, (_other, _kind, bad) in sorted(done.out_of_order.items()) if bad},
        # ends within seconds of their start, and the values present: as fast as an automatic reply
        "instant": {name: {"n": n, "of": done.present.get(name, n)} for name, n in sorted(done.instant.items())},
        # ends within minutes of a written request, and ends on a written channel (see _order.written_sql)
        "written": {name: {"n": n, "of": of} for name, (n, of) in sorted(done.written.items())},
        # values present of each end field (a first reply, a resolution): the records without one are not in
        # a median of durations, and the KPI says how many they are (see _evaluate._without_end)
        "present": dict(sorted(done.present.items())),
        # the day of the latest value of each end field: a log of closed records only ends in the period
        "last_end": dict(sorted(done.last_end.items())),
        # ends exactly on their deadline, to the second: deadlines written when the request closed
        "at_deadline": {name: {"n": n, "of": of} for name, (n, of) in sorted(done.at_deadline.items())},
        # how long after the request its deadline falls (median hours): what "on time" is measured against
        "deadline_hours": dict(sorted(done.deadline_hours.items())),
        # deadlines present, and time values exactly on midnight: what an on-time share or a duration rests on
        "with_deadline": dict(sorted(done.with_deadline.items())),
        "midnight": {name: {"n": n, "of": of} for name, (n, of) in sorted(done.midnight.items())},
        # yes answers of each yes/no field: a field with one answer on every record (see _fit)
        "answers": {name: {"yes": n, "of": of} for name, (n, of) in sorted(done.answers.items())},
        "spread": {name: {"low": lo, "high": hi, "of": of} for name, (lo, hi, of) in sorted(done.spread.items())},
        # distinct values of a key and values present: a key that never repeats (see _fit)
        "distinct": {name: {"n": n, "of": of} for name, (n, of) in sorted(done.distinct.items())},
        # records whose status says the tool closed them, and records with a status (see _fit)
        "auto_closed": list(done.auto_closed) if done.auto_closed else None,
        # a survey's records per month that answer anything (see _conversion.ANSWERED)
        "answered_months": done.answered_months,
        "profile": profile,
        "notes": notes,
        "issues": issues,
    }


def load_csv(path: Path, spec: Mapping[str, Any], db: LiveDb) -> tuple[dict[str, Any], str] | None:
    """(meta, table name) when DuckDB's strict reader typed the whole file into a table of `db`."""
    from servex.plugins.datasets._convert import convert_native, resolve_mapping
    from servex.plugins.datasets._direction import check_direction
    from servex.plugins.datasets._duck import interrupted
    from servex.plugins.datasets._read import open_source

    with db.lock:
        con = db.con()
        name = db.new_name()
        db.settings.temp_directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="load-", dir=db.settings.temp_directory))
        try:
            source = open_source(con, path, "csv", dict(spec), scratch)
            if source.csv is None:  # transcoded: the text path reads it
                return None
            mapping, profile = resolve_mapping(
                spec["dataset"], source.columns, spec.get("mapping") or {}, spec.get("constants"), spec.get("scores")
            )
            check_direction(mapping, spec)  # the text path then says so (see _direction)
            done = convert_native(con, spec["dataset"], mapping, source.first_line, spec, name, source.csv)
            if done is None:
                return None
            issues = [list(i) for i in source.issues] + [list(i) for i in done.issues]
            return meta_of(done, profile, source.notes, issues), name
        except Exception as exc:  # the text path will say what is wrong with the file
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
            if interrupted(exc):
                raise KeyboardInterrupt from None
            return None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def reload_csv(path: Path, spec: Mapping[str, Any]) -> Any:
    """A loader for a warm run whose KPI figures are not cached: the same file, read the same way."""

    def load(db: LiveDb) -> str:
        got = load_csv(path, spec, db)
        if got is None:
            raise ValueError(f"{path.name} changed while being read; run again")
        return got[1]

    return load
