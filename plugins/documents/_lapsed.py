"""A practice stated as ended ("until 2022 we surveyed customers every quarter") is not done now: blanked.

What was observed: a customer service policy that put every practice in the past ("Until 2022, every
complaint was recorded in a complaints register", "We used to acknowledge complaints within 2 working
days", "Staff received training every year until 2021", "a recognition scheme ran until 2020"), alone
in a folder, lifted fifteen requirements of the pyramid set, four of them to satisfied; an empty folder
lifts none. Matching found each subject and its claim and did not read that the practice had stopped.
This is the mirror of :mod:`._prospects` (a plan is not done yet).

Blanked before matching, like a denial (see :mod:`._denials`):

- a sentence that says its practice ended in a year before the period's last year: "until 2022",
  "until March 2021", "from 2016 to 2019", "between 2016 and 2019", "jusqu'en 2020", "bis 2020";
- a sentence that says its practice is a thing of the past: "we used to", "used to be", "no longer",
  "we previously / formerly ...", "was formerly", a sentence opening with "Previously", "Formerly", "In
  the past", "Historically", "Until recently" (and "Autrefois", "Auparavant", "Par le passé", "Früher",
  "Ehemals", "In der Vergangenheit");
- a sentence that tells, in the past tense, what was done in a year at least two years before the
  period's last year: "In 2019 we surveyed all our customers", "Back in 2018, every complaint was
  logged", "En 2019, nous avons ...", "Im Jahr 2019 haben wir ..." (not "In 2019 we introduced a
  complaints register": what started then is a practice since);
- a sentence that says its practice was stopped: "was discontinued / abolished / scrapped / disbanded /
  phased out / wound up", "we stopped / ceased / dropped ...", "came to an end", "a été supprimé /
  abandonné / arrêté", "wurde eingestellt / abgeschafft".

Kept: a sentence that says what replaced the practice or what is done now ("Until 2022 complaints were
answered within 20 days; since 2023 every complaint is answered within 10 days" is one clause each side
of the semicolon; "The paper survey was discontinued and replaced by an online survey each quarter"):
"now", "today", "currently", "since", "instead", "replaced", "désormais", "depuis", "jetzt", "seit" ...;
a sentence that records a decision ("Corrective action decided: wheel builds are no longer booked for
Saturday collection", minutes of a review: the change is the practice the review proves);
Kept too: "until" with no year ("until the complaint is resolved"), an end in the period's last year or
later ("until 2025" in a 2025 assessment), "withdrawn", "cancelled", "ended" or "abandoned" alone (a
complaint withdrawn by the customer, a cancelled order, an abandoned call: practices about them are
current), "previously" as an adjective ("previously agreed targets"), and the document's own validity
("Valid until 31 December 2022", "Valable jusqu'au ..."), which is an expiry (see :mod:`._stated_date`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from servex.plugins.documents._prospects import LEADING, MONTHS, records_decision, sentence_spans, title_years

__all__ = ["ANCHOR_WORDS", "lapsed_spans", "title_year"]

_WHO = (
    r"(?:we|i|they|the\s+(?:company|organi[sz]ation|team|business|council|shop|firm|board|management)|"
    r"nous|wir|ich)"
)
_DATE = (
    r"(?:(?:the\s+)?(?:end\s+of\s+|fin\s+|ende\s+)?(?:\d{1,2}(?:st|nd|rd|th|er)?\.?\s+)?"
    rf"(?:(?:{MONTHS})\.?\s+)?)"
)
# "until 2022", "until 31 March 2021", "up until 2020", "jusqu'en 2020", "jusqu'à fin 2020", "bis Ende 2020"
_UNTIL_YEAR = re.compile(
    rf"\b(?:until|till|up\s+until|through|jusqu['’]\s*(?:en|[àa]|au)|bis(?:\s+zum)?)\s+{_DATE}((?:19|20)\d\d)\b"
    # a count, not a year: "until 2000 calls a day"
    r"(?!\s+\w+\s+(?:a|per|each|every|par|pro)\s+(?:day|week|month|year|jour|semaine|mois|tag|woche|monat)\b)",
    re.IGNORECASE,
)
# "up to 2020, we ran ...", "up to March 2020 every complaint was ...": not "up to 2000 customers"
_UP_TO_YEAR = re.compile(
    rf"\bup\s+to\s+{_DATE}((?:19|20)\d\d)\b(?=\s*(?:[,;.)]|$|(?:we|i|the|our|all|every|each)\b))",
    re.IGNORECASE,
)
# "withdrawn in 2020", "ended in March 2021", "suspended at the end of 2019"
_ENDED_IN = re.compile(
    r"\b(?:withdrawn|cancell?ed|ended|stopped|suspended|closed|abandoned|retired|discontinued|abolished|"
    r"scrapped|disbanded|dropped|terminated|lapsed|wound\s+up|phased\s+out|supprim[ée]e?s?|abandonn[ée]e?s?|"
    rf"arr[êe]t[ée]e?s?|eingestellt|abgeschafft|aufgegeben)\s+(?:in|on|at|by|en|im|am|fin|ende)\s+{_DATE}"
    r"((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "from 2016 to 2019", "between 2016 and 2019", "de 2016 à 2019", "von 2016 bis 2019", "(2016-2019)"
_RANGE = re.compile(
    r"\b(?:from|between|de|entre|von|zwischen)\s+(?:19|20)\d\d\s*(?:to|and|until|till|[àa]|et|bis|und|[-–])\s*"
    r"((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# what was done in a year long gone, said as an event: "In 2019 we surveyed all our customers", "Back in
# 2018, every complaint was logged", "En 2019, nous avons interrogé", "Im Jahr 2019 haben wir": a sentence
# that opens with the year and tells in the past tense, unless it says what started then ("In 2019 we
# introduced a complaints register" is a practice since)
_STARTED = (
    r"introduc|launch|set\s+up|creat|establish|adopt|open|start|began|begun|implement|put\s+in\s+place|found|"
    r"appoint|became|mis\s+en\s+place|lanc|cr[ée]|instaur|eingef[üu]hrt|gegr[üu]ndet|gestartet|begonnen|"
    r"(?:has|have|is|are|still)\b|remain|continu|ever\s+since"
)
#: a clause told in the past tense (and not saying what started then, or still holds)
_TOLD = (
    rf"(?![^.!?;\n]*\b(?:{_STARTED}))"
    r"(?=[^.!?;\n]*\b(?:\w+ed|ran|held|sent|took|did|kept|gave|met|was|were|had|nous\s+avons|avons|avait|"
    r"avaient|ont|a\s+[ée]t[ée]|haben\s+wir|hatten|wurden?|waren?)\b)"
)
_IN_YEAR = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n))[\s\-*•\d.)]*(?:back\s+in|in|during|throughout|en|au\s+cours\s+de|im\s+jahr|"
    rf"im\s+laufe\s+des\s+jahres|im)\s+((?:19|20)\d\d)\b\s*,?\s+{_TOLD}",
    re.IGNORECASE,
)
_TOLD_RE = re.compile(_TOLD, re.IGNORECASE)
#: a year in a title ("Annual complaints report 2019", "Rapport 2018-2019"): the last one names its period


def title_year(title: str) -> int | None:
    """The year a document's title says it is about ("Annual complaints report 2019": 2019; of a range, the
    last), when it names years at all and is short enough to be a title."""
    years = title_years(title)
    return max(years) if years else None
_ENDS = (_UNTIL_YEAR, _UP_TO_YEAR, _ENDED_IN, _RANGE)
_PAST = (
    r"\bused\s+to\b",  # "we used to survey", "complaints used to be answered"
    r"\bno\s+longer\b|\bnot\s+any\s+longer\b",
    rf"\b{_WHO}\s+(?:previously|formerly)\s+[a-z]+ed\b",
    r"\b(?:was|were|had\s+been)\s+(?:previously|formerly)\s+(?!reviewed|agreed|approved)\w",
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:discontinued|abolished|scrapped|"
    r"disbanded|phased\s+out|wound\s+up|shut\s+down|closed\s+down|axed)\b",
    rf"\b{_WHO}\s+(?:then\s+|later\s+|eventually\s+)?(?:stopped|ceased|discontinued|abolished|scrapped|dropped|"
    r"abandoned|gave\s+up|disbanded|phased\s+out)\b",
    r"\b(?:came|come|comes)\s+to\s+an\s+end\b|\bceased\s+to\b|\bran\s+until\b",
    # French and German: "a été supprimé", "nous avons arrêté", "n'existe plus"; "wurde eingestellt"
    r"\b(?:a|ont|avait|avaient)\s+(?:\w+\s+)?[ée]t[ée]\s+(?:supprim|abandonn|arr[êe]t|interromp|dissou)\w*",
    r"\bnous\s+avons\s+(?:\w+\s+)?(?:arr[êe]t|cess|abandonn|supprim)[ée]\w*",
    r"\b(?:wurden?|ist|sind)\s+(?:\w+\s+){0,4}?(?:eingestellt|abgeschafft|aufgegeben|aufgel[öo]st|gestrichen)"
    r"(?:\s+worden)?\b",
    r"\bwir\s+haben\s+(?:\w+\s+){0,4}?(?:eingestellt|abgeschafft|aufgegeben|gestrichen)\b",
)
_ANYWHERE = re.compile("|".join(f"(?:{p})" for p in _PAST), re.IGNORECASE)
# only as the sentence's first words, then a comma or a subject: "Previously unresolved complaints are
# reopened" uses the word as an adjective
_OPENING = re.compile(
    r"(?:previously|formerly|in\s+the\s+past|historically|until\s+recently|in\s+earlier\s+years|"
    r"autrefois|auparavant|par\s+le\s+pass[ée]|jadis|anciennement|fr[üu]her|ehemals|vormals|"
    r"in\s+der\s+vergangenheit)\b\s*(?:,|(?:we|i|the|our|all|every|each|customers?|staff|complaints?|nous|"
    r"les|la|le|nos|wir|die|der|das|alle|jede[rs]?|unsere?|wurden?|waren?|hatten?|haben|chaque|tous|toutes)\b)",
    re.IGNORECASE,
)
# a sentence that also says what is done now states the current practice too
_NOW = re.compile(
    r"\b(?:now|nowadays|today|currently|presently|at\s+present|since|instead|replaced|superseded|in\s+favou?r\s+of|"
    r"henceforth|d[ée]sormais|aujourd['’]hui|actuellement|depuis|remplac\w*|maintenant|jetzt|heute|derzeit|"
    r"aktuell|seit(?:her)?|ersetzt|stattdessen|nunmehr)\b",
    re.IGNORECASE,
)
# a fee that stopped: "we no longer charge a fee" says complaining is free now (only that: "until 2020,
# complaints were handled free of charge" is a practice that ended like any other)
_FEE_DROPPED = re.compile(
    r"\b(?:no|not\s+any)\s+longer\s+(?:\w+\s+){0,3}?(?:charg\w*|fees?|pay\w*|bill\w*)\b", re.IGNORECASE
)
# the document's own validity ("Valid until 31 December 2022"): an expiry, which `_stated_date` reads
_VALIDITY = re.compile(
    r"\b(?:valid|validity|in\s+force|expir\w*|valable|validit[ée]|en\s+vigueur|g[üu]ltig\w*|in\s+kraft)\b",
    re.IGNORECASE,
)
#: a sentence that says one of these is kept: what is done now, the document's validity, a fee that stopped
_KEPT = (_NOW, _VALIDITY, _FEE_DROPPED)

#: folded words (see `_terms.fold_words`) without which no sentence of a text reads as ended, years aside
ANCHOR_WORDS = frozenset({
    "used", "longer", "previously", "formerly", "discontinued", "abolished", "scrapped", "disbanded", "phased",
    "wound", "shut", "closed", "axed", "stopped", "ceased", "dropped", "abandoned", "gave", "came", "come",
    "comes", "ran", "ete", "avons", "eingestellt", "abgeschafft", "aufgegeben", "aufgelost", "gestrichen",
    "past", "historically", "recently", "earlier", "autrefois", "auparavant", "passe", "jadis", "anciennement",
    "fruher", "ehemals", "vormals", "vergangenheit",
})  # fmt: skip


def lapsed_spans(
    text: str, words: Iterable[str] | None = None, horizon: int | None = None, about: int | None = None
) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` that states its practice as ended, in order. `words`:
    the text's folded words, when known (a text without a word that can end a practice is passed over).
    `horizon`: the assessment period's last year; a practice said to run until a year before it ended
    before the period's end. `about`: the year the document's title names ("Annual complaints report
    2019"); when it is long gone, every sentence told in the past tense is an event of that year."""
    if about is not None and horizon is not None and about <= horizon - EVENT_YEARS_BEFORE:
        told = [
            (start + len(text[start:end]) - len(text[start:end].lstrip()), end)
            for start, end in sentence_spans(text)
            if _TOLD_RE.match(text, start, end) and not any(p.search(text, start, end) for p in _KEPT)
        ]
        rest = lapsed_spans(text, words, horizon)
        return sorted(set(told) | set(rest))
    # a year is looked for only where "19" or "20" occurs at all (see `_prospects.planned_spans`)
    dated = horizon is not None and ("20" in text or "19" in text) and _ended_before(text, horizon)
    if not dated and words is not None and ANCHOR_WORDS.isdisjoint(words):
        return []
    spans: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not (
            _OPENING.match(sentence.lstrip(LEADING))
            or _ANYWHERE.search(sentence)
            or (dated and horizon is not None and _ended_before(sentence, horizon))
        ):
            continue
        if any(pattern.search(sentence) for pattern in _KEPT) or records_decision(sentence):
            continue
        spans.append((start + len(sentence) - len(sentence.lstrip()), end))
    return spans


#: an event told in the past is set aside when its year is at least this many years before the period's last
#: year: the period may start in the year before it ends (July to June), and only the last year is known here
EVENT_YEARS_BEFORE = 2


def _ended_before(text: str, horizon: int) -> bool:
    """Whether `text` says something ran until a year before `horizon`, or was done as an event in a year
    long before it."""
    return any(int(found.group(1)) < horizon for pattern in _ENDS for found in pattern.finditer(text)) or any(
        int(found.group(1)) <= horizon - EVENT_YEARS_BEFORE for found in _IN_YEAR.finditer(text)
    )

