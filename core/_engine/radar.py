"""What evidence a criterion shows, read the way an assessor reads it (EFQM RADAR), and the caps that follow.

A rule of a criterion says which requirement states give which scale value. That alone judged
*presence*: one document could make a criterion "met". An assessor asks what *kind* of evidence stands
behind a grade: an **approach** (a document that states the practice), its **deployment** (records, KPIs
computed from operational data, traced cases, observations), its **results** (measured levels against
target) and its **review** (a practice changed after measuring it). Each scale value names the classes it
needs (`needs:`); the engine lowers the grade to the best value whose needs are shown.

Contradicting evidence also caps: answers that say a documented practice rarely happens, roles that
disagree sharply, or a KPI that misses its target while another requirement is satisfied. Then the
criterion is at most partially met, unless it declares `contradictions: ignore`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from servex._contributions import RequirementOutcome
from servex._criteria.model import Criterion, Scale, ScaleValue
from servex._engine.conditions import requirements_in
from servex._record import frozen
from servex._text import Text

__all__ = [
    "CLASSES",
    "DISAGREEMENT_POINTS",
    "Cap",
    "class_cap",
    "class_label",
    "classes_shown",
    "contradictions",
    "needs_of",
]

CLASSES = ("approach", "deployment", "results", "review")
DISAGREEMENT_POINTS = 40.0  #: roles whose medians differ by this much contradict each other
_ROLES = {
    "management": ("managers", "la direction"),
    "staff": ("staff", "les collaborateurs"),
    "customer": ("customers", "les clients"),
}
_LABELS = {
    "approach": ("approach (a document stating the practice)", "approche (un document qui énonce la pratique)"),
    "deployment": (
        "deployment (records, data or observations showing the practice in use)",
        "déploiement (enregistrements, données ou observations montrant la pratique en usage)",
    ),
    "results": ("results (a measured level on target)", "résultats (un niveau mesuré à l'objectif)"),
    "review": (
        "review (a practice changed after measuring it)",
        "revue (une pratique modifiée après l'avoir mesurée)",
    ),
}


def _role(role: str, lang: int) -> str:
    """A role in words (en 0, fr 1); a role servex does not know is named as the organisation wrote it."""
    return _ROLES.get(role, (role, role))[lang]


@frozen
class Cap:
    """One reason the grade was lowered, for the finding's `caps` list."""

    kind: str  #: evidence_classes | contradiction | tell_me
    message: Text
    requirements: tuple[str, ...] = ()
    #: why, for reports to phrase in any language: answers_below | roles_disagree | kpi_off_target |
    #: classes_missing | answers_only, with its parameters (classes, roles, points, from, to)
    reason: str = ""
    params: Mapping[str, object] | None = None


def class_label(cls: str, lang: str) -> str:
    en, fr = _LABELS[cls]
    return fr if lang == "fr" else en


def needs_of(scale: Scale, value: ScaleValue) -> tuple[str, ...]:
    """The classes a value needs: declared, or by default met needs deployment and the top met value all
    four but approach (results and review on top of deployment); partial and below need nothing."""
    if value.needs is not None:
        return value.needs
    if value.status != "met":
        return ()
    met = [v for v in scale.values if v.status == "met"]
    if len(met) > 1 and value is max(met, key=lambda v: v.score):
        return ("deployment", "results", "review")
    return ("deployment",)


