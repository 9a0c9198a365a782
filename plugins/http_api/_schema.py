"""The `http-json` configuration schema: what a manifest (or a preset) may say about an API."""

from __future__ import annotations

from typing import Any

from ._auth import AUTH_SCHEMA
from ._client import CLIENT_SCHEMA
from ._pagination import PAGINATION_SCHEMA
from ._records import DATE_FIELDS

__all__ = ["CONFIG_SCHEMA", "ENDPOINT_SCHEMA"]

_FIELD = {
    "oneOf": [
        {"type": "string", "description": "JMESPath into the record"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["path"],
            "properties": {
                "path": {"type": "string"},
                "map": {"type": "object", "description": "raw value (as text) -> canonical value; others null"},
                "minutes_after": {"type": "string", "description": "value is minutes after this canonical field"},
                "scale": {"type": "number", "description": "multiply a number by this (milliseconds → seconds: 0.001)"},
            },
        },
    ]
}
_FIELDS = {"type": "object", "additionalProperties": _FIELD}
_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path"],
    "properties": {
        "path": {"type": "string", "description": "relative to base_url; {job} and {file} are the job's ids"},
        "method": {"enum": ["GET", "POST"]},
        "params": {"type": "object"},
        "body": {"type": "object"},
    },
}
EXPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["create", "job_id", "poll", "download"],
    "description": "an asynchronous export: create a job, poll it until done, download and unpack the file",
    "properties": {
        "create": _REQUEST,
        "job_id": {"type": "string", "description": "JMESPath of the job id in the create answer"},
        "poll": {
            "type": "object",
            "additionalProperties": False,
            "required": ["path", "status", "done"],
            "properties": {
                "path": {"type": "string"},
                "status": {"type": "string", "description": "JMESPath of the job's status"},
                "done": {"type": "array", "items": {"type": "string"}},
                "failed": {"type": "array", "items": {"type": "string"}},
                "interval": {"type": "number", "minimum": 0, "description": "first wait in seconds (default 1)"},
                "max_interval": {"type": "number", "minimum": 0, "description": "longest wait (default 30)"},
                "timeout": {"type": "number", "minimum": 0, "description": "give up after (default 900 s)"},
            },
        },
        "file_id": {"type": "string", "description": "JMESPath of the file id in the finished poll answer"},
        "download": _REQUEST,
        "format": {"enum": ["json", "ndjson", "csv", "zip"]},
        "member_format": {"enum": ["json", "ndjson", "csv"], "description": "zip: format of its files"},
    },
}
INCREMENTAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "resume the next run of this period where the last one stopped ({cursor} in params/body)",
    "properties": {
        "value": {"type": "string", "description": "JMESPath of the resume value in a page (last one wins)"},
        "record": {"type": "string", "description": "JMESPath of a record value; the greatest is stored"},
        "initial": {"type": "string", "description": "{cursor} on the first run (default {start_iso})"},
        "resume_params": {"type": "object", "description": "query parameters when resuming (replace params)"},
    },
    "oneOf": [{"required": ["value"]}, {"required": ["record"]}],
}
_SIDELOAD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["records", "fields"],
    "properties": {
        "records": {"type": "string", "description": "JMESPath of the side-loaded list in each page"},
        "id": {"type": "string", "description": "JMESPath of the id of the record it enriches"},
        "fields": _FIELDS,
    },
}
ENDPOINT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["dataset", "fields"],
    "properties": {
        "path": {"type": "string", "description": "relative to base_url"},
        "dataset": {"enum": sorted(DATE_FIELDS)},
        "method": {"enum": ["GET", "POST"], "description": "POST sends `body` as JSON (default GET)"},
        "params": {
            "type": "object",
            "description": "query parameters; {start} {end} {start_unix} {end_unix} {start_ms} {end_ms} "
            "{start_iso} {end_iso} are replaced from the assessment period, {cursor} from the stored cursor",
        },
        "body": {"type": "object", "description": "POST: JSON body, with the same placeholders"},
        "graphql": {
            "type": "object",
            "additionalProperties": False,
            "required": ["query"],
            "description": "POST {query, variables} (the cursor goes into a variable: pagination.body_path)",
            "properties": {"query": {"type": "string"}, "variables": {"type": "object"}},
        },
        "records": {"type": "string", "description": "JMESPath to the list of records (default: @)"},
        "id": {"type": "string", "description": "JMESPath of the record id (default: id)"},
        "where": {"type": "string", "description": "JMESPath condition: records where it is not true are skipped"},
        "fields": _FIELDS,
        "pagination": PAGINATION_SCHEMA,
        "enrich": {"type": "boolean", "description": "only add fields to records another endpoint found"},
        "sideloads": {"type": "array", "items": _SIDELOAD, "description": "lists in the same pages that enrich"},
        "export": EXPORT_SCHEMA,
        "incremental": INCREMENTAL_SCHEMA,
    },
    "anyOf": [{"required": ["path"]}, {"required": ["export"]}],
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["base_url", "endpoints"],
    "properties": {
        "base_url": {"type": "string", "pattern": "^https?://"},
        "auth": AUTH_SCHEMA,
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "endpoints": {"type": "array", "minItems": 1, "items": ENDPOINT_SCHEMA},
        "period_filter": {"type": "boolean", "description": "drop records dated outside the period"},
        **CLIENT_SCHEMA,
    },
}
