"""Built-in data exports: the `datasets` collector, the KPI engine and the `kpi`/`dataset` evaluators.

Only registration lives here; DuckDB and the readers load when a run first needs them, so
`servex --help` does not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servex import Collector, Evaluator, hookimpl
from servex.plugins._lazy_schema import LazySchema
from servex.plugins.requirement_params import DATASET, KPI

if TYPE_CHECKING:
    from servex import CollectContext, EvaluationContext, EvidenceItem, Requirement, RequirementOutcome

__all__ = ["servex_collectors", "servex_evaluators"]


# Wrappers are named apart from the private modules: importing `._collect` binds `_collect` on this package.
def _collect_datasets(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.datasets._collect import collect

    return collect(ctx)


def _evaluate_kpi(req: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.datasets._evaluate import evaluate_kpi

    return evaluate_kpi(req, ctx)


def _evaluate_dataset(req: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.datasets._dataset_req import evaluate_dataset

    return evaluate_dataset(req, ctx)


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name="datasets",
            kinds=("dataset",),
            collect=_collect_datasets,
            config_schema=LazySchema("servex.plugins.datasets._config"),
            description="Data exports (CSV, XLSX, JSON, NDJSON, Parquet) mapped to canonical datasets",
            auto=True,
        )
    ]


@hookimpl
def servex_evaluators() -> list[Evaluator]:
    return [
        Evaluator(
            type="kpi",
            evaluate=_evaluate_kpi,
            params_schema=KPI,
            consumes=("dataset",),
            evidence_class=("deployment", "results"),
            description="A KPI computed from data exports, against a target, with trend and sufficiency",
        ),
        Evaluator(
            type="dataset",
            evaluate=_evaluate_dataset,
            params_schema=DATASET,
            consumes=("dataset",),
            evidence_class=("deployment",),
            description="A data export of a kind exists and covers the assessment period",
        ),
    ]
