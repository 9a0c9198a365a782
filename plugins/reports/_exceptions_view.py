"""The exceptions a report shows: each declared exception with its approver, expiry and state.

Read from the result's `exceptions` list (written by the assessment, dated against its own date), so a
report re-rendered later says what was true on the day of the assessment, not on the day of rendering.
An expired exception is shown as expired, because the reader must learn that the criterion was graded
again and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._labels import N_

__all__ = ["exceptions_view", "finding_exception"]

_KINDS = {"not_applicable": N_("Not applicable"), "accepted_risk": N_("Accepted risk")}
_KINDS_LOWER = {"not_applicable": N_("not applicable"), "accepted_risk": N_("accepted risk")}
_EFFECT = {
    ("not_applicable", "active"): N_("left out of its level's score"),
    ("accepted_risk", "active"): N_("graded as usual; does not fail the assessment"),
}


def _row(c: Ctx, entry: Mapping[str, Any]) -> dict[str, Any]:
    tr = c.tr
    expires = tr.date(entry["expires"])
    active = entry["state"] == "active"
    state = tr._("Active until {date}", date=expires) if active else tr._("Expired on {date}", date=expires)
    effect = (
        tr._(_EFFECT[(entry["kind"], "active")])
        if active
        else tr._("no longer applies: the criterion is graded as usual")
    )
    return {
        "id": entry["criterion_id"],
        "title": c.title(entry["criterion_id"]),
        "kind": tr._(_KINDS.get(entry["kind"], entry["kind"])),
        "reason": entry["reason"],
        "approver": entry["approver"],
        "expires": expires,
        "active": active,
        "state": state,
        "effect": effect,
        "line": tr._(
            "Exception ({kind}), approved by {approver}: {reason} {state}; {effect}.",
            kind=tr._(_KINDS_LOWER.get(entry["kind"], entry["kind"])),
            approver=entry["approver"],
            reason=entry["reason"].rstrip(". ") + ".",
            state=state,
            effect=effect,
        ),
    }


def finding_exception(c: Ctx, finding: Mapping[str, Any]) -> str:
    """One sentence for the finding's block, or "" when the criterion has no exception."""
    entry = finding.get("exception")
    return str(_row(c, entry)["line"]) if entry else ""


def exceptions_view(c: Ctx) -> dict[str, Any]:
    """The section's headings and rows; `rows` is empty when the manifest declares no exception."""
    tr = c.tr
    rows = [_row(c, e) for e in c.result.get("exceptions") or []]
    expired = sum(1 for r in rows if not r["active"])
    return {
        "heading": tr._("Exceptions"),
        "intro": tr._(
            "Exceptions the organisation declared, as they stood on the assessment date. A knock-out "
            "criterion cannot be excepted."
        ),
        "expired_note": tr.n_(
            "{n} exception has expired and no longer applies.",
            "{n} exceptions have expired and no longer apply.",
            expired,
        )
        if expired
        else "",
        "columns": [tr._("Criterion"), tr._("Kind"), tr._("Reason"), tr._("Approved by"), tr._("State")],
        "rows": rows,
    }
