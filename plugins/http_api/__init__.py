"""Evidence from APIs: the generic `http-json` collector, the Zendesk and Freshdesk connectors, and
one collector per vendor preset (`presets/*.yaml`: ServiceNow, Salesforce, Intercom, …).

Only registration lives here; httpx, JMESPath and DuckDB load when a source is actually collected, so
`servex --help` stays fast (the presets are a few small YAML files).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import Collector, hookimpl

if TYPE_CHECKING:
    from servex import CollectContext, EvidenceItem

__all__ = ["servex_collectors"]


def _run_http_json(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.http_api._generic import collect_api

    return collect_api(ctx, "http-json", ctx.config)


def _run_zendesk(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.http_api._zendesk import collect_zendesk

    return collect_zendesk(ctx)


def _run_freshdesk(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.http_api._freshdesk import collect_freshdesk

    return collect_freshdesk(ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    from servex.plugins._lazy_schema import LazySchema
    from servex.plugins.http_api._presets import load_presets

    here = "servex.plugins.http_api."
    presets = [
        Collector(p.name, ("dataset",), p.collect, LazySchema(load=p.config_schema), p.title) for p in load_presets()
    ]
    return [
        Collector(
            "http-json",
            ("dataset",),
            _run_http_json,
            LazySchema(here + "_schema"),
            "Any JSON API (auth, pagination, JMESPath mapping) as canonical datasets",
        ),
        Collector(
            "zendesk",
            ("dataset",),
            _run_zendesk,
            LazySchema(here + "_zendesk"),
            "Zendesk Support tickets, ticket metrics and CSAT ratings",
        ),
        Collector(
            "freshdesk",
            ("dataset",),
            _run_freshdesk,
            LazySchema(here + "_freshdesk"),
            "Freshdesk tickets (with stats) and CSAT ratings",
        ),
        *presets,
    ]
