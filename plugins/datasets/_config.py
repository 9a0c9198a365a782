"""The `datasets` source configuration: its schema and the checks a schema cannot express."""

from __future__ import annotations

import codecs
import zoneinfo
from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._fields import FIELDS, SCALES
from servex.plugins.datasets._settings import ENGINE_SCHEMA

__all__ = ["CONFIG_SCHEMA", "FILE_SETTINGS", "problem", "zone_problem"]

_SCALAR = {"type": ["string", "number", "boolean"]}
_FILE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "dataset"],
    "properties": {
        "path": {"type": "string", "minLength": 1},
        "dataset": {"enum": sorted(FIELDS)},
        "format": {"enum": ["csv", "xlsx", "json", "ndjson", "parquet"]},
        "mapping": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "date_format": {"type": "string", "minLength": 2},
        "timezone": {"type": "string", "minLength": 1},
        "delimiter": {"type": "string", "minLength": 1, "maxLength": 1},
        "encoding": {"type": "string", "minLength": 1},
        "sheet": {"type": "string", "minLength": 1},
        "constants": {
            "description": "field -> one value for every record of the file (channel: chat, responded_at: 2025-06-01)",
            "type": "object",
            "additionalProperties": _SCALAR,
        },
        "values": {
            "description": "category field -> {value as exported: canonical value}",
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _SCALAR},
        },
        "scales": {
            "description": "score field -> [lowest, highest] answer of its question",
            "type": "object",
            "propertyNames": {"enum": sorted(SCALES)},
            "additionalProperties": {
                "type": "array",
                "items": {"type": "integer"},
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "null_values": {
            "description": "cells meaning 'no value' (default NA, N/A, -; empty cells always are)",
            "type": "array",
            "items": {"type": "string"},
        },
        "max_invalid_share": {
            "description": "share of unreadable values above which a column fails the file (default 0.01)",
            "type": "number",
            "minimum": 0,
            "maximum": 1,
        },
    },
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["files"],
    "properties": {
        "files": {"type": "array", "minItems": 1, "items": _FILE},
        "engine": ENGINE_SCHEMA,
    },
}
#: The settings of a file entry that change its conversion (all but the path): the cache key.
FILE_SETTINGS = tuple(sorted(k for k in _FILE["properties"] if k != "path"))


def zone_problem(zone: str) -> str:
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {zone!r} (use an IANA name such as Europe/Paris)"
    return ""


def problem(spec: Mapping[str, Any]) -> str:
    """A configuration mistake the schema cannot catch."""
    if spec.get("timezone") and zone_problem(spec["timezone"]):
        return zone_problem(spec["timezone"])
    if spec.get("encoding"):
        try:
            codecs.lookup(spec["encoding"])
        except LookupError:
            return f"unknown encoding {spec['encoding']!r}"
    for name, (low, high) in (spec.get("scales") or {}).items():
        if low >= high:
            return f"scales: {name}: [{low}, {high}] is not a range from lowest to highest"
    known = FIELDS[spec["dataset"]]
    for name in spec.get("values") or {}:
        if known.get(name) != "cat":
            cats = ", ".join(sorted(n for n, k in known.items() if k == "cat"))
            return f"values: {name!r} is not a category field of {spec['dataset']} (category fields: {cats})"
    return ""
