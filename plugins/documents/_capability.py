"""What a product lets its users do is not what the organisation does.

What was observed: a helpdesk vendor's brochure ("HelpFlow helps you acknowledge every complaint within
two working days", "With HelpFlow, your team can record every complaint in one register", "Our platform
lets you escalate unresolved complaints to a manager after five days", "Book a demo today"), alone in a
folder, lifted five requirements of the pyramid set, the escalation procedure to satisfied; an empty
folder lifts none. Evidence folders hold such material (the brochure of the tool the organisation bought,
a survey vendor's data sheet): it describes what the tool can do for anyone who buys it, not what the
organisation does with it.

Blanked before matching, like advice (see :mod:`._advice`):

- a sentence that offers a capability to the reader or to organisations in general: "helps / lets /
  enables / allows / empowers you (your team, teams, organisations, businesses, agents) to",
  "with X, you (your team) can", "gives you"; the French ("vous permet de", "permet aux équipes de",
  "aide les entreprises à", "avec X, vos équipes peuvent") and German ("ermöglicht Ihnen / Ihrem Team",
  "hilft Ihnen / Unternehmen", "mit X können Sie / Ihre Teams") forms;
- in a document that does so at least twice, or once beside a call to buy ("book a demo", "start your
  free trial", "request a quote", "contact sales", "Demo buchen", "essai gratuit"): a brochure, whose
  every sentence that says what can be done ("agents can be trained with built-in modules") is a
  capability too, and whose call to buy is no practice either.

Kept: "you can contact the ombudsman" in a charter (what the organisation offers its customers: "you"
alone is its reader, not a buyer), "the new system allows us to answer within two days" (the
organisation's own tool, in its own words), and "can" in a document that offers no capability.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from servex.plugins.documents._prospects import sentence_spans

__all__ = ["ANCHOR_WORDS", "BROCHURE_SENTENCES", "CALL_WORDS", "document_capability"]

#: who a product is sold to: a sentence that offers them a capability is a sales pitch wherever it stands
_BUYERS = (
    r"(?:your\s+(?:team|teams|staff|agents|people|business|organi[sz]ation|company|support\s+team)|"
    r"(?:support\s+|service\s+)?teams|organi[sz]ations|businesses|companies|firms|agents|brands|retailers)"
)
_VERB = r"(?:helps?|lets?|enables?|allows?|empowers?|equips?)"
_STRONG = (
    rf"\b{_VERB}\s+{_BUYERS}\s+(?:to\s+)?\w+",
    rf"\bgives?\s+{_BUYERS}\s+(?:the\s+)?(?:tools?|power|means|ability)\b",
    rf"\bwith\s+[\w.-]+(?:\s+[\w.-]+)?\s*,\s*{_BUYERS}\s+can\b",
    r"\bpermet(?:tent)?\s+(?:aux|à\s+vos|à\s+votre)\s+(?:équipes|entreprises|organisations|agents|conseillers)\b",
    r"\baide(?:nt)?\s+(?:les\s+entreprises|les\s+équipes|vos\s+équipes|votre\s+équipe|les\s+organisations)\s+à\b",
    r"\bavec\s+[\w.-]+\s*,\s*(?:vos\s+équipes\s+peuvent|votre\s+équipe\s+peut)\b",
    r"\b(?:ermöglicht|hilft)\s+(?:ihrem\s+team|ihren\s+teams|unternehmen|teams|organisationen)\b",
    r"\bmit\s+[\w.-]+\s*(?:,\s*)?können\s+(?:ihre\s+teams|ihr\s+team)\b",
)
#: the same offer to "you": in a charter that is the organisation's customer ("our portal lets you track
#: your complaint"), so it is read as a sales pitch only in a brochure
_WEAK = (
    rf"\b{_VERB}\s+you\s+(?:to\s+)?(?!know\b)\w+",
    r"\bwith\s+[\w.-]+(?:\s+[\w.-]+)?\s*,\s*you\s+can\b",
    r"\bvous\s+permet(?:tent)?\s+d[e']",
    r"\bavec\s+[\w.-]+\s*,\s*vous\s+pouvez\b",
    r"\bermöglicht\s+ihnen\b|\bhilft\s+ihnen\b",
    r"\bmit\s+[\w.-]+\s*(?:,\s*)?können\s+sie\b",
)
_STRONG_RE = re.compile("|".join(f"(?:{p})" for p in _STRONG), re.IGNORECASE)
_WEAK_RE = re.compile("|".join(f"(?:{p})" for p in _WEAK), re.IGNORECASE)
#: the organisation's own people as the subject ("our advisers will help you make a complaint"): a service
#: it gives, not a product's capability
_PEOPLE = re.compile(
    r"(?:\bwe|\bI|\bour\s+(?:staff|team|teams|people|advisers?|advisors?|agents|colleagues|employees|managers?)|"
    r"\bstaff|\badvis[eo]rs?|\bnous|\bnos\s+(?:équipes|conseillers|agents)|\bwir|\bunser\w*\s+(?:team|mitarbeiter\w*))"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
#: a call to buy: what a brochure ends with, and no organisation's policy does
_CALL = re.compile(
    r"\b(?:book|request|schedule|get)\s+(?:a|your)\s+(?:free\s+)?(?:demo|quote|trial|consultation)\b|"
    r"\bstart\s+(?:your|a)\s+free\s+trial\b|\bfree\s+trial\b|\bcontact\s+(?:our\s+)?sales\b|"
    r"\bper\s+(?:agent|user|seat)\s+(?:per|a)\s+month\b|"
    r"\b(?:demander|réserver)\s+une\s+(?:démo|démonstration)\b|\bessai\s+gratuit\b|"
    r"\bdemo\s+(?:buchen|anfordern|vereinbaren)\b|\bkostenlos\w*\s+test\w*\b",
    re.IGNORECASE,
)
#: what can be done, in any subject: read as a capability only in a brochure
_CAN = re.compile(r"\b(?:can|could|peu(?:t|vent|vez)|pourr\w+|kann|können|könnt)\b", re.IGNORECASE)

#: a brochure offers capabilities at least this many times (or once beside a call to buy)
BROCHURE_SENTENCES = 2

#: folded words (see `_terms.fold_words`) without which no sentence calls to buy
CALL_WORDS = frozenset({
    "demo", "quote", "trial", "consultation", "sales", "month", "demonstration", "essai", "buchen",
    "anfordern", "vereinbaren", "kostenlos", "kostenlose", "kostenlosen", "kostenloser", "kostenloses",
})  # fmt: skip

#: folded words (see `_terms.fold_words`) without which no sentence offers a capability
ANCHOR_WORDS = frozenset({
    "help", "helps", "let", "lets", "enable", "enables", "allow", "allows", "empower", "empowers", "equip",
    "equips", "give", "gives", "with", "permet", "permettent", "aide", "aident", "avec", "ermoglicht", "hilft",
    "mit",
})  # fmt: skip


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    return start + len(text[start:end]) - len(text[start:end].lstrip()), end


def _spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences of `text` in which `pattern` occurs."""
    if not pattern.search(text):  # most segments: one pass in C, no sentence split
        return []
    return [_trimmed(text, start, end) for start, end in sentence_spans(text) if pattern.search(text, start, end)]


