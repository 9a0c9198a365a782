"""Built-in plugin: assessor observations recorded in the manifest.

Some practice only shows on a site visit (how a front-line employee handles an unusual request). The
assessor records it under `observations:` in `servex.yaml`; this plugin turns each entry into an
evidence item with provenance (so findings can cite it) and judges `type: observation` requirements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

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
    people = _organisation_people(ctx.manifest)
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
        own = _of_the_organisation(str(obs.get("observed_by")), people)
        if own is not None:
            ctx.error(
                f"an observation is evidence only when an assessor made it; {obs.get('observed_by')!r} is of the "
                f"organisation assessed ({own}), so it is not used",
                file="servex.yaml",
                field=f"{locator}.observed_by",
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


#: words that say who made an observation is an assessor or auditor (kept whatever else it says)
_ASSESSOR = re.compile(r"assess|audit|[ée]valuat|gutacht|pr[üu]fer", re.IGNORECASE)
#: words that say who made an observation holds a post in the organisation assessed
_OWN_ROLE = re.compile(
    r"\b(?:owner|manager|director|ceo|coo|chief|head\s+of|supervisor|team\s+leader|employee|staff|founder|"
    r"g[ée]rante?|directeur|directrice|responsable|pr[ée]sidente?|salari[ée]e?|inhaber\w*|leiter\w*|"
    r"gesch[äa]ftsf[üu]hrer\w*|mitarbeiter\w*)\b",
    re.IGNORECASE,
)


def _person(text: str) -> str:
    """A name as compared: parenthesised roles out, case and spacing folded ("Jo Penhale (owner)" is
    "jo penhale")."""
    return " ".join(re.sub(r"\([^)]*\)", " ", text).casefold().split())


def _organisation_people(manifest: Mapping[str, Any]) -> dict[str, str]:
    """The names the manifest gives to the organisation assessed and its people (the organisation itself,
    a document's owner, the approver of a not-applicable declaration or an exception), each with where."""
    named: dict[str, str] = {}
    organisation = manifest.get("organisation")
    if isinstance(organisation, Mapping) and organisation.get("name"):
        named[_person(str(organisation["name"]))] = "the organisation's name"
    for entry in manifest.get("files") or []:
        if isinstance(entry, Mapping) and entry.get("owner"):
            named.setdefault(_person(str(entry["owner"])), f"owner of {entry.get('path')} in servex.yaml")
    for key, field in (("not_applicable", "approved_by"), ("exceptions", "approver")):
        for entry in manifest.get(key) or []:
            if isinstance(entry, Mapping) and entry.get(field):
                named.setdefault(_person(str(entry[field])), f"{field} of a `{key}` entry in servex.yaml")
    return named


def _of_the_organisation(observed_by: str, people: Mapping[str, str]) -> str | None:
    """Why the person who made an observation is of the organisation assessed, or None. An observation is
    the assessor's show-me evidence; the manifest is written by whoever prepares the folder, and an owner
    who records "observed: satisfied" for their own shop lifted a criterion as an assessor would. Named
    in the manifest as the organisation's (`people`, see `_organisation_people`), or said to hold a post in
    it ("owner", "manager", "directeur", "Inhaber"), without a word that says assessor or auditor."""
    if _ASSESSOR.search(observed_by):
        return None
    who = _person(observed_by)
    if who and who in people:
        return people[who]
    role = _OWN_ROLE.search(observed_by)
    return f"a post in it: {role.group(0)!r}" if role else None


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
