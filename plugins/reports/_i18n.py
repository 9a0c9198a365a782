"""The report's languages: gettext catalogues for words, Babel (CLDR) for numbers, dates, lists and plurals.

Why these libraries rather than tables of our own: plural rules, decimal and grouping separators, the
space before `%` and long dates differ per language in ways a hand-written table gets wrong as soon as a
language is added (German groups thousands with a dot, French with a narrow no-break space). Babel
carries the CLDR data; the catalogues under `locale/` are ordinary gettext `.po` files a translator can
edit with any PO editor. The source language is English: a msgid is the English text itself, so a
missing translation shows English instead of a key.

The `.po` files are compiled in memory on first use (a few milliseconds) rather than shipped as `.mo`,
so the catalogue in the repository is the catalogue the report uses, with no build step to forget.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["LANGS", "Lang", "fixed", "lang", "long_date", "number", "po_translations"]

LANGS = ("en", "fr", "de")
LOCALE_DIR = Path(__file__).parent / "locale"
_CLDR = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE"}
DASH = "–"


def po_translations(path: Path, language: str, domain: str, what: str) -> Any:
    """gettext translations compiled in memory from the `.po` file at `path`; NullTranslations for English,
    the source language. A missing file is a PluginError naming `what` (the report's, the portfolio's): a
    broken install must not quietly print English in a French report."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if language == "en":
        return NullTranslations()
    if not path.is_file():
        from servex import PluginError

        raise PluginError(f"the {language} {what} catalogue is missing ({path}); reinstall servex")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


@lru_cache(maxsize=16)
def _catalogue(language: str, domain: str) -> Any:
    """The report's translations for `language` in `domain` (`reports`, or `criteria`: optional)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if domain == "criteria" and not path.is_file():
        from babel.support import NullTranslations

        return NullTranslations()  # French criteria texts come with the result itself
    return po_translations(path, language, domain, "report")


class Lang:
    """One report language: translate (`_`, `n_`), and format numbers, percentages, dates and lists."""

    def __init__(self, code: str) -> None:
        from babel import Locale

        self.code = code if code in LANGS else "en"
        self.locale = Locale.parse(_CLDR[self.code])
        self._messages = _catalogue(self.code, "reports")
        self._criteria = _catalogue(self.code, "criteria")
        pattern = self.locale.percent_formats[None].pattern
        self._percent = pattern.replace("#,##0", "#,##0{digits}").replace("%", "'%'")  # a literal % sign
        self.colon = "\u00a0:" if self.code == "fr" else ":"  # French puts a no-break space before a colon
        self.lq, self.rq = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“")}.get(self.code, ("“", "”"))

    def _(self, message: str, **values: Any) -> str:
        """The message in this language, `{name}` placeholders filled in."""
        text: str = self._messages.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The plural form CLDR picks for `count`; `{n}` is the count, formatted for the language."""
        text: str = self._messages.ngettext(singular, plural, count)
        values.setdefault("n", self.integer(count))
        return text.format(**values)

    def criteria_text(self, value: Any) -> str:
        """A text of the criteria set or result (`{"en": ..., "fr": ...}` or a plain string) in this language.

        The result carries English and French; German comes from the `criteria` catalogue, keyed by the
        English text, so criteria sets stay bilingual data and a missing German text shows English.
        """
        if isinstance(value, Mapping):
            own = value.get(self.code)
            if own:
                return str(own)
            english = str(value.get("en") or value.get("fr") or "")
        else:
            english = "" if value is None else str(value)
        if not english or self.code == "en":
            return english
        return str(self._criteria.gettext(english))

    def quote(self, text: str) -> str:
        return f"{self.lq}{text}{self.rq}"

    def decimal(self, value: float | None, digits: int = 1, *, trim: bool = False) -> str:
        """`1,234.5` / `1 234,5` / `1.234,5`; `trim` drops a zero fraction (`3` rather than `3.0`)."""
        from babel.numbers import format_decimal

        if value is None:
            return DASH
        fraction = "." + "0" * digits if digits else ""
        if trim:
            fraction = "." + "#" * digits if digits else ""
        return str(format_decimal(float(value), format="#,##0" + fraction, locale=self.locale))

    def integer(self, value: int | float) -> str:
        return self.decimal(value, 0)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A percentage given as 0-100 (`92.3%`, `92,3 %`, `92,3 %`), in the language's own pattern."""
        from babel.numbers import format_decimal

        if value is None:
            return DASH
        fraction = "." + "#" * digits if digits else ""
        pattern = self._percent.format(digits=fraction)
        return str(format_decimal(float(value) / 100, format=pattern, locale=self.locale))

    def date(self, iso: str | None, fmt: str = "long") -> str:
        """`2026-11-27` (or a timestamp) as a long date; the text's own date, never converted to local time."""
        from babel.dates import format_date

        day = parse_day(iso)
        if day is None:
            return iso or DASH
        if self.code == "fr" and day.day == 1 and fmt == "long":
            return str(format_date(day, format="'1er' MMMM y", locale=self.locale))  # French writes 1er
        return str(format_date(day, format=fmt, locale=self.locale))

    def month(self, iso: str | None) -> str:
        """`2025-12` as "December 2025" / "décembre 2025" / "Dezember 2025"."""
        from babel.dates import format_date

        if not iso or len(iso) < 7:
            return iso or DASH
        try:
            day = _dt.date(int(iso[0:4]), int(iso[5:7]), 1)
        except ValueError:
            return iso
        return str(format_date(day, format="LLLL y", locale=self.locale))

    def join(self, items: Iterable[str]) -> str:
        """`a, b and c` / `a, b et c` / `a, b und c` (CLDR list patterns)."""
        from babel.lists import format_list

        values = [item for item in items if item]
        return str(format_list(values, locale=self.locale)) if values else ""


def parse_day(iso: str | None) -> _dt.date | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return _dt.date(int(iso[0:4]), int(iso[5:7]), int(iso[8:10]))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def lang(code: str) -> Lang:
    """The (cached) language object for `code`."""
    return Lang(code)


def number(value: float | None, code: str) -> str:
    """`67.9` in English, `67,9` in French and German; no trailing zero; a dash for no value."""
    return lang(code).decimal(value, 1, trim=True)


def fixed(value: float | None, code: str, digits: int = 1) -> str:
    """Fixed precision (`66.7` / `66,7`): tables and charts keep their columns aligned."""
    return lang(code).decimal(value, digits)


def long_date(iso: str | None, code: str) -> str:
    """`2026-11-27` as "27 November 2026" / "27 novembre 2026" ("1er" in French) / "27. November 2026"."""
    return lang(code).date(iso)