def _offers(text: str, words: Iterable[str] | None, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences of `text` that offer a capability (`pattern`), unless the organisation's people are
    the ones who help."""
    if (words is not None and not words) or not pattern.search(text):
        return []
    out = []
    for start, end in sentence_spans(text):
        found = pattern.search(text, start, end)
        if found and not _PEOPLE.search(text, start, found.start()):
            out.append(_trimmed(text, start, end))
    return out


def document_capability(texts: Sequence[str], words: Sequence[Iterable[str]]) -> list[list[tuple[int, int]]]:
    """Per segment of a document (its texts and folded words), the (start, end) of each sentence that offers
    a product's capability to its buyers rather than states a practice; in a brochure (see the module),
    also the same offers to "you", every sentence that says what can be done, and its calls to buy."""
    # the words of each segment are looked through once: a segment without an anchor word offers nothing
    anchored = [folded if not ANCHOR_WORDS.isdisjoint(folded) else () for folded in words]
    strong = [_offers(text, folded, _STRONG_RE) for text, folded in zip(texts, anchored, strict=True)]
    count = sum(len(spans) for spans in strong)
    weak = [_offers(text, folded, _WEAK_RE) for text, folded in zip(texts, anchored, strict=True)]
    if not count and not any(weak):  # most documents: no offer at all, so no brochure to look for
        return strong
    calls = [
        _spans(text, _CALL) if not CALL_WORDS.isdisjoint(folded) else []
        for text, folded in zip(texts, words, strict=True)
    ]
    if count < BROCHURE_SENTENCES and not any(calls):
        return strong
    return [
        sorted({*spans, *offered, *called, *_spans(text, _CAN)})
        for text, spans, offered, called in zip(texts, strong, weak, calls, strict=True)
    ]
