"""Zendesk Support as a preset of the generic engine: tickets, Zendesk's own ticket metrics (reply,
resolution, reopens) and legacy CSAT ratings, each with cursor pagination, fetched in parallel.

Zendesk computes reply and resolution times itself (calendar minutes); using its figures instead of
recomputing them from comment timestamps keeps servex's KPIs equal to what the team sees in Zendesk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex import CollectContext, EvidenceItem

from ._client import CLIENT_SCHEMA
from ._generic import collect_api

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
        "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
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


def zendesk_config(config: Mapping[str, Any]) -> dict[str, Any]:
    base = str(config.get("base_url") or f"https://{config.get('subdomain')}.zendesk.com").rstrip("/")
    size = {"page[size]": str(config.get("page_size", 100))}
    endpoints: list[dict[str, Any]] = [
        {
            "path": "/api/v2/tickets",
            "dataset": "tickets",
            "params": size,
            "records": "tickets",
            "pagination": _CURSOR,
            "fields": {
                "created_at": "created_at",
                "status": "status",
                "priority": "priority",
                "channel": {"path": "via.channel", "map": _CHANNELS},
                "customer_id": "requester_id",
                "assignee": "assignee_id",
                "due_at": "due_at",
            },
        },
        {
            "path": "/api/v2/ticket_metrics",
            "dataset": "tickets",
            "params": size,
            "records": "ticket_metrics",
            "id": "ticket_id",
            "enrich": True,
            "pagination": _CURSOR,
            "fields": {
                "first_reply_at": {"path": "reply_time_in_minutes.calendar", "minutes_after": "created_at"},
                "resolved_at": "solved_at",
                "reopen_count": "reopens",
                "reopened": "reopens > `0`",
                "contacts": "replies",
            },
        },
    ]
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
    return {
        **out,
        "base_url": base,
        "auth": {"type": "basic", "username": f"{config['email']}/token", "password_env": config["token_env"]},
        "endpoints": endpoints,
        "period_filter": True,
    }


def collect_zendesk(ctx: CollectContext) -> Iterator[EvidenceItem]:
    return collect_api(ctx, "zendesk", zendesk_config(ctx.config))
