"""Built-in plugin: case-file sampling as deployment evidence (`type: case_sample` requirements).

A document shows that a practice is intended; traced case files show it is done. The assessor draws a
reproducible sample of cases (`servex cases draw`), records per case whether the practice was followed,
and leaves the worksheet in `cases/`. The collector turns each traced row into a `case_trace` item with
its file, sha256 and row; the evaluator grades on the share followed and refuses cases that were not
drawn. docs/case-samples.md describes the workflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import Collector, Evaluator, hookimpl
from servex.plugins.case_samples._params import CASE_SAMPLE, TYPE

if TYPE_CHECKING:
    import click
    from servex import CollectContext, EvaluationContext, EvidenceItem, Requirement, RequirementOutcome

__all__ = ["servex_cli_commands", "servex_collectors", "servex_evaluators"]


def _collect_cases(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.case_samples._collect import collect

    return collect(ctx)


def _evaluate_cases(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.case_samples._judge import evaluate

    return evaluate(requirement, ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name="case_samples",
            kinds=("case_trace", "case_list"),
            collect=_collect_cases,
            auto=True,
            config_schema={"type": "object", "additionalProperties": False},
            description="Traced case-file samples: worksheets cases/<criterion>-<requirement>.csv|.xlsx.",
        )
    ]


@hookimpl
def servex_evaluators() -> list[Evaluator]:
    return [
        Evaluator(
            type=TYPE,
            evaluate=_evaluate_cases,
            params_schema=CASE_SAMPLE,
            consumes=("case_trace", "case_list", "dataset"),
            role="show",
            description="Share of a reproducibly drawn case sample where the practice was followed.",
            evidence_class=("deployment",),
        )
    ]


@hookimpl
def servex_cli_commands() -> list[click.Command]:
    from servex.plugins.case_samples._cli import cases_group

    return [cases_group]
