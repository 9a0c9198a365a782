"""Passages that deny a practice ("we do not survey customers") prove the opposite of it: they are blanked.

What was observed: a "service policy" that denied every practice it named ("We do not have a complaint
handling procedure", "Customer feedback is not collected, not analysed and not reported to management
each month", "No one reviews personal, unexpected gestures"), alone in a folder, lifted fifteen criteria
of the pyramid set to partially met, one requirement fully satisfied. Matching found the words of each
subject and its claims ("each month" is a frequency) and did not read the "not".

A clause (the text between sentence marks, semicolons, line ends, or a ", and" / ", but") that denies
a practice is blanked before matching, like the criteria set's own wording (see :mod:`._restated`):
its words neither state a subject nor a claim. What denies:

- someone not doing a practice: "we do not / don't / never / have not <practice verb>", "we have no";
- a practice not being done: "<…> are not / never / not yet <recorded, analysed, measured, …>";
- a practice that does not exist: "there is no", "no one", "nobody", "no <procedure, survey, target, …>",
  "without a <procedure, …>" (also put first: "Without a root cause process, complaints cannot be
  analysed"), and the same in French and German.

What does not deny, and is kept: a rule written in the negative ("we never close a complaint without the
customer's agreement", "no complaint is closed before…", "customers never wait more than two days"):
its verb is not a practice being absent, and its noun is what the practice acts on. A condition ("if a
complaint is not resolved within 10 days, it goes to the director") is a procedure, so a negation after
"if", "when", "unless" or "until" in the same clause denies nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ANCHOR_WORDS", "denied_spans"]

# practice verbs, as infinitive or present (after "do not", "never") and as participle (after "are not")
_VERBS = (
    r"have|has|hold|keep|run|use|conduct|carry out|perform|measure|collect|gather|record|log|track|"
    r"monitor|analy[sz]e|publish|survey|map|set|offer|review|know|look for|train|ask|report|follow up|"
    r"maintain|define|document|plan|act on|acknowledge|reward|recogni[sz]e|empower|seek|consult|"
    r"involve|evaluate|assess|audit|inform|tell|update|go beyond|surprise|personali[sz]e|celebrate|"
    r"capture|categori[sz]e|analy[sz]e"
)
_PARTICIPLES = (
    r"recorded|logged|collected|gathered|analy[sz]ed|tracked|monitored|measured|reviewed|published|"
    r"defined|documented|reported|surveyed|mapped|categori[sz]ed|formali[sz]ed|followed up|acted on|"
    r"set|trained|empowered|rewarded|recogni[sz]ed|informed|told|consulted|involved|evaluated|"
    r"assessed|audited|captured|owned|planned|kept|held|conducted|carried out|considered|in place"
)
_NOUNS = (
    r"procedures?|process(?:es)?|polic(?:y|ies)|registers?|surveys?|questionnaires?|training|plans?|"
    r"schemes?|routes?|targets?|standards?|owners?|reviews?|measures?|measurements?|"
    r"programmes?|programs?|improvement actions?|analys[ie]s|budgets?|charters?|promises?|"
    r"commitments?|feedback|follow-up|escalation|recognition|incentives?|responsib(?:le|ility)"
)
_EN = (
    rf"\b(?:we|they|staff|employees|managers|management|the (?:company|organi[sz]ation|team|business))\s+"
    rf"(?:do|does|did|can)\s*(?:not|n['’]t)\s+(?:yet\s+|currently\s+|formally\s+|really\s+|regularly\s+)?(?:{_VERBS})\b",
    rf"\b(?:we|they)\s+(?:have\s+)?never\s+(?:{_VERBS}|{_PARTICIPLES})\b",
    rf"\b(?:have|has|had)\s*(?:not|n['’]t|never)\s+(?:yet\s+|been\s+)*(?:{_PARTICIPLES})\b",
    rf"\b(?:is|are|was|were|be|been)\s*(?:not|n['’]t|never)\s+(?:yet\s+|currently\s+|formally\s+|regularly\s+"
    rf"|systematically\s+)?(?:{_PARTICIPLES})\b",
    rf"\b(?:isn['’]t|aren['’]t|wasn['’]t|weren['’]t)\s+(?:yet\s+)?(?:{_PARTICIPLES})\b",
    r"\b(?:there\s+(?:is|are|was|were|exists?)|we\s+have)\s+(?:still\s+|currently\s+)?no\b",
    r"\b(?:no\s+one|nobody|no-one)\b",
    rf"\bno\s+(?:[a-z-]+\s+){{0,2}}(?:{_NOUNS})\b",
    # "Without a root cause process, complaints cannot be analysed": a lack put first (not "without a receipt,
    # refunds cannot be given", whose noun is no practice)
    rf"(?:^|(?<=[\s(\-–]))without\s+(?:a|an|any)\s+(?:[a-z-]+\s+){{0,2}}(?:{_NOUNS})\s*,",
)
_FR_PARTICIPLES = (
    r"suivi|mesur|analys|enregistr|collect|recueilli|publi|d[ée]fini|formalis|document|revu|examin|"
    r"consult|form[ée]|interrog|cartographi|[ée]valu"
)
_FR = (
    r"\bn['’](?:avons|existe|y\s+a)\s+(?:pas|jamais|aucun|aucune|encore\s+pas)\b",
    r"\bne\s+(?:mesur|suiv|recueill|collect|analys|enregistr|publi|men|r[ée]alis|organis|form|consult|"
    r"interrog|document|d[ée]fin|r[ée]vis|examin|connaiss|savons|utilis|cartographi|[ée]valu)\w*\s+"
    r"(?:pas|jamais|plus|aucun|aucune)\b",
    rf"\b(?:ne\s+sont|n['’]est|n['’]ont|n['’]a)\s+(?:pas|jamais|plus)\s+(?:encore\s+|[ée]t[ée]\s+)*(?:{_FR_PARTICIPLES})",
    r"\baucune?\s+(?:\w+\s+){0,1}(?:proc[ée]dure|processus|politique|registre|enqu[êe]te|formation|plan|"
    r"objectif|responsable|suivi|mesure|indicateur|revue|analyse|charte|engagement|action d'am[ée]lioration)",
    r"\bpersonne\s+ne\b",
    r"(?:^|(?<=\s))sans\s+(?:(?:de|d['’]|un|une|aucun|aucune)\s*)?(?:\w+\s+){0,1}(?:proc[ée]dure|processus|"
    r"politique|registre|enqu[êe]te|formation|plan|suivi|revue|analyse|charte)s?\b[^,]{0,30},",
)
_DE = (
    r"\b(?:kein|keine|keinen|keiner|keinem|keines)\s+(?:\w+\s+){0,1}(?:verfahren|prozess|richtlinie|register|"
    r"umfrage|befragung|schulung|plan|ziel|verantwortlich|messung|auswertung|ma(?:ß|ss)nahme|bericht|"
    r"kennzahl|charta|versprechen|standard)",
    r"\b(?:nicht|nie|niemals)\s+(?:\w+\s+){0,2}(?:erfasst|gemessen|ausgewertet|analysiert|dokumentiert|"
    r"ver[öo]ffentlicht|festgelegt|definiert|befragt|geschult|gepr[üu]ft|bewertet|verfolgt|protokolliert|"
    r"erhoben|berichtet|durchgef[üu]hrt)\b",
    r"\bwir\s+(?:erfassen|messen|befragen|schulen|pr[üu]fen|dokumentieren|haben|f[üu]hren|nutzen|"
    r"analysieren|kennen)\s+(?:\w+\s+){0,3}(?:nicht|nie|niemals|kein|keine|keinen)\b",
    r"\bniemand\b",
    r"(?:^|(?<=\s))ohne\s+(?:ein|eine|einen)\s+(?:\w+\s+){0,1}\w*(?:verfahren|prozess|richtlinie|register|"
    r"umfrage|befragung|schulung|plan|auswertung)\w*\s*,",
)
_DENIES = re.compile("|".join(f"(?:{p})" for p in (*_EN, *_FR, *_DE)), re.IGNORECASE)
# a condition or a time limit before the negation: the clause is a rule of the procedure, not a denial
_CONDITION = re.compile(
    r"\b(?:if|when|whenever|unless|until|where|while|once|in case|si|lorsque|lorsqu|quand|tant que|"
    r"wenn|falls|sofern|solange|sobald)\b|\bs['’]il",
    re.IGNORECASE,
)
# "not only … but also", "no later than", "no more than", "no less than", "not exceed": limits, not denials
_NOT_DENIAL = re.compile(
    r"\bnot\s+only\b|\bno\s+(?:later|more|less|longer|fewer|sooner)\s+than\b|\bnon\s+seulement\b|"
    r"\bne\s+(?:\w+\s+)?(?:pas|plus)\s+(?:plus|moins)\s+(?:de|que)\b|\bnicht\s+(?:nur|mehr\s+als|später\s+als)\b",
    re.IGNORECASE,
)
# clause boundaries: sentence marks, semicolons, line ends, ", and" / ", but" / " but " (and their FR/DE forms)
_CLAUSE = re.compile(
    r"[.!?;:](?=\s|$)|\n|,\s+(?:and|but|while|whereas|et|mais|alors que|und|aber|doch)\b|\s(?:but|mais|aber)\s",
    re.IGNORECASE,
)


#: words (as `fold_words` splits them: "don't" is "don", "t") without which no clause can deny
ANCHOR_WORDS = frozenset({
    "not", "t", "never", "no", "nobody", "cannot", "n", "ne", "aucun", "aucune", "personne", "kein", "keine",
    "keinen", "keiner", "keinem", "keines", "nicht", "nie", "niemals", "niemand", "without", "sans", "ohne",
})  # fmt: skip
# where a clause may deny: whole words, found in a copy of the text as bytes (one per character) whose
# punctuation is spaces; a regular expression over the text itself cost more than all the rest of matching
_ANCHOR = re.compile(
    rb" (?:not|never|no|nobody|cannot|ne|aucune?|personne|kein\w*|nicht|nie|niemals|niemand|without|sans|ohne) |"
    rb"n't |n t | n'| n "
)
_SPACED = bytes.maketrans(b'\n\t\r.,;:!?()[]{}"*#|/-_', b" " * 22)
_SENTENCE_ENDS = (b". ", b"! ", b"? ", b"; ", b": ", b".\t", b"\n")


def denied_spans(text: str, words: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each clause of `text` that denies a practice, in order. `words`: the text's
    folded words, when known (a text without a word that can deny is passed over at once)."""
    if words is not None and ANCHOR_WORDS.isdisjoint(words):
        return []
    raw = text.encode("latin-1", "replace").lower()  # ASCII lower-cased, one byte per character
    places = [m.start() for m in _ANCHOR.finditer(b" " + raw.translate(_SPACED) + b" ")]
    spans: list[tuple[int, int]] = []
    done = -1
    for place in places:  # the copy's leading space makes a match's start the word's place in `text`
        if place < done:  # in a sentence already read
            continue
        start = max(_after(raw.rfind(end, 0, place), end) for end in _SENTENCE_ENDS)
        stops = [found for end in _SENTENCE_ENDS if (found := raw.find(end, place)) >= 0]
        done = min(stops) if stops else len(text)
        spans.extend((start + a, start + b) for a, b in _denied_clauses(text[start:done]))
    return spans


def _after(found: int, end: bytes) -> int:
    return 0 if found < 0 else found + len(end)


def _denied_clauses(sentence: str) -> list[tuple[int, int]]:
    """The clauses of one sentence that deny a practice."""
    if not _DENIES.search(sentence):
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in (*_CLAUSE.finditer(sentence), None):
        end = len(sentence) if boundary is None else boundary.start()
        clause = sentence[start:end]
        cue = _DENIES.search(clause)
        if cue is not None and not _CONDITION.search(clause) and not _NOT_DENIAL.search(clause):
            spans.append((start, end))
        if boundary is not None:
            start = boundary.end()
    return spans
