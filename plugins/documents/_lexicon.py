"""Which words of a criteria set's terms a document has, found for all of them at once.

A set's `document` requirements name about a hundred terms in a thousand spellings, and a document has
the words of a few dozen: asked term by term, every spelling of every term was looked up in each
document (its plurals, its stem), to find mostly nothing. A :class:`Lexicon` is made once per set and
language, and tells which of its words a document has from two set intersections done in C (the
document's distinct words and stems against every spelling and stem of the set's words); a term with
none of its words in the document then has no hits, known without looking it up (see
:meth:`._match.DocIndex.hits`).

A word is in a document exactly when :meth:`._match.DocIndex._starts` finds it somewhere: the document
has one of its spellings as written (itself or a plural) or a word with its stem. A `word*` prefix is
not covered: a term with one is always looked up.
"""

from __future__ import annotations

from collections.abc import Iterable

from servex.plugins.documents._terms import STEMMERS, Term, forms

__all__ = ["Lexicon"]


class Lexicon:
    """The words of some terms, by each spelling and stem that finds them in a document."""

    __slots__ = ("by_spelling", "by_stem", "lang", "words_of")

    def __init__(self, terms: Iterable[Term], lang: str) -> None:
        self.lang = lang if lang in STEMMERS else "en"  #: as DocIndex reads it: words are stemmed in it
        by_spelling: dict[str, set[str]] = {}
        by_stem: dict[str, set[str]] = {}
        #: each term's words, and those of its one-word spellings, for a term with no `word*` (whose
        #: words are all found here)
        self.words_of: dict[Term, tuple[frozenset[str], frozenset[str]]] = {}
        for term in terms:
            words = frozenset(word for phrase in term.phrases for word in phrase)
            if any(word.endswith("*") for word in words):
                continue
            self.words_of[term] = (words, frozenset(phrase[0] for phrase in term.phrases if len(phrase) == 1))
            for word in words:
                spellings, stemmed = forms(word, self.lang)
                for spelling in spellings:
                    by_spelling.setdefault(spelling, set()).add(word)
                by_stem.setdefault(stemmed, set()).add(word)
        self.by_spelling = {key: tuple(words) for key, words in by_spelling.items()}
        self.by_stem = {key: tuple(words) for key, words in by_stem.items()}

    def present(self, where: dict[str, list[int]], where_stem: dict[str, list[str]]) -> set[str]:
        """The words the document has (`where`, `where_stem`: its words and their stems, see DocIndex)."""
        found: set[str] = set()
        for spelling in self.by_spelling.keys() & where.keys():
            found.update(self.by_spelling[spelling])
        for stemmed in self.by_stem.keys() & where_stem.keys():
            found.update(self.by_stem[stemmed])
        return found
