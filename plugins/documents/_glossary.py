"""A glossary says what words mean, not what the organisation does.

What was observed: a "Glossary of customer service terms" ("Acknowledgement: confirming to the customer,
within two working days, that the complaint was received and recorded in the complaints register",
"Escalation: referring an unresolved complaint to a manager after five working days"), alone in a
folder, lifted five requirements of the pyramid set, the escalation procedure to satisfied: a definition
holds the words of a practice and its time limit without saying that anyone does it.

Blanked before matching: a section whose heading says it defines terms ("Glossary", "Definitions",
"Terms and definitions", "Key terms", "Glossaire", "Lexique", "Définitions", "Glossar",
"Begriffsbestimmungen", "Begriffe"), and the whole document when its title says so. A policy's own
rules stand in its other sections.
"""

from __future__ import annotations

import re

__all__ = ["is_glossary_heading"]

_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:glossary|definitions?|terms\s+(?:and|&)\s+definitions|key\s+terms|"
    r"definitions\s+(?:and|&)\s+abbreviations|glossaire|lexique|d[ée]finitions?|termes\s+et\s+d[ée]finitions|"
    r"glossar|begriffsbestimmungen|begriffe|definitionen)\b",
    re.IGNORECASE,
)


def is_glossary_heading(heading: str) -> bool:
    """Whether a heading (or a document's title) says what is under it defines terms."""
    return _HEADING.search(heading.strip()) is not None
