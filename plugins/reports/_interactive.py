"""What the HTML report's interactive layer needs: filter options, its words, and a Content Security Policy.

Why a layer on top rather than a separate page: the HTML report is the same document as the PDF, with
every finding in it. The script only hides and shows findings (by level, status, element and a search
box) and turns pyramid tiers and heat-map cells into filters. Without JavaScript the filter form stays
`hidden` and everything is shown, so the page is complete as printed, mailed or read by a screen reader
with scripts off.

The script and its stylesheet are inlined from `templates/interactive.js` and `interactive.css`. The page
declares a Content Security Policy that allows no connection at all and runs only the script whose
sha256 it names: an evidence snippet that somehow became markup could neither load nor run anything.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang
from servex.plugins.reports._labels import N_

__all__ = ["SCRIPT", "csp", "filters"]

_TEMPLATES = Path(__file__).parent / "templates"
SCRIPT = _TEMPLATES / "interactive.js"

_WORDS = {
    "legend": N_("Filter the findings"),
    "level": N_("Level"),
    "status": N_("Status"),
    "element": N_("Element"),
    "search": N_("Search"),
    "search_hint": N_("words in a title, finding or citation"),
    "all_levels": N_("All levels"),
    "all_statuses": N_("All statuses"),
    "all_elements": N_("All elements"),
    "reset": N_("Show all findings"),
    "count": N_("Findings shown: {shown} of {total}"),
    "empty": N_("No finding matches these filters."),
    "heat_link": N_("Show the findings of {element} at {level}"),
    "heat_total": N_("Show the findings of {element}"),
}
_STATUS_ORDER = ("not_met", "error", "not_assessed", "partially_met", "met", "not_applicable")


@lru_cache(maxsize=1)
def _script_text() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def script() -> str:
    """The inline script, exactly as hashed in the policy (a byte of difference would block it)."""
    return _script_text()


def csp() -> str:
    """No network, no plugins, no forms sent anywhere; inline styles; only our own script runs."""
    digest = base64.b64encode(hashlib.sha256(_script_text().encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; connect-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; form-action 'none'; base-uri 'none'"
    )


def filters(result: Mapping[str, Any], t: Lang) -> dict[str, Any]:
    """The filter form's options (only values some finding has) and its words, in the report's language."""
    findings = result.get("findings") or []
    present_status = {f["status"] for f in findings}
    present_elements = {e for f in findings for e in f.get("elements") or []}
    words = {key: t._(english) for key, english in _WORDS.items() if key not in ("count", "heat_link", "heat_total")}
    return {
        "words": words,
        "count_template": t._(_WORDS["count"], shown="{shown}", total="{total}"),
        "levels": [(lv["id"], f"{lv['id']} {t.criteria_text(lv['name'])}") for lv in result.get("levels") or []],
        "statuses": [(s, labels.status(s, t)) for s in _STATUS_ORDER if s in present_status],
        "elements": [
            (e["id"], f"{e['id']} {t.criteria_text(e['name'])}")
            for e in result.get("elements") or []
            if e["id"] in present_elements
        ],
        "heat_link": lambda element, level: t._(_WORDS["heat_link"], element=element, level=level),
        "heat_total": lambda element: t._(_WORDS["heat_total"], element=element),
    }
