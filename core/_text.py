"""Bilingual text: criteria, rationales and messages carry English and French side by side.

Storing both languages in the result (rather than translating at render time) lets `servex report
--lang fr` re-render a result that was assessed in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["LANGS", "Text", "as_text", "pick"]

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
