"""Grade one criterion from the outcomes of its evidence requirements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from servex._contributions import RequirementOutcome
from servex._criteria.model import Criterion, Scale, ScaleValue
from servex._engine.conditions import Tri, evaluate, requirements_in
from servex._text import Text, as_text

__all__ = ["Grade", "grade_criterion"]


@dataclass
class Grade:
    status: str
    score: float | None
    scale_value: str | None
    rationale: list[Text] = field(default_factory=list)
    gap: list[Text] = field(default_factory=list)
    corroboration: str = ""  # show_me, tell_me_only, tell_me_sufficient, none


def _t(en: str, fr: str) -> Text:
    return {"en": en, "fr": fr}


def _cap_for_tell_me(scale: Scale, chosen: ScaleValue) -> ScaleValue:
    partial = [v for v in scale.values if v.status == "partially_met" and v.score <= chosen.score]
    return max(partial, key=lambda v: v.score) if partial else chosen


def _first_sure_rule(
    criterion: Criterion, scale: Scale, states: Mapping[str, str]
) -> tuple[str | None, list[tuple[int, list[str]]]]:
    """The value of the first rule that holds, when it is a sure lower bound; else None.

    A rule left unknown by thin data might still hold. A later rule that does hold gives a grade that is
    certain only as a floor, and only when it is no better than every unknown rule before it: then
    whatever the missing data says, the criterion is at least that good. Otherwise (or when no rule
    holds) servex does not guess: the criterion is not assessed.
    """
    undecided: list[tuple[int, list[str]]] = []
    floor = None
    for index, rule in enumerate(criterion.rules, start=1):
        verdict = evaluate(rule.when, states)
        if verdict is Tri.TRUE:
            score = scale.value(rule.then).score
            return (rule.then if floor is None or score <= floor else None), undecided
        if verdict is Tri.UNKNOWN:
            thin = sorted({r for r in requirements_in(rule.when) if states.get(r) == "insufficient"})
            undecided.append((index, thin))
            score = scale.value(rule.then).score
            floor = score if floor is None else min(floor, score)
    return (None if undecided else criterion.otherwise), undecided


def grade_criterion(
    criterion: Criterion,
    scale: Scale,
    outcomes: Mapping[str, RequirementOutcome],
    not_applicable: str | None = None,
) -> Grade:
    if not_applicable:
        return Grade(
            "not_applicable",
            None,
            None,
            [
                _t(
                    f"Declared not applicable by the organisation: {not_applicable}",
                    f"Déclaré non applicable par l'organisation : {not_applicable}",
                )
            ],
        )
    rationale = [as_text(outcome.message) for _, outcome in sorted(outcomes.items())]
    errors = sorted(rid for rid, outcome in outcomes.items() if outcome.state == "error")
    if errors:
        names = ", ".join(errors)
        rationale.append(
            _t(
                f"Could not be graded: evidence for {names} could not be collected.",
                f"Évaluation impossible : les preuves pour {names} n'ont pas pu être recueillies.",
            )
        )
        return Grade("error", None, None, rationale, [as_text(outcomes[e].gap or outcomes[e].message) for e in errors])

    states = {rid: outcome.state for rid, outcome in outcomes.items()}
    chosen_id, undecided = _first_sure_rule(criterion, scale, states)
    thin = sorted({r for _, ids in undecided for r in ids})
    names = ", ".join(thin)
    if chosen_id is None:
        index = undecided[0][0]
        rationale.append(
            _t(
                f"Not assessed: the data behind {names} is insufficient to decide whether rule {index} applies.",
                f"Non évalué : les données pour {names} sont insuffisantes pour décider "
                f"si la règle {index} s'applique.",
            )
        )
        return Grade(
            "not_assessed", None, None, rationale, [as_text(outcomes[r].gap or outcomes[r].message) for r in thin]
        )
    if undecided:
        label = scale.value(chosen_id).label
        rationale.append(
            _t(
                f"At least {label['en']}: with enough data for {names}, a better grade could apply.",
                f"Au moins « {label['fr']} » : avec assez de données pour {names}, une meilleure note pourrait "
                "s'appliquer.",
            )
        )

    chosen = scale.value(chosen_id)
    corroboration = "none"
    roles = {req.id: req.role for req in criterion.evidence}
    show_ok = any(states.get(rid) in ("satisfied", "partial") and role == "show" for rid, role in roles.items())
    tell_ok = any(states.get(rid) in ("satisfied", "partial") and role == "tell" for rid, role in roles.items())
    if show_ok:
        corroboration = "show_me"
    elif tell_ok and criterion.tell_me_sufficient:
        corroboration = "tell_me_sufficient"
        rationale.append(
            _t(
                "This criterion accepts answers alone as sufficient evidence.",
                "Ce critère accepte les réponses seules comme preuve suffisante.",
            )
        )
    elif tell_ok:
        corroboration = "tell_me_only"
        capped = _cap_for_tell_me(scale, chosen) if chosen.status == "met" else chosen
        if capped is not chosen:
            rationale.append(
                _t(
                    f"Only tell-me evidence (answers) supports {chosen.label['en']!r}; without documents or data to "
                    f"corroborate it, the grade is capped at {capped.label['en']!r}.",
                    f"Seules des réponses (« dites-moi ») soutiennent « {chosen.label['fr']} » ; faute de documents ou "
                    f"de données qui les corroborent, la note est plafonnée à « {capped.label['fr']} ».",
                )
            )
            chosen = capped
    rationale.append(
        _t(
            f"Graded {chosen.label['en']} ({chosen.score:g}/100) on the {scale.title['en']} scale.",
            f"Note : {chosen.label['fr']} ({chosen.score:g}/100) sur l'échelle « {scale.title['fr']} ».",
        )
    )
    gap: list[Text] = []
    if chosen.status != "met":
        for _rid, outcome in sorted(outcomes.items()):
            if outcome.state != "satisfied":
                gap.append(as_text(outcome.gap or outcome.message))
    return Grade(chosen.status, chosen.score, chosen.id, rationale, gap, corroboration)


def grade_as_json(grade: Grade) -> dict[str, Any]:
    return {
        "status": grade.status,
        "score": grade.score,
        "scale_value": grade.scale_value,
        "corroboration": grade.corroboration,
        "rationale": grade.rationale,
        "gap": grade.gap,
    }
