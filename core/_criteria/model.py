"""The in-memory model of a criteria set.

Plain frozen dataclasses built from validated YAML. The grading engine works on these only, so it can
be tested without files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from servex._record import frozen
from servex._text import Text

__all__ = [
    "Choice",
    "CriteriaSet",
    "Criterion",
    "Element",
    "Level",
    "Parameter",
    "Question",
    "Requirement",
    "Rubric",
    "Rule",
    "Scale",
    "ScaleValue",
    "VerdictBand",
]


@frozen
class ScaleValue:
    id: str
    label: Text
    score: float
    status: str  # met | partially_met | not_met
    #: RADAR evidence classes a criterion must show for this value (see docs/grading.md); None = by status
    needs: tuple[str, ...] | None = None


@frozen
class Scale:
    name: str
    title: Text
    values: tuple[ScaleValue, ...]  # worst to best

    def value(self, value_id: str) -> ScaleValue:
        for value in self.values:
            if value.id == value_id:
                return value
        raise KeyError(value_id)


@frozen
class Choice:
    id: str
    label: Text
    score: float


@frozen
class VerdictBand:
    verdict: str
    min: float
    label: Text


@frozen
class Level:
    id: str
    name: Text
    description: Text
    requires: str | None


@frozen
class Element:
    id: str
    dimension: str
    name: Text


@frozen
class Parameter:
    name: str
    value: float
    stricter: str  # lower | higher
    unit: str = ""


@frozen
class Requirement:
    id: str
    type: str
    role: str  # show | tell
    description: Text
    params: Mapping[str, Any]
    criterion_id: str = ""
    #: RADAR classes this requirement shows when satisfied; empty = the evaluator's default
    evidence_class: tuple[str, ...] = ()


@frozen
class Question:
    id: str
    type: str
    roles: tuple[str, ...]
    text: Text
    help: Text
    choices: tuple[Choice, ...] = ()
    number_bands: tuple[tuple[float, float], ...] = ()
    ask_if: Mapping[str, Any] | None = None
    #: interview guide: prompts an assessor uses when asking the question in person
    guide: tuple[Text, ...] = ()


@frozen
class Rubric:
    """What each scale value looks like in practice for one criterion, so two assessors read it alike."""

    values: Mapping[str, Text]  # scale value id -> what it looks like
    accepted: tuple[Text, ...]  # evidence an assessor accepts
    rejected: tuple[Text, ...]  # evidence an assessor turns down, and why

    def as_json(self) -> dict[str, Any]:
        """Plain data, as `criteria show --format json` prints it and a result's finding carries it."""
        return {
            "values": {name: dict(text) for name, text in self.values.items()},
            "accepted": [dict(t) for t in self.accepted],
            "rejected": [dict(t) for t in self.rejected],
        }


@frozen
class Rule:
    when: Mapping[str, Any]
    then: str


@frozen
class Criterion:
    id: str
    level: str
    elements: tuple[str, ...]
    title: Text
    statement: Text
    guidance: Text
    recommendation: Text
    weight: float
    scale: str
    evidence: tuple[Requirement, ...]
    rules: tuple[Rule, ...]
    otherwise: str
    required: bool = False
    references: tuple[Mapping[str, str], ...] = ()
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    questions: tuple[Question, ...] = ()
    tell_me_sufficient: bool = False
    deprecated: bool = False
    #: whether contradicting evidence (answers below threshold, a KPI off target) caps the grade at partial
    contradictions_cap: bool = True
    rubric: Rubric | None = None
    #: why a KPI this criterion grades is also graded at another level (None: it is graded here only)
    shared_measure: Text | None = None
    #: a rung of a cross-level enabler: {"dimension": "A", "topic": "strategy"}
    cross_level: Mapping[str, str] | None = None


@frozen
class CriteriaSet:
    id: str
    version: str
    kind: str
    title: Text
    description: Text
    sha256: str
    source: str
    scales: Mapping[str, Scale]
    choice_lists: Mapping[str, tuple[Choice, ...]]
    verdict_bands: tuple[VerdictBand, ...]
    achieve_verdict: str
    knockout_cap: str
    levels: tuple[Level, ...]
    dimensions: tuple[Mapping[str, Any], ...]
    elements: tuple[Element, ...]
    criteria: tuple[Criterion, ...]
    references: tuple[Mapping[str, Any], ...] = ()
    extends: str | None = None
    #: the largest share of a level's weight that may be not applicable for the level to be graded in full
    max_not_applicable: float = 0.2

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def verdict_rank(self, verdict: str) -> int:
        return [band.verdict for band in self.verdict_bands].index(verdict)
