"""Built-in plugin: assessor observations recorded in the manifest.

Some practice only shows on a site visit (how a front-line employee handles an unusual request). The
assessor records it under `observations:` in `servex.yaml`; this plugin turns each entry into an
evidence item with provenance (so findings can cite it) and judges `type: observation` requirements.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from servex import (
    CollectContext,
    Collector,
    EvaluationContext,
    Evaluator,
    EvidenceItem,
    Provenance,
    RequirementOutcome,
    evidence_id,
    hookimpl,
    sha256_bytes,
)
from servex.plugins._period_window import far_from_period
from servex.plugins.requirement_params import OBSERVATION

if TYPE_CHECKING:
    from servex import Requirement

__all__ = ["servex_collectors", "servex_evaluators"]

_NAME = "observations"


def _collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for index, obs in enumerate(ctx.manifest.get("observations") or []):
        raw = json.dumps(obs, sort_keys=True, default=str).encode()
        locator = f"observations[{index}]"
        # An observation is the assessor's own evidence: a finding resting on it must say who saw what,
        # and when. Without both it is a result written into the manifest ("result: satisfied"), which
        # anyone preparing the folder can write, so it is not used.
        unnamed = [name for name in ("observed_by", "date") if not str(obs.get(name) or "").strip()]
        if unnamed:
            ctx.error(
                f"an observation counts only when it says who made it and when; this one has no "
                f"{' and no '.join(unnamed)}, so it is not used",
                file="servex.yaml",
                field=f"{locator}.{unnamed[0]}",
            )
            continue
        when = str(obs.get("date") or "") or None
        unplaced = _undatable(str(obs.get("date")), ctx)
        if unplaced is not None:
            (ctx.warn if unplaced[1] else ctx.error)(unplaced[0], file="servex.yaml", field=f"{locator}.date")
            continue
        yield EvidenceItem(
            id=evidence_id(_NAME, "servex.yaml", f"{obs['criterion']}/{obs['requirement']}/{index}"),
            kind="observation",
            title=f"Observation on {obs['criterion']} ({obs['requirement']})",
            provenance=Provenance(
                collector=_NAME,
                source="servex.yaml",
                sha256=sha256_bytes(raw),
                size=len(raw),
                media_type="application/yaml",
                collected_at=ctx.collected_at,
                period_start=when,
                period_end=when,
                locator=locator,
            ),
            supports=(str(obs["criterion"]),),
            attributes={
                "criterion": obs["criterion"],
                "requirement": obs["requirement"],
                "result": obs["result"],
                "note": obs["note"],
                "observed_by": obs.get("observed_by"),
                "date": when,
            },
        )


def _undatable(raw: str, ctx: CollectContext) -> tuple[str, bool] | None:
    """Why an observation dated `raw` is not used, and whether that is a warning (a date more than a year
    from the period, see `_period_window`) rather than an error (not a date); None when it is used."""
    try:
        day = date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return f"observation date {raw!r} is not a date (YYYY-MM-DD), so it is not used", False
    far = far_from_period(day, ctx.period)
    if far is None:
        return None
    where, before = far
    what = "it describes another time" if before else "the date cannot be right"
    return f"observation made on {day.isoformat()}, {where}: {what}, so it is not used", True


_RANK = {"unsatisfied": 0, "partial": 1, "satisfied": 2}


def _evaluate(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    found = [
        item
        for item in ctx.items("observation")
        if item.attributes.get("criterion") == ctx.criterion.id and item.attributes.get("requirement") == requirement.id
    ]
    if not found:
        return RequirementOutcome(
            "insufficient",
            {
                "en": "No assessor observation is recorded for this point.",
                "fr": "Aucune observation de l'évaluateur n'est consignée sur ce point.",
            },
            gap={
                "en": "Record an observation in servex.yaml after a site visit.",
                "fr": "Consigner une observation dans servex.yaml après une visite sur site.",
            },
        )
    # Several observations: the least favourable one stands, as an assessor would report it.
    worst = min(found, key=lambda item: (_RANK[item.attributes["result"]], item.id))
    notes = [
        {
            "note": i.attributes["note"],
            "result": i.attributes["result"],
            "observed_by": i.attributes.get("observed_by"),
            "date": i.attributes.get("date"),
        }
        for i in found
    ]
    who = worst.attributes.get("observed_by") or "the assessor"
    return RequirementOutcome(
        worst.attributes["result"],
        {
            "en": f"Observed by {who}: {worst.attributes['note']}",
            "fr": f"Observé par {who} : {worst.attributes['note']}",
        },
        evidence_ids=tuple(sorted(i.id for i in found)),
        details={"observations": notes},
    )


@hookimpl
def servex_collectors() -> list[Collector]:
    return [
        Collector(
            name=_NAME,
            kinds=("observation",),
            collect=_collect,
            auto=True,
            config_schema={"type": "object", "additionalProperties": False},
            description="Assessor observations recorded under `observations:` in servex.yaml.",
        )
    ]


@hookimpl
def servex_evaluators() -> list[Evaluator]:
    return [
        Evaluator(
            type="observation",
            evaluate=_evaluate,
            params_schema=OBSERVATION,
            consumes=("observation",),
            role="show",
            evidence_class=("deployment",),
            description="An assessor's recorded observation from a site visit.",
        )
    ]
