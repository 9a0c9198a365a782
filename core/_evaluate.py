"""Evaluate every requirement of every criterion, then grade the criterion.

Parameters are substituted here (`{param: name}` becomes the organisation's tightened value or the
default), so evaluators only ever see plain numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from servex._collect import Collection
from servex._context import EvaluationContext, LogEntry, Period
from servex._contributions import Evaluator, RequirementOutcome
from servex._criteria.model import CriteriaSet, Criterion
from servex._engine.criterion import Grade, grade_criterion

__all__ = ["evaluate_all"]


def _substitute(value: Any, params: Mapping[str, float]) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {"param"}:
            return params[value["param"]]
        return {key: _substitute(child, params) for key, child in value.items()}
    if isinstance(value, list):
        return [_substitute(child, params) for child in value]
    return value


def _parameters(criterion: Criterion, manifest: Mapping[str, Any]) -> dict[str, float]:
    overrides = (manifest.get("parameters") or {}).get(criterion.id, {})
    return {name: float(overrides.get(name, p.value)) for name, p in criterion.parameters.items()}


def evaluate_all(
    *,
    cset: CriteriaSet,
    evaluators: Mapping[str, Evaluator],
    collection: Collection,
    kpis: Mapping[str, Mapping[str, Any]],
    manifest: Mapping[str, Any],
    period: Period,
    evidence_dir: Path,
    progress: Callable[[str, str, int, int], None] = lambda *_: None,
) -> tuple[list[tuple[Criterion, dict[str, RequirementOutcome], Grade, dict[str, float]]], list[LogEntry], bool]:
    """Returns (criterion, outcomes, grade, parameters) for each criterion, log entries, and whether an
    evaluator raised (which makes the run exit 5 like a failed collector)."""
    not_applicable = {e["criterion"]: e["justification"] for e in manifest.get("not_applicable") or []}
    memo: dict[Any, Any] = {}
    evidence = tuple(collection.items)
    log: list[LogEntry] = []
    crashed = False
    graded = []
    for done, criterion in enumerate(cset.criteria):
        progress("grading", criterion.id, done, len(cset.criteria))
        params = _parameters(criterion, manifest)
        outcomes: dict[str, RequirementOutcome] = {}
        classes = {
            r.id: r.evidence_class or (evaluators[r.type].evidence_class if r.type in evaluators else ())
            for r in criterion.evidence
        }
        if criterion.id not in not_applicable:
            ctx = EvaluationContext(cset, criterion, evidence, kpis, manifest, period, evidence_dir, memo, log)
            for requirement in criterion.evidence:
                evaluator = evaluators.get(requirement.type)
                if evaluator is None:  # its plugin failed to load or register (see the run log)
                    crashed = True
                    outcomes[requirement.id] = RequirementOutcome(
                        "error",
                        f"{requirement.id}: no evaluator for requirement type {requirement.type!r}; "
                        "the plugin that provides it failed (see the log).",
                        details={"error": "no_evaluator"},
                        gap="Repair or reinstall the plugin providing this requirement type.",
                    )
                    continue
                failed = sorted({s for kind in evaluator.consumes for s in collection.failed_kinds.get(kind, [])})
                if failed:
                    outcomes[requirement.id] = RequirementOutcome(
                        "error",
                        f"{requirement.id}: source {', '.join(failed)} failed, so this evidence is incomplete.",
                        gap=f"Fix or re-run the failed source {', '.join(failed)}.",
                    )
                    continue
                resolved = replace(requirement, params=_substitute(dict(requirement.params), params))
                try:
                    outcome = evaluator.evaluate(resolved, ctx)
                    if not isinstance(outcome, RequirementOutcome):
                        raise TypeError(f"returned {type(outcome).__name__}, not RequirementOutcome")
                except Exception as exc:
                    crashed = True
                    where = f"{criterion.id}/{requirement.id}"
                    text = f"evaluator {requirement.type!r} failed on {where}: {type(exc).__name__}: {exc}"
                    debug = ""
                    if os.environ.get("SERVEX_DEBUG"):
                        import traceback  # only to show a failed evaluator's traceback: not on every run

                        debug = f"\n{traceback.format_exc().rstrip()}"
                    log.append(LogEntry("error", f"evaluator:{requirement.type}", text + debug))
                    outcome = RequirementOutcome(
                        "error", text, details={"error": "evaluator_failed"}, gap="The evaluator failed; see the log."
                    )
                outcomes[requirement.id] = outcome
        scale = cset.scales[criterion.scale]
        grade = grade_criterion(criterion, scale, outcomes, not_applicable.get(criterion.id), classes)
        graded.append((criterion, outcomes, grade, params))
    progress("grading", "done", len(cset.criteria), len(cset.criteria))
    return graded, log, crashed
