"""Guess whether a document is English, French or German, so findings can say which language it is in and
its words are compared with the right stems.

What was observed: a German document was guessed English (or nothing, then English), so "Beschwerden"
and "Lösungszeiten" were stemmed as English words and matched no singular a criterion lists, although the
matcher has German stems.

Counting common function words in the first couple of thousand characters is crude but cheap and
right for the policies and procedures an assessment reads; the manifest's `language:` overrides it.
The guess runs once at extraction and is cached with the text.
"""

from __future__ import annotations

import re

__all__ = ["guess_language"]

_LETTERS = re.compile(r"[^\W\d_]+")
_EN = frozenset({"the", "and", "of", "to", "is", "for", "with", "our", "we", "are", "this", "that", "customer"})
_FR = frozenset({"le", "la", "les", "des", "et", "est", "pour", "avec", "nous", "notre", "sont", "une", "client"})
_DE = frozenset({"der", "die", "das", "und", "ist", "für", "mit", "wir", "unsere", "sind", "eine", "nicht", "kunden"})


def guess_language(segments: tuple[tuple[str, str], ...]) -> str | None:
    """en, fr or de, or None when too few function words decide it."""
    sample, size = [], 0
    for _loc, text in segments:
        sample.append(text[:2000])
        size += len(sample[-1])
        if size >= 2000:
            break
    words = _LETTERS.findall(" ".join(sample)[:2000].lower())
    counts = {lang: sum(w in found for w in words) for lang, found in (("en", _EN), ("fr", _FR), ("de", _DE))}
    ranked = sorted(counts.values(), reverse=True)
    if sum(ranked) < 3 or ranked[0] == ranked[1]:
        return None
    return max(counts, key=lambda lang: counts[lang])
