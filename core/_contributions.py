"""What plugins contribute: small frozen records returned by the registration hooks.

Plugins return these from hooks (see :mod:`servex._hookspecs`) instead of subclassing anything, so a
contribution is plain data plus one callable, easy to build in tests and easy to list in
`servex plugins`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from servex._record import frozen

if TYPE_CHECKING:
    from servex._context import CollectContext, EvaluationContext, RenderOptions
    from servex._criteria.model import Requirement
    from servex._evidence import EvidenceItem

__all__ = ["OUTCOME_STATES", "Collector", "Evaluator", "ReportFormat", "RequirementOutcome"]

OUTCOME_STATES = ("satisfied", "partial", "unsatisfied", "insufficient", "error")


@frozen
class Collector:
    """Gathers evidence from one kind of source.

    `auto=True` runs the collector once on every assessment with an empty configuration, unless the
    manifest lists a source for it (the document collector works like this: a bare folder is enough).
    `config_schema` is a JSON Schema for the `config` block of a manifest source; servex validates it
    and reports errors with the manifest's line numbers before anything is collected.
    """

    name: str
    kinds: tuple[str, ...]
    collect: Callable[[CollectContext], Iterable[EvidenceItem]]
    config_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""
    auto: bool = False


@frozen
class RequirementOutcome:
    """How one evidence requirement of one criterion fared.

    `state` is one of satisfied, partial, unsatisfied, insufficient (data too thin to judge: the
    criterion becomes not_assessed), error (the source failed). `message` is one sentence, either a
    plain string or {"en": ..., "fr": ...}. `details` must be JSON-safe; reports show it (KPI value and
    target, snippets, answers by role).
    """

    state: str
    message: str | Mapping[str, str]
    evidence_ids: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    gap: str | Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.state not in OUTCOME_STATES:
            raise ValueError(f"unknown outcome state {self.state!r}; expected one of {OUTCOME_STATES}")


@frozen
class Evaluator:
    """Judges evidence requirements of one `type` (the `type:` of a requirement in a criteria set).

    `params_schema` validates the requirement's `params` when criteria sets are loaded, so a typo in a
    criteria file is an exit-3 error rather than a surprise at grading time. `consumes` lists the
    evidence kinds it reads: when a source yielding one of them failed, servex marks the requirement
    `error` without calling the evaluator.
    """

    type: str
    evaluate: Callable[[Requirement, EvaluationContext], RequirementOutcome]
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    consumes: tuple[str, ...] = ()
    role: str = "show"
    description: str = ""
    #: RADAR evidence classes a satisfied requirement of this type shows by default (approach, deployment,
    #: results, review); a requirement may declare its own with `class:` in the criteria set.
    evidence_class: tuple[str, ...] = ()


@frozen
class ReportFormat:
    """Renders a result JSON (a dict) to bytes. Renderers see the result only, never the evidence."""

    name: str
    suffix: str
    media_type: str
    render: Callable[[Mapping[str, Any], RenderOptions], bytes]
    description: str = ""
