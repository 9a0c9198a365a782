"""A blank to fill states nothing: "We acknowledge complaints within [X] working days" is blanked.

What was observed: an unfilled policy template ("Owner: [Name, job title]", "we acknowledge every complaint
within [X] working days", "reported to [committee] every [month/quarter]") lifted four criteria of the
pyramid set to partially met, as much as a real policy missing its approval. A template says what a policy
should state once somebody fills it in; until then it shows nothing of the practice.

A clause (from the previous sentence end or line break to the next) is blanked when it holds a placeholder:

- a bracketed blank, ``[X]``, ``[XX]``, ``[N]``, ``[...]``, ``[___]``, or brackets around a word that names
  what to fill in (``[Name]``, ``[date]``, ``[Organisation name]``, ``[nom du responsable]``,
  ``[Datum]``); a Markdown link (``[Complaints form](…)``) and a reference (``[1]``, ``[see annex 2]``)
  are not placeholders;
- ``<insert …>``, ``<name>``, ``{{ field }}``;
- a line of four or more underscores (``Owner: ________``);
- TBD, TBC, XX (capitals), "à compléter", "à définir", "à préciser".
"""

from __future__ import annotations

import re

__all__ = ["placeholder_spans"]

_FILL_WORDS = r"""name|names|date|dates|insert|enter|organi[sz]ation|company|role|job|title|position|number|
    period|committee|department|team|owner|manager|address|amount|value|frequency|month|quarter|year|
    dd|mm|yyyy|jj|aaaa|tt|jjjj|body|person|contact|site|
    nom|insérer|inserer|organisme|entreprise|société|societe|fonction|poste|nombre|période|periode|
    responsable|comité|comite|compléter|completer|
    datum|einfügen|einfuegen|firma|unternehmen|organisation|funktion|abteilung|anzahl|zeitraum|ergänzen|
    ergaenzen|verantwortliche[rn]?"""
_WORDS = "".join(_FILL_WORDS.split())
#: each kind of placeholder opens with a literal, so each pattern is searched at C speed, and only when
#: the text holds its opening (a bracket, an angle bracket...)
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,120})\](?![(\[:])")  # not a link `[text](url)`, `[ref][1]`, `[1]:`
_BLANK_INSIDE = re.compile(r"\s*(?:[xXnN]{1,4}|#+|\.{2,}|…+|_+|\?+|-{2,})\s*")
_FILL_WORD = re.compile(rf"\b(?:{_WORDS})\b", re.IGNORECASE)
_OTHERS = (
    ("<", re.compile(r"<\s*(?:insert|enter|add|name|date|insérer|nom|einfügen)\b[^<>\n]{0,60}>", re.IGNORECASE)),
    ("{{", re.compile(r"\{\{[^{}\n]{1,60}\}\}")),
    ("____", re.compile(r"_{4,}")),
    ("TB", re.compile(r"\bTB[DC]\b")),  # in capitals: "tbc" in a word list is no blank
    ("XX", re.compile(r"\bXX+\b")),
    ("à ", re.compile(r"\b[àÀ] (?:compléter|définir|préciser)\b")),
    ("À ", re.compile(r"\bÀ (?:compléter|définir|préciser)\b")),
)
_ENDS = (". ", "! ", "? ", "; ", "\n")
#: what opens a Markdown task ("- [x] "): a list marker right before the brackets
_TICKED = re.compile(r"(?:^|\s)(?:[-*+]|\d+[.)])\s*\Z")


def _found(text: str) -> list[tuple[int, int]]:
    """Where each placeholder of `text` is, in order."""
    found: list[tuple[int, int]] = []
    if "[" in text:
        for match in _BRACKETED.finditer(text):
            inside = match.group(1)
            if any(c.isdigit() for c in inside):
                continue  # a figure is filled in ("[date: 2025-03-01]", "[1]")
            if inside in ("x", "X") and _TICKED.search(text, 0, match.start()):
                continue  # a ticked task ("- [x] Complaints acknowledged within 2 days"), not a blank
            if _BLANK_INSIDE.fullmatch(inside) or (len(inside) <= 60 and _FILL_WORD.search(inside)):
                found.append(match.span())
    for opening, pattern in _OTHERS:
        if opening in text:
            found.extend(m.span() for m in pattern.finditer(text))
    return sorted(set(found))


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each clause of `text` holding a placeholder (see the module's docstring)."""
    spans: list[tuple[int, int]] = []
    for at, stop in _found(text):
        if spans and at < spans[-1][1]:
            continue  # inside the clause already blanked
        start = max((found + len(end) if (found := text.rfind(end, 0, at)) >= 0 else 0) for end in _ENDS)
        ends = [found + 1 for end in _ENDS if (found := text.find(end, stop)) >= 0]
        spans.append((start, min(ends) if ends else len(text)))
    return spans
