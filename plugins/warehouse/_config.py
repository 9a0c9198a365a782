"""The `warehouse` source configuration, and the connection URL kept out of everything servex writes.

The URL (with its password) is read from the environment variable the manifest names, at the moment a
connection is opened, and is never stored on an evidence item, in the cache or in a message: what
servex records of the database is `redact(url)`, the scheme, host, port and database name alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from servex import CollectionError
from servex.plugins.datasets._fields import FIELDS, SCALES

__all__ = ["CONFIG_SCHEMA", "connection_url", "problem", "redact", "scrub"]

_SCALAR = {"type": ["string", "number", "boolean"]}
_TABLE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["dataset"],
    "oneOf": [{"required": ["table"]}, {"required": ["query"]}],
    "properties": {
        "dataset": {"enum": sorted(FIELDS)},
        "table": {
            "description": "a table or view, optionally schema-qualified (analytics.tickets)",
            "type": "string",
            "pattern": r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$",
        },
        "query": {"description": "a SELECT whose rows are the records", "type": "string", "minLength": 8},
        "mapping": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "timezone": {
            "description": "zone of timestamp columns without one (default: period.timezone)",
            "type": "string",
        },
        "values": {
            "description": "category field -> {value as stored: canonical value}",
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _SCALAR},
        },
        "scales": {
            "description": "score field -> [worst, best] answer of its question ([5, 1]: 1 is the best, turned round)",
            "type": "object",
            "propertyNames": {"enum": sorted(SCALES)},
            "additionalProperties": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        },
        "max_invalid_share": {
            "description": "share of values that cannot be (an end before its start) above which the table is "
            "refused (default 0.01, as for files)",
            "type": "number",
            "minimum": 0,
            "maximum": 1,
        },
    },
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["url_env", "tables"],
    "properties": {
        "url_env": {
            "description": "environment variable holding the database URL (postgresql://user:pass@host/db)",
            "type": "string",
            "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$",
        },
        "tables": {"type": "array", "minItems": 1, "items": _TABLE},
    },
}


def problem(spec: Mapping[str, Any]) -> str:
    """A mistake the schema cannot catch; "" when there is none."""
    from servex.plugins.datasets._config import zone_problem

    if spec.get("timezone") and zone_problem(spec["timezone"]):
        return zone_problem(spec["timezone"])
    if "query" in spec and not re.match(r"^\s*(select|with)\b", spec["query"], flags=re.IGNORECASE):
        return "query: must be a SELECT (or WITH ... SELECT) statement"
    for name, (low, high) in (spec.get("scales") or {}).items():
        if low == high:  # [5, 1] is a scale whose best answer is 1 (turned round as it is read)
            return f"scales: {name}: [{low}, {high}] is not a range of answers"
    known = FIELDS[spec["dataset"]]
    for name in list(spec.get("mapping") or {}) + list(spec.get("values") or {}):
        if name not in known:
            return f"{name!r} is not a field of {spec['dataset']} (fields: {', '.join(sorted(known))})"
    return ""


def connection_url(name: str) -> str:
    url = os.environ.get(name, "").strip()
    if not url:
        raise CollectionError(f"environment variable {name} is not set; it must hold the database URL")
    return url


def redact(url: str) -> str:
    """scheme://host:port/database: what may be written about a connection (no user, no password, no query)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<database URL>"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def scrub(text: str, url: str) -> str:
    """A database error message with the URL and each of its secret parts removed (drivers quote them)."""
    out = text.replace(url, redact(url))
    try:
        parts = urlsplit(url)
        secrets = [s for s in (parts.password, parts.username) if s and len(s) > 2]
    except ValueError:
        secrets = []
    for secret in secrets:
        out = out.replace(secret, "***")
    return " ".join(out.split())[:300]
