"""What a passage *states*, as an assessor reads it: a time-bound commitment, a named owner, a frequency...

A document proves a practice only through what it says about it. A requirement names its subject (terms)
and the claims a passage about that subject must make; both must be found in the same passage. Each claim
is a pattern over the folded text (accents dropped, lower case) in English, French and German, written for
the way policies, charters and minutes phrase these things ("within 2 working days", "sous 48 h",
"innerhalb von 5 Werktagen"; "Owner: Head of Care", "responsable :"; "every quarter", "mensuel").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

__all__ = ["CLAIMS", "Claim", "find_claim"]

_UNIT = (
    r"(?:working |business |calendar |clear )?"
    r"(?:h|hrs?|hours?|mins?|minutes?|seconds?|secs?|s|days?|weeks?|months?|"
    r"heures?|jours?(?: ouvres| ouvrables| calendaires| francs)?|semaines?|mois|"
    r"stunden?|std|tagen?|werktagen?|arbeitstagen?|minuten?|sekunden?|wochen?|monaten?)"
)
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"januar|februar|marz|maerz|juni|juli|oktober|dezember|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
)


@dataclass(frozen=True)
class Claim:
    id: str
    label: tuple[str, str]  #: en, fr: what the passage must state, for messages
    source: str  #: the pattern; compiled on first search, so a run that reads no document pays nothing
    #: False when the text cannot hold a match, found far faster than the pattern fails on it (most
    #: of these claims need a digit: prose pages without one are common, and a failed search is slow)
    gate: Callable[[str], bool] | None = None
    #: the first word of every way the pattern can begin, for a pattern that begins at a word boundary:
    #: a text none of whose words starts with one of them cannot state the claim, which its sorted words
    #: tell in a few bisections where the pattern would try every position and fail (a test derives
    #: the words the pattern can begin with and checks they are covered)
    leads: tuple[str, ...] = ()
    #: what, right before a match, makes it no statement of the claim (a target is not a result)
    unless: str = ""
    #: ... and right after it ("monthly payment plans" is a product, not how often something is done)
    unless_after: str = ""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def unless_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.unless) if self.unless else None

    @cached_property
    def unless_after_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.unless_after) if self.unless_after else None


_ASCII_DIGITS = "0123456789"
_DIGIT = re.compile(r"\d")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _has_digit(text: str) -> bool:
    """Whether `\\d` would match somewhere in the text (a substring test per ASCII digit is C-fast)."""
    if any(digit in text for digit in _ASCII_DIGITS):
        return True
    return not text.isascii() and _DIGIT.search("".join(_NON_ASCII.findall(text))) is not None


def _digit_or(*phrases: str) -> Callable[[str], bool]:
    return lambda text: _has_digit(text) or any(phrase in text for phrase in phrases)


def _claim(
    cid: str,
    en: str,
    fr: str,
    pattern: str,
    gate: Callable[[str], bool] | None = None,
    leads: str = "",
    unless: str = "",
    unless_after: str = "",
) -> Claim:
    return Claim(cid, (en, fr), pattern, gate, tuple(sorted(leads.split())), unless, unless_after)


#: Opening hours: two times of day joined by "to", "-", "à", "bis" ("8:00 to 21:00", "7am to 11pm", "de 8 h 30 a
#: 12 h"), or two bare numbers after a word that says hours or days ("open 9-5", "Monday to Friday 9 to 5"),
#: or "around the clock". What was observed: two bare numbers anywhere were taken for hours, so every ISO
#: date ("Issued 2025-10-09": "10-09"), an answer scale ("0-10") and "complaints fell from 14 to 9" stated
#: opening hours; one such line beside the word "email" satisfied "customer information that gives the
#: opening hours and the ways to contact us". A number inside a date (after or before "-", "/", ".") is
#: never one end of a range of hours.
_HOUR_MINUTE = r"\d{1,2}(?:[:.]\d{2}|\s?h\s?\d{2})"
_TIME_OF_DAY = rf"(?:{_HOUR_MINUTE}\s*(?:am|pm|h|uhr)?|\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.|h|uhr)\b)"
_TO = r"\s*(?:-|–|—|to|until|till|a|au|bis|jusqu'a)\s*"
_OPEN_WORD = (
    r"\b(?:open\w*|hours|horaires?|ouvert\w*|geoffnet|offnungszeiten|daily|weekdays?|weekends?|"
    r"(?:mon|tues?|wednes|thurs?|fri|satur|sun)days?|mon|tue|wed|thu|fri|sat|sun|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonntags?)\b[^.\d]{0,25}?"
)
_HOURS = (
    rf"(?<![-/.\d])\b{_TIME_OF_DAY}{_TO}(?:{_TIME_OF_DAY}|\d{{1,2}})(?![\d/]|-\d|\.\d)|"
    rf"(?<![-/.\d])\b\d{{1,2}}{_TO}{_TIME_OF_DAY}(?![\d/]|-\d|\.\d)|"
    rf"{_OPEN_WORD}(?<![-/.\d])\b\d{{1,2}}{_TO}\d{{1,2}}(?![\d/]|-\d|\.\d)|"
    r"24\s*/\s*7|around the clock|round the clock|24 hours a day|24\s*h(?:eures)?\s*(?:/|sur)\s*24|rund um die uhr"
)

#: A figure named as a target, aim or objective just before it ("target 95 %", "we aim for an NPS of 40",
#: "objectif : 90 %"), with no other figure in between: what is hoped for, not what was measured.
_TARGET_BEFORE = (
    r"\b(?:targets?|targeted|targeting|aim|aims|aiming|aimed|goals?|objectives?|ambition|cibles?|objectifs?|"
    r"viser|visons|vise|ziele?|zielwert|angestrebt)\b[^.;\n\d]{0,40}$"
)

#: a duty of the customer, right before the time: "customers must complain within 30 days" sets a limit on
#: the customer, it commits the organisation to nothing
_CUSTOMER_DUTY_BEFORE = (
    r"\b(?:customers?|clients?|you|users?|callers?|guests?|patients?|tenants?|passengers?|usagers?|vous|kunden?|"
    r"sie)\s+(?:\w+\s+){0,2}(?:must|should|shall|need to|needs to|have to|has to|are required to|is required to|"
    r"doit|doivent|devez|muss|mussen)\b[^.;\n]{0,60}$|"
    r"\b(?:must|should|shall|need to|needs to|have to|has to)\s+be\s+(?:made|raised|submitted|lodged|filed|"
    r"reported by the customer)\b[^.;\n]{0,30}$"
)
#: a price right before a frequency ("12 EUR per month", "£9.99 monthly") is a tariff
_PRICE_BEFORE = (
    r"(?:[$\u00a3\u20ac]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:eur|euros?|gbp|usd|chf|pounds?|dollars?|francs?))\s*$|"
    r"\b(?:paiements?|abonnements?|forfaits?|factures?|loyers?|frais|mensualites?|zahlung\w*|gebuhr\w*)\s+$"
)
#: a product or a payment right after a frequency ("monthly payment plans", "annual fee") is not a practice
_PAYMENT_AFTER = (
    r"^\s+(?:payments?|instal+ments?|fees?|prices?|subscriptions?|plans?|bills?|billing|charges?|rent|"
    r"contracts?|tariffs?|allowances?|passes?|tickets?|rates?|premiums?|"
    # German nouns after an inflected adjective: "monatliche Raten", "jährliche Gebühr", "Monatsabo"
    r"raten|ratenzahlung\w*|zahlung\w*|gebuhr\w*|beitrag\w*|abo\w*|miete\w*|pramie\w*|rechnung\w*)\b"
)


#: words that make a role generic ("ask a manager", "your lead"), not a named one ("the complaints manager")
_GENERIC = ("a", "an", "any", "another", "your", "our", "their", "his", "her", "its", "this", "that", "each",
            "every", "no", "one", "my")  # fmt: skip
#: role nouns that name an owner only after a word saying which one ("duty manager", "quality lead")
_ROLES = ("manager", "officer", "coordinator", "director", "champion", "lead", "leader", "owner")


def _named_role(role: str) -> str:
    """`role` right after another word that is not an article or a possessive (lookbehinds after the
    literal, so the pattern still begins with the role word: see Claim.leads)."""
    after_word = rf"(?<=\w {role})"
    # "the manager" of a small shop is one person; "the lead" is "take the lead"
    words = (*_GENERIC, "the") if role.startswith("lead") else _GENERIC
    generic = "".join(rf"(?<!\b{word} {role})" for word in words)
    tail = r"(?! time| times)" if role == "lead" else ""
    return rf"{role}{after_word}{generic}{tail}\b|{role}(?<=\w \({role})\)"


#: A named owner or role, as a policy states it: "Owner: Head of Care", "owned by the Complaints Officer",
#: "the service desk manager is responsible for", "Responsable : directrice qualité". A bare role word is
#: not one: "ask a manager", "we are not responsible for delays", "lead time", "take the lead" met the
#: claim before (principle 4: a stray word proves nothing).
_OWNER = (
    r"\b(?:"
    r"(?:owner|responsible|accountable|responsable|referente?|verantwortlich\w*|pilote|beauftragte\w*)\s?:"
    r"|(?:owned|led|chaired|managed|run|pilotee?|geleitet|verantwortet) (?:by|par|von)\b"
    r"|(?:is|are|est|sont|ist|sind)(?<!\bnobody is)(?<!\bno one is)(?<!\bpersonne est) "
    r"(?:responsible|accountable|responsable|responsables|verantwortlich)\b"
    r"|owns (?:this|the|our|it)\b"
    r"|sous la responsabilite (?:de|du|des|d)\b"
    r"|head of(?= \w)"
    r"|(?:chef|cheffe) (?:de|du|des|d)(?= ?\w)"
    r"|(?:directeur|directrice) (?:de|du|des|d|general|generale|qualite|commercial|commerciale|client)"
    r"|(?:referent|referente)(?= \w)"
    r"|leiter(?:in)?(?= \w)|leitung(?= \w)"
    rf"|{'|'.join(_named_role(role) for role in _ROLES)}"
    r")"
)
_OWNER_LEADS = (
    "owner responsible accountable responsable referent verantwortlich pilote beauftragte owned led chaired "
    "managed run geleitet verantwortet is are est sont ist sind owns sous head chef directeur directrice leiter "
    "leitung manager officer coordinator director champion lead"
)


CLAIMS: dict[str, Claim] = {
    c.id: c
    for c in (
        _claim(
            "time_commitment",
            "a time-bound commitment (a number and a time unit)",
            "un engagement de délai (un nombre et une unité de temps)",
            rf"\b\d+(?:[.,]\d+)?\s*(?:(?:-|to|a|or|ou|bis)\s*\d+\s*)?{_UNIT}\b",
            _has_digit,
            unless=_CUSTOMER_DUTY_BEFORE,
        ),
        _claim(
            "opening_hours",
            "opening hours (from a time to a time, or around the clock)",
            "des horaires d'ouverture (d'une heure à une autre, ou en continu)",
            _HOURS,
            _digit_or("round the clock", "rund um die uhr"),
        ),
        _claim(
            "owner",
            "a named owner or role",
            "un responsable ou un rôle nommé",
            _OWNER,
            leads=_OWNER_LEADS,
        ),
        _claim(
            "frequency",
            "a frequency (daily, monthly, every quarter...)",
            "une fréquence (chaque jour, mensuelle, chaque trimestre...)",
            r"\b(?:every|each|once a|twice a|per) (?:\w+ )?(?:day|week|month|quarter|year|fortnight|shift)s?\b|"
            r"\b(?:daily|weekly|monthly|quarterly|annually|yearly|fortnightly)\b|"
            r"\b(?:chaque|tous les|toutes les|une fois par|deux fois par) (?:\w+ )?"
            r"(?:jours?|semaines?|mois|trimestres?|ans?|annees?)\b|"
            r"\b(?:quotidien\w*|hebdomadaire\w*|mensuel\w*|trimestriel\w*|annuel\w*|semestriel\w*)\b|"
            # German adjectives take endings ("die wöchentliche Auswertung", "im monatlichen Bericht")
            r"\b(?:taglich|wochentlich|monatlich|vierteljahrlich|jahrlich|halbjahrlich)(?:e[nmrs]?)?\b|"
            r"\bquartalsweise\b|\bjede[nrs]? (?:tag|woche|monat|quartal|jahr)\b|"
            r"\b(?:einmal|zweimal|dreimal) (?:pro|im|in der|je) (?:tag|woche|monat|quartal|jahr)\b|"
            r"\balle (?:\w+ )?(?:tage|wochen|monate|quartale|jahre)\b",
            leads="every each once twice per daily weekly monthly quarterly annually yearly fortnightly chaque "
            "tous toutes une deux quotidien hebdomadaire mensuel trimestriel annuel semestriel taglich "
            "wochentlich monatlich vierteljahrlich quartalsweise jahrlich halbjahrlich jede einmal zweimal "
            "dreimal alle",
            unless=_PRICE_BEFORE,
            unless_after=_PAYMENT_AFTER,
        ),
        _claim(
            "numeric_target",
            "a numeric target (a percentage or a target with a number)",
            "un objectif chiffré (un pourcentage ou une cible chiffrée)",
            r"\d+(?:[.,]\d+)?\s?(?:%|percent|pour ?cent|prozent)|"
            r"\b(?:target|objective|goal|threshold|objectif|cible|seuil|ziel\w*|schwelle\w*)\b\W+(?:\w+\W+){0,5}\d",
            _has_digit,
        ),
        _claim(
            "date",
            "a date",
            "une date",
            rf"\b\d{{4}}-\d{{2}}(?:-\d{{2}})?\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|"
            rf"\b{_MONTHS}\.? \d{{4}}\b|\bq[1-4] \d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th|er)? {_MONTHS}\b",
            _has_digit,
        ),
        _claim(
            "decision",
            "a decision or action taken",
            "une décision ou une action engagée",
            # approving a document is not a decision taken after measuring: `requires_approval` checks that
            r"\b(?:decided|decision|decisions|agreed|resolved to|we changed|changed|introduced|launched|"
            r"implemented|redesigned|rolled out|removed|stopped|added|replaced|actions? agreed|actions? taken|"
            r"action:|actions:|decide|decidee?s?|decision|mis en place|mise en place|lance|"
            r"modifie|supprime|introduit|remplace|deploye|beschlossen|entschieden|entscheidung|massnahme\w*|"
            r"eingefuhrt|umgesetzt|geandert)\b",
            leads="decided decision agreed resolved we changed introduced launched implemented redesigned "
            "rolled removed stopped added replaced action decide mis mise lance modifie supprime introduit "
            "remplace deploye beschlossen entschieden entscheidung massnahme eingefuhrt umgesetzt geandert",
        ),
        _claim(
            "measured_result",
            "a measured result (a percentage or a score)",
            "un résultat mesuré (un pourcentage ou un score)",
            # a finding, not a sample size: "2,000 interviews a year" says research is done, not what it found
            r"\d+(?:[.,]\d+)?\s?(?:%|percent|pour ?cent|prozent)|"
            r"\b(?:score|nps|csat|ces)\b\W+(?:\w+\W+){0,3}-?\d",
            _has_digit,
            unless=_TARGET_BEFORE,
        ),
    )
}


def find_claim(
    claim: Claim, folded_text: str, vocabulary: Sequence[str] | None = None, start: int = 0
) -> tuple[int, int] | None:
    """The first span in the folded text, from character `start`, that states the claim, or None.
    `vocabulary`: the distinct words of the folded text, sorted, when the caller has them (see
    :attr:`Claim.leads`)."""
    if claim.gate is not None and not claim.gate(folded_text):
        return None
    if claim.leads and vocabulary is not None and not _begins_any(vocabulary, claim.leads):
        return None
    match = claim.pattern.search(folded_text, start)
    unless, unless_after = claim.unless_pattern, claim.unless_after_pattern
    while match is not None and (unless is not None or unless_after is not None):
        before = unless is not None and unless.search(folded_text, max(0, match.start() - 80), match.start())
        after = unless_after is not None and unless_after.match(folded_text[match.end() : match.end() + 40])
        if not (before or after):
            break
        match = claim.pattern.search(folded_text, match.end())  # past it: "95 %" also holds "5 %"
    return match.span() if match else None


def _begins_any(vocabulary: Sequence[str], leads: Sequence[str]) -> bool:
    """Whether a word of the sorted `vocabulary` starts with one of `leads`."""
    for lead in leads:
        at = bisect_left(vocabulary, lead)
        if at < len(vocabulary) and vocabulary[at].startswith(lead):
            return True
    return False
