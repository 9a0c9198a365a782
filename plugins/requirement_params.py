"""JSON Schemas for the `params` of the built-in requirement types.

They live in one place because two parties read them: the evaluators that judge requirements, and
criteria-set authors (docs/criteria-format.md documents the same keys). servex validates every
requirement's params against its evaluator's schema when a criteria set is loaded, so a typo in a
criteria file is an exit-3 error with a line number rather than a surprise at grading time.
"""

from __future__ import annotations

from typing import Any

#: the claims a document passage can be asked to state (plugins/documents/_claims.py defines them;
#: a test keeps the two lists equal without an import cycle)
CLAIM_IDS = (
    "date",
    "decision",
    "frequency",
    "measured_result",
    "numeric_target",
    "opening_hours",
    "owner",
    "time_commitment",
)

__all__ = ["DATASET", "DOCUMENT", "KPI", "OBSERVATION", "QUESTIONNAIRE"]

_NUMBER_OR_PARAM: dict[str, Any] = {
    "oneOf": [
        {"type": "number"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["param"],
            "properties": {"param": {"type": "string"}},
        },
    ]
}
_TARGET: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["op", "value"],
    "properties": {"op": {"enum": [">=", "<=", ">", "<"]}, "value": _NUMBER_OR_PARAM},
}
_TERM: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    ]
}
_COVERAGE: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 1}

DOCUMENT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    # tags only say where to look: what satisfies a document requirement is what a passage states
    "required": ["content"],
    "properties": {
        "tags": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "tags_any": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
        "content": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "all": {"type": "array", "minItems": 1, "items": _TERM},
                "any": {"type": "array", "minItems": 1, "items": _TERM},
                "claims": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"enum": list(CLAIM_IDS)},
                },
                # the requirement asks for a plan (a roadmap, a pipeline of ideas): what a document
                # states only as planned counts for it (elsewhere it is blanked, see documents/_prospects)
                "plans": {"type": "boolean"},
                "near": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["terms", "within"],
                    "properties": {
                        "terms": {"type": "array", "minItems": 2, "maxItems": 2, "items": _TERM},
                        "within": {"type": "integer", "minimum": 1, "maximum": 200},
                    },
                },
            },
        },
        "match": {"enum": ["tags_or_content", "tags_and_content", "content"]},
        "max_age_days": {"type": "integer", "minimum": 1},
        "min_count": {"type": "integer", "minimum": 1},
        "requires_owner": {"type": "boolean"},
        "requires_approval": {"type": "boolean"},
        "public": {"type": "boolean"},
    },
}

KPI: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kpi", "target"],
    "properties": {
        "kpi": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "target": _TARGET,
        "partial_target": _TARGET,
        "min_sample": {"type": "integer", "minimum": 1},
        "min_coverage": _COVERAGE,
        "trend": {
            "type": "object",
            "additionalProperties": False,
            "required": ["periods", "expect"],
            "properties": {
                "periods": {"type": "integer", "minimum": 2, "maximum": 24},
                "expect": {"enum": ["improving", "sustained", "not_declining"]},
            },
        },
        "segment": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": {"type": ["string", "number", "boolean"]},
        },
    },
}

DATASET: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["dataset"],
    "properties": {
        "dataset": {"enum": ["tickets", "complaints", "survey", "calls", "calls_monthly", "employee_survey"]},
        "min_rows": {"type": "integer", "minimum": 1},
        "min_coverage": _COVERAGE,
    },
}

QUESTIONNAIRE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["question", "target"],
    "properties": {
        "question": {"type": "string", "minLength": 1},
        "roles": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": ["management", "staff", "customer"]},
        },
        "target": _TARGET,
        "partial_target": _TARGET,
        "min_respondents": {"type": "integer", "minimum": 1},
        # respondent rule: at least this many distinct respondents of each role named
        "min_per_role": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {role: {"type": "integer", "minimum": 1} for role in ("management", "staff", "customer")},
        },
    },
}

OBSERVATION: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
