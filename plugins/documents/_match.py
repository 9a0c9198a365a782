"""Find terms and phrases in extracted text, ignoring case and accents, and quote where they are.

Criteria authors write English and French terms side by side (`[complaint, réclamation, plainte]`);
documents spell them with or without accents, in capitals or not ("RECLAMATIONS"). Both sides are
folded the same way (NFKD, accents dropped, casefold) and compared word by word, so a phrase matches
across line breaks and punctuation. A word also matches its plural (+s, +es, +x) and a trailing `*`
matches any ending (`réclam*`), and words are compared by their Snowball stem in the document's
language (English, French or German: "complaints handled" finds "complaint handling").

Segments are grouped into **sections** (the lines under one heading, one PDF page, one sheet row): a
requirement's subject and what the passage must state (see :mod:`._claims`) must meet in one section, so
a document that mentions a word in passing does not count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import snowballstemmer

__all__ = ["DocIndex", "Hit", "Term", "fold", "parse_term", "stem"]

_WORD = re.compile(r"\w+")
_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))
SNIPPET_CHARS = 200
_CONTEXT = 70
_UNDER = re.compile(r'\(under "(.*)"\)\s*$')
_STEMMERS = {"en": "english", "fr": "french", "de": "german"}
#: a segment's words are numbered below 2**_SHIFT (text is capped at 20M characters, so 10M words at most)
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1
_NOWHERE: list[int] = []  #: the places of a word the document lacks (shared, never changed)


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    import snowballstemmer  # with PyStemmer's C extension: loaded when a term is first stemmed

    return snowballstemmer.stemmer(_STEMMERS.get(lang, "english"))


@lru_cache(maxsize=262144)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of a folded word; words of three letters or less stay as they are."""
    if len(word) <= 3 or word.endswith("*") or word.isdigit():
        return word
    return str(_stemmer(lang).stemWord(word))


@lru_cache(maxsize=65536)
def _forms(word: str, lang: str) -> tuple[tuple[str, ...], str]:
    """The spellings a term's word matches as written (itself and its plurals) and its stem: the same for
    every document, so worked out once per word."""
    base = word[:-1] if word[-1:] in ("s", "x") else word
    return tuple(dict.fromkeys((word, base, base + "s", base + "es", base + "x"))), stem(word, lang)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    for ligature, letters in _LIGATURES:  # str.replace: str.translate with a dict is slow on long text
        if ligature in text:
            text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # most text: nothing to drop, and no character-by-character pass
        return decomposed.casefold()
    # only non-ASCII characters can be combining marks: test each distinct one once, drop them in C
    fresh = set("".join(_NON_ASCII.findall(decomposed))) - _SEEN
    if fresh:
        _SEEN.update(fresh)
        marks = {char for char in fresh if unicodedata.combining(char)}
        if marks:
            _MARKS.update(marks)
            _DROP[0] = re.compile("[" + "".join(re.escape(char) for char in sorted(_MARKS)) + "]")
    return (_DROP[0].sub("", decomposed) if _DROP else decomposed).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SEEN: set[str] = set()  #: non-ASCII characters already tested for being combining marks
_MARKS: set[str] = set()  #: the combining marks among them
_DROP: dict[int, re.Pattern[str]] = {}  #: [0]: a pattern matching any of `_MARKS`, once there is one


@dataclass(frozen=True)
class Term:
    """One term of a requirement: any of its spellings (synonyms, translations) may match."""

    label: str  #: as written in the criteria set, for messages
    phrases: tuple[tuple[str, ...], ...]  #: folded words of each spelling


def parse_term(raw: str | Sequence[str]) -> Term:
    spellings = [raw] if isinstance(raw, str) else list(raw)
    phrases = []
    for spelling in spellings:
        words = [fold(w) for w in _WORD.findall(spelling)]
        if words and spelling.rstrip().endswith("*"):
            words[-1] += "*"
        if words:
            phrases.append(tuple(words))
    return Term(" / ".join(spellings), tuple(phrases))


class Hit(NamedTuple):  # a tuple, not a dataclass: a long document has thousands, made and hashed fast
    segment: int
    start: int  #: first word
    end: int  #: one past the last word


_new = tuple.__new__  #: `_new(Hit, (segment, start, end))` skips NamedTuple's Python-level __new__


