"""WeasyPrint's HTML user-agent stylesheet without the rules that style every element's pseudo-elements.

Why: the stock sheet has `::marker`, `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`
and `::note-callback` rules with no element in front, so they match every element, and WeasyPrint computes
six pseudo-element styles per element before laying out a single line, whether or not the element can
ever have that pseudo-element. That is about a twentieth of a 150-criterion report's work (Python calls
at 40 criteria: 7.97 M with the stock sheet, 7.58 M with this one). Our reports have no footnotes or
notes, and only list items (`li`, and `summary`, which the stock sheet makes a list item) get markers, so
those rules are limited to the elements that use them: `li::marker` and `summary::marker`, and no
footnote or note rules. Every other rule is WeasyPrint's own, read from the installed package, so a
newer WeasyPrint brings its own sheet; if its text no longer holds the rules we edit, the stock sheet is
used unchanged (slower, same output).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["MARKER_RULE", "NOTE_RULES", "lean_html_class", "trimmed_ua_css"]

MARKER_RULE = re.compile(r"^::marker(?= \{)", re.M)
NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.M)
EXPECTED_NOTE_RULES = 5  # footnote-call, footnote-marker, note-call, note-marker, note-callback


def trimmed_ua_css(stock: str) -> str | None:
    """`stock` (WeasyPrint's html5_ua.css) with the edits above; None if it does not hold what we edit."""
    marker_rules = len(MARKER_RULE.findall(stock))
    note_rules = len(NOTE_RULES.findall(stock))
    if marker_rules != 1 or note_rules != EXPECTED_NOTE_RULES:
        return None
    return NOTE_RULES.sub("", MARKER_RULE.sub("li::marker, summary::marker", stock))


@lru_cache(maxsize=1)
def lean_html_class() -> Any:
    """`weasyprint.HTML` with the trimmed sheet, or `weasyprint.HTML` itself when it cannot be trimmed.

    Import WeasyPrint first through `_pdf._weasyprint()` (its one-line error when Pango is missing).
    """
    import weasyprint
    import weasyprint.css

    stock = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")
    trimmed = trimmed_ua_css(stock)
    base: Any = weasyprint.HTML
    if trimmed is None or not hasattr(base, "_ua_stylesheets"):
        return base
    from weasyprint.css.counters import CounterStyle

    # A counter-style registry of its own: the stock sheet already filled WeasyPrint's, which documents copy.
    sheet = weasyprint.CSS(string=trimmed, counter_style=CounterStyle())

    class LeanHTML(base):  # type: ignore[misc]
        """An HTML document styled by the trimmed user-agent sheet (forms keep WeasyPrint's own sheets)."""

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return super()._ua_stylesheets(forms) if forms else [sheet]

    return LeanHTML
