"""Zendesk Support as a preset of the generic engine: tickets with Zendesk's own ticket metrics (reply,
resolution, reopens), and legacy CSAT ratings.

Tickets are read the way Zendesk directs bulk reads: the cursor-based incremental export
(`/api/v2/incremental/tickets/cursor.json`) with the metric sets side-loaded, from the period start,
following `after_url` until `end_of_stream`. The last `after_cursor` is stored, so the next run of the
same period asks only for what changed. Deleted tickets, which the export also lists, are left out.
Its own rate limit (10 requests a minute by default) is announced in
`Zendesk-RateLimit-incremental-exports`, which servex waits on. `api: list` reads the list endpoints
instead (tickets and ticket metrics), for accounts without access to the export.

Zendesk computes reply and resolution times itself (calendar minutes); using its figures instead of
recomputing them from comment timestamps keeps servex's KPIs equal to what the team sees in Zendesk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex import CollectContext, EvidenceItem

from ._client import CLIENT_SCHEMA

__all__ = ["CONFIG_SCHEMA", "collect_zendesk", "zendesk_config"]

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["email", "token_env"],
    "properties": {
        "subdomain": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "base_url": {"type": "string", "pattern": "^https?://", "description": "instead of subdomain"},
        "email": {"type": "string", "description": "agent e-mail; the API token goes in token_env"},
        "token_env": {"type": "string", "description": "environment variable holding the API token"},
        "page_size": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "list: at most 100"},
        "api": {"enum": ["incremental", "list"], "description": "incremental export (default) or list endpoints"},
        "csat": {"type": "boolean", "description": "read legacy satisfaction ratings (default true)"},
        **CLIENT_SCHEMA,
    },
    "anyOf": [{"required": ["subdomain"]}, {"required": ["base_url"]}],
}

_CURSOR = {"type": "cursor", "param": "page[after]", "cursor": "meta.after_cursor", "has_more": "meta.has_more"}
_CHANNELS = {
    "email": "email",
    "web": "web",
    "api": "api",
    "voice": "phone",
    "chat": "chat",
    "native_messaging": "messaging",
    "mobile": "mobile",
    "facebook": "social",
    "twitter": "social",
    "whatsapp": "messaging",
}


_TICKET_FIELDS = {
    "created_at": "created_at",
    "status": "status",
    "priority": "priority",
    "channel": {"path": "via.channel", "map": _CHANNELS},
    "customer_id": "requester_id",
    "assignee": "assignee_id",
    "due_at": "due_at",
}
_METRIC_FIELDS = {
    "first_reply_at": {"path": "reply_time_in_minutes.calendar", "minutes_after": "created_at"},
    "resolved_at": "solved_at",
    "reopen_count": "reopens",
    "reopened": "reopens > `0`",
    "contacts": "replies",
}
_EXPORT_LIMIT = {"remaining": "Zendesk-RateLimit-incremental-exports", "reset": "Zendesk-RateLimit-incremental-exports"}


def _incremental(config: Mapping[str, Any]) -> dict[str, Any]:
    size = str(min(int(config.get("page_size", 1000)), 1000))
    return {
        "path": "/api/v2/incremental/tickets/cursor.json",
        "dataset": "tickets",
        "params": {"start_time": "{start_unix}", "include": "metric_sets", "per_page": size},
        "records": "tickets",
        "where": "status != 'deleted'",
        "pagination": {"type": "next_url", "next": "after_url", "has_more": "!end_of_stream"},
        "incremental": {
            "value": "after_cursor",
            "resume_params": {"cursor": "{cursor}", "include": "metric_sets", "per_page": size},
        },
        "fields": _TICKET_FIELDS,
        "sideloads": [{"records": "metric_sets", "id": "ticket_id", "fields": _METRIC_FIELDS}],
    }


def zendesk_config(config: Mapping[str, Any]) -> dict[str, Any]:
    base = str(config.get("base_url") or f"https://{config.get('subdomain')}.zendesk.com").rstrip("/")
    size = {"page[size]": str(min(int(config.get("page_size", 100)), 100))}
    incremental = config.get("api", "incremental") == "incremental"
    endpoints: list[dict[str, Any]] = (
        [_incremental(config)]
        if incremental
        else [
            {
                "path": "/api/v2/tickets",
                "dataset": "tickets",
                "params": size,
                "records": "tickets",
                "pagination": _CURSOR,
                "fields": _TICKET_FIELDS,
            },
            {
                "path": "/api/v2/ticket_metrics",
                "dataset": "tickets",
                "params": size,
                "records": "ticket_metrics",
                "id": "ticket_id",
                "enrich": True,
                "pagination": _CURSOR,
                "fields": _METRIC_FIELDS,
            },
        ]
    )
    if config.get("csat", True):
        endpoints.append(
            {
                "path": "/api/v2/satisfaction_ratings",
                "dataset": "tickets",
                "params": {**size, "start_time": "{start_unix}", "end_time": "{end_unix}"},
                "records": "satisfaction_ratings",
                "id": "ticket_id",
                "enrich": True,
                "pagination": _CURSOR,
                # Legacy CSAT is good/bad: mapped to the ends of the 1-5 scale; offered/unoffered are no answer.
                "fields": {"satisfaction_score": {"path": "score", "map": {"good": 5, "bad": 1}}},
            }
        )
    out = {k: v for k, v in config.items() if k in CLIENT_SCHEMA}
    if incremental:
        out.setdefault("rate_limit_headers", _EXPORT_LIMIT)
    return {
        **out,
        "base_url": base,
        "auth": {"type": "basic", "username": f"{config['email']}/token", "password_env": config["token_env"]},
        "endpoints": endpoints,
        "period_filter": True,
    }


def collect_zendesk(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from ._generic import collect_api  # the engine loads when a source is collected, not at registration

    return collect_api(ctx, "zendesk", zendesk_config(ctx.config))
