"""A warehouse table as the `kpi` evaluator sees it: an evidence payload that computes KPIs where the data is.

Online, each batch of KPIs is computed in the database and its aggregates are recorded in the evidence
cache (never the URL); offline (`--offline`), the same batch is answered from that record without
opening a connection, as plugins/http_api replays recorded responses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servex import Period
from servex.plugins.warehouse._config import connection_url, scrub

__all__ = ["WarehouseError", "WarehouseTable", "connect", "digest", "read_record", "source_table", "write_record"]


class WarehouseError(ValueError):
    """The database refused or failed a query; the message carries no credentials."""


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def write_record(path: Path, data: Mapping[str, Any]) -> None:
    """Written under a temporary name and renamed: a concurrent run never reads half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, sort_keys=True, indent=1, default=str))
    os.replace(tmp, path)


def read_record(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def connect(url: str) -> Any:
    """An ibis backend for `url`; sessions run in UTC so that aware timestamps read as UTC, and read-only:
    a query comes from the manifest, which travels with the evidence, so it must not be able to write
    (`WITH gone AS (DELETE ...) SELECT ...` is a SELECT too)."""
    import ibis

    con = ibis.connect(url)
    if con.name == "postgres":
        con.raw_sql("SET TIME ZONE 'UTC'").close()
        con.raw_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY").close()
    return con


def source_table(con: Any, spec: Mapping[str, Any]) -> Any:
    if "query" in spec:
        return con.sql(spec["query"])
    parts = str(spec["table"]).split(".")
    if len(parts) == 1:
        return con.table(parts[0])
    return con.table(parts[-1], database=tuple(parts[:-1]) if len(parts) == 3 else parts[0])


@dataclass(eq=False)  # compared and hashed by identity: the evaluator memoises by it
class WarehouseTable:
    """The payload of a warehouse evidence item (never serialised: `attributes` are)."""

    key: str  #: the collection record's key: source, table or query, mapping and period
    store: Path  #: cache folder for recorded aggregates
    offline: bool
    url_env: str
    spec: Mapping[str, Any]
    meta: Mapping[str, Any]  #: what the collector recorded (mapping, categories, backend, ...)
    naive_zone: str

    def compute_kpis(
        self,
        kpis: Sequence[Mapping[str, Any]],
        period: Period,
        segment: Mapping[str, Any] | None = None,
        *,
        zone: str = "UTC",
    ) -> dict[str, dict[str, Any]]:
        """As the file engine's `compute_kpis`; raises WarehouseError (a ValueError) when the database
        fails or, offline, when this batch was never recorded."""
        from servex.plugins.datasets._sql import FormulaError

        key = digest([self.key, list(kpis), segment or {}, zone, period.start, period.end])
        path = self.store / f"{key}.kpis.json"
        if self.offline:
            record = read_record(path)
            if record is None:
                raise WarehouseError(
                    "offline: these KPIs were never computed in the warehouse for this period; run once online"
                )
            return dict(record["kpis"])
        url = connection_url(self.url_env)
        try:
            out = self._compute(url, kpis, period, segment, zone)
        except FormulaError:
            raise
        except Exception as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise WarehouseError(f"warehouse query failed: {type(exc).__name__}: {scrub(str(exc), url)}") from None
        write_record(path, {"kpis": out, "source": self.meta.get("source"), "snapshot": self.meta.get("snapshot")})
        return out

    def _compute(
        self,
        url: str,
        kpis: Sequence[Mapping[str, Any]],
        period: Period,
        segment: Mapping[str, Any] | None,
        zone: str,
    ) -> dict[str, dict[str, Any]]:
        from servex.plugins.warehouse._compute import canonical, compute

        con = connect(url)  # one per batch, closed after: a run asks for a few batches, not thousands
        try:
            around = (period.start, period.end)
            t = canonical(
                source_table(con, self.spec),
                self.spec["dataset"],
                self.meta["mapping"],
                self.meta["categories"],
                self.spec,
                self.naive_zone,
                around,
                copies=bool(self.meta.get("copies")),  # exact copies of records, found when collecting
                broken=self.meta.get("broken") or (),  # fields with values that cannot be, found then too
            )
            return compute(t, set(self.meta["mapping"]), kpis, period, segment, zone, con.name)
        finally:
            con.disconnect()
