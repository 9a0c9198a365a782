"""The sentences that say why documents fall short of a `document` requirement: too few, too old,
expired, undated, or matching only in part.

Kept apart from the evaluator (:mod:`._evaluate`) so the wording reads on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from servex.plugins.documents._judge import Judgement

__all__ = ["Asked", "listing", "partial_message"]


class Asked(Protocol):
    """What of a requirement the sentences name (see `_evaluate._Asked`)."""

    max_age_days: int | None
    min_count: int


def where(verdict: Judgement) -> str:
    file = str(verdict.item.attributes.get("file") or verdict.item.provenance.source)
    return f"{file} ({verdict.citations[0]['locator']})" if verdict.citations else file


def listing(verdicts: Sequence[Judgement]) -> str:
    names = [where(v) for v in verdicts[:3]]
    return ", ".join(names) + (f" (+{len(verdicts) - 3})" if len(verdicts) > 3 else "")


def partial_message(spec: Asked, good: list[Judgement], rest: list[Judgement]) -> tuple[str, str]:
    """One sentence per shortfall: too few matches, too old, expired, undated, or matching only in part."""
    en: list[str] = []
    fr: list[str] = []
    if good:
        en.append(f"Only {len(good)} of the {spec.min_count} documents required match: {listing(good)}.")
        fr.append(f"{len(good)} document(s) sur les {spec.min_count} requis correspond(ent) : {listing(good)}.")
    old = [v for v in rest if v.status == "too_old"]
    if old:
        stated_en = f", by the date its text states, {old[0].stated}, not the file's own stamp" if old[0].stated else ""
        stated_fr = (
            f", selon la date que son texte indique, {old[0].stated}, et non l'horodatage du fichier"
            if (old[0].stated)
            else ""
        )
        en.append(
            f"Older than {spec.max_age_days} days at the period end: {listing(old)} ({old[0].age_days} days"
            f"{stated_en})."
        )
        fr.append(
            f"Plus de {spec.max_age_days} jours à la fin de la période : {listing(old)} ({old[0].age_days} jours"
            f"{stated_fr})."
        )
    expired = [v for v in rest if v.status == "expired"]
    if expired:
        # the file's stamp may be recent (saved again): its own text says it was not current in the period
        en.append(
            f"Expired or due for review before the period began, so not a current document for the "
            f"{spec.max_age_days}-day age limit: {listing(expired)} (expired or overdue for review on "
            f"{expired[0].expired}, by the date its text states); provide the current version, or declare "
            "its renewal as `approved` or `issued` in servex.yaml."
        )
        fr.append(
            f"Expiré(s) ou à réviser avant le début de la période, donc pas un document en vigueur pour la "
            f"limite d'âge de {spec.max_age_days} jours : {listing(expired)} (expiré ou à réviser depuis le "
            f"{expired[0].expired}, selon la date que son texte indique) ; fournissez la version en vigueur, ou "
            "indiquez son renouvellement par `approved` ou `issued` dans servex.yaml."
        )
    late = [v for v in rest if v.status == "undated" and v.late]
    if late:
        en.append(
            f"Dated more than a year after the assessment period, which cannot be right, so the "
            f"{spec.max_age_days}-day age limit cannot be checked: {listing(late)} ({late[0].late}); "
            "check `approved` or `issued` in servex.yaml."
        )
        fr.append(
            f"Daté(s) plus d'un an après la période évaluée, ce qui ne peut être juste : la limite d'âge de "
            f"{spec.max_age_days} jours ne peut être vérifiée : {listing(late)} ({late[0].late}) ; vérifiez "
            "`approved` ou `issued` dans servex.yaml."
        )
    undated = [v for v in rest if v.status == "undated" and not v.late]
    if undated:
        en.append(
            f"Undated, so the {spec.max_age_days}-day age limit cannot be checked: {listing(undated)}; "
            "declare `approved` or `issued` in servex.yaml."
        )
        fr.append(
            f"Non daté(s), la limite d'âge de {spec.max_age_days} jours ne peut être vérifiée : "
            f"{listing(undated)} ; indiquez `approved` ou `issued` dans servex.yaml."
        )
    if not en:
        first = rest[0]
        en.append(f"Documents match in part: {listing(rest)} lacks {'; '.join(m['en'] for m in first.missing)}.")
        fr.append(
            f"Des documents correspondent en partie : {listing(rest)} ne contient pas "
            f"{'; '.join(m['fr'] for m in first.missing)}."
        )
    return " ".join(en), " ".join(fr)
