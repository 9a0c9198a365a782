"""The `params` of a `case_sample` requirement, and where its worksheet lives.

Kept apart from `servex.plugins.requirement_params` because only this plugin reads it; the keys are
documented in docs/case-samples.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servex import CriteriaSet, Criterion, Requirement

__all__ = ["CASE_SAMPLE", "DATASETS", "TYPE", "WORKSHEET_DIR", "case_requirements", "worksheet_stem"]

TYPE = "case_sample"
WORKSHEET_DIR = "cases"
#: Datasets a sample may be drawn from, each with the timestamp that says when a case was opened (the
#: same field the KPI engine filters the assessment period on).
DATASETS = {
    "tickets": "created_at",
    "complaints": "received_at",
    "calls": "started_at",
    "survey": "responded_at",
}

_SHARE: dict[str, Any] = {
    "oneOf": [
        {"type": "number", "minimum": 0, "maximum": 100},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["param"],
            "properties": {"param": {"type": "string"}},
        },
    ]
}
_TEXT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["en"],
    "properties": {"en": {"type": "string", "minLength": 1}, "fr": {"type": "string", "minLength": 1}},
}

CASE_SAMPLE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "oneOf": [{"required": ["dataset"]}, {"required": ["cases_file"]}],
    "required": ["sample_size", "seed", "practice", "target", "partial_target", "min_traced"],
    "properties": {
        "dataset": {"enum": sorted(DATASETS)},
        "cases_file": {"type": "string", "pattern": r"^[^/\\].*\.(csv|txt)$"},
        "sample_size": {"type": "integer", "minimum": 1, "maximum": 1000},
        "seed": {"type": "integer", "minimum": 0},
        "practice": _TEXT,
        "target": _SHARE,
        "partial_target": _SHARE,
        "min_traced": {"type": "integer", "minimum": 1},
    },
}


def case_requirements(cset: CriteriaSet) -> Iterator[tuple[Criterion, Requirement]]:
    """Every `case_sample` requirement of a criteria set, in criteria order."""
    for criterion in cset.criteria:
        for requirement in criterion.evidence:
            if requirement.type == TYPE:
                yield criterion, requirement


def worksheet_stem(criterion_id: str, requirement_id: str) -> str:
    """`cases/<criterion>-<requirement>`: where the completed worksheet is read from (.csv or .xlsx)."""
    return f"{WORKSHEET_DIR}/{criterion_id}-{requirement_id}"
