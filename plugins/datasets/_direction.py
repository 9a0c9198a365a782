"""A score column whose header says 1 is the best answer is not read the wrong way round.

servex reads higher answers as better: a top-two box counts 4 and 5 of 1-5, a mean is better higher. A
survey that asks "Zufriedenheit (1 = sehr zufrieden, 5 = sehr unzufrieden)", as German school grades and
many DACH questionnaires do, has its best answers at 1: read as exported, its satisfied customers count
as dissatisfied and its unhappy ones as the top box, and nothing looks wrong. When a mapped score
column's header says 1 is the best answer and the file declares no scale for it, the file is refused
with a message that asks for the scale best answer first (`scales: {satisfaction_score: [5, 1]}`, which
turns each answer round as it is read, see _typing.scale_sql), or as it is if the header misleads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._fields import SCALES, Source
from servex.plugins.datasets._mapping import MappingError

__all__ = ["check_direction"]

#: the best end of a scale, as headers word it (English, German, French)
_BEST = (
    "very satisfied", "very good", "very easy", "very likely", "very happy", "extremely satisfied",
    "extremely likely", "completely satisfied", "strongly agree", "excellent", "outstanding", "the best", "best",
    "sehr zufrieden", "sehr gut", "sehr leicht", "sehr einfach", "sehr wahrscheinlich", "äußerst zufrieden",
    "voll und ganz", "völlig zufrieden", "stimme voll", "ausgezeichnet", "hervorragend",
    "très satisfait", "tres satisfait", "très bien", "très facile", "très probable", "tout à fait", "parfait",
)  # fmt: skip
_BEST_FIRST = re.compile(r"(?<![\d.,])1\s*(?:=|:|-|–)\s*(?:" + "|".join(map(re.escape, _BEST)) + r")\b", re.I)


def check_direction(mapping: Mapping[str, Source], spec: Mapping[str, Any]) -> None:
    """Raises MappingError for a score field mapped to a column whose header says 1 is the best answer,
    when the file declares no scale for it."""
    declared = set(spec.get("scales") or {}) | set(spec.get("scores") or {})
    for name, source in sorted(mapping.items()):
        if name not in SCALES or name in declared or not isinstance(source, str):
            continue
        if _BEST_FIRST.search(source):
            low, high = SCALES[name]
            raise MappingError(
                f"{name} ({source!r}): its header says 1 is the best answer, and servex reads higher answers as "
                f"better; declare the scale best answer first (scales: {{{name}: [{high}, {low}]}}), or as it is "
                f"([{low}, {high}]) if the highest answer is the best after all"
            )
