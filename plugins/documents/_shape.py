"""Two documents with the same words are one document, whatever dates and figures they carry.

What was observed: PYR-L1-07 asks for two sets of minutes of a management review. One set of minutes,
copied under another name with its dates and figures changed ("25 November 2025" made "16 December
2025", "15 jobs" made "18 jobs"), made two: the copy check compared the files' bytes, and the bytes
differ. Recycled minutes are a known audit finding: a meeting that happened once, written up twice.

A document's shape is its words in order with every digit, month and weekday name left out. Two matching
documents of the same shape count once where a requirement asks for several. Documents of fewer than
:data:`MIN_WORDS` words are never merged: two short notes may well say the same thing twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

__all__ = ["MIN_WORDS", "text_shape"]

MIN_WORDS = 40
_WORD = re.compile(r"[^\W\d_]+")
_CALENDAR_WORDS = """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec janvier fevrier février mars avril mai juin juillet aout
    août septembre octobre novembre decembre décembre januar februar märz maerz april juni juli oktober
    dezember monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi
    samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag st nd rd th er"""
_CALENDAR = frozenset(_CALENDAR_WORDS.split())


def text_shape(segments: Iterable[tuple[str, str]]) -> str | None:
    """The shape of a document's text (see the module's docstring); None when too short to compare."""
    words = [w for w in _WORD.findall(" ".join(text for _locator, text in segments).lower()) if w not in _CALENDAR]
    if len(words) < MIN_WORDS:
        return None
    return hashlib.sha256(" ".join(words).encode()).hexdigest()
