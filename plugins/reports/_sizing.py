"""Proposed actions worded for the organisation's size: no half-hour forecasting for a 12-person shop.

A criteria set's recommendation is written for an organisation with a contact centre and a management
team. Where that wording is out of scale for a small organisation, the `actions` catalogue holds a
variant: a gettext entry whose context is the size band and whose msgid is the set's English
recommendation, in `locale/{en,fr,de}/LC_MESSAGES/actions.po` (the English file holds the English
variants). A recommendation without a variant for the band is used as the set words it.

The head count comes from the manifest's `organisation.staff`, else from a number followed by a word
for staff in `organisation.size` ("12 staff", "1,200 employees", "310 agents", "45 Mitarbeitende").
Bands follow the EU's SME thresholds: small under 50, medium under 250, large from 250. The report says
which band it used and why, so a reader can see when the size was not known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from servex.plugins.reports._i18n import LOCALE_DIR, Lang
from servex.plugins.reports._labels import N_

__all__ = ["BANDS", "band", "recommendation", "scale_note", "staff_count"]

BANDS = (("small", 50), ("medium", 250), ("large", None))
_STAFF_WORDS = (
    r"staff|employees?|people|persons?|colleagues?|agents?|workers?|FTEs?|"
    r"salariés?|collaborat(?:eur|rice)s?|personnes?|"
    r"Mitarbeiter(?:innen)?|Mitarbeitende|Beschäftigte|Angestellte|Personen"
)
_COUNT = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:[,.\u00a0\u202f ]\d{{3}})+|\d+)\s+(?:{_STAFF_WORDS})\b", re.IGNORECASE)
_NOTES = {
    "small": N_("Proposed actions are worded for a small organisation ({count} staff)."),
    "medium": N_("Proposed actions are worded for a medium-sized organisation ({count} staff)."),
    "large": N_("Proposed actions are worded for a large organisation ({count} staff)."),
    None: N_("The organisation's head count is not known, so proposed actions are worded for a medium-sized "
             "organisation."),
}


def staff_count(organisation: Mapping[str, Any]) -> int | None:
    """The head count: `staff` if given, else the first number of staff that `size` states."""
    staff = organisation.get("staff")
    if isinstance(staff, int) and not isinstance(staff, bool) and staff > 0:
        return staff
    found = _COUNT.search(str(organisation.get("size") or ""))
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def band(count: int | None) -> str | None:
    if count is None:
        return None
    return next(name for name, limit in BANDS if limit is None or count < limit)


@lru_cache(maxsize=4)
def _variants(code: str) -> Any:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / code / "LC_MESSAGES" / "actions.po").open("rb") as handle:
        return read_po(handle, locale=code, domain="actions")


def recommendation(result: Mapping[str, Any], finding: Mapping[str, Any], t: Lang) -> str:
    """The finding's recommendation in `t`'s language, in its size variant when the catalogue has one."""
    text = finding.get("recommendation")
    english = str(text.get("en") or "") if isinstance(text, Mapping) else str(text or "")
    size = band(staff_count(result.get("organisation") or {}))
    if english and size:
        variant = _variants(t.code).get(english, context=size)
        if variant is not None and variant.string and "fuzzy" not in variant.flags:
            return str(variant.string)
    return t.criteria_text(text)


def scale_note(result: Mapping[str, Any], t: Lang) -> str:
    """One sentence saying for which size the proposals are worded, and the head count behind it."""
    count = staff_count(result.get("organisation") or {})
    size = band(count)
    return t._(_NOTES[size], count=t.integer(count)) if count is not None else t._(_NOTES[None])
