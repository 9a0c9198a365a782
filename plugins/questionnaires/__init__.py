"""Built-in plugin: questionnaire answers ("tell me" evidence) and `type: questionnaire` requirements.

Answers come as YAML/JSON files and XLSForm (Kobo/ODK) exports under `answers/`, or as Microsoft
Forms, Google Forms and LimeSurvey CSV exports mapped in the manifest (docs/questionnaires.md);
`servex questionnaire export|fill` puts the questions to people in the first place. Each answer is
scored 0-100 from the question's choices, yes/no or number bands; the evaluator aggregates respondents
per role and says when roles disagree, because a manager's "always" against the front line's "rarely"
is itself a finding. The core caps tell-me-only evidence at partially met.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import Collector, Evaluator, hookimpl
from servex.plugins.questionnaires._config import CONFIG_SCHEMA
from servex.plugins.requirement_params import QUESTIONNAIRE

if TYPE_CHECKING:
    import click
    from servex import CollectContext, EvaluationContext, EvidenceItem, Requirement, RequirementOutcome

__all__ = ["servex_cli_commands", "servex_collectors", "servex_evaluators"]


def _collect_answers(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.questionnaires._collect import collect

    return collect(ctx)


def _evaluate_answers(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.questionnaires._judge import evaluate

    return evaluate(requirement, ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name="questionnaires",
            kinds=("answers",),
            collect=_collect_answers,
            auto=True,
            config_schema=CONFIG_SCHEMA,
            description=(
                "Questionnaire answers: YAML/JSON and XLSForm (Kobo/ODK) exports under answers/, and "
                "Microsoft Forms, Google Forms or LimeSurvey CSV exports mapped in the manifest."
            ),
        )
    ]


@hookimpl
def servex_evaluators() -> list[Evaluator]:
    return [
        Evaluator(
            type="questionnaire",
            evaluate=_evaluate_answers,
            params_schema=QUESTIONNAIRE,
            consumes=("answers",),
            role="tell",
            description="Answers to a criterion's question, aggregated per role.",
        )
    ]


@hookimpl
def servex_cli_commands() -> list[click.Command]:
    from servex.plugins.questionnaires._cli import questionnaire_group

    return [questionnaire_group]
