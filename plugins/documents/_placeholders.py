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
_PLACEHOLDER = re.compile(
    r"\[\s*(?:[xXnN]{1,4}|#+|\.{2,}|…+|_+|\?+|-{2,})\s*\](?![(\[:])"  # [X], [XX], [N], [...], [___]
    rf"|\[[^\[\]\n]{{0,60}}?\b(?:{_WORDS})\b[^\[\]\n]{{0,60}}\](?![(\[:])"  # [Name], [date], [nom du …]
    r"|<\s*(?:insert|enter|add|name|date|insérer|nom|einfügen)\b[^<>\n]{0,60}>"
    r"|\{\{[^{}\n]{1,60}\}\}"
    r"|_{4,}"
    r"|\b(?:TBD|TBC|XX+)\b"
    r"|\bà (?:compléter|définir|préciser)\b",
    re.IGNORECASE,
)
_CAPITALS_ONLY = re.compile(r"\b(?:tbd|tbc|xx+)\b", re.IGNORECASE)
_ENDS = (". ", "! ", "? ", "; ", "\n")


def _is_placeholder(match: re.Match[str]) -> bool:
    """TBD, TBC and XX count in capitals only ("xx-large" or "tbc" in a word list are not blanks); brackets
    holding a figure are filled in ("[date: 2025-03-01]", "[reviewed 2025]")."""
    found = match.group(0)
    if found.startswith("[") and any(c.isdigit() for c in found):
        return False
    return not _CAPITALS_ONLY.fullmatch(found) or found.isupper()


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each clause of `text` holding a placeholder (see the module's docstring)."""
    spans: list[tuple[int, int]] = []
    for match in _PLACEHOLDER.finditer(text):
        if not _is_placeholder(match):
            continue
        at, stop = match.start(), match.end()
        if spans and at < spans[-1][1]:
            continue  # inside the clause already blanked
        start = max((found + len(end) if (found := text.rfind(end, 0, at)) >= 0 else 0) for end in _ENDS)
        ends = [found + 1 for end in _ENDS if (found := text.find(end, stop)) >= 0]
        spans.append((start, min(ends) if ends else len(text)))
    return spans
