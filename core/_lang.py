"""Which language a person wants when they have not said so on the command line.

Order (issue 20): `--lang`, then the evidence folder's manifest (`lang:`), then `SERVEX_LANG`, then the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them). Only languages servex has texts for
count; anything else falls through to the next source, and finally to English.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "REPORT_LANGUAGES", "default_lang"]

LANGUAGES = ("en", "fr")
# The reports' catalogues also speak German; the core's own texts (criteria show, rationales) are en/fr,
# and the result keeps both, so an assessment in German is reported in German and rendered again at will.
REPORT_LANGUAGES = ("en", "fr", "de")


def _language(value: str, languages: tuple[str, ...]) -> str | None:
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in languages else None


def default_lang(languages: tuple[str, ...] = LANGUAGES) -> str:
    """The language from `SERVEX_LANG`, else the locale, else "en" (C and POSIX locales mean English);
    `languages` are the ones the caller has texts for."""
    explicit = _language(os.environ.get("SERVEX_LANG", ""), languages)
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:  # the first one set decides, as in gettext
            return _language(value, languages) or "en"
    return "en"
