"""The `dataset` requirement: an export of a kind exists and covers the assessment period."""

from __future__ import annotations

from servex import EvaluationContext, Requirement, RequirementOutcome
from servex.plugins.datasets._coverage import Coverage, thin_note
from servex.plugins.datasets._evaluate import items_of, msg
from servex.plugins.datasets._fit import nothing_of_a_complaint

__all__ = ["evaluate_dataset"]


def evaluate_dataset(req: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    p = req.params
    dataset, min_rows, min_cov = p["dataset"], int(p.get("min_rows", 1)), float(p.get("min_coverage", 0.75))
    items = items_of(ctx, dataset)
    months = ctx.period.months()
    per_month: dict[str, int] = {}
    listed = 0  # rows of the period, answered or not (see _conversion.ANSWERED)
    for item in items:
        answered = item.attributes.get("answered_months")
        for month, rows in (item.attributes.get("months") or {}).items():
            if month in months:
                listed += int(rows)
                counted = int((answered or {}).get(month, 0)) if answered is not None else int(rows)
                if counted:
                    per_month[month] = per_month.get(month, 0) + counted
    rows = sum(per_month.values())
    blank = listed - rows  # records of a survey with no answer at all: rows of an export, not responses
    said = (
        (
            f" {blank} {'record holds' if blank == 1 else 'records hold'} no answer at all and "
            f"{'is' if blank == 1 else 'are'} not counted.",
            f" {blank} enregistrement(s) sans aucune réponse, non compté(s).",
        )
        if blank
        else ("", "")
    )
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
        **({"unanswered": blank} if blank else {}),
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
                f"No {dataset} records in the assessment period.{said[0]}"
                if not blank
                else f"No {dataset} response in the assessment period: its {blank} records hold no answer at all.",
                f"Aucun enregistrement {dataset} sur la période évaluée.{said[1]}"
                if not blank
                else f"Aucune réponse {dataset} sur la période évaluée : ses {blank} enregistrements ne contiennent "
                "aucune réponse.",
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
                f"(needed: {min_rows} records, {round(100 * min_cov)} %).{thin[0]}{said[0]}",
                f"{dataset} : {rows} enregistrements couvrant {round(100 * coverage)} % "
                f"des mois de la période (requis : {min_rows} enregistrements, {round(100 * min_cov)} %)."
                f"{thin[1]}{said[1]}",
            ),
            ids,
            details,
            gap=gap,
        )
    uncomplained = nothing_of_a_complaint({"dataset": dataset}, items)
    if uncomplained:  # a survey of all customers mapped as complaints is no complaint log (see _fit)
        details["no_complaint_fields"] = uncomplained
        return RequirementOutcome(
            "partial",
            msg(
                f"{dataset}: {rows} records, holding dates and answers and nothing of a complaint (no "
                "acknowledgement, resolution, deadline, category, status or outcome): nothing shows they are "
                "complaints.",
                f"{dataset} : {rows} enregistrements, avec des dates et des réponses et rien d'une réclamation (ni "
                "accusé de réception, ni résolution, échéance, catégorie, statut ou issue) : rien ne montre que ce "
                "sont des réclamations.",
            ),
            ids,
            details,
            gap=msg(
                "Provide the complaints register, with how each complaint was handled (acknowledged, resolved, "
                "its category or outcome).",
                "Fournir le registre des réclamations, avec le traitement de chacune (accusé de réception, "
                "résolution, catégorie ou issue).",
            ),
        )
    return RequirementOutcome(
        "satisfied",
        msg(
            f"{dataset}: {rows} records covering {round(100 * coverage)} % of the period's months.{thin[0]}{said[0]}",
            f"{dataset} : {rows} enregistrements couvrant {round(100 * coverage)} % des mois de la période."
            f"{thin[1]}{said[1]}",
        ),
        ids,
        details,
    )
