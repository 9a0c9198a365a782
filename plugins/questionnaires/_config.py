"""The questionnaires source configuration, validated by servex before the collector runs.

Survey tools name their columns after the question text people typed, so a CSV export needs a
header-to-question mapping; declaring it in the manifest keeps the export untouched (it is evidence).
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONFIG_SCHEMA", "TABULAR_FORMATS"]

TABULAR_FORMATS = ("xlsform", "msforms", "googleforms", "limesurvey", "csv")

_QUESTION_KEY = {"type": "string", "pattern": r"^[^.\s]+\.[a-z0-9][a-z0-9._-]*$"}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "folder": {
            "type": ["string", "null"],
            "description": "Folder scanned for YAML/JSON answers and XLSForm exports (default answers; null: none).",
        },
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "format"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "format": {"enum": list(TABULAR_FORMATS)},
                    "role": {"enum": ["management", "staff", "customer"]},
                    "role_column": {"type": "string"},
                    "respondent": {"type": "string", "description": "Column with the name or pseudonym."},
                    "date": {"type": "string", "description": "Column with the date answered."},
                    "date_format": {"type": "string", "description": "strptime format, e.g. %d/%m/%Y %H:%M."},
                    "answered_at": {
                        "type": "string",
                        "pattern": r"^\d{4}-\d{2}-\d{2}$",
                        "description": "The date every response of an export without a date column was given.",
                    },
                    "criteria_version": {"type": "string"},
                    "delimiter": {"type": "string", "minLength": 1, "maxLength": 1},
                    "encoding": {"type": "string"},
                    "sheet": {"type": "string"},
                    "mapping": {"type": "object", "additionalProperties": _QUESTION_KEY},
                    "values": {"type": "object", "additionalProperties": {"type": "string"}},
                    "ignore": {"type": "array", "items": {"type": "string"}},
                },
                "if": {"properties": {"format": {"not": {"const": "xlsform"}}}},
                "then": {"oneOf": [{"required": ["role"]}, {"required": ["role_column"]}]},
            },
        },
    },
}
