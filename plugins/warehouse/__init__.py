"""Built-in warehouse sources: KPIs computed inside a SQL database (PostgreSQL, DuckDB, ... through ibis).

Only registration lives here; ibis and the database driver load when a run first reads a warehouse
source, so `servex --help` and file-only runs do not pay for them (and do not need them installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import CollectionError, Collector, hookimpl
from servex.plugins._lazy_schema import LazySchema

if TYPE_CHECKING:
    from servex import CollectContext, EvidenceItem

__all__ = ["servex_collectors"]


def _collect_warehouse(ctx: CollectContext) -> Iterator[EvidenceItem]:
    try:
        import ibis  # noqa: F401
    except ImportError:
        raise CollectionError(
            "warehouse sources need ibis: pip install 'servex[warehouse]' (ibis-framework with its "
            "postgres and duckdb backends)"
        ) from None
    from servex.plugins.warehouse._collect import collect

    return collect(ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name="warehouse",
            kinds=("dataset",),
            collect=_collect_warehouse,
            config_schema=LazySchema("servex.plugins.warehouse._config"),
            description="Tables or queries in a SQL database (PostgreSQL, DuckDB, ...): KPIs computed there",
        )
    ]
