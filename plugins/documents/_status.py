"""A practice listed as not in place (a gap analysis, an unticked checklist) is not a practice: blanked.

What was observed: an organisation's own self-assessment, a table of practices each marked "Not in
place", "Not started", "No" or "To do", lifted fourteen requirements of the pyramid set, three to
satisfied, alone in a folder; so did the same list as a checklist whose boxes were all empty ("- [ ]",
"☐"). An empty folder lifts none. Matching read the practice in the row and not the status beside it.
Organisations preparing for certification keep exactly such lists, of what they do not do yet.

Blanked before matching, a line at a time:

- a list item or line that opens with an empty box: "[ ]", "☐", "□", "❏", "❑" (a ticked "[x]", "☑",
  "☒", "✓" is kept);
- a table row (cells between "|", as Markdown writes them and as Word and Excel rows are read) with a
  cell that says the practice is not in place: "not in place", "not started", "not yet", "not done",
  "not implemented", "to do", "missing", "gap", "pas en place", "à faire", "non réalisé", "nicht
  umgesetzt", "fehlt" ...; not "planned", "in progress", "en cours" or "offen", which a corrective-action
  log writes beside an action decided (the analysis and the decision are what a review asks for); or
  "No", "Non", "Nein", "✗", "❌" in a cell after the first, when the first cell states something (four
  words or more): "Repair quote | within 24 hours | No" (is it charged?) is a service standard, kept.
"""

from __future__ import annotations

import re

__all__ = ["status_spans"]

_UNTICKED = re.compile(r"^[ \t>]*(?:[-*+•]\s*|\d+[.)]\s*)?(?:\[\s\]|☐|□|❏|❑|◻)", re.MULTILINE)
_NOT_IN_PLACE = frozenset({
    "not in place", "not started", "not yet", "not yet started", "not yet in place", "not done", "not implemented",
    "not yet implemented", "not met", "not achieved", "not evidenced", "not available", "to do", "todo", "to be done",
    "missing", "gap", "absent", "not applicable", "no evidence", "pas en place", "non en place", "non démarré",
    "non demarre", "pas commencé", "pas commence", "à faire", "a faire", "non réalisé", "non realise", "pas encore",
    "manquant", "manquante", "absente", "non mis en place", "nicht vorhanden", "nicht begonnen", "nicht umgesetzt",
    "noch nicht", "fehlt", "nicht erfüllt", "nicht erfuellt",
})  # fmt: skip
_NO = frozenset({"no", "non", "nein", "✗", "✘", "❌", "✕", "none", "aucun", "aucune", "keine", "kein"})
_STRIP = " \t*_`.:;!?()[]"
_WORD = re.compile(r"\w+")


def status_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each line of `text` that lists a practice as not in place, in order."""
    if "|" not in text and not _UNTICKED.search(text):
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and (_UNTICKED.match(body) or ("|" in body and _not_in_place(body))):
            spans.append((start + len(body) - len(body.lstrip()), start + len(body)))
        start += len(line)
    return spans


def _not_in_place(row: str) -> bool:
    cells = [cell.strip(_STRIP).lower() for cell in row.strip().strip("|").split("|")]
    cells = [cell for cell in cells if cell]
    if len(cells) < 2:
        return False
    if any(" ".join(cell.split()) in _NOT_IN_PLACE for cell in cells):
        return True
    return len(_WORD.findall(cells[0])) >= 4 and any(cell in _NO for cell in cells[1:])
