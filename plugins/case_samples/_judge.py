"""Grade a `case_sample` requirement on the share of traced cases where the practice was followed.

The sample is drawn again here from the same evidence the assessment collected, so a worksheet row for
a case that was not drawn is refused (a located warning) rather than counted: an organisation cannot
improve its share by tracing the cases it likes. Cases marked n.a. leave the denominator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import EvaluationContext, EvidenceItem, Requirement, RequirementOutcome, as_text
from servex.plugins.case_samples._collect import TRACE_KIND
from servex.plugins.case_samples._params import worksheet_stem
from servex.plugins.case_samples._sample import draw_sample

__all__ = ["evaluate"]

_NAMED = 5  # cases not followed named in the gap; details list them all


def _pct(value: float, lang: str = "en") -> str:
    """One decimal at most, a decimal comma in French (as the KPI rationales write it)."""
    text = f"{round(value, 1):g}"
    return text.replace(".", ",") if lang == "fr" else text


def _no_population(params: Mapping[str, Any], stem: str) -> RequirementOutcome:
    if params.get("dataset"):
        what = {"en": f"no {params['dataset']} export", "fr": f"aucun export {params['dataset']}"}
    else:
        what = {"en": f"no case list {params['cases_file']}", "fr": f"aucune liste de dossiers {params['cases_file']}"}
    return RequirementOutcome(
        "insufficient",
        {
            "en": f"The case sample cannot be drawn: {what['en']} in the evidence.",
            "fr": f"L'échantillon de dossiers ne peut pas être tiré : {what['fr']} dans les preuves.",
        },
        gap={
            "en": f"Provide the data the sample is drawn from, run `servex cases draw` and trace {stem}.csv.",
            "fr": f"Fournir les données d'où l'échantillon est tiré, lancer `servex cases draw` et tracer {stem}.csv.",
        },
    )


#: the share of n.a. among the traced cases from which the message asks the reader to check them
NA_FLAG_SHARE = 0.2


def _state(share: float, target: float, partial: float) -> str:
    if share >= target:
        return "satisfied"
    return "partial" if share >= partial else "unsatisfied"


def evaluate(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    p = requirement.params
    stem = worksheet_stem(ctx.criterion.id, requirement.id)
    sample = ctx.memo(
        ("case_sample", p.get("dataset"), p.get("cases_file"), p["sample_size"], p["seed"]),
        lambda: draw_sample(p, ctx.evidence, ctx.period),
    )
    if sample is None:
        return _no_population(p, stem)
    if sample.without_ids:  # no case can be drawn, nor traced back to the export
        return RequirementOutcome(
            "insufficient",
            {
                "en": f"{sample.describe_sources()} has no id column, so no case can be drawn from it and traced.",
                "fr": f"{sample.describe_sources()} n'a pas de colonne id : aucun dossier ne peut y être tiré "
                "ni retrouvé.",
            },
            evidence_ids=tuple(sorted(i.id for i in sample.sources)),
            gap={
                "en": "Export the cases with their reference (an id column), so that a sample can be traced.",
                "fr": "Exporter les dossiers avec leur référence (une colonne id) pour qu'un échantillon puisse être "
                "suivi.",
            },
        )
    if not sample.population:
        return RequirementOutcome(
            "insufficient",
            {
                "en": f"No case of {sample.describe_sources()} falls within the assessment period to draw from.",
                "fr": f"Aucun dossier de {sample.describe_sources()} ne tombe dans la période évaluée.",
            },
            evidence_ids=tuple(sorted(i.id for i in sample.sources)),
            gap={
                "en": "Provide the cases of the assessment period.",
                "fr": "Fournir les dossiers de la période évaluée.",
            },
        )
    drawn = set(sample.ids)
    rows = sorted(
        (
            i
            for i in ctx.items(TRACE_KIND)
            if i.attributes.get("criterion") == ctx.criterion.id and i.attributes.get("requirement") == requirement.id
        ),
        key=lambda i: int(i.attributes["row"]),
    )
    accepted: list[EvidenceItem] = []
    refused = []
    for item in rows:
        if item.attributes["case_id"] in drawn:
            accepted.append(item)
            continue
        refused.append(
            {"case_id": item.attributes["case_id"], "source": item.provenance.source, "row": item.attributes["row"]}
        )
        ctx.warn(
            f"case {item.attributes['case_id']} is not in the sample drawn for {ctx.criterion.id}/{requirement.id} "
            f"({sample.describe()}); row refused",
            file=item.provenance.source,
            line=int(item.attributes["row"]),
            field="case_id",
        )
    followed = [i for i in accepted if i.attributes["followed"] == "yes"]
    missed = [i for i in accepted if i.attributes["followed"] == "no"]
    not_applicable = [i.attributes["case_id"] for i in accepted if i.attributes["followed"] == "n.a."]
    traced = len(followed) + len(missed)
    target, partial = float(p["target"]), float(p["partial_target"])
    share = 100.0 * len(followed) / traced if traced else 0.0
    practice = as_text(p["practice"])
    details: dict[str, Any] = {
        "practice": practice,
        "worksheet": sorted({i.provenance.source for i in rows}),
        "sample": {
            "drawn": list(sample.ids),
            "size": sample.size,
            "seed": sample.seed,
            "population": sample.population,
            "from": [i.provenance.source for i in sample.sources],
        },
        "traced": traced,
        "followed": len(followed),
        "share": round(share, 1),
        "target": target,
        "partial_target": partial,
        "min_traced": int(p["min_traced"]),
        "not_followed": [
            {
                "case_id": i.attributes["case_id"],
                "note": i.attributes["note"],
                "source": i.provenance.source,
                "locator": i.provenance.locator,
            }
            for i in missed
        ],
        "not_applicable": not_applicable,
        "untraced": sorted(drawn - {i.attributes["case_id"] for i in accepted}),
        "refused": refused,
    }
    evidence = tuple(sorted({i.id for i in accepted} | {i.id for i in sample.sources}))
    if traced < int(p["min_traced"]):
        return RequirementOutcome(
            "insufficient",
            {
                "en": f"{traced} of the {len(sample.ids)} drawn cases traced; at least {p['min_traced']} are needed.",
                "fr": f"{traced} des {len(sample.ids)} dossiers tirés tracés ; il en faut au moins {p['min_traced']}.",
            },
            evidence_ids=evidence,
            details=details,
            gap={
                "en": f"Trace the drawn cases in {stem}.csv (servex cases draw writes the worksheet).",
                "fr": f"Tracer les dossiers tirés dans {stem}.csv (servex cases draw écrit la feuille).",
            },
        )
    state = _state(share, target, partial)
    k, n = len(followed), traced
    gap = None
    if state != "satisfied":
        names = [str(i.attributes["case_id"]) for i in missed]
        shown = ", ".join(names[:_NAMED]) + (f" (+{len(names) - _NAMED})" if len(names) > _NAMED else "")
        gap = {
            "en": f"Find out why {shown} did not follow the practice and act on it (target {_pct(target)} %).",
            "fr": (
                f"Comprendre pourquoi {shown} n'ont pas suivi la pratique et agir (objectif {_pct(target, 'fr')} %)."
            ),
        }
    en = f"{k} of {n} traced cases followed the practice ({_pct(share)} %): {practice['en']}"
    fr = f"{k} des {n} dossiers tracés ont suivi la pratique ({_pct(share, 'fr')} %) : {practice['fr']}"
    skipped = len(not_applicable)
    if skipped and skipped >= NA_FLAG_SHARE * (skipped + n):  # each has its note; so many still asks a look
        en += f" {skipped} of the {skipped + n} cases traced were marked n.a.: check that the practice does not apply."
        fr += (
            f" {skipped} des {skipped + n} dossiers tracés sont marqués s.o. : vérifier que la pratique ne "
            "s'applique pas."
        )
    return RequirementOutcome(
        state,
        {"en": en, "fr": fr},
        evidence_ids=evidence,
        details=details,
        gap=gap,
    )
