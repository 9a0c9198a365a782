"""The report's profile section: which sector or size profile graded the organisation, and every
threshold it changed with the set's value, the profile's value and the reason.

A loosened threshold is only acceptable when the reader can see it and why, so every report shows this
section whenever the result carries a profile; it renders from the result alone. Rows that say the same
thing for several criteria (the same minimum sample on every ticket KPI) are one row listing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import unit_symbol
from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._labels import N_

__all__ = ["profile_view"]

_CHANGE = {"loosened": N_("loosened"), "tightened": N_("tightened")}
_KEY = {
    "min_sample": N_("minimum number of records"),
    "min_rows": N_("minimum number of records"),
    "min_respondents": N_("minimum number of respondents"),
    "min_per_role.management": N_("minimum number of managers answering"),
    "min_per_role.staff": N_("minimum number of staff answering"),
    "min_per_role.customer": N_("minimum number of customers answering"),
    "min_coverage": N_("minimum share of months with data"),
    "min_traced": N_("minimum number of cases traced"),
    "sample_size": N_("number of cases drawn"),
    "target": N_("target"),
    "partial_target": N_("partial target"),
}


def _value(c: Ctx, value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ratio":
        return f"{c.tr.decimal(100 * float(value), 0, trim=True)} %"
    symbol = unit_symbol(unit, "fr" if c.lang == "fr" else "en")
    text = c.tr.decimal(float(value), 2, trim=True)
    return f"{text} {symbol}".rstrip()


def _what(c: Ctx, adjustment: Mapping[str, Any]) -> str:
    key = str(adjustment["key"])
    if adjustment["parameter"]:
        key = "partial_target" if key.find("partial") >= 0 else "target"
    message = _KEY.get(key, _KEY["target"])
    return c.tr._(message)


def profile_view(c: Ctx) -> dict[str, Any] | None:
    """Rows of the profile table, or None when no profile applied (the section is then left out)."""
    profile: Mapping[str, Any] | None = c.result.get("profile")
    if not profile:
        return None
    rows: list[dict[str, Any]] = []
    for a in profile["adjustments"]:
        unit = str(a.get("unit") or "")
        reason = c.t(a["reason"])
        if a["source"] == "commitment" and a.get("commitment_source"):
            lead = c.tr._("From the organisation's published commitment in {source}.", source=a["commitment_source"])
            reason = f"{lead} {reason}"
        elif a["source"] == "commitment":
            lead = c.tr._("From the organisation's own published commitment.")
            reason = f"{lead} {reason}"
        row = {
            "what": _what(c, a),
            "original": _value(c, a["original"], unit),
            "value": _value(c, a["value"], unit),
            "change": c.tr._(_CHANGE[a["change"]]),
            "loosened": a["change"] == "loosened",
            "reason": reason,
        }
        same = next((r for r in rows if {k: r[k] for k in row} == row), None)
        if same is None:  # one row per change, listing every criterion it applies to
            same = {**row, "criteria": []}
            rows.append(same)
        entry = (a["criterion"], c.title(a["criterion"]))
        if entry not in same["criteria"]:
            same["criteria"].append(entry)
    loosened = sum(1 for r in rows if r["loosened"])
    unstated = [str(name) for name in profile.get("unstated_commitments") or ()]
    return {
        # a commitment the manifest gives but its source does not state: said where the thresholds are,
        # so a reader sees why a target the organisation published was not used
        "unstated": c.tr.n_(
            "Commitment not applied: {names}. It would loosen a target, and it names no source document "
            "or its source does not state it (see the log).",
            "Commitments not applied: {names}. They would loosen targets, and they name no source document "
            "or their sources do not state them (see the log).",
            len(unstated),
            names=", ".join(unstated),
        )
        if unstated
        else "",
        "heading": c.tr._("Profile: {title}", title=c.t(profile["title"])),
        "title": c.t(profile["title"]),
        "id": f"{profile['id']} {profile['version']}",
        "description": c.t(profile["description"]),
        "rows": rows,
        "loosened": loosened,
        "summary": c.tr.n_(
            "{n} threshold changed by the profile, {loosened} of them loosened; each with its reason.",
            "{n} thresholds changed by the profile, {loosened} of them loosened; each with its reason.",
            len(rows),
            loosened=c.tr.integer(loosened),
        ),
    }
