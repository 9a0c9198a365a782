"""What a consultancy did for a client, and what the client now does, is not the organisation's practice.

What was observed: a consultancy's case study about one of its clients ("Case study: customer care at a
regional bank | Our consultants helped the bank set up a complaints register. Every complaint is now
logged and acknowledged within two days. The bank now surveys customers after every closed complaint,
and its managers review the results each month. Results: complaint backlog down 40 % in six months"),
alone in a folder, lifted three requirements of the pyramid set, one to satisfied; an empty folder
lifts none. It says what the bank does and what the consultants did for it: nothing in it is what the
organisation being assessed does for its own customers.

Blanked before matching, like a brochure (see :mod:`._capability`), not set aside as another
organisation's document (see :mod:`._owner`): a case study names no owner servex could compare with
servex.yaml, and an organisation's own report may hold one in a section of its own.

- A case study about a client: a document whose title (its first line) says it is a case study ("Case
  study", "Client story", "Success story", "Customer story", "Étude de cas", "Cas client", "Témoignage
  client", "Fallstudie", "Kundenbeispiel", "Erfolgsgeschichte", "Referenzprojekt"), or a section
  headed so, in which someone is helped as a client: "we / our team helped, supported, assisted the
  bank (the council, the retailer, a regional insurer, Acme Bank plc)", "our consultants helped (worked
  with) the client", "nos consultants ont aidé la banque", "unsere Berater haben der Bank geholfen"; or
  a client is introduced ("Client: a regional bank", "Kunde: Muster GmbH"); or the client's own people
  or customers are named ("the bank's managers", "the client's customers"); or the client is said to
  do something now ("the bank now surveys customers", "Acme Ltd now logs every complaint", "la banque
  enregistre désormais", "die Bank erfasst jetzt"). All of it is blanked: its practice sentences are the
  client's, whether or not they name it ("every complaint is now logged").
- Anywhere else, the sentence that says whom the organisation helped so ("we helped Acme Bank plc set
  up a complaints register"), and a sentence whose subject is the client it named ("The bank now
  surveys customers").

Kept: the organisation's own case study ("Case study: how we handled Mrs B's complaint", "we logged it
and called her back within two hours"), its customers as the subject ("the customer was called back
within two hours", "the client complained on 3 March"), its advisers helping them ("we helped the
customer make a complaint", "we helped the client set up a payment plan"), "we worked with the council"
outside a case study (a partner), and "the council" or "the bank" naming the organisation itself in a
document that says it helped no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from servex.plugins.documents._prospects import LEADING, sentence_spans

__all__ = ["ANCHOR_WORDS", "client_story_spans", "is_case_study_heading"]

_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:an?\s+)?(?:(?:client|customer)\s+)?(?:case\s+stud(?:y|ies)|"
    r"(?:client|customer)\s+(?:success\s+)?stor(?:y|ies)|success\s+stor(?:y|ies)|[ée]tudes?\s+de\s+cas|"
    r"cas\s+clients?|t[ée]moignages?\s+clients?|fallstudien?|kundenbeispiele?|praxisbeispiele?|"
    r"erfolgsgeschichten?|referenzprojekte?|anwenderberichte?)\b",
    re.IGNORECASE,
)
#: a consultancy's people: whom they help or work with is a client, whatever it is called (not "our
#: advisers", "nos conseillers" or "unsere Kundenberater", who serve the organisation's own customers)
_CONSULTANTS = (
    r"(?:our\s+(?:consultants?|consultancy|consulting\s+team|advisory\s+team|project\s+team)|nos\s+consultants?|"
    r"notre\s+(?:cabinet|[ée]quipe\s+de\s+conseil)|unser(?:e|en)?\s+(?:berater(?:innen)?|beratungsteam))"
)
#: the organisation's own people: whom they help is a client only when it is plainly an organisation
_OWN = r"(?:we|our\s+(?:team|teams|people|staff)|nous|notre\s+[ée]quipe|nos\s+[ée]quipes|wir|unser\s+team)"
_ADJ = (
    r"(?:(?:[\w-]+-based|regional|national|local|large|leading|major|mid-sized|small|global|UK|European|retail|"
    r"high-street|public|private)\s+){0,2}"
)
#: an organisation, not a person: the kinds of client a consultancy names
_ORG_NOUN = (
    r"(?:bank|building\s+society|council|local\s+authority|retailer|insurer|insurance\s+company|utility|"
    r"housing\s+association|hospital|(?:nhs\s+)?trust|charity|operator|airline|agency|ministry|municipality|"
    r"supplier|manufacturer|brand|chain|hotel\s+group|telecoms?\s+(?:operator|company)|energy\s+supplier|"
    r"university|client\s+(?:organi[sz]ation|company|firm))"
)
_ANY_ORG = rf"(?:{_ORG_NOUN}|company|business|organi[sz]ation|firm|group|provider)"
_LEGAL = r"(?:Ltd\.?|Limited|plc|PLC|Inc\.?|LLC|LLP|GmbH|AG|SAS|SARL|SA|SE|BV|NV|Corp\.?)"
#: a named client: with a legal form ("Acme Bank plc") or a kind of body ("Northshire Council", "Harbour Bank")
_KIND = r"(?:Council|Bank|Building\s+Society|Insurance|Housing|Trust|Hospital|Retail|Energy|Water|Airlines?|University)"
_NAMED = (
    rf"(?-i:[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){{0,4}}\s+{_LEGAL}|"
    rf"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){{0,3}}\s+{_KIND})(?![\w])"
)
#: whom the organisation's own people help when it is an organisation ("the bank", "a regional insurer")
_ORG = rf"(?:(?:the|this|that)\s+{_ADJ}{_ORG_NOUN}|(?:a|an|one\s+of\s+our)\s+{_ADJ}{_ANY_ORG}|{_NAMED})"
#: whom a consultancy helps: any of those, or its client
_CLIENT = rf"(?:{_ORG}|(?:the|our|this|a)\s+{_ADJ}clients?\b|the\s+{_ANY_ORG})"
_HELPED = (
    r"(?:have\s+|has\s+|had\s+)?(?:also\s+|successfully\s+|then\s+)?"
    r"(?:helped|supported|assisted|advised|coached|guided|trained)"
)
_WORKED = r"(?:have\s+|has\s+|had\s+)?(?:also\s+)?(?:worked\s+(?:with|alongside)|partnered\s+with)"
_FR_HELPED = r"(?:avons|ont|a)\s+(?:aid[ée]|accompagn[ée]|soutenu|conseill[ée]|assist[ée]|form[ée])"
_FR_ORG = (
    r"(?:(?:la|cette|une)\s+(?:banque|mairie|collectivit[ée]|commune|enseigne|compagnie|mutuelle)|"
    r"(?:le|cet|un)\s+(?:assureur|op[ée]rateur|h[ôo]pital|distributeur|r[ée]seau)|"
    r"l['’]\s*(?:enseigne|entreprise|assureur|op[ée]rateur|agence|administration|organisation))"
)
#: "le client", "notre client" only for a consultancy (a bank's "nous avons aidé le client" is its service)
_FR_CLIENT = rf"(?:{_FR_ORG}|(?:le|la|notre|un|une)\s+(?:client|cliente|entreprise|soci[ée]t[ée]|organisation))"
#: never "den Kunden": German calls a client and a customer alike
_DE_CLIENT = (
    r"(?:(?:der|die|einer)\s+(?:bank|sparkasse|stadt\w*|gemeinde|versicherung|klinik|beh[öo]rde)|"
    r"(?:dem|den|einem|einen)\s+(?:versicherer|h[äa]ndler|betreiber|energieversorger|stadtwerken|auftraggeber)|"
    r"(?:das|dem|ein|einem)\s+unternehmen)"
)
_HELP = re.compile(
    rf"\b{_CONSULTANTS}\s+(?:{_HELPED}|{_WORKED})\s+{_CLIENT}|"
    rf"\b{_OWN}\s+{_HELPED}\s+{_ORG}(?!['’]s\s+customers?\b)|"
    # "we helped the client set up a complaints register": a process set up is an organisation's
    rf"\b{_OWN}\s+{_HELPED}\s+(?:the|our|a)\s+clients?\s+(?:to\s+)?(?:set\s+up|introduce|implement|redesign|design|"
    r"build|launch|roll\s+out|establish|overhaul|restructure|streamline|modernise|modernize)\s+(?:a|an|its|their|the)\s+"
    r"(?:\w+\s+){0,2}(?:complaints?|customer|service|contact|process|procedure|register|system|standards?|team|"
    r"programme|program|strategy|function|centre|center|desk|survey|feedback)|"
    rf"\b{_CONSULTANTS}\s+{_FR_HELPED}\s+{_FR_CLIENT}|\bnous\s+{_FR_HELPED}\s+{_FR_ORG}|"
    rf"\b(?:{_CONSULTANTS}|wir)\s+(?:haben|hat)\s+{_DE_CLIENT}\s+(?:[\w,]+\s+){{0,6}}?(?:geholfen|unterst[üu]tzt|"
    r"begleitet|beraten)|"
    rf"\b{_CONSULTANTS}\s+(?:halfen|half|unterst[üu]tzten|begleiteten|berieten)\s+{_DE_CLIENT}",
    re.IGNORECASE,
)
#: whom a sentence that says whom the organisation helped names (see `_helped`)
_OBJECT = re.compile(rf"{_CLIENT}|{_FR_CLIENT}|{_DE_CLIENT}", re.IGNORECASE)
#: words of a client's name that say nothing of which client it is
_NOT_NAMES = frozenset({
    "the", "this", "that", "our", "one", "of", "a", "an", "la", "le", "l", "cette", "cet", "une", "un", "notre", "der",
    "die", "dem", "den", "das", "ein", "einer", "einem", "einen", "unserem", "unseren", "ltd", "limited", "plc",
    "inc", "llc", "llp", "gmbh", "ag", "sas", "sarl", "sa", "se", "bv", "nv", "corp", "regional", "national",
    "local", "large", "leading", "major", "small", "global", "uk", "european", "retail", "public", "private",
})  # fmt: skip
#: a case study's fact box names its client, an organisation: "Client: a regional bank", "Kunde: Muster GmbH"
#: (not "Client: Mr A", a person the organisation served)
_LABEL = re.compile(
    rf"^\W*(?:client|kunde|auftraggeber)\s*:\s*(?:[^\n]{{0,60}}?\b(?:{_ANY_ORG}|banque|mutuelle|enseigne|"
    r"assureur|collectivit[ée]|mairie|entreprise|soci[ée]t[ée]|sparkasse|versicherung|stadtwerke|unternehmen)\b|"
    rf"{_NAMED})",
    re.IGNORECASE | re.MULTILINE,
)
#: the client's own people and customers: only an organisation has them
_THEIRS = re.compile(
    rf"\b(?:the|our)\s+(?:client|{_ORG_NOUN})['’]s\s+(?:customers|managers|staff|employees|agents|advisers|teams?|"
    r"complaints?\s+(?:team|process|register|procedure|function)|contact\s+cent(?:re|er)|call\s+cent(?:re|er)|"
    r"board|service\s+desk)\b|"
    r"\b(?:les\s+)?(?:clients|conseillers|agents|managers|[ée]quipes)\s+de\s+(?:la\s+banque|notre\s+client|"
    r"l['’]enseigne|la\s+mairie|l['’]assureur)\b|\b(?:kunden|mitarbeitenden|mitarbeiter|f[üu]hrungskr[äa]fte)\s+"
    r"(?:der\s+bank|der\s+sparkasse|des\s+versicherers|unseres\s+kunden|des\s+kunden)\b",
    re.IGNORECASE,
)
_OPENER = (
    r"(?:(?:today|now|since\s+then|as\s+a\s+result|within\s+(?:a|one|two|six)\s+\w+|(?:a|one|two|six|\d+)\s+"
    r"(?:months?|years?)\s+(?:later|on)|aujourd['’]hui|d[ée]sormais|heute|inzwischen)\s*,?\s*)?"
)
#: the client said to do something now: what the consultancy brought about
_NOW = re.compile(
    rf"^{_OPENER}(?:(?:the|our)\s+{_ADJ}(?:client|{_ORG_NOUN})|{_NAMED})\s+(?:now|today)\s+\w+|"
    rf"^{_OPENER}(?:(?:the|our)\s+{_ADJ}(?:client|{_ORG_NOUN})|{_NAMED})\s+\w+\s+(?:now|today)\b|"
    r"^(?:la\s+banque|le\s+client|notre\s+client|la\s+mairie|l['’]enseigne|l['’]assureur)\s+(?:\w+\s+){1,2}"
    r"d[ée]sormais\b|^(?:die\s+bank|die\s+sparkasse|der\s+kunde|der\s+versicherer)\s+\w+\s+(?:jetzt|nun|inzwischen)\b",
    re.IGNORECASE,
)

#: a sentence's subject: its first words after an opener and an article
_SUBJECT = re.compile(
    rf"{_OPENER}(?:(?:the|our|this|la|le|l['’]|notre|die|der|das)\s*)?((?:[\w&'’.-]+\s+){{0,2}}[\w&'’.-]+)",
    re.IGNORECASE,
)

_HEAD_SEGMENTS = 3  #: a title is looked for in this many first segments (some are blank)
_SHORT = 120  #: a longer line is a sentence, not a title

#: folded words (see `_terms.fold_words`) without which no sentence says whom the organisation helped
ANCHOR_WORDS = frozenset({
    "helped", "supported", "assisted", "advised", "coached", "guided", "trained", "worked", "partnered", "aide",
    "accompagne", "soutenu", "conseille", "assiste", "forme", "geholfen", "unterstutzt", "begleitet", "beraten",
    "halfen", "half", "unterstutzten", "begleiteten", "berieten",
})  # fmt: skip


def is_case_study_heading(heading: str) -> bool:
    """Whether a heading (or a document's title) says that what is under it is a case study."""
    return _HEADING.search(heading.strip()) is not None


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for start, end in sentence_spans(text):
        lead = len(text[start:end]) - len(text[start:end].lstrip(LEADING))
        if start + lead < end:
            out.append((start + lead, end))
    return out


def _about_a_client(texts: Sequence[str]) -> bool:
    """Whether a case study's text names a client: someone helped as one, a client introduced, the
    client's own people or customers, or the client doing something now."""
    for text in texts:
        if _HELP.search(text) or _LABEL.search(text) or _THEIRS.search(text):
            return True
        if any(_NOW.match(text, start, end) for start, end in _sentences(text)):
            return True
    return False


def _helped(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """The sentences of `text` that say whom the organisation helped as a client, and the words that
    name that client ("bank", "acme bank plc"), to find the sentences it is the subject of."""
    spans: list[tuple[int, int]] = []
    named: set[str] = set()
    if not _HELP.search(text):  # most segments: one pass, no sentence split
        return spans, named
    for start, end in _sentences(text):
        found = _HELP.search(text, start, end)
        if found:
            spans.append((start, end))
            client = _OBJECT.search(found.group(0), len(found.group(0).split(None, 1)[0]))
            if client is not None:
                named |= {w for w in re.findall(r"[^\W\d_]+", client.group(0).lower()) if w not in _NOT_NAMES}
    return spans, named


def _its_subject(text: str, start: int, end: int, named: set[str]) -> bool:
    """Whether the sentence at `start` opens with "the <client named>" or "<client named> ..."."""
    head = _SUBJECT.match(text, start, end)
    if head is None:
        return False
    return any(word in named for word in re.findall(r"[^\W\d_]+", head.group(1).lower()))


def _title(texts: Sequence[str]) -> str | None:
    """The document's first line, when it is short enough to be a title (a Markdown heading, the first
    paragraph of a Word file, the top of a PDF's first page)."""
    for text in texts[:_HEAD_SEGMENTS]:
        for line in text.splitlines():
            if line.strip():
                return line.strip() if len(line.strip()) <= _SHORT else None
    return None


def client_story_spans(
    texts: Sequence[str], words: Sequence[Iterable[str]], headings: Sequence[str | None]
) -> list[list[tuple[int, int]]]:
    """Per segment of a document (its texts, folded words and the heading each segment is under), the
    (start, end) of what tells a client's story rather than the organisation's practice (see the module):
    every segment of a case study about a client, and elsewhere the sentences that say
    whom the organisation helped and what that client does."""
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    title = _title(texts)
    if title is not None and is_case_study_heading(title) and _about_a_client(texts):
        return [[(0, len(text))] if text.strip() else [] for text in texts]
    studied = [heading is not None and is_case_study_heading(heading) for heading in headings]
    for number, text in enumerate(texts):  # a heading line opens the section under it
        if not studied[number] and number + 1 < len(texts) and studied[number + 1]:
            studied[number] = text.strip().lstrip("#").strip()[:60] == headings[number + 1]
    number = 0
    while number < len(texts):
        if not studied[number]:
            number += 1
            continue
        last = number
        while last + 1 < len(texts) and studied[last + 1]:
            last += 1
        if _about_a_client(texts[number : last + 1]):
            for inside in range(number, last + 1):
                out[inside] = [(0, len(texts[inside]))] if texts[inside].strip() else []
        number = last + 1
    helped = [
        _helped(text) if not ANCHOR_WORDS.isdisjoint(folded) and not out[number] else ([], set())
        for number, (text, folded) in enumerate(zip(texts, words, strict=True))
    ]
    named: set[str] = set().union(*(names for _spans, names in helped)) if helped else set()
    for number, text in enumerate(texts):
        if out[number] or not (named or helped[number][0]):
            continue
        spans = set(helped[number][0])
        if named:
            spans |= {(start, end) for start, end in _sentences(text) if _its_subject(text, start, end, named)}
        out[number] = sorted(spans)
    return out
