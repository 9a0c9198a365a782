"""servex's own reports and exports are not evidence, even when they sit in the evidence folder.

Why: an organisation keeps last year's gap analysis, the findings workbook or the action plan next to its
policies, and those files quote the organisation's documents and restate every requirement in the words
the matcher looks for. Read as documents, a report alone met ten criteria of the shipped set and lifted
thirty-five more to "partially met": servex grading its own account of the evidence, not the evidence.

What gives such a file away is what no policy or procedure does: it names a good share of the criteria
being assessed by their ids (every report, workbook and action plan lists them). A file that names at
least :data:`MIN_NAMED` ids, and a fifth of the set's, is left out with a warning that says why, so the
assessor sees it and the organisation can move it. A file that cites a criterion or two (minutes that
mention the last assessment) is read as usual. Only ids long enough not to be ordinary words count
("PYR-L1-01", not "A4").
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["MIN_NAMED", "OwnOutputs"]

MIN_NAMED = 5  #: ids a file must name, at the least, to be taken for servex's own output
_SHARE = 0.2  #: ... and this share of the set's criteria (of those with ids that can be told apart)


class OwnOutputs:
    """Tells, from a document's text, whether it is a report or export of this criteria set."""

    def __init__(self, criteria_set: Any) -> None:
        ids = sorted(
            {str(c.id) for c in getattr(criteria_set, "criteria", ()) or () if _distinctive(str(c.id))},
            key=lambda i: (-len(i), i),
        )
        self.set_id = str(getattr(criteria_set, "id", "") or "")
        self.needed = max(MIN_NAMED, math.ceil(len(ids) * _SHARE)) if len(ids) >= MIN_NAMED else 0
        # a cheap test first: most documents hold none of the ids' leading parts ("PYR-"), found in C
        self._leads = sorted({i[: _lead(i)] for i in ids})
        body = "|".join(re.escape(i) for i in ids) or r"(?!)"
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
        #: names what this test looks for, so a verdict kept for a text holds for the same set only
        self.key = hashlib.sha256(f"{self.set_id}\0{self.needed}\0{body}".encode()).hexdigest()[:16]

    def named(self, texts: Iterable[str]) -> int:
        """How many distinct criterion ids of the set the texts name."""
        if not self.needed:
            return 0
        found: set[str] = set()
        for text in texts:
            if any(lead in text for lead in self._leads):
                found.update(self._pattern.findall(text))
                if len(found) >= self.needed:
                    break
        return len(found)

    def reason(self, texts: Iterable[str]) -> str | None:
        """Why the document is servex's own output (the warning's text), or None when it is not."""
        if not self.needed or self.named(texts) < self.needed:
            return None
        return (
            f"not used as evidence: it names {self.needed} or more {self.set_id} criteria by their ids, as servex's "
            "own reports, workbooks and action plans do, and a record of servex's findings cannot prove the "
            "practices they grade (move it out of the folder, or list it under the documents source's `exclude`)"
        )


def _distinctive(criterion_id: str) -> bool:
    """An id that cannot be an ordinary word or size: long enough, with a digit and a letter."""
    return len(criterion_id) >= 5 and any(c.isdigit() for c in criterion_id) and any(c.isalpha() for c in criterion_id)


def _lead(criterion_id: str) -> int:
    """Length of the id's leading part up to its first separator (all of it when there is none)."""
    for position, char in enumerate(criterion_id):
        if not char.isalnum():
            return position + 1
    return len(criterion_id)
