"""What someone else says the organisation promises is not the organisation stating its practice.

What was observed: a customer's complaint letter ("Your charter says every complaint is acknowledged
within two working days and recorded in a complaints register, but I heard nothing for three weeks",
"Your website says unresolved complaints are escalated to a manager after five days", "You also say you
survey customers after every resolved ticket. I was never asked"), alone in a folder, lifted three
requirements of the pyramid set to partial: the letter quotes the promises to say they were not kept.

Blanked before matching, like a denial (see :mod:`._denials`): a sentence in which the writer reports
what the organisation says, addressing it as "you": "your charter / website / policy / leaflet / terms /
letter / advert says, states, promises or claims", "you say / claim / promise / state / advertise", and
the French ("votre charte indique", "vous affirmez") and German ("Ihre Website verspricht", "Sie
behaupten") forms. Kept: the organisation's own "our charter says", and "you" as its reader ("you can
contact the ombudsman").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from servex.plugins.documents._prospects import sentence_spans

__all__ = ["ANCHOR_WORDS", "reported_spans"]

_SOURCES = (
    r"(?:charter|website|web\s+site|site|policy|leaflet|brochure|terms|letter|email|e-mail|advert|"
    r"advertisement|promise|standards?|page|app|contract|guarantee)"
)
_REPORTED = re.compile(
    rf"\byour\s+(?:own\s+|customer\s+|service\s+|complaints?\s+)?{_SOURCES}\s+(?:clearly\s+|also\s+)?"
    r"(?:says|said|states|stated|promises|promised|claims|claimed|tells|told|reads)\b|"
    r"\byou\s+(?:also\s+|clearly\s+|even\s+)?(?:say|said|claim|claimed|promise|promised|state|stated|advertise|"
    r"advertised|boast)\b(?!\s+(?:you\s+)?(?:are\s+)?(?:unhappy|dissatisfied|satisfied))|"
    r"\bvotre\s+(?:charte|site|politique|brochure|courrier|contrat|engagement|page)\s+(?:internet\s+|web\s+)?"
    r"(?:indique|dit|pr[ée]cise|promet|affirme|annonce)\b|"
    r"\bvous\s+(?:dites|affirmez|promettez|annoncez|pr[ée]tendez|indiquez)\b|"
    r"\bihre\s+(?:charta|website|webseite|richtlinie|brosch[üu]re|bedingungen|seite)\s+"
    r"(?:sagt|verspricht|behauptet|besagt)\b|"
    r"\bsie\s+(?:versprechen|behaupten|werben\s+damit)\b",
    re.IGNORECASE,
)

#: folded words (see `_terms.fold_words`) without which no sentence reports what the organisation says
ANCHOR_WORDS = frozenset({"your", "you", "votre", "vous", "ihre", "sie"})


def reported_spans(text: str, words: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` that reports what the organisation says, in order."""
    if (words is not None and ANCHOR_WORDS.isdisjoint(words)) or not _REPORTED.search(text):
        return []
    out = []
    for start, end in sentence_spans(text):
        if _REPORTED.search(text, start, end):
            out.append((start + len(text[start:end]) - len(text[start:end].lstrip()), end))
    return out
