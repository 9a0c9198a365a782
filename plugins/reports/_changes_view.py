"""The "since the last assessment" section, and the page `servex diff` prints: sentences from the
changes object (`servex.compare_results`), in the report's language.

Every sentence names what the change rests on (a file with its two sha256, an exception and its
approver, a parameter's two values). When the two results hold no difference that explains a change,
the sentence says so; nothing is inferred here that the changes object does not carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._labels import N_

__all__ = ["changes_view"]

_KINDS = {"not_applicable": N_("not applicable"), "accepted_risk": N_("accepted risk")}


def _sha(value: str | None) -> str:
    return value or "–"


def _grade(c: Ctx, grade: Mapping[str, Any] | None) -> str:
    if grade is None:
        return c.tr._("not in the set")
    score = "" if grade["score"] is None else f" ({c.num(grade['score'])})"
    return labels.status(grade["status"], c.tr) + score


def _exception(c: Ctx, entry: Mapping[str, Any]) -> dict[str, str]:
    return {
        "kind": c.tr._(_KINDS.get(entry["kind"], entry["kind"])),
        "approver": entry["approver"],
        "date": c.tr.date(entry["expires"]),
    }


def _cause(c: Ctx, given: Mapping[str, Any]) -> str:
    _, kind = c.tr._, given["kind"]
    cause = dict(given)
    if cause.get("locators"):  # the parts of the file the criterion cited, when they are told apart
        cause["source"] = f"{cause['source']} ({c.tr.join(cause['locators'])})"
    if kind == "evidence_changed":
        return _("{source} changed: sha256 {old} became {new}.", source=cause["source"],
                 old=_sha(cause["old_sha256"]), new=_sha(cause["new_sha256"]))
    if kind == "evidence_added":
        return _("{source} is new (sha256 {sha}).", source=cause["source"], sha=_sha(cause["sha256"]))
    if kind == "evidence_removed":
        return _("{source} is no longer there (sha256 was {sha}).", source=cause["source"], sha=_sha(cause["sha256"]))
    if kind == "evidence_description_changed":
        return _("What the manifest says about {source} changed; its content did not (sha256 {sha}).",
                 source=cause["source"], sha=_sha(cause["sha256"]))
    if kind == "exception_added" and cause["new"]["state"] == "expired":
        return _("Exception added, but already expired on {date}: {kind}, approved by {approver}.",
                 **_exception(c, cause["new"]))
    if kind == "exception_added":
        return _("Exception added: {kind}, approved by {approver}, until {date}.", **_exception(c, cause["new"]))
    if kind == "exception_removed":
        return _("Exception withdrawn: {kind}, approved by {approver}.", **_exception(c, cause["old"]))
    if kind == "exception_expired":
        return _("Exception expired on {date}: {kind}, approved by {approver}.", **_exception(c, cause["new"]))
    if kind == "exception_changed":
        return _("Exception changed: now {kind}, approved by {approver}, until {date}.", **_exception(c, cause["new"]))
    if kind == "parameter_changed":
        return _("Parameter {name} changed from {old} to {new}.", name=cause["name"],
                 old=_value(c, cause["old"]), new=_value(c, cause["new"]))
    if kind == "criterion_definition_changed":
        return _("The criterion itself was changed in the criteria set.")
    if kind == "criterion_added":
        return _("The criterion was added to the criteria set.")
    if kind == "criterion_removed":
        return _("The criterion is no longer in the criteria set.")
    return _run_cause(c, cause)


def _value(c: Ctx, value: Any) -> str:
    return c.tr._("none") if value is None else c.tr.decimal(float(value), 2, trim=True)


def _version(c: Ctx, value: str | None) -> str:
    return value if value else c.tr._("not installed")


def _run_cause(c: Ctx, cause: Mapping[str, Any]) -> str:
    _, kind = c.tr._, cause["kind"]
    if kind == "criteria_set_changed":
        old, new = cause["old"], cause["new"]
        return _("Criteria set: {old} became {new} (sha256 {old_sha} became {new_sha}).",
                 old=f"{old['id']} {old['version']}", new=f"{new['id']} {new['version']}",
                 old_sha=_sha(old["sha256"]), new_sha=_sha(new["sha256"]))
    if kind == "tool_changed":
        return _("servex {old} became {new}.", old=_version(c, cause["old"]), new=_version(c, cause["new"]))
    if kind == "plugin_changed":
        return _("Plugin {name}: {old} became {new}.", name=cause["name"], old=_version(c, cause["old"]),
                 new=_version(c, cause["new"]))
    if kind == "period_changed":
        old, new = cause["old"], cause["new"]
        return _("Assessment period: {old} became {new}.",
                 old=f"{c.tr.date(old['start'])} – {c.tr.date(old['end'])}",
                 new=f"{c.tr.date(new['start'])} – {c.tr.date(new['end'])}")
    return _("A change the report cannot describe ({kind}).", kind=kind)


def _unexplained(c: Ctx, changes: Mapping[str, Any]) -> str:
    if changes["run_causes"]:
        return c.tr._("Its own evidence, exception and parameters did not change; the run-wide changes listed "
                      "above may explain it.")
    return c.tr._("The two results show no difference that explains this change.")


def _level(c: Ctx, changes: Mapping[str, Any], level: Mapping[str, Any]) -> dict[str, Any]:
    tr = c.tr
    old, new = level["old"] or {}, level["new"] or {}
    parts = (
        [tr._("score {old} became {new}", old=c.num(old.get("score")), new=c.num(new.get("score")))]
        if old.get("score") != new.get("score")
        else [tr._("score unchanged ({score})", score=c.num(new.get("score")))]
    )
    if old.get("verdict") != new.get("verdict"):
        parts.append(tr._("verdict {old} became {new}", old=c.verdict(old.get("verdict")),
                          new=c.verdict(new.get("verdict"))))
    if old.get("achieved") != new.get("achieved"):
        parts.append(tr._("now achieved") if new.get("achieved") else tr._("no longer achieved"))
    causes = []
    if level["criteria"]:
        causes.append(tr._("Criteria of this level graded differently: {ids}.", ids=tr.join(level["criteria"])))
    if level["levels_below"]:
        causes.append(tr._("It is gated by {level}, which changed.", level=tr.join(level["levels_below"])))
    return {
        "id": level["id"],
        "name": c.t(level["name"]),
        "change": tr.join(parts),
        "causes": causes or [_unexplained(c, changes)],
    }


def changes_view(c: Ctx, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Headings and sentences of the section; `c` is the context of the newer result."""
    tr = c.tr
    base = changes["baseline"]
    criteria = [
        {
            "id": item["criterion_id"],
            "title": c.t(item["title"]),
            "change": tr._("{old} became {new}", old=_grade(c, item["old"]), new=_grade(c, item["new"]))
            if item["graded_differently"]
            else tr._("grade unchanged: {grade}", grade=_grade(c, item["new"])),
            "causes": [_cause(c, cause) for cause in item["causes"]] or [_unexplained(c, changes)],
        }
        for item in changes["criteria"]
    ]
    return {
        "colon": tr.colon,
        "heading": tr._("Since the last assessment"),
        "intro": tr._("Compared with the assessment generated on {date} (result {id}).",
                      date=tr.date(base["generated_at"]), id=base["id"]),
        "counts": tr.n_("{n} criterion changed;", "{n} criteria changed;", len(criteria)) + " "
        + tr.n_("{n} unchanged.", "{n} unchanged.", int(changes["unchanged_criteria"])),
        "run_heading": tr._("Changes to the whole assessment"),
        "run_causes": [_cause(c, cause) for cause in changes["run_causes"]],
        "levels_heading": tr._("Levels"),
        "levels": [_level(c, changes, level) for level in changes["levels"]],
        "criteria_heading": tr._("Criteria"),
        "criteria": criteria,
        "nothing": tr._("No grade, score or exception changed.") if not criteria and not changes["levels"] else "",
    }
