"""Bilingual text: criteria, rationales and messages carry English and French side by side.

Storing both languages in the result (rather than translating at render time) lets `servex report
--lang fr` re-render a result that was assessed in English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["LANGS", "Text", "as_text", "locator_label", "pick", "unit_symbol"]

LANGS = ("en", "fr")
Text = dict[str, str]


def as_text(value: str | Mapping[str, str] | None) -> Text:
    """Normalise a plain string or a partial mapping into a full {en, fr} text."""
    if value is None:
        return {"en": "", "fr": ""}
    if isinstance(value, str):
        return {"en": value, "fr": value}
    en = value.get("en") or value.get("fr") or ""
    return {"en": en, "fr": value.get("fr") or en}


def pick(value: Any, lang: str) -> str:
    """The text in `lang`, falling back to English, for dicts or plain strings alike."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


# Locators are stable English keys in the result ("page 2", 'paragraph 4 (under "Scope")',
# 'sheet "Plan", row 2', "line 12"); readers see them in their language. Each pattern is anchored on
# the opening of a locator so text that merely contains "line 3" is left alone.
_LOCATOR_FR = (
    (re.compile(r'(^|\()sheet "([^"]*)", row (\w+)'), r"\1feuille « \2 », ligne \3"),
    (re.compile(r"(^|\()paragraph (\d+)"), r"\1paragraphe \2"),
    (re.compile(r"(^|\()line (\d+)"), r"\1ligne \2"),
    (re.compile(r'( \(|^\()under "([^"]*)"\)'), r"\1sous « \2 »)"),
)


def locator_label(text: str, lang: str) -> str:
    """A locator, or a sentence holding locators in parentheses, worded for `lang` (en: unchanged)."""
    if lang != "fr":
        return text
    for pattern, replacement in _LOCATOR_FR:
        text = pattern.sub(replacement, text)
    return text


_UNIT_SYMBOLS = {
    "en": {"percent": "%", "hours": "h", "days": "d", "minutes": "min", "seconds": "s", "score": "", "ratio": ""},
    "fr": {"percent": "%", "hours": "h", "days": "j", "minutes": "min", "seconds": "s", "score": "", "ratio": ""},
}


def unit_symbol(unit: str | None, lang: str) -> str:
    """The symbol a reader writes after a KPI value (`percent` -> `%`, `days` -> `d`/`j`); '' for none."""
    if not unit:
        return ""
    return _UNIT_SYMBOLS.get(lang, _UNIT_SYMBOLS["en"]).get(unit, unit)
