"""Guess whether a document is English or French, so findings can say which language it is in.

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


def guess_language(segments: tuple[tuple[str, str], ...]) -> str | None:
    """en or fr, or None when too few function words decide it."""
    sample, size = [], 0
    for _loc, text in segments:
        sample.append(text[:2000])
        size += len(sample[-1])
        if size >= 2000:
            break
    words = _LETTERS.findall(" ".join(sample)[:2000].lower())
    en, fr = sum(w in _EN for w in words), sum(w in _FR for w in words)
    if en + fr < 3 or en == fr:
        return None
    return "en" if en > fr else "fr"
