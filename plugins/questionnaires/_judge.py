"""Judge a `questionnaire` requirement: the median answer against the target, role by role.

Medians resist one enthusiastic or bitter respondent; the per-role view shows where management and the
front line see the same practice differently, which reports must show rather than average away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import EvaluationContext, Requirement, RequirementOutcome
from servex.plugins.questionnaires._sampling import role_shortfalls, sampling_note

__all__ = ["DISAGREEMENT_POINTS", "evaluate"]

DISAGREEMENT_POINTS = 40.0
_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b}
_ROLE_FR = {"management": "la direction", "staff": "le personnel", "customer": "les clients"}


def _median(values: Any) -> Any:
    """statistics.median, imported on first use: `statistics` pulls in fractions and decimal, which a run
    without questionnaire answers should not pay for at start-up."""
    import statistics

    return statistics.median(values)


def _meets(value: float, target: Mapping[str, Any] | None) -> bool:
    return target is not None and _OPS[target["op"]](value, float(target["value"]))


def _label(entries: list[dict[str, Any]], median: float) -> str:
    """The answer closest to the median, as respondents wrote it."""
    best = min(entries, key=lambda e: (abs(e["score"] - median), str(e["value"])))
    return str(best["value"])


def evaluate(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    params = requirement.params
    qid = str(params["question"])
    roles = list(params.get("roles") or [])
    items = [i for i in ctx.items("answers")]
    entries = [
        e
        for item in items
        for e in (item.payload or [])
        if e["criterion"] == ctx.criterion.id
        and e["question"] == qid
        and e["score"] is not None
        and (not roles or e["role"] in roles)
    ]
    used = tuple(sorted({i.id for i in items if any(e in (i.payload or []) for e in entries)}))
    minimum = int(params.get("min_respondents", 1))
    who = "/".join(roles) or "any role"
    # the answers there are, listed even when they are too few to grade on (a report shows who said what)
    answers = [
        {"respondent": e["name"], "role": e["role"], "value": e["value"], "score": e["score"], "date": e["date"]}
        for e in sorted(entries, key=lambda e: (e["role"], e["respondent"]))
    ]
    short = role_shortfalls(entries, params.get("min_per_role") or {})
    note, sampling = sampling_note(entries, ctx.manifest.get("sampling") or {})
    if short:
        en_short = ", ".join(f"{s['role']}: {s['respondents']} of {s['needed']}" for s in short)
        fr_short = ", ".join(f"{s['role']} : {s['respondents']} sur {s['needed']}" for s in short)
        return RequirementOutcome(
            "insufficient",
            {
                "en": f"Question {qid}: too few respondents per role ({en_short}).",
                "fr": f"Question {qid} : trop peu de répondants par rôle ({fr_short}).",
            },
            evidence_ids=used,
            details={
                "question": qid,
                "shortfalls": short,
                "answers": answers,
                "sampling": sampling,
                "sampling_note": note,
            },
            gap={
                "en": f"Ask more respondents of each role named ({en_short}) the question {qid}.",
                "fr": f"Interroger davantage de répondants de chaque rôle ({fr_short}) sur la question {qid}.",
            },
        )
    if len({e["respondent"] for e in entries}) < minimum:
        return RequirementOutcome(
            "insufficient",
            {
                "en": f"Question {qid}: {len(entries)} answer(s) from {who}, {minimum} needed.",
                "fr": f"Question {qid} : {len(entries)} réponse(s) ({who}), {minimum} requise(s).",
            },
            evidence_ids=used,
            details={"question": qid, "answers": answers, "sampling": sampling, "sampling_note": note},
            gap={
                "en": f"Collect answers to {qid} ({who}): `servex questionnaire export` or an answers file.",
                "fr": f"Recueillir des réponses à {qid} ({who}) : fichier de réponses dans answers/.",
            },
        )
    by_role: dict[str, dict[str, Any]] = {}
    for role in sorted({e["role"] for e in entries}):
        scores = [e["score"] for e in entries if e["role"] == role]
        median = _median(scores)
        by_role[role] = {
            "median": median,
            "min": min(scores),
            "max": max(scores),
            "count": len(scores),
            "typical": _label([e for e in entries if e["role"] == role], median),
        }
    overall = float(_median(e["score"] for e in entries))
    disagreement = [
        {"roles": [a, b], "medians": [by_role[a]["median"], by_role[b]["median"]]}
        for i, a in enumerate(by_role)
        for b in list(by_role)[i + 1 :]
        if abs(by_role[a]["median"] - by_role[b]["median"]) >= DISAGREEMENT_POINTS
    ]
    state = (
        "satisfied"
        if _meets(overall, params["target"])
        else ("partial" if _meets(overall, params.get("partial_target")) else "unsatisfied")
    )
    op, goal = params["target"]["op"], params["target"]["value"]
    en = f"Question {qid}: median answer {overall:g}/100 over {len(entries)} respondent(s) (target {op} {goal:g})."
    fr = f"Question {qid} : réponse médiane {overall:g}/100 sur {len(entries)} répondant(s) (cible {op} {goal:g})."
    for d in disagreement:
        a, b = d["roles"]
        en += (
            f" Roles disagree: {a} answers '{by_role[a]['typical']}' (median {by_role[a]['median']:g}) where "
            f"{b} answers '{by_role[b]['typical']}' ({by_role[b]['median']:g})."
        )
        fr += (
            f" Désaccord : {_ROLE_FR[a]} répond « {by_role[a]['typical']} » (médiane {by_role[a]['median']:g}) "
            f"quand {_ROLE_FR[b]} répond « {by_role[b]['typical']} » ({by_role[b]['median']:g})."
        )
    en += f" Respondents: {note['en']}."
    fr += f" Répondants : {note['fr']}."
    return RequirementOutcome(
        state,
        {"en": en, "fr": fr},
        evidence_ids=used,
        details={
            "question": qid,
            "median": overall,
            "by_role": by_role,
            "disagreement": disagreement,
            "answers": answers,
            "sampling": sampling,
            "sampling_note": note,
        },
        gap=None
        if state == "satisfied"
        else {
            "en": f"Answers to {qid} fall short of the target; see what respondents say and act on it.",
            "fr": f"Les réponses à {qid} n'atteignent pas la cible ; examiner ce que disent les répondants.",
        },
    )
