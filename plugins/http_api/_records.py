"""Turn API records into the canonical dataset contract (a typed Parquet file plus its facts).

API records feed the same KPI engine as file exports, so they must land in exactly the same canonical
columns and types; this module owns that conversion for every collector of this plugin.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from servex import Period

__all__ = ["DATE_FIELDS", "FIELD_TYPES", "Dataset", "convert", "write_parquet"]

# Canonical field -> type (ts: UTC TIMESTAMP, bool: BOOLEAN, num: DOUBLE, anything else VARCHAR).
_TS = (
    "created_at",
    "first_reply_at",
    "resolved_at",
    "due_at",
    "first_reply_due_at",
    "received_at",
    "acknowledged_at",
    "responded_at",
    "started_at",
    "answered_at",
    "ended_at",
    "replied_at",  # reviews: when the organisation answered in public (not yet a canonical field)
)
_BOOL = (
    "reopened",
    "first_contact_resolution",
    "escalated",
    "timely_response",
    "disputed",
    "exceeded_expectations",
    "abandoned",
    "bot_handled",
    "escalated_to_human",
    "transferred",
)
_NUM = (
    "reopen_count",
    "satisfaction_score",
    "contacts",
    "recommend_score",
    "effort_score",
    "delight_score",
    "wait_seconds",
    "empowerment_score",
    "training_hours",
)
FIELD_TYPES: dict[str, str] = {**dict.fromkeys(_TS, "ts"), **dict.fromkeys(_BOOL, "bool"), **dict.fromkeys(_NUM, "num")}
DATE_FIELDS = {
    "tickets": "created_at",
    "complaints": "received_at",
    "survey": "responded_at",
    "calls": "started_at",
    "employee_survey": "responded_at",
}
_SQL = {"ts": "TIMESTAMP", "bool": "BOOLEAN", "num": "DOUBLE"}


def _canonical_utc(text: str) -> str | None:
    """`2026-01-05T09:30:00Z`, the form nearly every API sends, as canonical text without building an
    aware datetime and formatting it back (a third of the per-record cost); None for any other form."""
    if len(text) == 20 and text[10] in "Tt" and text[19] in "Zz" and text[4] == "-":
        datetime.fromisoformat(text[:19])  # validates (raises ValueError) like the general path
        return f"{text[:10]} {text[11:19]}"
    return None


def _text(moment: datetime) -> str:
    """A naive UTC datetime as canonical text (same as strftime("%Y-%m-%d %H:%M:%S") for 4-digit years)."""
    return moment.replace(microsecond=0).isoformat(" ")


def _timestamp(value: Any) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    text = str(value).strip()
    parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    if parsed.tzinfo is None:  # APIs that omit the zone report UTC (django-helpdesk with USE_TZ, Zendesk)
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def convert(value: Any, kind: str) -> Any:
    """A JSON value in its canonical form; raises ValueError for a value that cannot be one."""
    if value is None or value == "":
        return None
    if kind == "ts":
        if isinstance(value, str):
            fast = _canonical_utc(value)
            if fast is not None:
                return fast
        return _text(_timestamp(value).replace(tzinfo=None))
    if kind == "bool":
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n"):
            return False
        raise ValueError(f"not a boolean: {value!r}")
    if kind == "num":
        if isinstance(value, bool):
            return float(value)
        return float(value)
    return str(value)


def add_minutes(start: str | None, minutes: Any) -> str | None:
    """`start` (canonical timestamp text) plus a duration, for APIs that report durations, not times."""
    if start is None or minutes is None:
        return None
    return _text(datetime.fromisoformat(start) + timedelta(minutes=float(minutes)))


@dataclass
class Dataset:
    """Records of one canonical dataset keyed by id: a record seen twice (a retried or repeated page) or
    described by several endpoints (tickets plus their metrics) is merged, never counted twice."""

    name: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)  #: mapped fields: columns even when no record has them

    def columns(self) -> list[str]:
        return sorted(self.declared | {c for r in self.records.values() for c in r} | {"id"})

    def merge(self, record_id: str, values: Mapping[str, Any]) -> None:
        current = self.records.get(record_id)
        if current is None and "id" not in values:  # a first sighting (nearly every record): taken whole
            self.records[record_id] = {"id": record_id, **values}
            return
        current = self.records.setdefault(record_id, {"id": record_id})
        current.update({k: v for k, v in values.items() if v is not None or k not in current})

    def keep_period(self, period: Period) -> int:
        """Drop records dated outside the period (or undated); returns how many were dropped."""
        date_field = DATE_FIELDS.get(self.name, "created_at")
        start, end = period.start.isoformat(), period.end.isoformat()
        drop = [k for k, r in self.records.items() if not r.get(date_field) or not start <= r[date_field][:10] <= end]
        for key in drop:
            del self.records[key]
        return len(drop)

    def facts(self) -> dict[str, Any]:
        date_field = DATE_FIELDS.get(self.name, "created_at")
        days = [r[date_field][:10] for r in self.records.values() if r.get(date_field)]
        months: dict[str, int] = {}
        for day in days:
            months[day[:7]] = months.get(day[:7], 0) + 1
        columns = self.columns()
        return {
            "dataset": self.name,
            "rows": len(self.records),
            "columns": columns,
            "first": min(days) if days else None,
            "last": max(days) if days else None,
            "months": dict(sorted(months.items())),
        }


def write_parquet(dataset: Dataset, target: Path) -> None:
    """Write atomically through a JSON temp file so DuckDB types every column in one pass."""
    import duckdb

    columns = dataset.columns()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_json = tempfile.mkstemp(suffix=".json", dir=target.parent)
    tmp_parquet = target.with_name(target.name + ".tmp")
    try:
        # One JSON array in one encoder call: per-record dumps cost more than DuckDB's whole read. The
        # Parquet file's order is the query's ORDER BY (ids are unique), not this file's.
        records = list(dataset.records.values())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(records, default=_json_default, separators=(",", ":")))
        spec = ", ".join(f"'{c}': 'VARCHAR'" for c in columns)
        select = ", ".join(f'CAST("{c}" AS {_SQL.get(FIELD_TYPES.get(c, ""), "VARCHAR")}) AS "{c}"' for c in columns)
        con = duckdb.connect()
        try:
            con.execute("SET threads = 1")
            source = f"read_json('{_sql_path(tmp_json)}', format='array', columns={{{spec}}})"
            con.execute(
                f"COPY (SELECT {select} FROM {source} ORDER BY id) TO '{_sql_path(tmp_parquet)}' (FORMAT parquet)"
            )
        finally:
            con.close()
        os.replace(tmp_parquet, target)
    finally:
        Path(tmp_json).unlink(missing_ok=True)
        tmp_parquet.unlink(missing_ok=True)


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-safe: {type(value).__name__}")
