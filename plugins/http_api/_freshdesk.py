"""Freshdesk as a preset of the generic engine: tickets with their `stats` and CSAT ratings.

Freshdesk pages by number, so pages are fetched concurrently (within the rate limit); it answers with
numeric codes that are mapped here to the canonical words the KPI conditions use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex import CollectContext, EvidenceItem

from ._client import CLIENT_SCHEMA

__all__ = ["CONFIG_SCHEMA", "collect_freshdesk", "freshdesk_config"]

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["api_key_env"],
    "properties": {
        "domain": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "base_url": {"type": "string", "pattern": "^https?://", "description": "instead of domain"},
        "api_key_env": {"type": "string", "description": "environment variable holding the API key"},
        "csat": {"type": "boolean", "description": "read satisfaction ratings (default true)"},
        **CLIENT_SCHEMA,
    },
    "anyOf": [{"required": ["domain"]}, {"required": ["base_url"]}],
}

_STATUS = {"2": "open", "3": "pending", "4": "resolved", "5": "closed"}
_PRIORITY = {"1": "low", "2": "medium", "3": "high", "4": "urgent"}
_SOURCE = {"1": "email", "2": "portal", "3": "phone", "7": "chat", "9": "feedback_widget", "10": "outbound_email"}
# Classic surveys: 103..101 happy, 100 neutral, -101..-103 unhappy, folded onto the 1-5 scale.
_RATING = {"103": 5, "102": 5, "101": 4, "100": 3, "-101": 2, "-102": 1, "-103": 1}
_PAGES = {"type": "page", "param": "page", "size_param": "per_page", "size": 100, "start": 1}


def freshdesk_config(config: Mapping[str, Any]) -> dict[str, Any]:
    base = str(config.get("base_url") or f"https://{config.get('domain')}.freshdesk.com").rstrip("/")
    endpoints: list[dict[str, Any]] = [
        {
            "path": "/api/v2/tickets",
            "dataset": "tickets",
            "params": {"updated_since": "{start_iso}", "include": "stats"},
            "pagination": _PAGES,
            "fields": {
                "created_at": "created_at",
                "first_reply_at": "stats.first_responded_at",
                "resolved_at": "stats.resolved_at",
                "due_at": "due_by",
                "first_reply_due_at": "fr_due_by",
                "status": {"path": "status", "map": _STATUS},
                "priority": {"path": "priority", "map": _PRIORITY},
                "channel": {"path": "source", "map": _SOURCE},
                "reopened": "stats.reopened_at != null",
                "customer_id": "requester_id",
                "assignee": "responder_id",
            },
        }
    ]
    if config.get("csat", True):
        endpoints.append(
            {
                "path": "/api/v2/surveys/satisfaction_ratings",
                "dataset": "tickets",
                "params": {"created_since": "{start_iso}"},
                "id": "ticket_id",
                "enrich": True,
                "pagination": _PAGES,
                "fields": {"satisfaction_score": {"path": "ratings.default_question", "map": _RATING}},
            }
        )
    return {
        **{k: v for k, v in config.items() if k in CLIENT_SCHEMA},
        "base_url": base,
        "auth": {"type": "basic", "username_env": config["api_key_env"], "password": "X"},
        "endpoints": endpoints,
        "period_filter": True,
    }


def collect_freshdesk(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from ._generic import collect_api  # the engine loads when a source is collected, not at registration

    return collect_api(ctx, "freshdesk", freshdesk_config(ctx.config))
