"""Find terms and phrases in extracted text, ignoring case and accents, and quote where they are.

Criteria authors write English and French terms side by side (`[complaint, réclamation, plainte]`);
documents spell them with or without accents, in capitals or not ("RECLAMATIONS"). Both sides are
folded the same way (NFKD, accents dropped, casefold) and compared word by word, so a phrase matches
across line breaks and punctuation. A word also matches its plural (+s, +es, +x) and a trailing `*`
matches any ending (`réclam*`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["DocIndex", "Hit", "Term", "fold", "parse_term"]

_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
SNIPPET_CHARS = 200
_CONTEXT = 70


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


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


def _word_matches(token: str, word: str) -> bool:
    if word.endswith("*"):
        return token.startswith(word[:-1])
    if token == word:
        return True
    stem = word[:-1] if word[-1:] in ("s", "x") else word
    return token in (stem, stem + "s", stem + "es", stem + "x")


@dataclass(frozen=True)
class Hit:
    segment: int
    start: int  #: first word
    end: int  #: one past the last word


@dataclass
class DocIndex:
    """Folded words of each segment, and where each distinct word occurs."""

    segments: tuple[tuple[str, str], ...]
    words: list[list[str]] = field(default_factory=list)
    where: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, segments: tuple[tuple[str, str], ...]) -> DocIndex:
        index = cls(segments)
        for number, (_locator, text) in enumerate(segments):
            words = [fold(w) for w in _WORD.findall(text)]
            index.words.append(words)
            for position, word in enumerate(words):
                index.where.setdefault(word, []).append((number, position))
        return index

    def _starts(self, word: str) -> list[tuple[int, int]]:
        if word.endswith("*"):
            keys = [k for k in self.where if k.startswith(word[:-1])]
        else:
            stem = word[:-1] if word[-1:] in ("s", "x") else word
            keys = [k for k in {word, stem, stem + "s", stem + "es", stem + "x"} if k in self.where]
        return sorted(p for k in keys for p in self.where[k])

    def find(self, term: Term) -> list[Hit]:
        """Every place any spelling of the term occurs, in reading order."""
        hits = set()
        for phrase in term.phrases:
            for segment, start in self._starts(phrase[0]):
                words = self.words[segment]
                end = start + len(phrase)
                if end <= len(words) and all(_word_matches(words[start + k], phrase[k]) for k in range(1, len(phrase))):
                    hits.add(Hit(segment, start, end))
        return sorted(hits, key=lambda h: (h.segment, h.start, h.end))

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

    def snippet(self, first: Hit, last: Hit | None = None) -> str:
        """The original text around the hit(s), at most SNIPPET_CHARS characters."""
        last = last or first
        text = self.segments[first.segment][1]
        spans = [m.span() for m in _WORD.finditer(text)]
        lo_word, hi_word = min(first.start, last.start), max(first.end, last.end) - 1
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
