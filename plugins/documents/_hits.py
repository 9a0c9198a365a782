"""A term's hits in a document: where each starts and how many words it spans, in reading order.

Kept apart from the index (:mod:`._match`) that finds them: a hit is a place (`segment << 32 | word`),
one int made, hashed and compared far faster than a pair, and a question about a term's hits (the first
in each section, the pages it is on) is answered by bisecting its sorted starts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import chain, repeat
from typing import NamedTuple

from servex.plugins.documents._terms import Term, forms

__all__ = [
    "MASK",
    "NOWHERE",
    "NO_HITS",
    "SHIFT",
    "Hit",
    "Hits",
    "merge_hits",
    "new_hit",
    "one_word_spellings",
    "split_phrases",
    "word_places",
]

#: a segment's words are numbered below 2**SHIFT (text is capped at 20M characters, so 10M words at most)
SHIFT = 32
MASK = (1 << SHIFT) - 1
NOWHERE: list[int] = []  #: the places of a word the document lacks (shared, never changed)


class Hit(NamedTuple):  # a tuple, not a dataclass: made and hashed fast
    segment: int
    start: int  #: first word
    end: int  #: one past the last word


new_hit = tuple.__new__  #: `new_hit(Hit, (segment, start, end))` skips NamedTuple's Python-level __new__


class Hits(NamedTuple):
    """A term's hits in reading order: `starts[i]` is where hit i starts (a place: `segment << 32 |
    word`), `sizes[i]` how many words it spans (None: every hit is one word). Never changed once made."""

    starts: list[int]
    sizes: list[int] | None

    def hit(self, i: int) -> Hit:
        place = self.starts[i]
        word = place & MASK
        return new_hit(Hit, (place >> SHIFT, word, word + (self.sizes[i] if self.sizes else 1)))

    def after(self, segment: int, lo: int = 0, hi: int | None = None) -> int:
        """The position of the first hit in a segment after `segment` (from `lo`, before `hi`)."""
        return bisect_left(self.starts, (segment + 1) << SHIFT, lo, len(self.starts) if hi is None else hi)


NO_HITS = Hits([], None)


@lru_cache(maxsize=8192)
def one_word_spellings(term: Term, lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]] | None:
    """For a term whose every spelling is one word (most are: `[complaint, réclamation, plainte]`), what a
    document's word must be to match one: a spelling as written or a plural of it, a word with the stem
    of one, or a word with the prefix of a `word*`. None for a term with a phrase. The same for every
    document, so a document answers with one set intersection instead of lookups word by word."""
    if not all(len(phrase) == 1 for phrase in term.phrases):
        return None
    spellings: set[str] = set()
    stems: dict[str, None] = {}
    prefixes: dict[str, None] = {}
    for (word,) in term.phrases:
        if word.endswith("*"):
            prefixes[word[:-1]] = None
        else:
            written, stemmed = forms(word, lang)
            spellings.update(written)
            stems[stemmed] = None
    return frozenset(spellings), tuple(stems), tuple(prefixes)


@lru_cache(maxsize=8192)
def split_phrases(term: Term) -> tuple[Term | None, tuple[tuple[str, ...], ...]]:
    """A term's one-word spellings as a term of their own (None when it has none), and its longer phrases."""
    words = tuple(phrase for phrase in term.phrases if len(phrase) == 1)
    return (Term(term.label, words) if words else None), tuple(phrase for phrase in term.phrases if len(phrase) > 1)


_INSERTED = 64  #: at most this many longer phrases' hits are put in place one by one; more are sorted in


def merge_hits(single: list[int], longer: set[tuple[int, int]]) -> Hits:
    """The hits of a term's one-word spellings (`single`: places in reading order, no repeats) and of its
    longer phrases (`longer`: (place, words) pairs), in reading order, by place, then length.

    The one-word hits are most of them (a common word occurs hundreds of times in a long document, a
    phrase rarely): they are not turned into pairs and sorted again, the few others are put in place."""
    if not longer:
        return Hits(single, [1] * len(single)) if single else NO_HITS
    if len(longer) > _INSERTED:
        ordered = sorted(chain(zip(single, repeat(1)), longer))
        return Hits([p for p, _s in ordered], [s for _p, s in ordered])
    starts, sizes = list(single), [1] * len(single)
    for place, size in sorted(longer):  # longer than one word, so after a one-word hit at the same place
        at = bisect_right(starts, place)
        starts.insert(at, place)
        sizes.insert(at, size)
    return Hits(starts, sizes)


def word_places(
    where: dict[str, list[int]],
    where_stem: dict[str, list[str]],
    probe: tuple[frozenset[str], tuple[str, ...], tuple[str, ...]] | None,
) -> list[int]:
    """The places of a document's words (`where`, `where_stem`: see `DocIndex`) that match one of a term's
    one-word spellings (`probe`: see :func:`one_word_spellings`), in reading order."""
    if probe is None:
        return NOWHERE
    spellings, stems, prefixes = probe
    matching = where.keys() & spellings
    for stemmed in stems:
        same_stem = where_stem.get(stemmed)
        if same_stem:
            matching.update(same_stem)
    for prefix in prefixes:
        matching.update(k for k in where if k.startswith(prefix))
    if len(matching) <= 1:
        return where[matching.pop()] if matching else NOWHERE
    # each place holds one word, so the places of distinct words never overlap: no set needed
    return sorted(chain.from_iterable(where[k] for k in matching))
