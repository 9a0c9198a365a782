"""The `datasets` source configuration: its schema and the checks a schema cannot express."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._fields import FIELDS, SCALES, SCORE_DATASETS, SCORE_NAME
from servex.plugins.datasets._settings import ENGINE_SCHEMA

__all__ = ["CONFIG_SCHEMA", "FILE_SETTINGS", "period_zone", "problem", "zone_problem"]

_SCALAR = {"type": ["string", "number", "boolean"]}
_SCALE: dict[str, Any] = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}


def _scores_rules() -> list[dict[str, Any]]:
    """Per dataset kind: a score item may not take a canonical field's name (which would make one
    name mean two columns), and only survey kinds have score items. A schema, so a mistake is a
    located manifest error (exit 3) before anything is read."""
    rules: list[dict[str, Any]] = []
    for dataset in sorted(FIELDS):
        if dataset in SCORE_DATASETS:
            names: dict[str, Any] = {
                "not": {"enum": sorted(FIELDS[dataset])},
                "errorMessage": f"scores: {{value!r}} is a canonical field of {dataset}; give the survey item "
                "a name of its own (e.g. item_{value})",
            }
            then: dict[str, Any] = {"properties": {"scores": {"propertyNames": names}}}
        else:
            refused = {
                "not": {},
                "errorMessage": f"scores: a {dataset} file has no survey items; only "
                f"{' and '.join(SCORE_DATASETS)} files map `scores:`",
            }
            then = {"properties": {"scores": refused}}
        rules.append({"if": {"properties": {"dataset": {"const": dataset}}, "required": ["dataset"]}, "then": then})
    return rules


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
        "decimal_mark": {
            "description": "a comma in a number: \",\" the decimal mark, \".\" a thousands separator",
            "enum": [",", "."],
        },
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
            "description": "score field -> [worst, best] answer of its question ([5, 1]: 1 is the best, turned round)",
            "type": "object",
            "propertyNames": {"enum": sorted(SCALES)},
            "additionalProperties": _SCALE,
        },
        "scores": {
            "description": "survey items beyond the canonical fields (survey, employee_survey): your name -> "
            "{column: its header, scale: [lowest, highest] answer}",
            "type": "object",
            "propertyNames": {
                "pattern": SCORE_NAME,
                "errorMessage": "scores: {value!r} cannot name a field: use lower-case letters, digits and _, "
                "starting with a letter (e.g. felt_valued)",
            },
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["column", "scale"],
                "properties": {"column": {"type": "string", "minLength": 1}, "scale": _SCALE},
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
    "allOf": _scores_rules(),
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
    if zone == "UTC":  # the default needs no zone database (whose lookup imports sysconfig)
        return ""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {zone!r} (use an IANA name such as Europe/Paris)"
    return ""


def period_zone(manifest: Mapping[str, Any]) -> str:
    """The manifest's `period.timezone` (UTC when absent): months and "within N days" are counted there.
    Raises CollectionError for a name that is not an IANA zone (shared by the file and warehouse sources)."""
    from servex import CollectionError

    period = manifest.get("period")
    zone = str(period.get("timezone") or "UTC") if isinstance(period, Mapping) else "UTC"
    if zone_problem(zone):
        raise CollectionError(f"servex.yaml period.timezone: {zone_problem(zone)}")
    return zone


def problem(spec: Mapping[str, Any]) -> str:
    """A configuration mistake the schema cannot catch."""
    if spec.get("timezone") and zone_problem(spec["timezone"]):
        return zone_problem(spec["timezone"])
    if spec.get("encoding"):
        try:
            codecs.lookup(spec["encoding"])
        except LookupError:
            return f"unknown encoding {spec['encoding']!r}"
    # [5, 1] declares a scale whose best answer is its lowest (see _typing.scale_sql); [3, 3] is no scale
    for name, (low, high) in (spec.get("scales") or {}).items():
        if low == high:
            return f"scales: {name}: [{low}, {high}] is not a range (its worst answer first, its best last)"
    for name, item in (spec.get("scores") or {}).items():
        low, high = item["scale"]
        if low == high:
            return f"scores: {name}: scale [{low}, {high}] is not a range (its worst answer first, its best last)"
    known = FIELDS[spec["dataset"]]
    for name in spec.get("values") or {}:
        if known.get(name) != "cat":
            cats = ", ".join(sorted(n for n, k in known.items() if k == "cat"))
            return f"values: {name!r} is not a category field of {spec['dataset']} (category fields: {cats})"
    return ""
