"""Labels and number formats of the reports in English and French."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LABELS", "fixed", "long_date", "number", "status_label", "verdict_label"]

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
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "pyramid": "The pyramid at a glance",
        "level_details": "Levels in detail",
        "level_achieved": "This level is achieved.",
        "level_not_achieved": "This level is not achieved.",
        "not_in_scope": "Not in the scope of this assessment.",
        "radar": "Element scores (0–100)",
        "heatmap": "Scores by dimension, element and level",
        "dimension": "Dimension",
        "overall": "Overall",
        "criterion": "Criterion",
        "title_col": "Title",
        "target": "target",
        "trend": "monthly trend",
        "by_role": "Answers by role",
        "disagreement": "Roles disagree",
        "median": "median",
        "records": "records",
        "coverage": "coverage",
        "matching_docs": "Documents",
        "next_level": "The smallest set of criteria that lifts the organisation to {level}",
        "next_gated": "{level} also needs {gate} to be achieved first.",
        "highest": "Highest level achieved",
        "overall_score": "Overall score",
        "next_mark": "next level",
        "appendix_method": "Appendix: methodology and scales",
        "appendix_na": "Appendix: not-applicable declarations",
        "verdict_bands": "Verdict bands",
        "from_score": "From score",
        "achieve_rule": "A level is achieved when its verdict is at least “{verdict}” and the level below it is "
        "achieved; an unmet knock-out criterion caps the level at “{cap}”.",
        "scales": "Grading scales",
        "value": "Value",
        "references": "Standards drawn on",
        "collector": "Collector",
        "size": "Bytes",
        "legend": "Legend",
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
        "contents": "Sommaire",
        "page": "Page",
        "of": "sur",
        "pyramid": "La pyramide en un coup d'œil",
        "level_details": "Les niveaux en détail",
        "level_achieved": "Ce niveau est atteint.",
        "level_not_achieved": "Ce niveau n'est pas atteint.",
        "not_in_scope": "Hors du périmètre de cette évaluation.",
        "radar": "Scores par élément (0–100)",
        "heatmap": "Scores par dimension, élément et niveau",
        "dimension": "Dimension",
        "overall": "Global",
        "criterion": "Critère",
        "title_col": "Intitulé",
        "target": "cible",
        "trend": "tendance mensuelle",
        "by_role": "Réponses par rôle",
        "disagreement": "Les rôles divergent",
        "median": "médiane",
        "records": "enregistrements",
        "coverage": "couverture",
        "matching_docs": "Documents",
        "next_level": "Le plus petit ensemble de critères qui mène l'organisation au niveau {level}",
        "next_gated": "Le niveau {level} exige aussi que {gate} soit atteint d'abord.",
        "highest": "Plus haut niveau atteint",
        "overall_score": "Score global",
        "next_mark": "niveau suivant",
        "appendix_method": "Annexe : méthode et échelles",
        "appendix_na": "Annexe : déclarations de non-applicabilité",
        "verdict_bands": "Seuils de verdict",
        "from_score": "À partir de",
        "achieve_rule": "Un niveau est atteint quand son verdict vaut au moins « {verdict} » et que le niveau "
        "inférieur est atteint ; un critère éliminatoire non satisfait plafonne le niveau à « {cap} ».",
        "scales": "Échelles de notation",
        "value": "Valeur",
        "references": "Normes sources",
        "collector": "Collecteur",
        "size": "Octets",
        "legend": "Légende",
    },
}

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
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


def fixed(value: float | None, lang: str, digits: int = 1) -> str:
    """Fixed precision (`66.7` / `66,7`): tables and charts keep their columns aligned."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def long_date(iso: str | None, lang: str) -> str:
    """`2026-11-27` or `2026-11-27T10:00:00Z` as "27 November 2026" / "27 novembre 2026" ("1er" in French).

    The date is read from the text, never converted to local time: the report shows the result's own date.
    """
    if not iso or len(iso) < 10:
        return iso or "–"
    try:
        year, month, day = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
        name = _MONTHS[lang][month - 1]
    except (ValueError, IndexError):
        return iso
    first = "1er" if lang == "fr" and day == 1 else str(day)
    return f"{first} {name} {year}"
