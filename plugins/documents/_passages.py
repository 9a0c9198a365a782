"""Find the passage of a document that best shows a requirement: its subject and what it must state, together.

Every section of the document (see :class:`._match.DocIndex`) is scored on how much of the requirement
it shows: the subject terms (`any`, `near`; `all` when the requirement has no other subject) and the
claims (`claims:`: a time-bound commitment, an owner, a frequency...). The best section is cited first.
A document counts only when one section shows the subject *and* every claim; `all` terms that are not
the subject must each be found somewhere in the document (the topics it must also cover), and are cited
where they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from servex.plugins.documents._claims import CLAIMS, Claim, find_claim
from servex.plugins.documents._match import DocIndex, Hit, Term

__all__ = ["PassageMatch", "best_passage"]

_WORD = re.compile(r"\w+")
MAX_OTHER_PLACES = 5


@dataclass
class PassageMatch:
    complete: bool
    citations: list[dict[str, Any]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    missing: list[dict[str, str]] = field(default_factory=list)


def _cite(
    index: DocIndex, label: str, hits: Sequence[Hit], last: Hit | None = None, places: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """`places`: every locator of the term (its hits elsewhere are cited as `also_at`), for a term; none
    for a claim or a pair of near terms, which are cited where they are."""
    first = hits[0]
    others = sorted(places - {index.locator(first)})
    return {
        "term": label,
        "locator": index.locator(first),
        "snippet": index.snippet(first, last),
        "also_at": others[:MAX_OTHER_PLACES],
    }


def _claim_hit(index: DocIndex, claim: Claim, segments: Sequence[int]) -> Hit | None:
    for segment in segments:
        key = ("claim", claim.id, segment)
        if key not in index.memo:
            index.memo[key] = find_claim(claim, index.folded[segment])
        span: tuple[int, int] | None = index.memo[key]  # type: ignore[assignment]
        if span is not None:
            first = len(_WORD.findall(index.folded[segment][: span[0]]))
            last = max(first + 1, len(_WORD.findall(index.folded[segment][: span[1]])))
            return Hit(segment, first, min(last, max(1, len(index.words[segment]))))
    return None


@dataclass
class _Section:
    number: int
    terms: dict[str, list[Hit]] = field(default_factory=dict)  #: subject label -> hits in the section
    near: tuple[Hit, Hit] | None = None
    claims: dict[str, Hit] = field(default_factory=dict)


def best_passage(
    index: DocIndex,
    subject_any: Sequence[Term],
    subject_all: Sequence[Term],
    near: tuple[Term, Term, int] | None,
    topics: Sequence[Term],
    claims: Sequence[str],
) -> PassageMatch:
    """The section that shows most of the requirement, and whether it shows all of it."""
    near_hits: dict[int, tuple[Hit, Hit]] = {}
    if near:
        first, second, within = near
        seconds = index.by_segment(second)
        longest = max((len(p) for p in second.phrases), default=1)
        for a in index.find(first):
            where = index.section_of[a.segment]
            if where in near_hits:  # the first pair of a section is the one kept
                continue
            inside = seconds.get(a.segment)
            if not inside:
                continue
            # hits are in reading order: skip those that end too early to be within reach, stop past it
            position = bisect_left(inside, a.start - within - longest, key=attrgetter("start"))
            for b in inside[position:]:
                if b.start - a.end > within:
                    break
                if a.start - b.end <= within:
                    near_hits[where] = (a, b)
                    break
    candidates = {number for t in (*subject_any, *subject_all) for number in index.grouped(t)} | set(near_hits)
    # a subject named in the title ("Management review — 14 October 2025") holds for the whole document
    terms = {t.label: t for t in (*subject_any, *subject_all)}
    in_title = {label: index.in_title(term) for label, term in terms.items()}
    if any(in_title.values()):
        candidates |= set(range(len(index.sections)))
    # each term's hits grouped once per document, in reading order
    by_section = {label: index.grouped(term) for label, term in terms.items()}
    sections = []
    for number in sorted(candidates):
        section = _Section(number, near=near_hits.get(number))
        for label in terms:
            inside = by_section[label].get(number) or in_title[label]
            if inside:
                section.terms[label] = inside
        for cid in claims:
            hit = _claim_hit(index, CLAIMS[cid], index.sections[number])
            if hit is not None:
                section.claims[cid] = hit
        sections.append(section)

    def shows_subject(s: _Section) -> bool:
        any_ok = not subject_any or any(t.label in s.terms for t in subject_any)
        all_ok = all(t.label in s.terms for t in subject_all)
        return any_ok and all_ok and (near is None or s.near is not None)

    def score(s: _Section) -> tuple[int, int, int, int]:
        return (int(shows_subject(s)) + len(s.claims), len(s.terms), -s.number, 0)

    match = PassageMatch(False)
    best = max(sections, key=score) if sections else None
    topic_hits = {t.label: index.find(t) for t in topics}
    for term in topics:
        if topic_hits[term.label]:
            match.found.add(term.label)
        else:
            match.missing.append({"en": term.label, "fr": term.label})
    if best is None:
        labels = [t.label for t in (*subject_any, *subject_all)]
        if near:
            labels.append(f"{near[0].label} near {near[1].label}")
        match.missing.insert(0, {"en": "; ".join(labels), "fr": "; ".join(labels)})
        return match
    for label, hits in best.terms.items():
        match.found.add(label)
        match.citations.append(_cite(index, label, hits, places=index.locators(terms[label])))
    if best.near is not None and near is not None:
        label = f"{near[0].label} ~{near[2]}~ {near[1].label}"
        match.found.add(label)
        match.citations.append(_cite(index, label, [best.near[0]], best.near[1]))
    for cid in claims:
        hit = best.claims.get(cid)
        en, fr = CLAIMS[cid].label
        if hit is None:
            match.missing.append(
                {"en": f"a passage on this subject stating {en}", "fr": f"un passage sur ce sujet indiquant {fr}"}
            )
        else:
            match.citations.append(_cite(index, en, [hit]) | {"claim": cid})
    if not shows_subject(best):
        wanted = [t.label for t in subject_all if t.label not in best.terms]
        if subject_any and not any(t.label in best.terms for t in subject_any):
            wanted.append("one of: " + "; ".join(t.label for t in subject_any))
        if near is not None and best.near is None:
            wanted.append(f"{near[0].label} within {near[2]} words of {near[1].label}")
        match.missing.insert(0, {"en": "; ".join(wanted), "fr": "; ".join(wanted)})
    for term in topics:
        if topic_hits[term.label]:
            match.citations.append(_cite(index, term.label, topic_hits[term.label], places=index.locators(term)))
    match.complete = shows_subject(best) and len(best.claims) == len(claims) and all(topic_hits.values())
    return match
