"""Labels and number formats of the reports in English and French."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LABELS", "number", "status_label", "verdict_label"]

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Service excellence gap analysis",
        "organisation": "Organisation",
        "period": "Assessment period",
        "criteria_set": "Criteria set",
        "generated": "Generated",
        "assessor": "Assessor",
        "summary": "Executive summary",
        "readiness": "Certification readiness",
        "levels": "Pyramid levels",
        "level": "Level",
        "score": "Score",
        "verdict": "Verdict",
        "achieved": "Achieved",
        "yes": "yes",
        "no": "no",
        "top_gaps": "The gaps that matter most",
        "capped": "Capped by the knock-out criteria",
        "gated": "Not achievable until level {level} is achieved",
        "blocked": "To reach this level, improve",
        "projected": "projected score",
        "elements": "ISO 23592 elements",
        "element": "Element",
        "findings": "Findings",
        "status": "Status",
        "rationale": "Why",
        "evidence": "Evidence cited",
        "gap": "Gap",
        "recommendation": "Recommendation",
        "action_plan": "Action plan",
        "appendix": "Appendix: evidence inventory",
        "source": "Source",
        "kind": "Kind",
        "na": "Not applicable",
        "justification": "Justification",
        "weight": "weight",
        "knockout": "knock-out",
        "none": "None.",
        "log": "Collection problems",
    },
    "fr": {
        "title": "Analyse des écarts d'excellence de service",
        "organisation": "Organisation",
        "period": "Période évaluée",
        "criteria_set": "Référentiel",
        "generated": "Généré le",
        "assessor": "Évaluateur",
        "summary": "Synthèse",
        "readiness": "Préparation à la certification",
        "levels": "Niveaux de la pyramide",
        "level": "Niveau",
        "score": "Score",
        "verdict": "Verdict",
        "achieved": "Atteint",
        "yes": "oui",
        "no": "non",
        "top_gaps": "Les écarts qui comptent le plus",
        "capped": "Plafonné par les critères éliminatoires",
        "gated": "Inaccessible tant que le niveau {level} n'est pas atteint",
        "blocked": "Pour atteindre ce niveau, améliorer",
        "projected": "score projeté",
        "elements": "Éléments de l'ISO 23592",
        "element": "Élément",
        "findings": "Constats",
        "status": "Statut",
        "rationale": "Pourquoi",
        "evidence": "Preuves citées",
        "gap": "Écart",
        "recommendation": "Recommandation",
        "action_plan": "Plan d'action",
        "appendix": "Annexe : inventaire des preuves",
        "source": "Source",
        "kind": "Type",
        "na": "Non applicable",
        "justification": "Justification",
        "weight": "poids",
        "knockout": "éliminatoire",
        "none": "Aucun.",
        "log": "Problèmes de collecte",
    },
}

_STATUS = {
    "en": {
        "met": "Met",
        "partially_met": "Partially met",
        "not_met": "Not met",
        "not_applicable": "Not applicable",
        "not_assessed": "Not assessed",
        "error": "Error",
    },
    "fr": {
        "met": "Satisfait",
        "partially_met": "Partiellement satisfait",
        "not_met": "Non satisfait",
        "not_applicable": "Non applicable",
        "not_assessed": "Non évalué",
        "error": "Erreur",
    },
}


def status_label(status: str, lang: str) -> str:
    return _STATUS[lang].get(status, status)


def verdict_label(verdict: str | None, lang: str, bands: Mapping[str, Mapping[str, str]]) -> str:
    """The criteria set's own label for a verdict (bands are data in the set, not code here)."""
    if verdict is None:
        return "–"
    label = bands.get(verdict)
    return (label.get(lang) or verdict) if label else verdict


def number(value: float | None, lang: str) -> str:
    """`67.9` in English, `67,9` in French; a dash for no value."""
    if value is None:
        return "–"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text
