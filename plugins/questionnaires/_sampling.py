"""Respondent rules and the sampling note of a questionnaire requirement.

Tell-me evidence is only as good as who was asked. A median over six customers the organisation picked
itself is not the same evidence as six drawn at random, and an assessor must say which. The manifest's
`sampling:` states, per role, who chose the respondents and how; every questionnaire outcome carries the
note ("6 customers chosen by the organisation") and the report shows it next to the answers.
`min_per_role` asks for enough respondents of each role, so a question put to staff and management is
not answered by one manager alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["role_shortfalls", "sampling_note"]

_ROLE = {
    "en": {
        "management": ("manager", "managers"),
        "staff": ("staff member", "staff"),
        "customer": ("customer", "customers"),
    },
    "fr": {
        "management": ("dirigeant", "dirigeants"),
        "staff": ("collaborateur", "collaborateurs"),
        "customer": ("client", "clients"),
    },
}
#: per language, (one respondent, several)
_CHOSEN = {
    "en": {
        "organisation": ("chosen by the organisation",) * 2,
        "assessor": ("chosen by the assessor",) * 2,
        "random_draw": ("drawn at random",) * 2,
        "self_selected": ("who chose to answer",) * 2,
        None: ("who chose the respondents is not stated",) * 2,
    },
    "fr": {
        "organisation": ("choisi par l'organisation", "choisis par l'organisation"),
        "assessor": ("choisi par l'évaluateur", "choisis par l'évaluateur"),
        "random_draw": ("tiré au sort", "tirés au sort"),
        "self_selected": ("volontaire pour répondre", "volontaires pour répondre"),
        None: ("sans indication de qui a choisi les répondants",) * 2,
    },
}


def role_shortfalls(entries: Sequence[Mapping[str, Any]], minimum: Mapping[str, int]) -> list[dict[str, Any]]:
    """The roles with fewer distinct respondents than the rule asks for."""
    short = []
    for role, needed in sorted(minimum.items()):
        got = len({e["respondent"] for e in entries if e["role"] == role})
        if got < needed:
            short.append({"role": role, "respondents": got, "needed": needed})
    return short


def _words(lang: str, role: str, count: int) -> str:
    one, many = _ROLE[lang][role]
    return f"{count} {one if count == 1 else many}"


def sampling_note(
    entries: Sequence[Mapping[str, Any]], sampling: Mapping[str, Any]
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The note per role ("6 customers chosen by the organisation (regulars from the loyalty list)")."""
    rows: list[dict[str, Any]] = []
    parts: dict[str, list[str]] = {"en": [], "fr": []}
    for role in sorted({str(e["role"]) for e in entries}):
        count = len({e["respondent"] for e in entries if e["role"] == role})
        declared = sampling.get(role) or {}
        chosen = declared.get("chosen_by")
        rows.append(
            {
                "role": role,
                "respondents": count,
                "chosen_by": chosen,
                "method": declared.get("method"),
                "population": declared.get("population"),
            }
        )
        for lang in ("en", "fr"):
            chosen_words = _CHOSEN[lang][chosen][0 if count == 1 else 1]
            text = f"{_words(lang, role, count)}{', ' if chosen is None else ' '}{chosen_words}"
            if declared.get("population"):
                text += f" ({'out of' if lang == 'en' else 'sur'} {declared['population']})"
            if declared.get("method"):
                text += f": {declared['method']}" if lang == "en" else f" : {declared['method']}"
            parts[lang].append(text)
    return {"en": "; ".join(parts["en"]), "fr": "; ".join(parts["fr"])}, rows
