"""A question states nothing: "Do you survey customers every month?" is blanked before matching.

What was observed: a blank self-assessment checklist ("Do you have a documented complaints procedure that
sets response times, for example a reply within 5 working days? ☐ Yes ☐ No"), alone in a folder, lifted
twelve criteria of the pyramid set to partially met and satisfied three requirements: each question held a
subject and a claim. A checklist, an agenda item or an interview guide asks whether a practice exists; it
shows nothing of it.

A sentence counts as a question when it ends with "?" and begins with a word that opens a question in
English, French or German ("do", "is", "how", "est-ce", "avez-vous", "comment", "gibt", "wie"...). The
answer that follows it is kept ("How do I complain? Call us; we reply within 5 days."), and so is a
heading that asks ("## How do I make a complaint?"): it names the topic of the answer under it. A table
header such as "| Our result | Kept? |" does not begin with a question word and is kept.
"""

from __future__ import annotations

__all__ = ["question_spans"]

_OPENER_WORDS = """do does did is are was were have has had can could should would will shall may might must how what
    when where who whom whose why which am isn't aren't don't doesn't didn't haven't hasn't
    est-ce avez-vous avez etes-vous êtes-vous existe-t-il existe-t-elle y a-t-il comment quand pourquoi
    quel quelle quels quelles qui que qu'est-ce combien ou où y disposez-vous faites-vous mesurez-vous
    suivez-vous pouvez-vous savez-vous
    haben habt hat gibt gab ist sind war waren wird werden kann können koennen wie wann wo wer warum
    welche welcher welches was führen fuehren messen nutzen erfassen"""
_OPENERS = frozenset(_OPENER_WORDS.split())
_ENDS = (". ", "! ", "? ", ": ", "; ", "\n", ".\t")
_LEADING = " \t\r\"'“”«»(*-•–—0123456789.)[]☐☑☒|"


def question_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each question in `text` (see the module's docstring), in order."""
    if "?" not in text:
        return []
    spans: list[tuple[int, int]] = []
    at = text.find("?")
    while at >= 0:
        start = max((found + len(end) if (found := text.rfind(end, 0, at)) >= 0 else 0) for end in _ENDS)
        line_start = text.rfind("\n", 0, at) + 1
        sentence = text[start:at]
        words = sentence.lstrip(_LEADING).split(None, 1)
        first = words[0].lower().rstrip(",") if words else ""
        heading = text[line_start:].lstrip().startswith("#")
        if first in _OPENERS and not heading:
            spans.append((start, at + 1))
        at = text.find("?", at + 1)
    return spans
