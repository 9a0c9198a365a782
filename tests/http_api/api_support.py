"""Helpers shared by the http_api tests: the test period, and KPIs computed independently with DuckDB.

Kept out of conftest.py: test modules import these names, and several test folders have a conftest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from servex import CollectContext, EvidenceItem, Period

__all__ = ["PERIOD", "Collect", "ticket_kpis"]

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))

Collect = Callable[..., tuple[list[EvidenceItem], CollectContext]]


_KPIS = {
    "rows": ("id", "count(*)"),
    "distinct": ("id", "count(DISTINCT id)"),
    "median_reply_hours": ("first_reply_at", "median(date_diff('second', created_at, first_reply_at)) / 3600.0"),
    "resolved_24h_pct": (
        "resolved_at",
        "100.0 * count(*) FILTER (WHERE resolved_at - created_at <= INTERVAL 24 HOUR) / count(*)",
    ),
    "reopened_pct": ("reopened", "100.0 * count(*) FILTER (WHERE reopened) / count(*)"),
    "csat_mean": ("satisfaction_score", "avg(satisfaction_score)"),
    "reopens": ("reopen_count", "sum(reopen_count)"),
}


def ticket_kpis(parquet: Path) -> dict[str, Any]:
    """The figures a KPI engine would report, computed with DuckDB straight from the Parquet file
    (only those whose column the dataset has), plus the column types under `types`."""
    import duckdb

    con = duckdb.connect()
    try:
        types = dict(
            con.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [str(parquet)]
            ).fetchall()
        )
        keys = [k for k, (column, _) in _KPIS.items() if column in types]
        row = con.execute(
            f"SELECT {', '.join(_KPIS[k][1] for k in keys)} FROM read_parquet(?)", [str(parquet)]
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return {**dict(zip(keys, row, strict=True)), "types": types}
