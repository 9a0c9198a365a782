"""Built-in plugin: documents in the evidence folder, and `type: document` requirements.

The collector reads every document of the folder (PDF, DOCX, XLSX, ODT, HTML, Markdown, text) with
the locators an assessor cites (page, paragraph, sheet row) and caches the text by content hash; the
evaluator matches tags and English/French terms and cites file, page and snippet. The heavy modules
load only when an assessment runs, so `servex --help` does not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import Collector, Evaluator, hookimpl
from servex.plugins._lazy_schema import LazySchema
from servex.plugins.requirement_params import DOCUMENT

if TYPE_CHECKING:
    from servex import CollectContext, EvaluationContext, EvidenceItem, Requirement, RequirementOutcome

__all__ = ["servex_collectors", "servex_evaluators"]


# Wrappers are named apart from the private modules: importing `._collect` binds `_collect` on this package.
def _collect_documents(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.documents._collect import collect

    return collect(ctx)


def _evaluate_documents(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.documents._evaluate import evaluate

    return evaluate(requirement, ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name="documents",
            kinds=("document",),
            collect=_collect_documents,
            config_schema=LazySchema("servex.plugins.documents._collect"),
            description="Documents of the evidence folder (PDF, DOCX, XLSX, ODT, HTML, Markdown, text)",
            auto=True,
        )
    ]


@hookimpl
def servex_evaluators() -> list[Evaluator]:
    return [
        Evaluator(
            type="document",
            evaluate=_evaluate_documents,
            params_schema=DOCUMENT,
            consumes=("document",),
            evidence_class=("approach",),
            description="Documents found by tag and/or English and French terms, with age and count",
        )
    ]
