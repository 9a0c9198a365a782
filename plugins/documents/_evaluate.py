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
from servex.plugins.documents._shortfall import listing, partial_message
from servex.plugins.documents._stored import cached, content, preload, shows_nothing

if TYPE_CHECKING:  # imported when there is a document to judge: a folder without one never folds a term
    from servex import Requirement
    from servex.plugins.documents._judge import Judgement

__all__ = ["evaluate"]

MAX_LISTED = 20  #: documents detailed per requirement
_RANK = {"match": 0, "too_old": 1, "expired": 2, "undated": 3, "partial": 4, "tagged_only": 5}


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
        "expired_on": verdict.expired,  #: the date its text says it lapsed, before the period began
        "tags_matched": verdict.tags_ok,
        "citations": verdict.citations,
        "missing": verdict.missing,
    }


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

    params = {**requirement.params, "_horizon": ctx.period.end.year}  # as the collector matched them
    spec = Spec.parse(params)
    wanted = Spec.content_key(params)
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
        verdict = judge(item, shown, spec, ctx.period.end, ctx.period.start)
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
            f"Only {len(distinct)} of the {spec.min_count} documents required: {listing(copies)} "
            f"{'is a copy' if len(copies) == 1 else 'are copies'} of another matching file (the same bytes, or "
            "the same text with only its dates and figures changed)."
        )
        fr = (
            f"{len(distinct)} document(s) sur les {spec.min_count} requis : {listing(copies)} "
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
                "en": f"{len(good)} matching document(s): {listing(good)}.",
                "fr": locator_label(f"{len(good)} document(s) correspondant(s) : {listing(good)}.", "fr"),
            },
            evidence_ids=tuple(v.item.id for v in good),
            details=details,
        )
    gap = {
        "en": f"Provide {spec.min_count} document(s) {want_en}{age_en}.",
        "fr": f"Fournir {spec.min_count} document(s) {want_fr}{age_fr}.",
    }
    if any(v.status != "tagged_only" for v in verdicts):
        en, fr = partial_message(spec, good, [v for v in rest if v.status != "tagged_only"])
        fr = locator_label(fr, "fr")
        return RequirementOutcome("partial", {"en": en, "fr": fr}, evidence_ids=ids, details=details, gap=gap)
    searched = sum(1 for _ in ctx.items("document"))
    tagged = [v for v in verdicts if v.status == "tagged_only"]
    pointed_en = f" {listing(tagged)} is tagged for it but states none of it." if tagged else ""
    pointed_fr = f" {listing(tagged)} est étiqueté pour cela mais n'en dit rien." if tagged else ""
    return RequirementOutcome(
        "unsatisfied",
        {
            "en": f"No document {want_en} among the {searched} documents searched.{pointed_en}",
            "fr": locator_label(f"Aucun document {want_fr} parmi les {searched} documents examinés.{pointed_fr}", "fr"),
        },
        details=details,
        gap=gap,
    )
