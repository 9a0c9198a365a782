"""The KPI definition format (core/schemas/kpis.schema.json) accepts the contract and nothing looser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import servex

SCHEMA = json.loads((Path(servex.__file__).parent / "schemas" / "kpis.schema.json").read_text("utf-8"))
BASE: dict[str, Any] = {
    "id": "frt",
    "name": {"en": "First reply within 4 h", "fr": "Première réponse en 4 h"},
    "unit": "percent",
    "direction": "higher_is_better",
    "dataset": "tickets",
    "date_field": "created_at",
    "min_sample": 30,
    "default_target": {"op": ">=", "value": 80},
}
VALID = [
    {"type": "within", "start": "created_at", "end": "first_reply_at", "limit_hours": 4},
    {
        "type": "share",
        "condition": {
            "all": [{"field": "reopened", "is_true": False}, {"field": "channel", "in": ["email"]}]
        },
        "where": {"any": [{"field": "status", "eq": "solved"}, {"field": "resolved_at", "present": True}]},
    },
    {"type": "nps", "field": "recommend_score"},
    {"type": "mean", "field": "satisfaction_score", "where": {"field": "satisfaction_score", "gte": 1}},
    {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "p90"},
    {"type": "before_deadline", "end": "resolved_at", "deadline": "due_at"},
    {"type": "repeat_within", "key": "customer_id", "time": "created_at", "days": 7},
]
INVALID = [
    {"type": "within", "start": "created_at", "end": "first_reply_at"},  # no limit
    {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "max"},
    {"type": "share", "condition": {"field": "reopened", "is_true": True, "gte": 1}},  # two tests in one COND
    {"type": "share", "condition": {"field": "reopened", "matches": ".*"}},
    {"type": "share", "condition": {"all": []}},
    {"type": "mean", "field": "x; DROP TABLE t"},
    {"type": "share", "condition": {"field": "reopened", "is_true": True}, "sql": "1=1"},
]


def _doc(formula: dict[str, Any]) -> dict[str, Any]:
    return {"format_version": "1", "kpis": [{**BASE, "formula": formula}]}


@pytest.mark.parametrize("formula", VALID)
def test_contract_formulas_are_accepted(formula: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(_doc(formula))


@pytest.mark.parametrize("formula", INVALID)
def test_loose_formulas_are_refused(formula: dict[str, Any]) -> None:
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(_doc(formula)))