def classes_shown(
    criterion: Criterion, outcomes: Mapping[str, RequirementOutcome], declared: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Class -> the show-me requirements that show it.

    A satisfied requirement shows its classes. A measured result that falls short (partial or
    unsatisfied, not insufficient) still shows deployment: the records exist and were measured.
    Tell-me answers show no class: they corroborate, they do not evidence.
    """
    shown: dict[str, list[str]] = {}
    for req in criterion.evidence:
        outcome = outcomes.get(req.id)
        if outcome is None or req.role != "show":
            continue
        classes = tuple(declared.get(req.id) or ())
        if outcome.state == "satisfied":
            got = classes
        elif outcome.state in ("partial", "unsatisfied") and {"deployment", "results"} <= set(classes):
            got = ("deployment",)
        else:
            got = ()
        for cls in got:
            shown.setdefault(cls, []).append(req.id)
    return {cls: sorted(ids) for cls, ids in sorted(shown.items())}


def class_cap(scale: Scale, chosen: ScaleValue, shown: Mapping[str, list[str]]) -> tuple[ScaleValue, tuple[str, ...]]:
    """The best value no better than `chosen` whose needs are shown, and the classes `chosen` lacked."""
    missing = tuple(c for c in needs_of(scale, chosen) if c not in shown)
    if not missing:
        return chosen, ()
    allowed = [
        v for v in scale.values if v.score <= chosen.score and all(c in shown for c in needs_of(scale, v))
    ]
    return (max(allowed, key=lambda v: v.score) if allowed else scale.values[0]), missing


def _top_only(criterion: Criterion, scale: Scale) -> set[str]:
    """Requirements that only the rules for the scale's best value use: evidence of something exemplary
    (a trend, a comparison). Falling short of those is no contradiction of the value below."""
    best = max(v.score for v in scale.values)
    used_elsewhere: set[str] = set()
    used_on_top: set[str] = set()
    for rule in criterion.rules:
        ids = set(requirements_in(rule.when))
        (used_on_top if scale.value(rule.then).score >= best else used_elsewhere).update(ids)
    return used_on_top - used_elsewhere


def _accepted(condition: Mapping[str, object], into: dict[str, set[str]]) -> dict[str, set[str]]:
    """Requirement -> the states a rule's condition names for it."""
    if "req" in condition:
        wanted = condition["is"]
        into.setdefault(str(condition["req"]), set()).update([wanted] if isinstance(wanted, str) else wanted)  # type: ignore[arg-type]
    for key in ("all", "any", "of"):
        for child in condition.get(key) or ():  # type: ignore[attr-defined]
            _accepted(child, into)
    return into


def contradictions(
    criterion: Criterion,
    scale: Scale,
    outcomes: Mapping[str, RequirementOutcome],
    declared: Mapping[str, Sequence[str]],
    rule: int | None = None,
) -> list[Cap]:
    """Evidence that contradicts a satisfied show-me requirement, one sentence each.

    A shortfall the deciding rule names on purpose (`kept: [satisfied, partial, unsatisfied]`: measured,
    whatever the level) is what the criterion accepts, not a contradiction.
    """
    if not criterion.contradictions_cap:
        return []
    accepted = _accepted(criterion.rules[rule - 1].when, {}) if rule else {}
    roles = {r.id: r.role for r in criterion.evidence}
    satisfied_show = sorted(rid for rid, o in outcomes.items() if o.state == "satisfied" and roles.get(rid) == "show")
    if not satisfied_show:
        return []
    exemplary = _top_only(criterion, scale)
    caps: list[Cap] = []
    for rid, outcome in sorted(outcomes.items()):
        if roles.get(rid) == "tell":
            if outcome.state == "unsatisfied":
                caps.append(
                    Cap(
                        "contradiction",
                        {
                            "en": "The answers fall below the level the practice needs, which casts doubt on the "
                            "documents and data that show it.",
                            "fr": "Les réponses sont sous le niveau attendu, ce qui met en doute les documents et "
                            "les données qui montrent la pratique.",
                        },
                        (rid,),
                        "answers_below",
                    )
                )
            for split in outcome.details.get("disagreement") or ():
                medians = [float(m) for m in split.get("medians") or ()]
                if len(medians) == 2 and abs(medians[0] - medians[1]) >= DISAGREEMENT_POINTS:
                    a, b = (str(r) for r in (split.get("roles") or ("?", "?"))[:2])
                    gap = abs(medians[0] - medians[1])
                    caps.append(
                        Cap(
                            "contradiction",
                            {
                                "en": f"{_role(a, 0).capitalize()} and {_role(b, 0)} disagree by {gap:g} points, "
                                "so the practice is not shown to be lived the same way across the organisation.",
                                "fr": f"{_role(a, 1).capitalize()} et {_role(b, 1)} divergent de {gap:g} points : "
                                "la pratique n'est pas vécue de la même façon dans toute l'organisation.",
                            },
                            (rid,),
                            "roles_disagree",
                            {"roles": [a, b], "points": gap},
                        )
                    )
                    break
        elif (
            "results" in (declared.get(rid) or ())
            and outcome.state in ("partial", "unsatisfied")
            and rid not in exemplary
            and outcome.state not in accepted.get(rid, set())
        ):
            caps.append(
                Cap(
                    "contradiction",
                    {
                        "en": "A measured result misses its target while other evidence is satisfied; a practice "
                        "whose results miss the target is only partly shown.",
                        "fr": "Un résultat mesuré manque son objectif alors que d'autres preuves sont satisfaites ; "
                        "une pratique dont les résultats manquent l'objectif n'est que partiellement démontrée.",
                    },
                    (rid,),
                    "kpi_off_target",
                )
            )
    return caps
