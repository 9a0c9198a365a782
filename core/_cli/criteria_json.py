"""`servex criteria show --format json`: a criteria set or one criterion as plain JSON data.

Texts keep every language (`{"en": ..., "fr": ...}`): a script picks its own, where the text output
prints one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex._criteria.model import CriteriaSet, Criterion

__all__ = ["criterion_json", "set_json"]


def _text(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _summary(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "level": criterion.level,
        "title": _text(criterion.title),
        "statement": _text(criterion.statement),
        "required": criterion.required,
        "weight": criterion.weight,
    }


def set_json(cset: CriteriaSet, level: str | None = None) -> dict[str, Any]:
    return {
        "kind": cset.kind,
        "id": cset.id,
        "version": cset.version,
        "title": _text(cset.title),
        "levels": [
            {
                "id": lv.id,
                "name": _text(lv.name),
                "criteria": [_summary(c) for c in cset.criteria if c.level == lv.id],
            }
            for lv in cset.levels
            if not level or lv.id == level
        ],
    }


def criterion_json(cset: CriteriaSet, criterion: Criterion) -> dict[str, Any]:
    return {
        "kind": "criterion",
        "set": {"id": cset.id, "version": cset.version},
        "criterion": {
            **_summary(criterion),
            "elements": list(criterion.elements),
            "scale": criterion.scale,
            "guidance": _text(criterion.guidance),
            "recommendation": _text(criterion.recommendation),
            "evidence": [
                {
                    "id": r.id,
                    "type": r.type,
                    "role": r.role,
                    "description": _text(r.description),
                    "params": dict(r.params),
                }
                for r in criterion.evidence
            ],
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "roles": list(q.roles),
                    "text": _text(q.text),
                    "guide": [_text(t) for t in q.guide],
                }
                for q in criterion.questions
            ],
            "parameters": {
                name: {"value": p.value, "stricter": p.stricter, "unit": p.unit}
                for name, p in sorted(criterion.parameters.items())
            },
            "rubric": criterion.rubric.as_json() if criterion.rubric else None,
            "shared_measure": _text(criterion.shared_measure) if criterion.shared_measure else None,
            "cross_level": dict(criterion.cross_level) if criterion.cross_level else None,
        },
    }