@dataclass
class DocIndex:
    """Folded words of each segment, and where each distinct word occurs."""

    segments: tuple[tuple[str, str], ...]
    lang: str = "en"
    words: list[list[str]] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)  #: each segment's text, folded, for claim patterns
    #: places of each distinct word (a place is `segment << _SHIFT | word number`), in reading order
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

    @classmethod
    def build(cls, segments: tuple[tuple[str, str], ...], lang: str | None = None) -> DocIndex:
        index = cls(segments, lang if lang in _STEMMERS else "en")
        headings: list[str | None] = []
        where = index.where
        for number, (locator, text) in enumerate(segments):
            folded = fold(text)
            # ASCII text folds word by word exactly as it folds whole (case only): one regex pass, not
            # one call per word; other text keeps the per-word fold, which keeps word positions
            words = _WORD.findall(folded) if text.isascii() else [fold(w) for w in _WORD.findall(text)]
            index.folded.append(folded)
            index.words.append(words)
            # a place is one int (segment << _SHIFT | word): made, hashed and compared far faster than a pair
            for place, word in enumerate(words, number << _SHIFT):
                places = where.get(word)
                if places is None:
                    where[word] = [place]
                else:
                    places.append(place)
            under = _UNDER.search(locator)
            headings.append(under.group(1) if under else None)
        for word in where:  # stems per distinct word, not per occurrence
            index.where_stem.setdefault(stem(word, index.lang), []).append(word)
        index._group(headings)
        first = segments[0][1].strip().lstrip("#").strip() if segments else ""
        index.title_segment = 0 if first and len(first) <= 120 and headings[0] == first[:60] else None
        return index

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
            forms, stemmed = _forms(word, self.lang)
            matching = [k for k in forms if k in where]
            same_stem = self.where_stem.get(stemmed)
            if same_stem:
                matching = list(dict.fromkeys([*matching, *same_stem]))
        if not matching:
            return _NOWHERE
        if len(matching) == 1:
            return where[matching[0]]
        # each place holds one word, so the places of distinct words never overlap: no set needed
        return sorted(chain.from_iterable(where[k] for k in matching))

    def find(self, term: Term) -> list[Hit]:
        """Every place any spelling of the term occurs, in reading order."""
        found = self.memo.get(term)
        if not isinstance(found, list):
            found = self.memo[term] = self._find(term)
        return list(found)

    def _find(self, term: Term) -> list[Hit]:
        """A phrase is where its first word is followed by each next word (the same tests as for the first
        word: `_starts` accepts exactly what `_word_matches` or the stem would), found by set lookups."""
        if len(term.phrases) == 1 and len(term.phrases[0]) == 1:  # one word: its places are the hits
            return [_new(Hit, (p >> _SHIFT, p & _MASK, (p & _MASK) + 1)) for p in self._starts(term.phrases[0][0])]
        found: set[tuple[int, int]] = set()  #: (place of the first word, words)
        for phrase in term.phrases:
            size = len(phrase)
            if size == 1:
                found.update((p, 1) for p in self._starts(phrase[0]))
                continue
            places = [self._starts(word) for word in phrase]
            if not all(places):
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
        # reading order: by segment, start, end
        return [_new(Hit, (p >> _SHIFT, p & _MASK, (p & _MASK) + size)) for p, size in sorted(found)]

    def _start_set(self, word: str) -> set[int]:
        key = ("set", word)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = set(self._starts(word))
        return cached  # type: ignore[return-value]

    def grouped(self, term: Term) -> dict[int, list[Hit]]:
        """The term's hits by section, in reading order (shared by every requirement naming the term)."""
        section_of = self.section_of
        return self._grouped_by("sections", term, lambda hit: section_of[hit.segment])

    def by_segment(self, term: Term) -> dict[int, list[Hit]]:
        """The term's hits by segment, in reading order."""
        return self._grouped_by("segments", term, lambda hit: hit.segment)

    def _grouped_by(self, kind: str, term: Term, place: Callable[[Hit], int]) -> dict[int, list[Hit]]:
        """The term's hits grouped by `place`, computed once per run and term."""
        key = (kind, term)
        cached = self.memo.get(key)
        if cached is None:
            groups: dict[int, list[Hit]] = {}
            for hit in self.find(term):
                groups.setdefault(place(hit), []).append(hit)
            cached = self.memo[key] = groups
        return cached  # type: ignore[return-value]

    def in_title(self, term: Term) -> list[Hit]:
        """The term's hits in the title line (hits are in reading order, so they lead the list)."""
        if self.title_segment is None:
            return []
        hits = []
        for hit in self.find(term):
            if hit.segment != self.title_segment:
                break
            hits.append(hit)
        return hits

    def locators(self, term: Term) -> frozenset[str]:
        """Every place the term occurs, as locators."""
        key = ("locators", term)
        cached = self.memo.get(key)
        if cached is None:
            segments = self.segments
            cached = self.memo[key] = frozenset(segments[s][0] for s in {h.segment for h in self.find(term)})
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

    def locator(self, hit: Hit) -> str:
        return self.segments[hit.segment][0]

    def _spans(self, segment: int, upto: int) -> list[tuple[int, int]]:
        """Where the segment's words are in its text, read as far as word `upto` (or the end): snippets
        quote the passage cited, mostly near a page's start, and a page can hold thousands of words."""
        key = ("spans", segment)
        state: tuple[list[tuple[int, int]], Iterator[re.Match[str]]] | None = self.memo.get(key)  # type: ignore[assignment]
        if state is None:
            state = self.memo[key] = ([], _WORD.finditer(self.segments[segment][1]))
        spans, words = state
        if len(spans) <= upto:
            spans.extend(m.span() for m in islice(words, upto + 1 - len(spans)))
        return spans

    def snippet(self, first: Hit, last: Hit | None = None) -> str:
        """The original text around the hit(s), at most SNIPPET_CHARS characters."""
        last = last or first
        text = self.segments[first.segment][1]
        lo_word, hi_word = min(first.start, last.start), max(first.end, last.end) - 1
        spans = self._spans(first.segment, hi_word)
        lo, hi = spans[lo_word][0], spans[min(hi_word, len(spans) - 1)][1]
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
