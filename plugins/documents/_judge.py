"""How one document fares against one `document` requirement.

Kept apart from the outcome wording (:mod:`._evaluate`) so the matching rules read on their own:
which tags and terms it has, where they are, and whether it is recent enough.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from servex import EvidenceItem
from servex.plugins.documents._match import DocIndex, Term, fold, parse_term

__all__ = ["Judgement", "Spec", "judge"]

MAX_CITATIONS = 8  #: per document, so a long policy does not flood the report
MAX_OTHER_PLACES = 5


@dataclass(frozen=True)
class Spec:
    """The params of a requirement, parsed once."""

    tags: tuple[str, ...]  #: the document carries every one of these
    tags_any: tuple[str, ...]  #: ... and at least one of these (alternative names for one kind of document)
    all: tuple[Term, ...]
    any: tuple[Term, ...]
    near: tuple[Term, Term, int] | None
    both: bool  #: tags_and_content
    content_decides: bool  #: match: content (tags only name the usual kind of document)
    max_age_days: int | None
    min_count: int

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> Spec:
        content = params.get("content") or {}
        near = content.get("near")
        return cls(
            tags=tuple(str(t) for t in params.get("tags") or ()),
            tags_any=tuple(str(t) for t in params.get("tags_any") or ()),
            all=tuple(parse_term(t) for t in content.get("all") or ()),
            any=tuple(parse_term(t) for t in content.get("any") or ()),
            near=(parse_term(near["terms"][0]), parse_term(near["terms"][1]), int(near["within"])) if near else None,
            both=params.get("match") == "tags_and_content",
            content_decides=params.get("match") == "content",
            max_age_days=params.get("max_age_days"),
            min_count=int(params.get("min_count", 1)),
        )

    @property
    def has_tags(self) -> bool:
        return bool(self.tags or self.tags_any)

    @property
    def has_content(self) -> bool:
        return bool(self.all or self.any or self.near)


@dataclass
class Judgement:
    item: EvidenceItem
    status: str = "none"  #: match | too_old | undated | partial | none
    age_days: int | None = None
    tags_ok: bool = False
    citations: list[dict[str, Any]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  #: labels of terms found
    missing: list[dict[str, str]] = field(default_factory=list)  #: what this document lacks, {en, fr}


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _cite(index: DocIndex, label: str, hits: Sequence[Any], last: Any = None) -> dict[str, Any]:
    first = hits[0]
    others = sorted({index.locator(h) for h in hits[1:]} - {index.locator(first)})
    return {
        "term": label,
        "locator": index.locator(first),
        "snippet": index.snippet(first, last),
        "also_at": others[:MAX_OTHER_PLACES],
    }


def _content(index: DocIndex, spec: Spec, verdict: Judgement) -> tuple[bool, bool]:
    """(every content condition holds, some term was found), filling citations and what is missing."""
    complete = True
    for term in spec.all:
        hits = index.find(term)
        if hits:
            verdict.found.add(term.label)
            verdict.citations.append(_cite(index, term.label, hits))
        else:
            complete = False
            verdict.missing.append(_text(term.label, term.label))
    if spec.any:
        found_any = False
        for term in spec.any:
            hits = index.find(term)
            if hits:
                found_any = True
                verdict.found.add(term.label)
                verdict.citations.append(_cite(index, term.label, hits))
        if not found_any:
            complete = False
            labels = "; ".join(t.label for t in spec.any)
            if len(spec.any) > 1:
                verdict.missing.append(_text(f"one of: {labels}", f"l'un de : {labels}"))
            else:
                verdict.missing.append(_text(labels, labels))
    if spec.near:
        first, second, within = spec.near
        pair = index.near(first, second, within)
        label = f"{first.label} ~{within}~ {second.label}"
        if pair:
            verdict.found.add(label)
            verdict.citations.append(_cite(index, label, [pair[0]], pair[1]))
        else:
            complete = False
            for term in (first, second):
                if index.find(term):
                    verdict.found.add(term.label)
            verdict.missing.append(
                _text(
                    f"{first.label} within {within} words of {second.label}",
                    f"{first.label} à {within} mots au plus de {second.label}",
                )
            )
    del verdict.citations[MAX_CITATIONS:]
    return complete, bool(verdict.found)


def _age(item: EvidenceItem, reference: date) -> int | None:
    try:
        return (reference - date.fromisoformat(str(item.attributes.get("date")))).days
    except ValueError:
        return None


def judge(item: EvidenceItem, index: DocIndex | None, spec: Spec, reference: date) -> Judgement:
    verdict = Judgement(item)
    held = {fold(t) for t in item.tags}
    wanted = [t for t in spec.tags if fold(t) not in held]
    one_of = not spec.tags_any or any(fold(t) in held for t in spec.tags_any)
    verdict.tags_ok = spec.has_tags and not wanted and one_of
    some_tags = (bool(spec.tags) and len(wanted) < len(spec.tags)) or (bool(spec.tags_any) and one_of)
    content_ok, some_content = _content(index, spec, verdict) if spec.has_content and index else (False, False)
    if spec.content_decides and spec.has_content:
        hit = content_ok  # a tagged document without the content is a near miss, listed as partial
    elif spec.has_tags and spec.has_content:
        hit = verdict.tags_ok and content_ok if spec.both else verdict.tags_ok or content_ok
    else:
        hit = verdict.tags_ok if spec.has_tags else content_ok
    if hit:
        verdict.missing = []
    else:
        if not one_of:
            alternatives = " | ".join(spec.tags_any)
            verdict.missing.insert(0, _text(f"tag {alternatives}", f"étiquette {alternatives}"))
        if wanted:
            verdict.missing.insert(0, _text(f"tag {', '.join(wanted)}", f"étiquette {', '.join(wanted)}"))
    if not hit:
        verdict.status = "partial" if some_tags or some_content or verdict.tags_ok else "none"
        return verdict
    verdict.age_days = _age(item, reference)
    if spec.max_age_days is None:
        verdict.status = "match"
    elif verdict.age_days is None:
        verdict.status = "undated"
    else:
        verdict.status = "match" if verdict.age_days <= spec.max_age_days else "too_old"
    return verdict
