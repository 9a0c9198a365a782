"""Advice to organisations ("organisations should acknowledge complaints within 2 days") is not a practice.

What was observed: a good-practice guide from a business advice service ("Organisations should record
every complaint in a complaints register", "Good practice is to acknowledge complaints within 2 working
days", "Firms should run customer satisfaction surveys", "Employees should be empowered to resolve
issues"), alone in a folder, lifted fifteen requirements of the pyramid set, two to satisfied; an empty
folder lifts none. Evidence folders hold such guides (an ombudsman's guidance, a trade body's toolkit,
a consultant's checklist) beside the organisation's own documents; what they recommend says nothing of
what the organisation does.

Blanked before matching, like a denial (see :mod:`._denials`):

- a sentence that gives advice to organisations in general: "organisations / businesses / firms /
  companies / service providers should, must, are advised, recommended, encouraged, required or obliged
  to", "a business should", what a regulator or a standard requires of them ("the regulator requires
  every firm to", "the rules oblige providers to", "les entreprises sont tenues de", "verpflichtet
  Unternehmen"; a summary of a regulator's rules lifted two requirements), "good practice is to", "it
  is good practice to", "best practice is", "it is recommended (that / to)", "is recommended", "we
  recommend that", a sentence opening with "Ideally"; "the best organisations ..." (a description of
  others); and the French ("les entreprises doivent / devraient",
  "il est recommandé de", "bonne pratique", "idéalement") and German ("Unternehmen sollten", "es wird
  empfohlen", "empfehlenswert", "idealerweise") forms;
- in a document that gives such advice to organisations in general at least twice (a guide), every
  sentence that says what should be done ("customers should be told what changed", "devraient",
  "sollten"): a guide writes its advice so, where an organisation's own policy would be read as a rule.

A template is advice in another form: a document whose title or opening lines say it is a template or
a model to adapt ("Complaints policy template", "Sample complaints procedure", "Modèle de charte",
"Mustervorlage", "adapt it to your business before you adopt it") is blanked whole. What was observed: a
"Complaints policy template" lifted four requirements, one to satisfied. So is a document whose figures
are made up to show a layout ("Complaints dashboard: illustrative example", "The figures below are
illustrative only and do not describe real results", a mock-up, dummy data, "données fictives",
"Beispieldaten": one lifted four requirements, the escalation procedure to satisfied), and an audit
checklist that lists what to check without recording what was found ("Internal audit checklist:
complaints | Every complaint is recorded in the complaints register | Register extract": three, one to
satisfied); a checklist with findings ("Seen: register extract for March") is the audit's record. An
organisation that adopted a template retitles it and dates its approval; its reply templates ("Reply
templates") are its own.

Kept: "should" in an organisation's own policy ("complaints should be acknowledged within 2 days",
"staff should escalate"), which is its rule; "you should hear from us within 2 working days", a promise to
the reader; "we must", "staff must", the organisation's own subjects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from servex.plugins.documents._prospects import LEADING, sentence_spans

__all__ = ["ANCHOR_WORDS", "OWN", "advice_spans", "document_advice", "gives_general_advice", "is_template"]

_OTHERS = (
    r"(?:(?:all\s+|most\s+|many\s+|other\s+|the\s+best\s+|leading\s+|successful\s+|good\s+|excellent\s+)?"
    r"(?:organi[sz]ations|businesses|companies|firms|(?:service\s+)?providers|employers|retailers|traders|"
    r"operators|councils|public\s+bodies|small\s+businesses)|an?\s+(?:organi[sz]ation|business|company|firm|"
    r"(?:service\s+)?provider|employer|trader))"
)
_GENERAL = (
    rf"\b{_OTHERS}\s+(?:should|must|ought\s+to|need\s+to|(?:are|is)\s+(?:advised|recommended|encouraged|expected|"
    r"required|obliged)\s+to|may\s+wish\s+to|can\s+consider|could\s+consider)\b",
    # what a regulator or a standard requires of organisations in general: "the regulator requires every firm to"
    rf"\b(?:requires?|obliges?|compels?|expects?)\s+(?:{_OTHERS}|(?:every|each)\s+(?:organi[sz]ation|business|"
    r"company|firm|(?:service\s+)?provider|trader|employer))\s+to\b",
    r"\b(?:impose|imposent|oblige|obligent)\s+(?:aux|[àa]\s+(?:chaque|toute))\s+(?:entreprises?|organisations?|"
    r"soci[ée]t[ée]s?|op[ée]rateurs?)\b|\b(?:les\s+)?(?:entreprises|organisations|op[ée]rateurs)\s+sont\s+"
    r"(?:tenues|tenus|oblig[ée]e?s)\s+de\b",
    r"\bverpflichtet\s+(?:alle\s+|jedes\s+)?(?:unternehmen|anbieter|firmen)\b|\b(?:unternehmen|anbieter|firmen)\s+"
    r"sind\s+verpflichtet\b",
    r"\b(?:it\s+is\s+)?(?:good|best|recommended)\s+practi[cs]e\s+(?:is|to)\b",
    # not "is recommended by 95 % of guests", a measured result
    r"\bit\s+is\s+(?:recommended|advisable|advised)\b|\b(?:is|are)\s+(?:strongly\s+)?recommended\b(?!\s+by\b)",
    r"\bwe\s+(?:strongly\s+)?(?:recommend|advise)\s+(?:that|organi[sz]ations|businesses|firms|companies)\b",
    # French and German
    r"\b(?:les|toute|chaque)\s+(?:organisations?|entreprises?|soci[ée]t[ée]s?|organismes?|administrations?)\s+"
    r"(?:doi(?:ven)?t|devraient|devrait|sont\s+invit[ée]es\s+[àa])\b",
    r"\bil\s+est\s+(?:recommand[ée]|conseill[ée]|pr[ée]conis[ée])\b|\bbonnes?\s+pratiques?\s+(?:est|consiste)\b",
    r"\b(?:unternehmen|organisationen|firmen|betriebe)\s+(?:sollten|m[üu]ssen)\b",
    r"\bes\s+wird\s+empfohlen\b|\bempfehlenswert\b|\bgute\s+praxis\s+ist\b",
)
_GENERAL_RE = re.compile("|".join(f"(?:{p})" for p in _GENERAL), re.IGNORECASE)
# others described ("the best organisations surprise customers"): advice only where the sentence says nothing
# of the organisation itself ("leading companies answer within 24 hours, and so do we" is a benchmark)
_OTHERS_DESCRIBED = re.compile(
    r"\b(?:the\s+best|leading|successful|excellent)\s+(?:organi[sz]ations|businesses|companies|firms|"
    r"(?:service\s+)?providers)\b",
    re.IGNORECASE,
)
#: words with which a sentence speaks of the organisation itself
OWN = re.compile(r"\b(?:we|our|us|nous|notre|nos|wir|unser\w*)\b", re.IGNORECASE)
_OPENING = re.compile(r"(?:ideally|id[ée]alement|idealerweise|in\s+an\s+ideal\s+world)\b", re.IGNORECASE)
# what a guide says should be done, in any subject: read as advice only in a document that is a guide
_SHOULD = re.compile(
    r"\b(?:should|ought\s+to|devr(?:ai[ts]|aient|ions|iez)|sollte[nt]?)\b",
    re.IGNORECASE,
)
# a title or opening line that says the document is a template to adapt, not the organisation's own
_DOCUMENT = r"(?:complaints?\s+)?(?:policy|procedure|charter|statement|handbook|manual)"
_TEMPLATE = re.compile(
    rf"\b(?:{_DOCUMENT}|plan|standards?)\s+(?:templates?|samples?|examples?)\b|"
    rf"\b(?:templates?|sample|model|example|specimen)\s+{_DOCUMENT}\b|"
    r"\b(?:mod[èe]le|exemple|trame|gabarit)\s+(?:type\s+)?de\s+(?:politique|proc[ée]dure|charte|r[èe]glement)\b|"
    r"\b(?:politique|proc[ée]dure|charte)\s+type\b|"
    r"\bmuster-?(?:vorlage|richtlinie|verfahren|dokument|charta|text|beschwerde)\w*|"
    r"\b(?:richtlinien|verfahrens|dokument)vorlage\b|"
    r"\badapt\s+(?:it|this\s+\w+)\s+to\s+your\s+(?:business|organi[sz]ation|company|firm)\b|"
    r"\breplace\s+.{0,40}\bwith\s+your\s+own\b|[àa]\s+adapter\s+[àa]\s+votre\s+(?:entreprise|organisation)\b|"
    r"\ban\s+ihr\w*\s+(?:unternehmen|organisation|betrieb)\s+anpassen\b|"
    # figures made up to show a layout: a mock-up, an illustrative example, dummy data
    r"\billustrative\s+(?:example|only|figures|data)\b|\bfor\s+illustration(?:\s+only)?\b|"
    r"\bmock-?\s?ups?\b|\b(?:dummy|fictitious|fictional|made-up)\s+(?:data|figures|results)\b|"
    r"\bdo\s+not\s+(?:describe|reflect|represent)\s+(?:real|actual)\b|"
    r"\b(?:donn[ée]es|chiffres)\s+(?:fictives?|fictifs|illustratives?|d['’]exemple)\b|\b[àa]\s+titre\s+"
    r"(?:d['’]exemple|illustratif)\b|\bbeispiel(?:daten|zahlen|werte)\b|\bfiktive?\w*\s+(?:daten|zahlen)\b|"
    # what an auditor is to check, not what the organisation does
    r"\b(?:audit|assessment|self-?assessment|inspection|certification|readiness)\s+check-?lists?\b|"
    r"\bliste\s+de\s+contr[ôo]le\s+d['’]audit\b|\baudit-?checkliste\b",
    re.IGNORECASE,
)
#: a checklist that records what was found is the record of an audit, and counts (see is_template)
_FINDINGS = re.compile(
    r"\b(?:seen|verified|observed|found|finding|findings|result|results|compliant|non-?compliant|conform|"
    r"constat\w*|v[ée]rifi[ée]\w*|ergebnis\w*|festgestellt)\b",
    re.IGNORECASE,
)
_CHECKLIST = re.compile(r"check-?list|liste\s+de\s+contr[ôo]le|checkliste", re.IGNORECASE)
_HEAD_SEGMENTS = 3  #: the title and the lines under it
_SHORT = 200

#: a guide gives advice to organisations in general at least this many times
GUIDE_SENTENCES = 2

#: folded words (see `_terms.fold_words`) without which no sentence gives advice to organisations
ANCHOR_WORDS = frozenset({
    "should", "must", "ought", "need", "advised", "recommended", "encouraged", "expected", "wish", "consider",
    "best", "leading", "successful", "excellent", "practice", "practise", "advisable", "recommend", "advise",
    "ideally", "doit", "doivent", "devraient", "devrait", "invitees", "recommande", "conseille", "preconise",
    "pratique", "pratiques", "idealement", "sollten", "mussen", "empfohlen", "empfehlenswert", "praxis",
    "idealerweise", "ideal", "requires", "require", "required", "obliges", "oblige", "obliged", "compels", "compel",
    "expects", "expect", "impose", "imposent", "obligent", "tenues", "tenus", "obligees", "verpflichtet",
})  # fmt: skip


def _general(sentence: str) -> bool:
    return bool(
        _OPENING.match(sentence.lstrip(LEADING))
        or _GENERAL_RE.search(sentence)
        or (_OTHERS_DESCRIBED.search(sentence) and not OWN.search(sentence))
    )


def _general_spans(text: str, words: Iterable[str] | None) -> list[tuple[int, int]]:
    """The sentences of `text` that advise organisations in general."""
    if words is not None and ANCHOR_WORDS.isdisjoint(words):
        return []
    return [_trimmed(text, start, end) for start, end in sentence_spans(text) if _general(text[start:end])]


def _should_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` that say what should be done, whoever does it."""
    if not _SHOULD.search(text):
        return []
    return [_trimmed(text, start, end) for start, end in sentence_spans(text) if _SHOULD.search(text, start, end)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    return start + len(text[start:end]) - len(text[start:end].lstrip()), end


def document_advice(texts: Sequence[str], words: Sequence[Iterable[str]]) -> list[list[tuple[int, int]]]:
    """Per segment of a document (its texts and folded words), the (start, end) of each sentence that gives
    advice rather than states a practice: advice to organisations in general, and, in a document that
    gives such advice at least :data:`GUIDE_SENTENCES` times (a guide), every sentence that says what
    should be done. Each sentence is read once."""
    general = [_general_spans(text, folded) for text, folded in zip(texts, words, strict=True)]
    if sum(len(spans) for spans in general) < GUIDE_SENTENCES:
        return general
    return [sorted({*spans, *_should_spans(text)}) for text, spans in zip(texts, general, strict=True)]


def gives_general_advice(texts: Sequence[str], words: Sequence[Iterable[str]]) -> bool:
    """Whether a document advises organisations in general at least :data:`GUIDE_SENTENCES` times: a
    guide, whose every "should" is advice."""
    return sum(len(_general_spans(text, folded)) for text, folded in zip(texts, words, strict=True)) >= GUIDE_SENTENCES


def advice_spans(text: str, words: Iterable[str] | None = None, guide: bool = False) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` that gives advice rather than states a practice, in order.
    `guide`: the document is a guide (see `gives_general_advice`), so every "should" is advice too."""
    spans = _general_spans(text, words)
    return sorted({*spans, *_should_spans(text)}) if guide else spans


def is_template(texts: Sequence[str]) -> bool:
    """Whether a document's title or opening lines (its first segments) say it is a template or model to
    adapt: advice in another form, whose every sentence is blanked."""
    for text in texts[:_HEAD_SEGMENTS]:
        for line in text.splitlines()[:_HEAD_SEGMENTS]:
            found = _TEMPLATE.search(line) if len(line) <= _SHORT else None
            if found is not None:
                # an audit checklist that records what was found is the audit's record, not a model
                return not (_CHECKLIST.search(found.group(0)) and any(_FINDINGS.search(t) for t in texts))
    return False
