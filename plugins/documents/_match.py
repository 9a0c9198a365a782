"""Find terms and phrases in extracted text, ignoring case and accents, and quote where they are.

Criteria authors write English and French terms side by side (`[complaint, réclamation, plainte]`);
documents spell them with or without accents, in capitals or not ("RECLAMATIONS"). Both sides are
folded the same way (see :mod:`._terms`) and compared word by word, so a phrase matches across line
breaks and punctuation ("complaints handled" finds "complaint handling" through the stems).

Segments are grouped into **sections** (the lines under one heading, one PDF page, one sheet row): a
requirement's subject and what the passage must state (see :mod:`._claims`) must meet in one section, so
a document that mentions a word in passing does not count.

A term's hits are kept as two parallel lists (where each starts, how many words it spans) sorted in
reading order, and a question about them (the first hit of each section, the pages a term is on, the
closest pair of two terms) jumps from section to section by bisection instead of visiting every hit:
common words occur hundreds of times in a long document, and one is asked about by many requirements.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain

from servex.plugins.documents._hits import (
    NO_HITS,
    NOWHERE,
    SHIFT,
    Hit,
    Hits,
    merge_hits,
    one_word_spellings,
    split_phrases,
    word_places,
)
from servex.plugins.documents._lexicon import Lexicon
from servex.plugins.documents._restated import Restated, blank
from servex.plugins.documents._terms import (
    STEMMERS,
    WORD,
    Term,
    fold,
    fold_words,
    forms,
    parse_term,
    stem,
)
from servex.plugins.documents._wordpos import WordCount, WordSpans

__all__ = ["SNIPPET_CHARS", "DocIndex", "Hit", "Hits", "Term", "fold", "parse_term", "stem"]

SNIPPET_CHARS = 200
_CONTEXT = 70
_UNDER = re.compile(r'\(under "(.*)"\)\s*$')


@dataclass
class DocIndex:
    """Folded words of each segment, and where each distinct word occurs."""

    segments: tuple[tuple[str, str], ...]
    lang: str = "en"
    words: list[list[str]] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)  #: each segment's text, folded, for claim patterns
    #: places of each distinct word (a place is `segment << SHIFT | word number`), in reading order
    where: dict[str, list[int]] = field(default_factory=dict)
    where_stem: dict[str, list[str]] = field(default_factory=dict)  #: stem -> the distinct words with it
    section_of: list[int] = field(default_factory=list)  #: segment -> section number
    sections: list[tuple[int, ...]] = field(default_factory=list)  #: section -> its segments
    places: dict[str, list[int]] = field(default_factory=dict)  #: a term's word -> its places (see _starts)
    #: the document's title line, when it opens the document: what it names, every section is about
    title_segment: int | None = None
    #: results already computed on this index (a term found, a claim searched in a segment): the same
    #: terms recur across a set's requirements, and one document is matched against all of them
    memo: dict[object, object] = field(default_factory=dict)
    term_hits: dict[Term, Hits] = field(default_factory=dict)  #: each term's hits (see `hits`)
    #: the words of a segment's folded text where they are not `words` (a character moved a boundary)
    other_words: dict[int, list[str]] = field(default_factory=dict)
    #: passages blanked as restatements of the criteria set (see :mod:`._restated`): [segment, start, end]
    restated_spans: list[list[int]] = field(default_factory=list)
    restated_named: set[str] = field(default_factory=set)  #: criteria whose titles the text names
    #: clauses blanked as denials of a practice (see :mod:`._denials`): [segment, start, end]
    denied: list[list[int]] = field(default_factory=list)
    #: what blanking left out that another reading keeps: something stated only as a plan (the "plans"
    #: reading keeps it) and a plan decided in minutes (the "decisions" reading keeps it); when False,
    #: that reading's index is this one, and is not built again (see Spec.reads)
    planned: bool = False
    decided: bool = False
    #: the words of the set's terms (see :mod:`._lexicon`), when the caller knows the set, and which of
    #: them this document has: a term with none of them has no hits, known without looking it up
    lexicon: Lexicon | None = None
    present: set[str] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        segments: tuple[tuple[str, str], ...],
        lang: str | None = None,
        restated: Restated | None = None,
        plans: bool = False,
        horizon: int | None = None,
        decisions: bool = False,
        lexicon: Lexicon | None = None,
    ) -> DocIndex:
        """`restated`: passages that restate the criteria set's own wording are blanked first (see
        :mod:`._restated`); `restated_spans` then says where ([segment, start, end]). `plans`: what is
        stated only as a plan is kept (for a requirement that asks for a plan, see :mod:`._prospects`);
        `horizon`: the period's last year (a practice said to start after it is a plan, see there);
        `decisions`: a plan decided in minutes is kept ("Agreed: a customer panel will be launched next year":
        for a requirement that asks for a decision), where elsewhere it is a plan like any other.
        `lexicon`: the words of the terms the index will be asked about (see :mod:`._lexicon`)."""
        index = cls(segments, lang if lang in STEMMERS else "en")
        headings: list[str | None] = []
        where: defaultdict[str, list[int]] = defaultdict(list)
        folded_words = [fold_words(text) for _locator, text in segments]
        if restated is not None:
            index._blank_restated(restated, folded_words)
        index._blank_denials(folded_words, plans, horizon, decisions)
        pairs = zip(index.segments, folded_words, strict=True)
        for number, ((locator, _text), (folded, words, same)) in enumerate(pairs):
            index.folded.append(folded)
            index.words.append(words)
            if not same:
                index.other_words[number] = WORD.findall(folded)
            # a place is one int (segment << SHIFT | word): made, hashed and compared far faster than a pair
            for place, word in enumerate(words, number << SHIFT):
                where[word].append(place)  # a defaultdict: a fifth faster than get-then-append per word
            under = _UNDER.search(locator)
            headings.append(under.group(1) if under else None)
        index.where = dict(where)  # a plain dict from here on: a lookup of a missing word adds nothing
        for word in index.where:  # stems per distinct word, not per occurrence
            index.where_stem.setdefault(stem(word, index.lang), []).append(word)
        if lexicon is not None and lexicon.lang == index.lang:
            index.lexicon, index.present = lexicon, lexicon.present(index.where, index.where_stem)
        index._group(headings)
        first = index.segments[0][1].strip().lstrip("#").strip() if index.segments else ""
        index.title_segment = 0 if first and len(first) <= 120 and headings[0] == first[:60] else None
        return index

    def serves(self, reads: str) -> bool:
        """Whether this index, built for what is practice, is the one a `reads` reading (see Spec.reads)
        would build: it blanked nothing that reading keeps (no plan for "plans", no decided plan for
        "decisions"), so that reading's index is not built again."""
        return reads == "practice" or not (self.planned if reads == "plans" else self.decided)

    def _blank_denials(
        self,
        folded_words: list[tuple[str, list[str], bool]],
        plans: bool = False,
        horizon: int | None = None,
        decisions: bool = False,
    ) -> None:
        """Blank what states no practice: the clauses that deny one ("we do not survey customers", see
        :mod:`._denials`), the questions that ask about one ("Do you survey customers?", see
        :mod:`._questions`), the blanks of a template ("within [X] days", see :mod:`._placeholders`),
        what is only planned ("we plan to survey customers", a "Roadmap" section, see :mod:`._prospects`)
        what has ended ("until 2022 we surveyed customers", see :mod:`._lapsed`) and advice to organisations
        in general ("organisations should survey customers", see :mod:`._advice`), a product's capabilities
        offered to its buyers ("HelpFlow helps teams survey customers", see :mod:`._capability`), and what a
        gap analysis or an unticked checklist lists as not in place (see :mod:`._status`), what a writer reports
        the organisation says ("your charter says ...", see :mod:`._reported`), definitions (a glossary,
        see :mod:`._glossary`), what a consultancy's case study says its client does (see :mod:`._clients`) and
        what other organisations do (a competitor review, an industry benchmark, see :mod:`._others`)."""
        # what blanks, imported when an index is built: their patterns take a tenth of a second to compile,
        # and a re-run whose matches are all cached builds no index
        from servex.plugins.documents._advice import document_advice, is_template
        from servex.plugins.documents._capability import document_capability
        from servex.plugins.documents._clients import client_story_spans
        from servex.plugins.documents._denials import denied_spans
        from servex.plugins.documents._glossary import is_glossary_heading
        from servex.plugins.documents._lapsed import lapsed_spans, title_year
        from servex.plugins.documents._others import others_spans
        from servex.plugins.documents._placeholders import placeholder_spans
        from servex.plugins.documents._prospects import (
            is_later_plan_title,
            is_plan_heading,
            plan_section_spans,
            planned_spans,
        )
        from servex.plugins.documents._questions import question_spans
        from servex.plugins.documents._reported import reported_spans
        from servex.plugins.documents._selfassessed import is_self_assessment
        from servex.plugins.documents._status import status_spans

        segments = list(self.segments)
        under = [_UNDER.search(locator) for locator, _text in segments]
        first = segments[0][1].strip().lstrip("#").strip() if segments else ""
        titled = bool(first) and under[0] is not None and under[0].group(1) == first[:60]
        # a "Service roadmap", a "Service plan 2026" in a 2025 assessment: all of it is a plan
        whole = titled and not plans and (is_plan_heading(first) or is_later_plan_title(first, horizon))
        template = is_template([text for _locator, text in segments])
        about = title_year(first) if titled else None  # "Annual complaints report 2019" (see _lapsed)
        glossary = titled and is_glossary_heading(first)  # a "Glossary": every line defines a word
        ticked = titled and is_self_assessment(first)  # a "Self-assessment": the organisation's own ticks
        texts, folded = [text for _locator, text in segments], [w for _f, w, _s in folded_words]
        advice = document_advice(texts, folded)
        offered = document_capability(texts, folded)
        headings = [heading.group(1) if heading else None for heading in under]
        clients = client_story_spans(texts, folded, headings)
        others = others_spans(texts, folded, headings)
        for number, (locator, text) in enumerate(segments):
            heading = under[number]
            if (
                template
                or glossary
                or ticked
                or (heading and (is_glossary_heading(heading.group(1)) or is_self_assessment(heading.group(1))))
            ):
                # a model to adapt (see _advice), definitions (see _glossary), the organisation's own ticks
                # (see _selfassessed): none of it states a practice
                found = [(0, len(text))] if text.strip() else []
            elif whole or (not plans and heading and is_plan_heading(heading.group(1))):
                found = plan_section_spans(text, keep_decided=decisions)
                self.planned = self.planned or bool(found)
                self.decided = self.decided or (not decisions and found != plan_section_spans(text))
            else:
                words = folded_words[number][1]
                decided: list[tuple[int, int]] = []
                planned = [] if plans else planned_spans(text, words, horizon, decisions, decided)
                self.planned, self.decided = self.planned or bool(planned), self.decided or bool(decided)
                found = _merged(
                    denied_spans(text, words) + question_spans(text) + placeholder_spans(text)
                    + planned
                    + lapsed_spans(text, words, horizon, about)
                    + advice[number]
                    + offered[number]
                    + clients[number]
                    + others[number]
                    + reported_spans(text, words)
                    + status_spans(text)
                )
            if found:
                segments[number] = (locator, blank(text, found))
                folded_words[number] = fold_words(segments[number][1])
                self.denied.extend([number, start, end] for start, end in found)
        self.segments = tuple(segments)

    def _blank_restated(self, restated: Restated, folded_words: list[tuple[str, list[str], bool]]) -> None:
        """Blank what restates the criteria set (see :mod:`._restated`) in `segments` and `folded_words`:
        runs of its wording and listed titles; then a line that is nothing but a criterion title, when the
        line before or after it is one too (a list of criteria) or nothing of the document's own follows
        it (a heading over restated text, or over nothing)."""
        segments = list(self.segments)

        def apply(number: int, found: list[tuple[int, int]]) -> None:
            locator, text = segments[number]
            segments[number] = (locator, blank(text, found))
            folded_words[number] = fold_words(segments[number][1])
            self.restated_spans.extend([number, start, end] for start, end in found)

        for number, (_locator, text) in enumerate(self.segments):
            words = folded_words[number][1]
            present = set(words)  # shared by both questions: a page's set of words is made once
            self.restated_named |= restated.named(words, present)
            found = restated.spans(text, words, present)
            if found:
                apply(number, found)
        titles = [restated.is_title(words) for _f, words, _s in folded_words]
        if any(titles):
            content_under: set[str] = set()
            for number, (locator, _text) in enumerate(segments):
                heading = _UNDER.search(locator)
                if heading and folded_words[number][1] and not titles[number]:
                    content_under.add(heading.group(1))
            last = len(segments) - 1
            for number in [n for n, is_title in enumerate(titles) if is_title]:
                listed = (number > 0 and titles[number - 1]) or (number < last and titles[number + 1])
                own = segments[number][1].strip().lstrip("#").strip()[:60] in content_under
                followed = number < last and bool(folded_words[number + 1][1]) and not titles[number + 1]
                if listed or not (own or followed):
                    apply(number, [(0, len(segments[number][1]))])
        self.segments = tuple(segments)

    def _group(self, headings: list[str | None]) -> None:
        """Consecutive segments under one heading form a section; a heading line joins the section it
        opens; a segment with no heading (a PDF page, a row) is a section of its own."""
        current: list[int] = []
        key: str | None = None
        for number, heading in enumerate(headings):
            nxt = headings[number + 1] if number + 1 < len(headings) else None
            text = self.segments[number][1].strip().lstrip("#").strip()
            opens_next = nxt is not None and nxt != heading and text[:60] == nxt
            if current and (heading is None or heading != key or opens_next):
                self.sections.append(tuple(current))
                current = []
            current.append(number)
            key = nxt if opens_next else heading
        if current:
            self.sections.append(tuple(current))
        self.section_of = [0] * len(self.segments)
        for number, members in enumerate(self.sections):
            for segment in members:
                self.section_of[segment] = number

    def _starts(self, word: str) -> list[int]:
        """Where a word of a term occurs (places, in reading order): as written, as a plural, by its prefix
        (`word*`) or its stem. Asked for every word of every term of a set, so remembered by the word
        itself (not a tuple key to build and hash)."""
        found = self.places.get(word)
        if found is None:
            found = self.places[word] = self._places_of(word)
        return found

    def _places_of(self, word: str) -> list[int]:
        where = self.where
        if word.endswith("*"):
            matching = [k for k in where if k.startswith(word[:-1])]
        else:
            spellings, stemmed = forms(word, self.lang)
            same_stem = self.where_stem.get(stemmed)
            if same_stem is None and where.keys().isdisjoint(spellings):
                return NOWHERE  # most words of a set's terms: tested in C
            matching = [k for k in spellings if k in where]
            if same_stem:
                matching = list(dict.fromkeys([*matching, *same_stem]))
        if not matching:
            return NOWHERE
        if len(matching) == 1:
            return where[matching[0]]
        # each place holds one word, so the places of distinct words never overlap: no set needed
        return sorted(chain.from_iterable(where[k] for k in matching))

    def hits(self, term: Term) -> Hits:
        """Every place any spelling of the term occurs, in reading order (by segment, start, end)."""
        found = self.term_hits.get(term)
        if found is None:
            found = self.term_hits[term] = self._hits(term)
        return found

    def _hits(self, term: Term) -> Hits:
        """A phrase is where its first word is followed by each next word (the same tests as for the first
        word: `_starts` accepts exactly what `_word_matches` or the stem would), found by set lookups."""
        present: set[str] | None = None  #: the lexicon's words that are here, when it knows the term's
        singles: frozenset[str] = frozenset()  #: ... and then the term's one-word spellings
        known = self.lexicon.words_of.get(term) if self.lexicon is not None else None
        if known is not None:
            present, (every, singles) = self.present, known
            if every.isdisjoint(present):
                return NO_HITS  # what the lookups below find for a term none of whose words is here
        probe = one_word_spellings(term, self.lang)
        if probe is not None:  # one word each: the places of the document's words that match are the hits
            return Hits(word_places(self.where, self.where_stem, probe), None)
        words, phrases = split_phrases(term)
        # the one-word spellings are found together, as a term of their own, and are in reading order
        if words and (present is None or not present.isdisjoint(singles)):
            single = word_places(self.where, self.where_stem, one_word_spellings(words, self.lang))
        else:
            single = NOWHERE
        found: set[tuple[int, int]] = set()  #: (place of the first word, words) of the longer phrases
        for phrase in phrases:
            if present is not None and not present.issuperset(phrase):
                continue  # a word of it is nowhere (what `_starts` would find for that word)
            size = len(phrase)
            places = []
            for word in phrase:  # most phrases lack a word: the rest are not looked up
                starts = self._starts(word)
                if not starts:
                    break
                places.append(starts)
            if len(places) < size:
                continue
            # walk the rarest word's places and look the others up at their offsets from it; a place
            # shifted past either end of its segment names no word, so a phrase never spans two segments
            pivot = min(range(size), key=lambda k: len(places[k]))
            others = [(k - pivot, self._start_set(word)) for k, word in enumerate(phrase) if k != pivot]
            if len(others) == 1:
                shift, other = others[0]
                found.update((p - pivot, size) for p in places[pivot] if p + shift in other)
            else:
                found.update(
                    (p - pivot, size) for p in places[pivot] if all(p + shift in other for shift, other in others)
                )
        return merge_hits(single, found)

    def _start_set(self, word: str) -> set[int]:
        key = ("set", word)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = set(self._starts(word))
        return cached  # type: ignore[return-value]

    def find(self, term: Term) -> list[Hit]:
        """Every hit of the term, in reading order."""
        found = self.hits(term)
        return [found.hit(i) for i in range(len(found.starts))]

    def first(self, term: Term) -> Hit | None:
        found = self.hits(term)
        return found.hit(0) if found.starts else None

    def first_by_section(self, term: Term) -> dict[int, Hit]:
        """The term's first hit in each section that has one (the first is what a citation quotes)."""
        key = ("sections", term)
        cached: dict[int, Hit] | None = self.memo.get(key)  # type: ignore[assignment]
        if cached is None:
            found = self.hits(term)
            starts, section_of, sections = found.starts, self.section_of, self.sections
            cached = {}
            self.memo[key] = cached
            i = 0
            while i < len(starts):
                section = section_of[starts[i] >> SHIFT]
                cached[section] = found.hit(i)
                i = found.after(sections[section][-1], i + 1)  # sections are runs of consecutive segments
        return cached

    def in_title(self, term: Term) -> Hit | None:
        """The term's first hit when it is in the title line (hits are in reading order)."""
        found = self.hits(term)
        if self.title_segment is None or not found.starts or found.starts[0] >> SHIFT != self.title_segment:
            return None
        return found.hit(0)

    def locators(self, term: Term) -> frozenset[str]:
        """Every place the term occurs, as locators."""
        key = ("locators", term)
        cached = self.memo.get(key)
        if cached is None:
            found, segments = self.hits(term), self.segments
            located: set[str] = set()
            i = 0
            while i < len(found.starts):
                segment = found.starts[i] >> SHIFT
                located.add(segments[segment][0])
                i = found.after(segment, i + 1)
            cached = self.memo[key] = frozenset(located)
        return cached  # type: ignore[return-value]

    def near(self, first: Term, second: Term, within: int) -> tuple[Hit, Hit] | None:
        """The closest pair of the two terms in one segment at most `within` words apart."""
        best: tuple[int, Hit, Hit] | None = None
        seconds = self.find(second)
        for a in self.find(first):
            for b in seconds:
                if b.segment != a.segment:
                    continue
                gap = max(b.start - a.end, a.start - b.end, 0)
                if gap <= within and (best is None or gap < best[0]):
                    best = (gap, a, b)
        return (best[1], best[2]) if best else None

    def vocabulary(self, segment: int) -> list[str]:
        """The distinct words of the segment's folded text, sorted (see :attr:`._claims.Claim.leads`)."""
        key = ("vocabulary", segment)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = sorted(set(self.other_words.get(segment, self.words[segment])))
        return cached  # type: ignore[return-value]

    def locator(self, hit: Hit) -> str:
        return self.segments[hit.segment][0]

    def is_heading(self, segment: int) -> bool:
        """Whether the segment is a heading line (or the title): it names a subject, it states nothing."""
        if segment == self.title_segment:
            return True
        locator, text = self.segments[segment]
        under = _UNDER.search(locator)
        return under is not None and text.strip().lstrip("#").strip()[:60] == under.group(1)

    def in_body(self, term: Term, section: int) -> bool:
        """Whether the term occurs in the section outside its heading lines."""
        found = self.hits(term)
        for segment in self.sections[section]:
            lo = bisect_left(found.starts, segment << SHIFT)
            if lo < found.after(segment, lo) and not self.is_heading(segment):
                return True
        return False

    def word_span(self, segment: int, word: int, clamp: bool = False) -> tuple[int, int] | None:
        """Where word number `word` of the segment's text is (start, end), or None past its last word;
        `clamp`: the last word's then (None only when the text has no word)."""
        key = ("spans", segment)
        spans: WordSpans | None = self.memo.get(key)  # type: ignore[assignment]
        if spans is None:
            spans = self.memo[key] = WordSpans(self.segments[segment][1])
        return spans.get(word, clamp)

    def words_between(self, segment: int, start: int, end: int) -> int:
        """How many words of the segment's folded text WORD finds from character `start` to `end`."""
        key = ("counts", segment)
        counts: WordCount | None = self.memo.get(key)  # type: ignore[assignment]
        if counts is None:
            counts = self.memo[key] = WordCount(self.folded[segment])
        return counts.between(start, end)

    def snippet(self, first: Hit, last: Hit | None = None) -> str:
        """The original text around the hit(s), at most SNIPPET_CHARS characters (remembered: requirements
        that share a term cite its same first hit)."""
        key = ("snippet", first, last)
        found: str | None = self.memo.get(key)  # type: ignore[assignment]
        if found is None:
            found = self.memo[key] = self._snippet(first, last)
        return found

    def _snippet(self, first: Hit, last: Hit | None) -> str:
        last = last or first
        text = self.segments[first.segment][1]
        lo_word, hi_word = min(first.start, last.start), max(first.end, last.end) - 1
        lo_span, hi_span = self.word_span(first.segment, lo_word), self.word_span(first.segment, hi_word, clamp=True)
        if lo_span is None or hi_span is None:
            raise IndexError("a hit past the last word of its segment")
        lo, hi = lo_span[0], hi_span[1]
        if hi - lo > SNIPPET_CHARS:
            hi = lo + SNIPPET_CHARS
        room = max(0, (SNIPPET_CHARS - (hi - lo)) // 2)
        context = min(_CONTEXT, room)
        start, end = max(0, lo - context), min(len(text), hi + context)
        while start > 0 and not text[start - 1].isspace() and start < lo:
            start += 1
        while end < len(text) and not text[end].isspace() and end > hi:
            end -= 1
        return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones joined (a denying clause inside a question)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
