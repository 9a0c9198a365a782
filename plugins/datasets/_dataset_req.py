"""The `dataset` requirement: an export of a kind exists and covers the assessment period."""

from __future__ import annotations

from servex import EvaluationContext, Requirement, RequirementOutcome
from servex.plugins.datasets._coverage import Coverage, thin_note
from servex.plugins.datasets._evaluate import items_of, msg

__all__ = ["evaluate_dataset"]


def evaluate_dataset(req: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    p = req.params
    dataset, min_rows, min_cov = p["dataset"], int(p.get("min_rows", 1)), float(p.get("min_coverage", 0.75))
    items = items_of(ctx, dataset)
    months = ctx.period.months()
    per_month: dict[str, int] = {}
    for item in items:
        for month, rows in (item.attributes.get("months") or {}).items():
            if month in months:
                per_month[month] = per_month.get(month, 0) + int(rows)
    rows = sum(per_month.values())
    covered = Coverage(per_month, months)
    coverage = covered.share
    thin = thin_note(covered.thin, covered.average)
    details = {
        "dataset": dataset,
        "files": [i.provenance.source for i in items],
        "rows": rows,
        "min_rows": min_rows,
        "coverage": coverage,
        "min_coverage": min_cov,
        "months": covered.covered,
        "thin_months": covered.thin or None,
    }
    ids = tuple(i.id for i in items)
    gap = msg(
        f"Provide a {dataset} export with at least {min_rows} records covering the assessment period.",
        f"Fournir un export {dataset} d'au moins {min_rows} enregistrements couvrant la période évaluée.",
    )
    if not rows:
        return RequirementOutcome(
            "unsatisfied",
            msg(
                f"No {dataset} records in the assessment period.",
                f"Aucun enregistrement {dataset} sur la période évaluée.",
            ),
            ids,
            details,
            gap=gap,
        )
    if rows < min_rows or coverage < min_cov:
        return RequirementOutcome(
            "partial",
            msg(
                f"{dataset}: {rows} records covering {round(100 * coverage)} % of the period's months "
                f"(needed: {min_rows} records, {round(100 * min_cov)} %).{thin[0]}",
                f"{dataset} : {rows} enregistrements couvrant {round(100 * coverage)} % "
                f"des mois de la période (requis : {min_rows} enregistrements, {round(100 * min_cov)} %).{thin[1]}",
            ),
            ids,
            details,
            gap=gap,
        )
    return RequirementOutcome(
        "satisfied",
        msg(
            f"{dataset}: {rows} records covering {round(100 * coverage)} % of the period's months.{thin[0]}",
            f"{dataset} : {rows} enregistrements couvrant {round(100 * coverage)} % des mois de la période.{thin[1]}",
        ),
        ids,
        details,
    )
