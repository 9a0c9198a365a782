"""The `document` evaluator: does the folder hold the documents a requirement asks for?

The outcome is written for an assessor: which files match and where (file, page, snippet), which
match but are too old or undated, and, when nothing matches, what was looked for and not found, so
the organisation knows exactly what to supply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from servex import EvaluationContext, RequirementOutcome, locator_label
from servex.plugins.documents._claims import CLAIMS
from servex.plugins.documents._outcomes import folder_outcomes
from servex.plugins.documents._stored import cached, content, preload, shows_nothing

if TYPE_CHECKING:  # imported when there is a document to judge: a folder without one never folds a term
    from servex import Requirement
    from servex.plugins.documents._judge import Judgement

__all__ = ["evaluate"]

MAX_LISTED = 20  #: documents detailed per requirement
_RANK = {"match": 0, "too_old": 1, "undated": 2, "partial": 3, "tagged_only": 4}


class _Asked:
    """What a requirement asks for, in the words of its criteria set (a term as its spellings): all its
    messages need, read without the matching machinery (:class:`._judge.Spec` reads the same params)."""

    __slots__ = ("all", "any", "both", "claims", "max_age_days", "min_count", "near", "tags", "tags_any")

    def __init__(self, params: Mapping[str, Any]) -> None:
        content = params.get("content") or {}
        near = content.get("near")
        self.tags = tuple(str(t) for t in params.get("tags") or ())
        self.tags_any = tuple(str(t) for t in params.get("tags_any") or ())
        self.all = tuple(_label(t) for t in content.get("all") or ())
        self.any = tuple(_label(t) for t in content.get("any") or ())
        self.near = (_label(near["terms"][0]), _label(near["terms"][1]), int(near["within"])) if near else None
        self.claims = tuple(str(c) for c in content.get("claims") or ())
        self.both = params.get("match") == "tags_and_content"
        self.max_age_days: int | None = params.get("max_age_days")
        self.min_count = int(params.get("min_count", 1))


def _label(raw: str | Sequence[str]) -> str:
    """A term as `parse_term` labels it: its spellings, slash-separated."""
    return raw if isinstance(raw, str) else " / ".join(raw)


def _wanted(spec: _Asked) -> tuple[str, str]:
    """What the requirement asks for, as a phrase in English and French."""
    en: list[str] = []
    fr: list[str] = []
    # with `match: content` the tags only name where such content usually is: ask for the content
    if spec.tags and spec.both:
        en.append("tagged " + ", ".join(spec.tags))
        fr.append("étiqueté " + ", ".join(spec.tags))
    if spec.tags_any and spec.both:
        en.append("tagged one of " + ", ".join(spec.tags_any))
        fr.append("étiqueté " + " ou ".join(spec.tags_any))
    words_en, words_fr = [], []
    if spec.all:
        labels = "; ".join(spec.all)
        words_en.append(f"mentioning {labels}")
        words_fr.append(f"mentionnant {labels}")
    if spec.any:
        labels = "; ".join(spec.any)
        one_en, one_fr = ("one of ", "l'un de ") if len(spec.any) > 1 else ("", "")
        words_en.append(f"mentioning {one_en}{labels}")
        words_fr.append(f"mentionnant {one_fr}{labels}")
    if spec.near:
        first, second, within = spec.near
        words_en.append(f"with {first} within {within} words of {second}")
        words_fr.append(f"avec {first} à {within} mots au plus de {second}")
    if spec.claims:
        words_en.append("in a passage stating " + ", ".join(CLAIMS[c].label[0] for c in spec.claims))
        words_fr.append("dans un passage indiquant " + ", ".join(CLAIMS[c].label[1] for c in spec.claims))
    if words_en:
        en.append(" and ".join(words_en))
        fr.append(" et ".join(words_fr))
    joiner = (" and ", " et ") if spec.both else (" or ", " ou ")
    return joiner[0].join(en), joiner[1].join(fr)


def _where(verdict: Judgement) -> str:
    file = str(verdict.item.attributes.get("file") or verdict.item.provenance.source)
    return f"{file} ({verdict.citations[0]['locator']})" if verdict.citations else file


def _listing(verdicts: Sequence[Judgement]) -> str:
    names = [_where(v) for v in verdicts[:3]]
    return ", ".join(names) + (f" (+{len(verdicts) - 3})" if len(verdicts) > 3 else "")


def _detail(verdict: Judgement) -> dict[str, Any]:
    item = verdict.item
    return {
        "evidence_id": item.id,
        "file": item.provenance.source,
        "title": item.title,
        "status": verdict.status,
        "date": item.attributes.get("date"),
        "date_source": item.attributes.get("date_source"),
        "age_days": verdict.age_days,
        "stated_date": verdict.stated,  #: the older date its text states, used for its age (see _stated_date)
        "tags_matched": verdict.tags_ok,
        "citations": verdict.citations,
        "missing": verdict.missing,
    }


def _partial_message(spec: _Asked, good: list[Judgement], rest: list[Judgement]) -> tuple[str, str]:
    """One sentence per shortfall: too few matches, too old, undated, or matching only in part."""
    en: list[str] = []
    fr: list[str] = []
    if good:
        en.append(f"Only {len(good)} of the {spec.min_count} documents required match: {_listing(good)}.")
        fr.append(f"{len(good)} document(s) sur les {spec.min_count} requis correspond(ent) : {_listing(good)}.")
    old = [v for v in rest if v.status == "too_old"]
    if old:
        stated_en = f", by the date its text states, {old[0].stated}, not the file's own stamp" if old[0].stated else ""
        stated_fr = (
            f", selon la date que son texte indique, {old[0].stated}, et non l'horodatage du fichier"
            if (old[0].stated)
            else ""
        )
        en.append(
            f"Older than {spec.max_age_days} days at the period end: {_listing(old)} ({old[0].age_days} days"
            f"{stated_en})."
        )
        fr.append(
            f"Plus de {spec.max_age_days} jours à la fin de la période : {_listing(old)} ({old[0].age_days} jours"
            f"{stated_fr})."
        )
    late = [v for v in rest if v.status == "undated" and v.late]
    if late:
        en.append(
            f"Dated more than a year after the assessment period, which cannot be right, so the "
            f"{spec.max_age_days}-day age limit cannot be checked: {_listing(late)} ({late[0].late}); "
            "check `approved` or `issued` in servex.yaml."
        )
        fr.append(
            f"Daté(s) plus d'un an après la période évaluée, ce qui ne peut être juste : la limite d'âge de "
            f"{spec.max_age_days} jours ne peut être vérifiée : {_listing(late)} ({late[0].late}) ; vérifiez "
            "`approved` ou `issued` dans servex.yaml."
        )
    undated = [v for v in rest if v.status == "undated" and not v.late]
    if undated:
        en.append(
            f"Undated, so the {spec.max_age_days}-day age limit cannot be checked: {_listing(undated)}; "
            "declare `approved` or `issued` in servex.yaml."
        )
        fr.append(
            f"Non daté(s), la limite d'âge de {spec.max_age_days} jours ne peut être vérifiée : "
            f"{_listing(undated)} ; indiquez `approved` ou `issued` dans servex.yaml."
        )
    if not en:
        first = rest[0]
        en.append(f"Documents match in part: {_listing(rest)} lacks {'; '.join(m['en'] for m in first.missing)}.")
        fr.append(
            f"Des documents correspondent en partie : {_listing(rest)} ne contient pas "
            f"{'; '.join(m['fr'] for m in first.missing)}."
        )
    return " ".join(en), " ".join(fr)


def evaluate(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    """The outcome kept for the folder as it is (see :mod:`._outcomes`), else worked out and kept."""
    record = folder_outcomes(ctx)
    if record is None:
        return _evaluate(requirement, ctx)
    call = record.call(ctx.criterion.id, requirement)
    outcome = record.get(call)
    if outcome is None:
        outcome = _evaluate(requirement, ctx)
        record.put(call, outcome)
    return outcome


def _distinct(good: list[Judgement]) -> list[Judgement]:
    """The matching documents with copies left out: the same bytes, or the same shape of text (see _shape)."""
    from servex.plugins.documents._shape import text_shape

    by_bytes = list({v.item.provenance.sha256: v for v in reversed(good)}.values())[::-1]
    shapes: dict[str, Judgement] = {}
    for v in by_bytes:
        payload = v.item.payload
        shape = text_shape(payload) if isinstance(payload, tuple) else None
        shapes.setdefault(shape or v.item.provenance.sha256, v)
    return [v for v in by_bytes if v in shapes.values()]


def _judged(requirement: Requirement, ctx: EvaluationContext) -> list[Judgement]:
    """How each document fares, best first; the requirement is parsed only when there is a document."""
    if next(iter(ctx.items("document")), None) is None:
        return []
    from servex.plugins.documents._judge import Spec, judge

    spec = Spec.parse(requirement.params)
    wanted = Spec.content_key(requirement.params)
    if spec.has_content:
        ctx.memo("documents.preloaded", lambda: preload(ctx))
    verdicts = []
    stores = set()
    for item in ctx.items("document"):
        store = getattr(item.payload, "store", None)
        if store is not None:
            stores.add(store)
        shown = None  # no content: nothing can satisfy it, so nothing is matched
        if spec.has_content:
            stored = cached(item, wanted)
            if shows_nothing(stored, item):
                continue
            shown = content(ctx, item, spec, wanted, stored)
        verdict = judge(item, shown, spec, ctx.period.end)
        if verdict.status != "none":
            verdicts.append(verdict)
    for store in stores:
        store.flush()
    # tagged documents first among equals: the organisation pointed there
    verdicts.sort(key=lambda v: (_RANK[v.status], not v.tags_ok, v.item.provenance.source))
    return verdicts


def _evaluate(requirement: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    spec = _Asked(requirement.params)
    verdicts = _judged(requirement, ctx)
    good = [v for v in verdicts if v.status == "match"]
    rest = [v for v in verdicts if v.status != "match"]
    want_en, want_fr = _wanted(spec)
    age_en = f", dated within {spec.max_age_days} days of the period end" if spec.max_age_days else ""
    age_fr = f", datant de moins de {spec.max_age_days} jours à la fin de la période" if spec.max_age_days else ""
    details = {
        "required": spec.min_count,
        "matching": len(good),
        "max_age_days": spec.max_age_days,
        "reference_date": ctx.period.end.isoformat() if spec.max_age_days else None,
        "documents": [_detail(v) for v in verdicts[:MAX_LISTED]],
    }
    ids = tuple(v.item.id for v in verdicts)
    # a file copied under another name is one document: "two sets of minutes" are two different texts,
    # and the same text with other dates and figures is one meeting written up twice (see _shape)
    distinct = _distinct(good) if spec.min_count > 1 else good
    if len(distinct) < spec.min_count <= len(good):
        copies = [v for v in good if v not in distinct]
        en = (
            f"Only {len(distinct)} of the {spec.min_count} documents required: {_listing(copies)} "
            f"{'is a copy' if len(copies) == 1 else 'are copies'} of another matching file (the same bytes, or "
            "the same text with only its dates and figures changed)."
        )
        fr = (
            f"{len(distinct)} document(s) sur les {spec.min_count} requis : {_listing(copies)} "
            f"{'est une copie' if len(copies) == 1 else 'sont des copies'} d'un autre fichier retenu (les mêmes "
            "octets, ou le même texte dont seuls les dates et les chiffres changent)."
        )
        return RequirementOutcome(
            "partial",
            {"en": en, "fr": locator_label(fr, "fr")},
            evidence_ids=tuple(v.item.id for v in distinct),
            details={**details, "matching": len(distinct)},
            gap={
                "en": f"Provide {spec.min_count} different document(s) {want_en}{age_en}.",
                "fr": f"Fournir {spec.min_count} document(s) différent(s) {want_fr}{age_fr}.",
            },
        )
    if len(good) >= spec.min_count:  # near misses stay in the details but are not cited as support
        return RequirementOutcome(
            "satisfied",
            {
                "en": f"{len(good)} matching document(s): {_listing(good)}.",
                "fr": locator_label(f"{len(good)} document(s) correspondant(s) : {_listing(good)}.", "fr"),
            },
            evidence_ids=tuple(v.item.id for v in good),
            details=details,
        )
    gap = {
        "en": f"Provide {spec.min_count} document(s) {want_en}{age_en}.",
        "fr": f"Fournir {spec.min_count} document(s) {want_fr}{age_fr}.",
    }
    if any(v.status != "tagged_only" for v in verdicts):
        en, fr = _partial_message(spec, good, [v for v in rest if v.status != "tagged_only"])
        fr = locator_label(fr, "fr")
        return RequirementOutcome("partial", {"en": en, "fr": fr}, evidence_ids=ids, details=details, gap=gap)
    searched = sum(1 for _ in ctx.items("document"))
    tagged = [v for v in verdicts if v.status == "tagged_only"]
    pointed_en = f" {_listing(tagged)} is tagged for it but states none of it." if tagged else ""
    pointed_fr = f" {_listing(tagged)} est étiqueté pour cela mais n'en dit rien." if tagged else ""
    return RequirementOutcome(
        "unsatisfied",
        {
            "en": f"No document {want_en} among the {searched} documents searched.{pointed_en}",
            "fr": locator_label(f"Aucun document {want_fr} parmi les {searched} documents examinés.{pointed_fr}", "fr"),
        },
        details=details,
        gap=gap,
    )
