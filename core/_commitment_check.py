"""A published commitment loosens a target only where the document it cites states it.

What was observed: `commitments: {first_reply_hours: {value: 48, source: shop/our-promise.md}}` held
Harbour Cycles' first replies to 48 hours, where the promise it cites says "within 24 hours"; a bare
`first_reply_hours: 48` did the same with no document at all. The manifest is the word of whoever wrote
it; the commitment is what the organisation published, and a target loosened on it must rest on that.

So, after collection and before grading, each commitment that loosened a target (see
`profile_apply`) is checked against the text of its `source`, read as the documents collector read it:
the value must be there with its unit ("24 hours", "24 h", "within 1 working day" for 24 hours, "14
days", "two weeks" for 14 days, "85 %"), in English, French or German. A commitment with no source, a
source that is not a document servex read, or a source that does not state the value loosens nothing:
the target stays where the criteria set and the profile put it, and a warning names the manifest field
and says why. A commitment that tightens a target is applied as it is: holding an organisation to more
than servex's default needs no proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from servex._evidence import EvidenceItem

__all__ = ["unstated_commitments"]

_NUMBER_WORDS: Mapping[int, tuple[str, ...]] = {
    1: ("one", "a", "an", "un", "une", "ein", "einen", "einem", "einer"), 2: ("two", "deux", "zwei"),
    3: ("three", "trois", "drei"), 4: ("four", "quatre", "vier"), 5: ("five", "cinq", "fünf", "funf"),
    6: ("six", "sechs"), 7: ("seven", "sept", "sieben"), 8: ("eight", "huit", "acht"),
    9: ("nine", "neuf", "neun"), 10: ("ten", "dix", "zehn"), 12: ("twelve", "douze", "zwölf"),
    14: ("fourteen", "quatorze", "vierzehn"), 15: ("fifteen", "quinze", "fünfzehn"),
    20: ("twenty", "vingt", "zwanzig"), 21: ("twenty-one", "vingt et un", "einundzwanzig"),
    24: ("twenty-four", "twenty four", "vingt-quatre", "vierundzwanzig"), 30: ("thirty", "trente", "dreißig"),
    48: ("forty-eight", "forty eight", "quarante-huit", "achtundvierzig"),
    72: ("seventy-two", "seventy two", "soixante-douze", "zweiundsiebzig"),
}  # fmt: skip
_QUALIFIER = r"(?:\s+(?:working|business|calendar|clear|ouvr[ée]s|ouvrables|calendaires))?"
_UNITS: Mapping[str, str] = {
    "hours": r"(?:h|hrs?|hours?|heures?|stunden?|std)\b",
    "days": r"(?:working\s+|business\s+|calendar\s+|clear\s+)?(?:days?|jours?|(?:werk|arbeits|kalender)?tage?n?)\b"
    + _QUALIFIER,
    "weeks": r"(?:weeks?|semaines?|wochen?)\b",
    "percent": r"(?:%|per\s*cent\b|pour\s*cent\b|prozent\b)",
}
#: the unit of each commitment the shipped profiles anchor
_KIND: Mapping[str, str] = {
    "first_reply_hours": "hours",
    "resolution_hours": "hours",
    "complaint_response_days": "days",
    "on_time_percent": "percent",
}
#: what the sentence stating the value must be about: "48 hours" for a repair says nothing of replies
_SUBJECT: Mapping[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "first_reply_hours": r"repl|respon|answer|acknowledg|get back|r[ée]pon|accus|antwort|r[üu]ckmeld|meld",
        "resolution_hours": r"resol|solv|fix|repair|clos|settl|r[ée]sol|r[ée]par|r[ée]gl|l[öo]s|behob|erledig",
        "complaint_response_days": r"complain|r[ée]clamation|plainte|beschwerde|reklamation",
        "on_time_percent": r"on time|deadline|promis|kept|d[ée]lai|tenu|respect|frist|eingehalten|p[üu]nktlich",
    }.items()
}
# a sentence that denies, asks, plans or leaves a blank states no promise ("we do not promise a reply within
# 48 hours", "do you reply within 48 hours?", "from next year we will reply within 48 hours", "within [48]
# hours"): the documents plugin blanks such passages before matching; core cannot call it, so the same
# cases are refused here in a coarser form (a sentence holding any of these words is not read at all)
_NOT_A_PROMISE = re.compile(
    r"\b(?:not|never|no|n't|pas|jamais|aucune?|nicht|nie|kein\w*|plans?|planned|intends?|hopes?|aims?|"
    r"would|next\s+year|in\s+future|l'an\s+prochain|l'ann[ée]e\s+prochaine|[àa]\s+partir|prévoyons|"
    r"k[üu]nftig|zuk[üu]nftig|ab\s+20\d\d|from\s+20\d\d|tbd)\b|n't\b|\?|\[|_{3,}",
    re.IGNORECASE,
)
#: up to and with its sentence mark (not a decimal point): a question keeps its "?"
_SENTENCE = re.compile(r"[^.!?;\n]+(?:\.(?=\d)[^.!?;\n]*)*[.!?;]?")


def unstated_commitments(
    commitments: Mapping[str, Any], adjustments: Iterable[Mapping[str, Any]], items: Iterable[EvidenceItem]
) -> dict[str, str]:
    """Each commitment that loosened a target without its source stating it, with the reason, in English
    (the log's language)."""
    loosened = sorted(
        {
            str(a["commitment"])
            for a in adjustments
            if a.get("source") == "commitment" and a.get("change") == "loosened" and a.get("commitment")
        }
    )
    if not loosened:
        return {}
    texts = _document_texts(items)
    reasons: dict[str, str] = {}
    for name in loosened:
        given = commitments.get(name)
        value = given.get("value") if isinstance(given, Mapping) else given
        source = str(given.get("source") or "").strip() if isinstance(given, Mapping) else ""
        shown = f"{value:g}" if isinstance(value, int | float) else str(value)
        if not source:
            reasons[name] = (
                f"{name}: {shown} would loosen a target but gives no `source:`, the document that publishes it; "
                "the target is not loosened"
            )
            continue
        text = texts.get(source.removeprefix("./"))
        if text is None:
            reasons[name] = (
                f"{name}: its source {source} is not a document servex read in the evidence folder, so what it "
                "states cannot be checked; the target is not loosened"
            )
        elif not isinstance(value, int | float) or not states_value(text, name, float(value)):
            unit = {"hours": " hours", "days": " days", "percent": " %"}.get(_KIND.get(name, ""), "")
            reasons[name] = f"{name}: {source} does not state {shown}{unit}; the target is not loosened to it"
    return reasons


def states_value(text: str, name: str, value: float) -> bool:
    """Whether a sentence of `text` about the commitment `name` (a reply, a resolution, a complaint, a
    deadline kept) states `value` in its unit (or an equal value in a larger unit: 24 hours as 1 day)."""
    kind = _KIND.get(name)
    if kind is None:
        return False
    wanted = [(value, kind)]
    if kind == "hours" and value % 24 == 0:
        wanted.append((value / 24, "days"))
    if kind == "days" and value % 7 == 0:
        wanted.append((value / 7, "weeks"))
    patterns = []
    for number, unit in wanted:
        if number == int(number):
            spellings = [re.escape(f"{number:g}"), *(re.escape(w) for w in _NUMBER_WORDS.get(int(number), ()))]
            patterns.append(re.compile(rf"(?<![\w.,])(?:{'|'.join(spellings)})\s*-?\s*{_UNITS[unit]}"))
    for line in text.replace("\u00a0", " ").replace("\u202f", " ").casefold().split("\n"):
        for sentence in _SENTENCE.findall(line):
            if (
                _SUBJECT[name].search(sentence)
                and any(p.search(sentence) for p in patterns)
                and not _NOT_A_PROMISE.search(sentence)
            ):
                return True
    return False


def _document_texts(items: Iterable[EvidenceItem]) -> dict[str, str]:
    """The text of every document item, by the path its provenance names."""
    texts: dict[str, str] = {}
    for item in items:
        if item.kind != "document":
            continue
        payload = item.payload
        if isinstance(payload, str):
            text = payload
        else:
            try:
                text = "\n".join(str(pair[1]) for pair in payload or () if len(pair) == 2)
            except TypeError:
                continue
        texts[str(item.provenance.source).removeprefix("./")] = text
    return texts
