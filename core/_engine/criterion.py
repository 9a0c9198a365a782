"""Grade one criterion from the outcomes of its evidence requirements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from servex._contributions import RequirementOutcome
from servex._criteria.model import Criterion, Scale, ScaleValue
from servex._engine.conditions import Tri, evaluate, requirements_in
from servex._engine.radar import Cap, class_cap, class_label, classes_shown, contradictions, needs_of
from servex._record import record
from servex._text import Text, as_text

__all__ = ["DEFAULT_CLASS", "Grade", "grade_criterion"]

DEFAULT_CLASS = ("deployment",)


@record
class Grade:
    status: str
    score: float | None
    scale_value: str | None
    rationale: list[Text] = field(default_factory=list)
    gap: list[Text] = field(default_factory=list)
    corroboration: str = ""  # show_me, tell_me_only, tell_me_sufficient, none
    decided_by: dict[str, Any] = field(default_factory=dict)  #: rule number (or "otherwise") and its value
    evidence_classes: dict[str, Any] = field(default_factory=dict)  #: shown, needed, missing, for_top
    caps: list[Cap] = field(default_factory=list)


def _t(en: str, fr: str) -> Text:
    return {"en": en, "fr": fr}


def _cap_for_tell_me(scale: Scale, chosen: ScaleValue) -> ScaleValue:
    partial = [v for v in scale.values if v.status == "partially_met" and v.score <= chosen.score]
    return max(partial, key=lambda v: v.score) if partial else chosen


def _first_sure_rule(
    criterion: Criterion, scale: Scale, states: Mapping[str, str]
) -> tuple[str | None, int | None, list[tuple[int, list[str]]]]:
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
            return (rule.then if floor is None or score <= floor else None), index, undecided
        if verdict is Tri.UNKNOWN:
            thin = sorted({r for r in requirements_in(rule.when) if states.get(r) == "insufficient"})
            undecided.append((index, thin))
            score = scale.value(rule.then).score
            floor = score if floor is None else min(floor, score)
    return (None if undecided else criterion.otherwise), None, undecided


def _promote(
    criterion: Criterion,
    scale: Scale,
    chosen: ScaleValue,
    shown: Mapping[str, list[str]],
    contradicted: bool,
    rationale: list[Text],
    decided_by: dict[str, Any],
) -> ScaleValue:
    """Every criterion can reach the top of its scale the same way: when its rules stop one step below
    (they name no top value), met with results on target and a practice reviewed after measuring it is
    the top value. A criterion whose rules name the top value keeps its own, stricter bar."""
    top = max(scale.values, key=lambda v: v.score)
    met_below = [v for v in scale.values if v.status == "met" and v.score < top.score]
    if (
        contradicted
        or chosen is top
        or not met_below
        or chosen is not max(met_below, key=lambda v: v.score)
        or any(rule.then == top.id for rule in criterion.rules)
        or not all(c in shown for c in needs_of(scale, top))
    ):
        return chosen
    rationale.append(
        _t(
            f"Met with results on target and a practice reviewed after measuring it: {top.label['en']}.",
            f"Atteint, avec des résultats à l'objectif et une pratique revue après mesure : « {top.label['fr']} ».",
        )
    )
    decided_by["promoted_to"] = top.id
    return top


def _error_rationale(errors: list[str], outcomes: Mapping[str, RequirementOutcome]) -> Text:
    """Say what failed: the evaluator (a plugin bug), a missing evaluator, or the collection of evidence."""
    kind = {rid: (outcomes[rid].details or {}).get("error") for rid in errors}
    crashed = ", ".join(r for r in errors if kind[r] == "evaluator_failed")
    if crashed:
        return _t(
            f"Could not be graded: the evaluator of {crashed} failed (a plugin error; see the run log).",
            f"Évaluation impossible : l'évaluateur de {crashed} a échoué (erreur d'un plugin ; voir le journal).",
        )
    missing = ", ".join(r for r in errors if kind[r] == "no_evaluator")
    if missing:
        return _t(
            f"Could not be graded: no loaded plugin evaluates {missing}.",
            f"Évaluation impossible : aucun plugin chargé n'évalue {missing}.",
        )
    names = ", ".join(errors)
    return _t(
        f"Could not be graded: evidence for {names} could not be collected.",
        f"Évaluation impossible : les preuves pour {names} n'ont pas pu être recueillies.",
    )


def grade_criterion(
    criterion: Criterion,
    scale: Scale,
    outcomes: Mapping[str, RequirementOutcome],
    not_applicable: str | None = None,
    classes: Mapping[str, tuple[str, ...]] | None = None,
) -> Grade:
    """Rules give a value; tell-me, evidence-class and contradiction caps may lower it (docs/grading.md)."""
    declared = {rid: tuple(c) for rid, c in (classes or {}).items() if c}
    for req in criterion.evidence:  # a type that declares no class shows deployment (records of some kind)
        declared.setdefault(req.id, req.evidence_class or DEFAULT_CLASS)
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
        rationale.append(_error_rationale(errors, outcomes))
        return Grade("error", None, None, rationale, [as_text(outcomes[e].gap or outcomes[e].message) for e in errors])

    states = {rid: outcome.state for rid, outcome in outcomes.items()}
    chosen_id, rule_index, undecided = _first_sure_rule(criterion, scale, states)
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
    contradicting = (
        contradictions(criterion, scale, outcomes, declared, rule_index) if chosen.status == "met" else []
    )
    decided_by: dict[str, Any] = {"rule": rule_index if rule_index is not None else "otherwise", "value": chosen.id}
    corroboration = "none"
    caps: list[Cap] = []
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
            caps.append(
                Cap(
                    "tell_me",
                    reason="answers_only",
                    params={"from": chosen.id, "to": capped.id},
                    message=_t(
                        f"Only answers support {chosen.label['en']}; without documents or data to corroborate "
                        f"them, the grade is capped at {capped.label['en']}.",
                        f"Seules des réponses soutiennent « {chosen.label['fr']} » ; faute de documents ou de "
                        f"données qui les corroborent, la note est plafonnée à « {capped.label['fr']} ».",
                    ),
                )
            )
            chosen = capped
    shown = classes_shown(criterion, outcomes, declared)
    needed = needs_of(scale, chosen)
    if corroboration != "tell_me_sufficient":
        capped, missing = class_cap(scale, chosen, shown)
        if capped is not chosen:
            caps.append(
                Cap(
                    "evidence_classes",
                    reason="classes_missing",
                    params={"from": chosen.id, "to": capped.id, "classes": list(missing)},
                    message=_t(
                        f"The rules give {chosen.label['en']}, which needs evidence of "
                        f"{'; '.join(class_label(c, 'en') for c in missing)}; none was shown, so the grade is "
                        f"{capped.label['en']}.",
                        f"Les règles donnent « {chosen.label['fr']} », qui exige des preuves de "
                        f"{' ; '.join(class_label(c, 'fr') for c in missing)} ; aucune n'a été apportée, la note est "
                        f"donc « {capped.label['fr']} ».",
                    ),
                )
            )
            chosen = capped
    chosen = _promote(criterion, scale, chosen, shown, bool(contradicting), rationale, decided_by)
    if contradicting:  # said even when another cap already lowered the grade: the assessor must know
        partial = [v for v in scale.values if v.status == "partially_met" and v.score <= chosen.score]
        if partial and chosen.status == "met":
            chosen = max(partial, key=lambda v: v.score)
        caps.extend(contradicting)
    for cap in caps:
        rationale.append(cap.message)
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
    top = max(scale.values, key=lambda v: v.score)
    classes_json = {
        "shown": shown,
        "needed": list(needed),
        "missing": [c for c in needed if c not in shown],
        "missing_for_top": [c for c in needs_of(scale, top) if c not in shown],
    }
    for cls in classes_json["missing"]:
        gap.append(_t(f"Show {class_label(cls, 'en')}.", f"Apporter des preuves de {class_label(cls, 'fr')}."))
    return Grade(
        chosen.status, chosen.score, chosen.id, rationale, gap, corroboration, decided_by, classes_json, caps
    )


def grade_as_json(grade: Grade) -> dict[str, Any]:
    return {
        "status": grade.status,
        "score": grade.score,
        "scale_value": grade.scale_value,
        "corroboration": grade.corroboration,
        "rationale": grade.rationale,
        "gap": grade.gap,
        "decided_by": grade.decided_by or None,
        "evidence_classes": grade.evidence_classes or None,
        "caps": [
            {
                "kind": c.kind,
                "reason": c.reason,
                "params": dict(c.params or {}),
                "message": c.message,
                "requirements": list(c.requirements),
            }
            for c in grade.caps
        ],
    }
