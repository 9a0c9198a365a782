"""The date a document's own text gives it ("Approved by the board on 14 January 2019"), which places it
in time better than the file's stamp.

What was observed: a complaints policy whose text reads "Approved by Jo Penhale, owner, on 14 January 2019
… Next review: January 2020", saved again as a Word file in October 2025, satisfied the knock-out
PYR-L2-01 (a policy approved within 730 days): its age was taken from the file's "modified" stamp, which
changes on every copy and save. An assessor reads the approval line and sees a policy six years old and
five years past its review.

The stated date is the latest date written just after a date label or an approval, review or issue word
(EN, FR, DE) within a short stretch of the same sentence, on a short status line ("Date: 25 November
2025. Present: ..."). A date after "next review", "valid until", "due" or their French and German forms
looks forward, not back, and is left out. Only the document's text is read here: a date the manifest
declares (`approved:`, `issued:`) still wins, as it is the assessor's or the organisation's explicit
statement. A document with no date of its own (Markdown, plain text) is dated by its text.

The forward date is read too, on its own (:func:`expiry_date`): a policy saved again in 2025 whose
approval line has no date but whose status line says "Valid until: 31 December 2022" or "Next review:
January 2020" took its age from the file's stamp and passed as current. The date after an expiry or
next-review label ("valid until", "expires", "next review", "review due"; "valable jusqu'au", "prochaine
révision", "expire le"; "gültig bis", "nächste Überprüfung", "läuft ab") is the date the document lapses,
and the evaluator holds a document that lapsed before the period began not current (see `_judge`). A
month alone ("January 2020") lapses at its end. A line that speaks of a version it replaces ("replaces
the version valid until ...") is not about this document and is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

__all__ = ["expiry_date", "stated_date"]

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "januar": 1, "february": 2, "feb": 2, "fevrier": 2, "februar": 2,
    "march": 3, "mar": 3, "mars": 3, "marz": 3, "april": 4, "apr": 4, "avril": 4, "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6, "juni": 6, "july": 7, "jul": 7, "juillet": 7, "juli": 7,
    "august": 8, "aug": 8, "aout": 8, "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10, "oktober": 10, "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12, "dezember": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
#: words after which a date says when the document was approved, reviewed or issued (folded text)
_STATED = (
    r"date|dated|approved|adopted|signed off|signed|endorsed|validated|reviewed|revised|issued|updated|effective|"
    r"approval|review date|date of issue|issue date|version date|"
    r"approuvee?s?|adoptee?s?|validee?s?|revisee?s?|mise? a jour|date d'effet|date d'approbation|datee?|"
    r"genehmigt|verabschiedet|freigegeben|uberpruft|aktualisiert|stand|gultig ab|datum"
)
_DATE = (
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    rf"|(?P<dmy>(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er)?\.? (?P<dm>{_MONTH})\.? (?P<dy>\d{{4}}))"
    rf"|(?P<mdy>(?P<mm>{_MONTH})\.? (?P<md>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<my>\d{{4}}))"
    rf"|(?P<my_only>(?P<om>{_MONTH})\.? (?P<oy>\d{{4}}))"
    r"|(?P<num>(?P<nd>\d{1,2})(?P<sep>[./])(?P<nm>\d{1,2})[./](?P<ny>\d{4}))"
)
_FOUND = re.compile(rf"\b(?:{_STATED})\b(?P<between>[^.;!?\n]{{0,50}}?)\b(?:{_DATE})\b")
#: a date that looks forward: the next review, an expiry, a deadline
_FORWARD = re.compile(r"\b(?:next|due|until|expir\w*|before|prochaine?|jusqu|avant|nachste[rn]?|bis|spatestens)\b")
_LOOK_BACK = 30  #: characters before the approval word searched for a forward-looking word
#: a status line ("Approved by the board on 14 January 2019. Owner: Q. Manager.") is short; a paragraph
#: of minutes that says "we reviewed the complaints of March 2024" tells what was discussed, not when the
#: document was approved, and is not read
_STATUS_LINE = 160
#: words after which a date says when the document lapses or is due for review (folded text; "jusqu'au"
#: with a straight or a typographic apostrophe); the date follows within a few words, with no figure between
_EXPIRES = (
    r"(?:next|scheduled) (?:review|revision)(?: date)?|review(?: is)? due|due for review|to be reviewed|"
    r"valid (?:until|till|through|thru|to)|expire[sd]?|expiring|expiry(?: date)?|expiration(?: date)?|"
    r"(?:valable|valide|en vigueur) jusqu['\u2019 ]?(?:au|a|a la date du)?|"
    r"prochaine (?:revision|revue|mise a jour|actualisation)|a reviser|"
    r"date d['\u2019 ]?(?:expiration|echeance)|"
    r"gultig(?:keit)? bis|nachste[rn]? (?:uberprufung|prufung|revision|aktualisierung|uberarbeitung)|"
    r"lauft (?:ab|am)|ablaufdatum|wiedervorlage"
)
_EXPIRY = re.compile(rf"\b(?:{_EXPIRES})\b(?P<between>[^.;!?\n\d]{{0,25}}?)\b(?:{_DATE})\b")
#: a line about the version this one replaces: its expiry is not this document's
_SUPERSEDED = re.compile(
    r"\b(?:replac\w*|supersed\w*|previous|former|earlier|old|remplac\w*|precedente?|ancienne?|ersetz\w*|"
    r"vorherige[nrs]?|bisherige[nrs]?|alte[nrs]?)\b"
)


def _date_of(match: re.Match[str], month_end: bool = False) -> date | None:
    """The date a match names; None for a day-and-month order that cannot be told (03/04/2019). A month
    alone is its first day, or with `month_end` its last (a review due in January is late in February)."""
    g = match.groupdict()
    try:
        if g["iso"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["dmy"]:
            return date(int(g["dy"]), _MONTHS[g["dm"]], int(g["dd"]))
        if g["mdy"]:
            return date(int(g["my"]), _MONTHS[g["mm"]], int(g["md"]))
        if g["my_only"]:
            year, month = int(g["oy"]), _MONTHS[g["om"]]
            if month_end:
                return date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
            return date(year, month, 1)
        day, month = int(g["nd"]), int(g["nm"])
        if g["sep"] == "/" and day <= 12 and month <= 12 and day != month:
            return None  # 03/04/2019: March or April, by who wrote it (12.03.2025 is day first everywhere)
        return date(int(g["ny"]), month, day) if month <= 12 else date(int(g["ny"]), day, month)
    except ValueError:  # 31 February, a month 13
        return None


def stated_date(folded: Iterable[str]) -> str | None:
    """The latest approval, review or issue date the (folded) text states, as YYYY-MM-DD; None if none."""
    latest: date | None = None
    for text in folded:
        if len(text) > _STATUS_LINE:
            continue
        for match in _FOUND.finditer(text):
            before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
            if _FORWARD.search(before) or _FORWARD.search(match.group("between")):
                continue
            found = _date_of(match)
            if found is not None and (latest is None or found > latest):
                latest = found
    return latest.isoformat() if latest else None


def expiry_date(folded: Iterable[str]) -> str | None:
    """The latest date the (folded) text says the document lapses or is due for review, as YYYY-MM-DD;
    None if none. The latest, as a revision table lists each version's next review and the last is this
    document's."""
    latest: date | None = None
    for text in folded:
        if len(text) > _STATUS_LINE:
            continue
        for match in _EXPIRY.finditer(text):
            if _SUPERSEDED.search(text, 0, match.start()):
                continue
            found = _date_of(match, month_end=True)
            if found is not None and (latest is None or found > latest):
                latest = found
    return latest.isoformat() if latest else None


def lapsed(expires: str | None, stated: str | None, start: date | None) -> str | None:
    """`expires` (see :func:`expiry_date`) when it falls before the period's `start`: the document was
    no longer current for any of the period. None when an approval its text states (`stated`) comes
    after it: the document was renewed and its old expiry line left in."""
    if not expires or start is None or expires >= start.isoformat() or (stated and stated > expires):
        return None
    return expires
