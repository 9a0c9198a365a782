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
from typing import Any

from servex.plugins.documents._claims import CLAIMS, find_claim
from servex.plugins.documents._hits import MASK, SHIFT, Hit
from servex.plugins.documents._match import DocIndex, Term

__all__ = ["PassageMatch", "best_passage"]

_WORD = re.compile(r"\w+")
MAX_OTHER_PLACES = 5
#: a PDF page is one section, with no heading to say where a passage ends: on a page longer than
#: PAGE_PASSAGE words, a claim counts only within CLAIM_REACH words of the subject
PAGE_PASSAGE = 250
CLAIM_REACH = 120
_CLAIM_TRIES = 40  #: claim occurrences looked at on a page before giving up


@dataclass
class PassageMatch:
    complete: bool
    citations: list[dict[str, Any]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    missing: list[dict[str, str]] = field(default_factory=list)
    #: the best passage states something of the requirement: its subject outside a heading, or a claim
    #: beside it (a heading alone names a topic, it shows nothing of it, not even in part)
    substantive: bool = False


def _cite(
    index: DocIndex, label: str, first: Hit, last: Hit | None = None, places: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """`places`: every locator of the term (its hits elsewhere are cited as `also_at`), for a term; none
    for a claim or a pair of near terms, which are cited where they are."""
    others = sorted(places - {index.locator(first)})
    return {
        "term": label,
        "locator": index.locator(first),
        "snippet": index.snippet(first, last),
        "also_at": others[:MAX_OTHER_PLACES],
    }


#: what ends a statement around a term: a sentence mark, a line end, a table cell (not a colon: "Procédure de
#: réclamation : écrire au service qualité" is one statement)
_STATEMENT_END = re.compile(r"[.!?;|\n]")
#: ... and in a list (a paragraph that opens with a bullet, its items joined on one line), each bullet
_LIST_ITEM_END = re.compile(r"[.!?;|\n]|(?<=\s)[-•*+](?=\s)")
_BULLET = re.compile(r"^\s*[-•*+]\s")
#: a term in fewer words than this, alone between such marks, is a label or a keyword ("Survey.",
#: "Root cause:"), which names a topic and states nothing of it
STATEMENT_WORDS = 4


_MAX_LOOKS = 20  #: hits of a term looked at in a section before it is taken for a keyword list
_REACH = 120  #: characters read on each side of a term to tell a statement from a keyword


def _stated_in(index: DocIndex, term: Term, section: int) -> bool:
    """Whether the term occurs in the section outside its heading lines, in a statement of at least
    :data:`STATEMENT_WORDS` words or in a table (whose rows hold what its header names), not alone as a
    keyword. What was observed: "Survey. NPS. Root cause. Management review." lifted the feedback
    procedure and the root-cause analysis to partial: a list of keywords shows nothing of either.
    Remembered: requirements that share a subject term ask it of the same best section."""
    key = ("stated", term, section)
    known = index.memo.get(key)
    if known is None:
        known = index.memo[key] = _stated(index, term, section)
    return bool(known)


def _stated(index: DocIndex, term: Term, section: int) -> bool:
    found = index.hits(term)
    looked = 0
    for segment in index.sections[section]:
        if index.is_heading(segment):
            continue
        lo = bisect_left(found.starts, segment << SHIFT)
        hi = found.after(segment, lo)
        if lo == hi:
            continue
        text = index.segments[segment][1]
        if "|" in text:  # a table row: its cells are short by nature, and the table is the substance
            return True
        for i in range(lo, hi):
            if _in_a_statement(index, found.hit(i), text):
                return True
            looked += 1
            if looked >= _MAX_LOOKS:
                return False
    return False


def _in_a_statement(index: DocIndex, hit: Hit, text: str) -> bool:
    first = index.word_span(hit.segment, hit.start)
    if first is None:  # folding moved a word boundary: the hit is past the text's last word
        return True
    last = index.word_span(hit.segment, hit.end - 1, clamp=True)
    ends = _LIST_ITEM_END if _BULLET.match(text) else _STATEMENT_END
    at, stop = first[0], (last or first)[1]
    # four words fit in far fewer than _REACH characters: only the stretch around the term is read
    floor = max(0, at - _REACH)
    before = max((m.end() for m in ends.finditer(text, floor, at)), default=floor)
    found = ends.search(text, stop, stop + _REACH)
    after = found.start() if found else min(len(text), stop + _REACH)
    return len(_WORD.findall(text, before, after)) >= STATEMENT_WORDS


def _claim_hit(index: DocIndex, cid: str, section: int) -> Hit | None:
    """Where the section first states the claim, in words (remembered: requirements share claims)."""
    key = ("claim", cid, section)
    if key in index.memo:
        return index.memo[key]  # type: ignore[return-value]
    found: Hit | None = None
    for segment in index.sections[section]:
        span = find_claim(CLAIMS[cid], index.folded[segment], index.vocabulary(segment))
        if span is not None:
            first = index.words_between(segment, 0, span[0])
            last = max(first + 1, index.words_between(segment, 0, span[1]))
            found = Hit(segment, first, min(last, max(1, len(index.words[segment]))))
            break
    index.memo[key] = found
    return found


def _long_page(index: DocIndex, section: int) -> int | None:
    """The segment of a section that is one long PDF page (see :data:`PAGE_PASSAGE`), else None."""
    members = index.sections[section]
    if len(members) != 1:
        return None
    segment = members[0]
    locator = index.segments[segment][0]
    return segment if locator.startswith("page ") and len(index.words[segment]) > PAGE_PASSAGE else None


class _ClaimPlaces:
    """A claim's statements on one page, found as far as asked and no further: most pages name their
    subject near the first one, so the rest of the page is rarely searched (shared by requirements).
    Words are counted only up to the statement found, never over the whole page."""

    __slots__ = ("at", "counted", "done", "found", "words")

    def __init__(self) -> None:
        self.found: list[tuple[int, int]] = []  #: (first word, one past the last) of each statement
        self.at = 0  #: where the search goes on, in characters
        self.counted, self.words = 0, 0  #: characters read so far, and the words in them
        self.done = False

    def get(self, index: DocIndex, cid: str, segment: int, n: int) -> tuple[int, int] | None:
        """The n-th statement, searched for when not yet found; None past the last."""
        text = index.folded[segment]
        while len(self.found) <= n and not self.done and len(self.found) < _CLAIM_TRIES:
            span = find_claim(CLAIMS[cid], text, index.vocabulary(segment), self.at)
            if span is None:
                self.done = True
                break
            first = self.words + index.words_between(segment, self.counted, span[0])
            self.counted, self.words = span[0], first
            self.found.append((first, first + max(1, index.words_between(segment, span[0], span[1]))))
            self.at = span[1] if span[1] > span[0] else span[0] + 1
        return self.found[n] if n < len(self.found) else None


def _claim_near(index: DocIndex, cid: str, segment: int, terms: Sequence[Term]) -> Hit | None:
    """The first statement of the claim on a long page within :data:`CLAIM_REACH` words of a hit of one
    of the subject's `terms`. What was observed: a one-page PDF whose complaints paragraph promised nothing
    satisfied a time-bound commitment from "delivered within 5 working days", twenty lines further down
    about something else."""
    key = ("claim_places", cid, segment)
    places: _ClaimPlaces | None = index.memo.get(key)  # type: ignore[assignment]
    if places is None:
        places = index.memo[key] = _ClaimPlaces()
    base = segment << SHIFT
    starts_of = [index.hits(term).starts for term in terms]
    n = 0
    while (statement := places.get(index, cid, segment, n)) is not None:
        first, last = statement
        for starts in starts_of:
            at = bisect_left(starts, base | first)
            for j in (at - 1, at):
                near = 0 <= j < len(starts) and starts[j] >> SHIFT == segment
                if near and abs((starts[j] & MASK) - first) <= CLAIM_REACH:
                    return Hit(segment, first, min(last, max(1, len(index.words[segment]))))
        n += 1
    return None


def _near_pairs(index: DocIndex, first: Term, second: Term, within: int) -> dict[int, tuple[Hit, Hit]]:
    """Each section's first pair (in reading order of the first term) of hits of the two terms in one
    segment at most `within` words apart. Segments where the second term is absent and sections that
    already have their pair are skipped whole."""
    key = ("near", first, second, within)
    cached: dict[int, tuple[Hit, Hit]] | None = index.memo.get(key)  # type: ignore[assignment]
    if cached is not None:
        return cached
    pairs: dict[int, tuple[Hit, Hit]] = {}
    a_hits, b_hits = index.hits(first), index.hits(second)
    a_starts, a_sizes, b_starts, b_sizes = a_hits.starts, a_hits.sizes, b_hits.starts, b_hits.sizes
    longest = max((len(p) for p in second.phrases), default=1)
    i = 0
    while i < len(a_starts):
        segment = a_starts[i] >> SHIFT
        end_i = a_hits.after(segment, i)
        lo = bisect_left(b_starts, segment << SHIFT)
        hi = b_hits.after(segment, lo)
        section = index.section_of[segment]
        for j in range(i, end_i if lo < hi else i):
            a_start = a_starts[j]
            a_end = a_start + (a_sizes[j] if a_sizes else 1)
            # hits are in reading order: skip those that end too early to be within reach, stop past it
            for k in range(bisect_left(b_starts, a_start - within - longest, lo, hi), hi):
                b_start = b_starts[k]
                if b_start - a_end > within:
                    break
                if a_start - (b_start + (b_sizes[k] if b_sizes else 1)) <= within:
                    pairs[section] = (a_hits.hit(j), b_hits.hit(k))
                    break
            if section in pairs:
                break
        # the first pair of a section is the one kept: on to the next segment, or past the section
        i = a_hits.after(index.sections[section][-1], end_i) if section in pairs else end_i
    index.memo[key] = pairs
    return pairs


@dataclass
class _Section:
    number: int
    terms: dict[str, Hit] = field(default_factory=dict)  #: subject label -> its first hit in the section
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
    near_hits = _near_pairs(index, *near) if near else {}
    # each term's first hit in each section, worked out once per document (hits are in reading order)
    terms = {t.label: t for t in (*subject_any, *subject_all)}
    subject_terms = [*terms.values(), *((near[0], near[1]) if near else ())]
    by_section: dict[str, dict[int, Hit]] = {}
    in_title: dict[str, Hit | None] = {}
    candidates: set[int] = set()
    # a subject none of whose terms is in the document (most requirements, for most documents) has no
    # section to consider: what follows would find none
    if near_hits or any(index.hits(term).starts for term in terms.values()):
        by_section = {label: index.first_by_section(term) for label, term in terms.items()}
        candidates = {number for found in by_section.values() for number in found} | set(near_hits)
        # a subject named in the title ("Management review — 14 October 2025") holds for the whole document
        in_title = {label: index.in_title(term) for label, term in terms.items()}
        if any(hit is not None for hit in in_title.values()):
            candidates |= set(range(len(index.sections)))

    any_labels = [t.label for t in subject_any]
    all_labels = [t.label for t in subject_all]

    def shows_subject(shown: dict[str, Hit], near_hit: tuple[Hit, Hit] | None) -> bool:
        """Whether a section with these subject terms (and this pair of near terms) shows the subject."""
        any_ok = not any_labels or any(label in shown for label in any_labels)
        return any_ok and all(label in shown for label in all_labels) and (near is None or near_hit is not None)

    # the best section: most of subject and claims shown, then most subject terms, then the earliest
    best: _Section | None = None
    best_score = (-1, -1)
    for number in sorted(candidates):
        shown_terms: dict[str, Hit] = {}
        for label in terms:
            inside = by_section[label].get(number) or in_title[label]
            if inside is not None:
                shown_terms[label] = inside
        near_hit = near_hits.get(number)
        shown = int(shows_subject(shown_terms, near_hit))  # (a _Section is made only for a best one)
        # the most this section can score, with every claim it has yet to state: one that cannot beat
        # the best so far (the earlier section wins a tie) is searched no further for claims, which is
        # most of the work (and a section that shows everything ends the search for all that follow)
        most, size = shown + len(claims), len(shown_terms)
        if (most, size) <= best_score:
            continue
        shown_claims: dict[str, Hit] = {}
        page = _long_page(index, number) if claims else None
        for cid in claims:
            hit = _claim_hit(index, cid, number)
            if hit is not None and page is not None:
                hit = _claim_near(index, cid, page, subject_terms)
            if hit is not None:
                shown_claims[cid] = hit
            else:
                most -= 1
                if (most, size) <= best_score:
                    break
        score = (shown + len(shown_claims), size)
        if score > best_score:
            best, best_score = _Section(number, shown_terms, near_hit, shown_claims), score

    match = PassageMatch(False)
    topic_hits = {t.label: index.first(t) for t in topics}
    for term in topics:
        if topic_hits[term.label] is not None:
            match.found.add(term.label)
        else:
            match.missing.append({"en": term.label, "fr": term.label})
    if best is None:
        labels = [t.label for t in (*subject_any, *subject_all)]
        if near:
            labels.append(f"{near[0].label} near {near[1].label}")
        match.missing.insert(0, {"en": "; ".join(labels), "fr": "; ".join(labels)})
        return match
    body = any(_stated_in(index, terms[label], best.number) for label in best.terms) or (
        best.near is not None and not index.is_heading(best.near[0].segment)
    )
    # what the requirement is about must be there for any of it to be shown: its `all` terms (as the subject,
    # or as topics the document must name beside an `any` subject). A customer's letter that names "my
    # complaint of 3 March" shows nothing of a management review, not even in part.
    core = (not subject_all or best.near is not None or any(t.label in best.terms for t in subject_all)) and (
        not topics or any(topic_hits[t.label] is not None for t in topics)
    )
    match.substantive = core and bool(best.terms or best.near) and (body or bool(best.claims))
    for label, hit in best.terms.items():
        match.found.add(label)
        match.citations.append(_cite(index, label, hit, places=index.locators(terms[label])))
    if best.near is not None and near is not None:
        label = f"{near[0].label} ~{near[2]}~ {near[1].label}"
        match.found.add(label)
        match.citations.append(_cite(index, label, best.near[0], best.near[1]))
    for cid in claims:
        hit = best.claims.get(cid)
        en, fr = CLAIMS[cid].label
        if hit is None:
            match.missing.append(
                {"en": f"a passage on this subject stating {en}", "fr": f"un passage sur ce sujet indiquant {fr}"}
            )
        else:
            match.citations.append(_cite(index, en, hit) | {"claim": cid})
    if not shows_subject(best.terms, best.near):
        wanted = [t.label for t in subject_all if t.label not in best.terms]
        if subject_any and not any(t.label in best.terms for t in subject_any):
            wanted.append("one of: " + "; ".join(t.label for t in subject_any))
        if near is not None and best.near is None:
            wanted.append(f"{near[0].label} within {near[2]} words of {near[1].label}")
        match.missing.insert(0, {"en": "; ".join(wanted), "fr": "; ".join(wanted)})
    for term in topics:
        topic = topic_hits[term.label]
        if topic is not None:
            match.citations.append(_cite(index, term.label, topic, places=index.locators(term)))
    match.complete = (
        shows_subject(best.terms, best.near)
        and len(best.claims) == len(claims)
        and all(h is not None for h in topic_hits.values())
    )
    return match
