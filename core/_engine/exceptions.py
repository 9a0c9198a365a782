"""Exceptions with expiry: the manifest's `exceptions:` entries, checked, dated and applied.

An exception is the organisation's declared decision about one criterion, signed by an approver and
valid until a date. It is dated against the assessment date (the run clock, so `SOURCE_DATE_EPOCH`
keeps results byte-identical): on or before `expires` it is `active`, after it `expired`. An expired
exception changes nothing in the grading but is still recorded, so every report can say it lapsed.

- `not_applicable` (active): the criterion leaves its level's grading, like the manifest's older
  `not_applicable:` declarations, which is how it is applied (see `effective_manifest`).
- `accepted_risk` (active): the criterion is graded as usual; only `--fail-on` ignores it.

A knock-out criterion can never be excepted: its point is that nothing makes up for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from servex._criteria.model import Criterion
from servex._errors import Problem
from servex._record import frozen
from servex._yamldoc import YamlDoc

__all__ = ["KINDS", "CriterionException", "annotate", "check", "effective_manifest", "exempt_from_fail_on",
           "expired_messages", "resolve"]

KINDS = ("not_applicable", "accepted_risk")


@frozen
class CriterionException:
    criterion: str
    kind: str
    reason: str
    approver: str
    expires: date
    state: str  # "active" or "expired"

    @property
    def active(self) -> bool:
        return self.state == "active"

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion,
            "kind": self.kind,
            "reason": self.reason,
            "approver": self.approver,
            "expires": self.expires.isoformat(),
            "state": self.state,
        }


def check(doc: YamlDoc, data: Mapping[str, Any], criteria: Mapping[str, Criterion]) -> list[Problem]:
    """Problems the schema cannot see: unknown criterion, a knock-out, two exceptions for one criterion,
    or a criterion also listed under the older `not_applicable:` (which of the two would count?)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    declared_na = {e.get("criterion") for e in data.get("not_applicable") or []}
    for index, entry in enumerate(data.get("exceptions") or []):
        cid = entry["criterion"]
        where = ("exceptions", index, "criterion")
        if cid not in criteria:
            problems.append(doc.problem(where, f"unknown criterion {cid!r}"))
        elif criteria[cid].required:
            problems.append(doc.problem(where, f"{cid} is a knock-out (required) criterion and cannot be excepted"))
        elif cid in seen:
            problems.append(doc.problem(where, f"{cid} already has an exception; one per criterion"))
        elif cid in declared_na:
            problems.append(doc.problem(where, f"{cid} is also declared under not_applicable; keep one of the two"))
        seen.add(cid)
    return problems


def resolve(data: Mapping[str, Any], assessed_on: date) -> dict[str, CriterionException]:
    """Each checked exception by criterion id, dated against `assessed_on` (the assessment date)."""
    out: dict[str, CriterionException] = {}
    for entry in data.get("exceptions") or []:
        expires = date.fromisoformat(entry["expires"])
        out[entry["criterion"]] = CriterionException(
            criterion=entry["criterion"],
            kind=entry["kind"],
            reason=entry["reason"],
            approver=entry["approver"],
            expires=expires,
            state="active" if assessed_on <= expires else "expired",
        )
    return dict(sorted(out.items()))


def effective_manifest(data: Mapping[str, Any], exceptions: Mapping[str, CriterionException]) -> dict[str, Any]:
    """The manifest as grading sees it: active not-applicable exceptions join `not_applicable:`, so the
    engine has one way of taking a criterion out of its level (and reports one appendix listing them)."""
    extra = [
        {"criterion": e.criterion, "justification": e.reason, "approved_by": e.approver}
        for e in exceptions.values()
        if e.active and e.kind == "not_applicable"
    ]
    if not extra:
        return dict(data)
    return {**data, "not_applicable": [*(data.get("not_applicable") or []), *extra]}


def annotate(result: dict[str, Any], exceptions: Mapping[str, CriterionException]) -> None:
    """Record every exception and its state: on its finding (`exception`), in the appendix entry of an
    active not-applicable one, and as the result's `exceptions` list (sorted by criterion)."""
    for finding in result["findings"]:
        found = exceptions.get(finding["criterion_id"])
        finding["exception"] = found.to_json() if found else None
    for entry in result.get("not_applicable") or []:
        found = exceptions.get(entry["criterion_id"])
        if found is not None:
            entry["exception"] = found.to_json()
    result["exceptions"] = [e.to_json() for e in exceptions.values()]


def exempt_from_fail_on(finding: Mapping[str, Any]) -> bool:
    """Whether `--fail-on` ignores this finding: it carries an active accepted-risk exception."""
    found = finding.get("exception")
    return isinstance(found, Mapping) and found["kind"] == "accepted_risk" and found["state"] == "active"


def expired_messages(
    doc: YamlDoc, exceptions: Mapping[str, CriterionException]
) -> list[tuple[int | None, str]]:
    """(line of its `expires`, warning) for each expired exception: the run log says it lapsed."""
    index = {entry["criterion"]: i for i, entry in enumerate(doc.data.get("exceptions") or [])}
    return [
        (
            doc.where(("exceptions", index[e.criterion], "expires"))[0] if e.criterion in index else None,
            f"the {e.kind.replace('_', ' ')} exception for {e.criterion} expired on {e.expires.isoformat()} "
            f"(approved by {e.approver}); the criterion is graded without it",
        )
        for e in exceptions.values()
        if not e.active
    ]
