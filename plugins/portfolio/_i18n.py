"""The portfolio report's words: a gettext catalogue of its own (`locale/*/LC_MESSAGES/portfolio.po`),
with numbers, dates, statuses and criteria texts from the reports plugin's language object, so a site
reads the same in its own report and in the portfolio.

The catalogue is compiled in memory on first use, as the reports plugin does: the `.po` file in the
repository is what the report uses, with no build step to forget.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["LOCALE_DIR", "N_", "Words", "words"]

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "portfolio"


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet."""
    return message


@lru_cache(maxsize=4)
def _catalogue(language: str) -> Any:
    from servex.plugins.reports._i18n import po_translations

    return po_translations(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", language, DOMAIN, "portfolio")


class Words:
    """`_` and `n_` from the portfolio catalogue; `t` is the reports' language (numbers, statuses, texts)."""

    def __init__(self, code: str) -> None:
        from servex.plugins.reports._i18n import lang

        self.t = lang(code)
        self.code = self.t.code
        self._messages = _catalogue(self.code)

    def _(self, message: str, **values: Any) -> str:
        text: str = self._messages.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, **values: Any) -> str:
        text: str = self._messages.ngettext(singular, plural, count)
        values.setdefault("n", self.t.integer(count))
        return text.format(**values)

    def status(self, value: str) -> str:
        from servex.plugins.reports._labels import status

        return status(value, self.t)


@lru_cache(maxsize=4)
def words(code: str) -> Words:
    return Words(code)
