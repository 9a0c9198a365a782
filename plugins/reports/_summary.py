"""The executive summary: what blocks the next level, every criterion not met, then partials by weight.

Why this order: a board decides on the few things that change the verdict. The criteria standing
between the organisation and the next level come first (whatever their own level), then every
criterion not met (none is left out, however many), then the partly met ones, heaviest first; the ones
nobody could assess are listed with the data to provide. A paragraph an executive can read aloud says
the same in sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servex.plugins.reports._i18n import Lang

__all__ = ["statement", "summary"]

_NARRATIVE_TITLES = 3


def _level_name(result: Mapping[str, Any], level_id: str | None, t: Lang) -> str:
    for level in result["levels"]:
        if level["id"] == level_id:
            return t.criteria_text(level["name"])
    return ""


def _titles(items: Sequence[Mapping[str, Any]], t: Lang) -> str:
    return t.join(t.quote(item["title"]) for item in items[:_NARRATIVE_TITLES])


def statement(result: Mapping[str, Any], t: Lang) -> str:
    readiness = result["readiness"]
    highest = readiness.get("highest_level_achieved")
    nxt = readiness.get("next_level") or {}
    if highest:
        first = t._("Achieves {level}, {name}.", level=highest, name=_level_name(result, highest, t))
    else:
        first = t._("No level of the pyramid is achieved yet.")
    if not nxt.get("level"):
        return first
    if nxt.get("excepted"):  # capped by what is set aside, not by criteria to raise (see core/_engine/levels.py)
        return first + " " + t._(
            "Next: {level}, {name}; {share} of its weight is set aside as not applicable, more than a level may "
            "be to be graded in full.",
            level=nxt["level"], name=_level_name(result, nxt["level"], t),
            share=t.percent(100 * float(nxt["excepted"]["share"]), 0),
        )
    count = len(nxt.get("criteria") or [])
    second = t.n_(
        "Next: {level}, {name}; {n} criterion stands in the way.",
        "Next: {level}, {name}; {n} criteria stand in the way.",
        count, level=nxt["level"], name=_level_name(result, nxt["level"], t))
    return f"{first} {second}"


def _narrative(result: Mapping[str, Any], t: Lang, parts: Mapping[str, list[dict[str, Any]]]) -> str:
    readiness = result["readiness"]
    org = result["organisation"].get("name") or t._("The organisation")
    score = t.decimal(readiness.get("overall_score"), 1, trim=True)
    highest = readiness.get("highest_level_achieved")
    nxt = readiness.get("next_level") or {}
    sentences = [
        t._("{org} achieves {level} ({name}), with an overall score of {score} out of 100.", org=org,
            level=highest, name=_level_name(result, highest, t), score=score)
        if highest
        else t._("{org} does not yet achieve any level of the pyramid; its overall score is {score} out of 100.",
                 org=org, score=score)
    ]
    if nxt.get("level") and parts["blockers"]:
        sentences.append(t.n_(
            "To reach {level}, one criterion must improve: {titles}.",
            "To reach {level}, {n} criteria must improve: {titles}.",
            len(parts["blockers"]), level=nxt["level"], titles=_titles(parts["blockers"], t)))
    if nxt.get("gated_by"):
        sentences.append(t._("{level} also needs {gate} to be achieved first.", level=nxt["level"],
                             gate=nxt["gated_by"]))
    not_met = parts["not_met"]
    if not_met:
        sentences.append(t.n_(
            "One criterion is not met: {titles}.",
            "{n} criteria are not met, the heaviest being {titles}.",
            len(not_met), titles=_titles(sorted(not_met, key=lambda f: -float(f["weight_value"])), t)))
    if parts["partial"]:
        sentences.append(t.n_("One criterion is met only in part.", "{n} criteria are met only in part.",
                              len(parts["partial"])))
    if parts["not_assessed"]:
        sentences.append(t.n_(
            "One criterion could not be assessed for want of data; providing that data comes first.",
            "{n} criteria could not be assessed for want of data; providing that data comes first.",
            len(parts["not_assessed"])))
    met = sum(1 for f in result["findings"] if f["status"] == "met")
    if met:
        sentences.append(t.n_("One criterion is fully met.", "{n} criteria are fully met.", met))
    return " ".join(sentences)


def summary(result: Mapping[str, Any], t: Lang, findings: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The summary's lists (finding views, in order) and its narrative."""
    by_id = {f["criterion_id"]: f for f in result["findings"]}
    for cid, view in findings.items():
        view["weight_value"] = float(by_id[cid].get("weight") or 0)
    nxt = result["readiness"].get("next_level") or {}
    blocker_ids = list(nxt.get("criteria") or [])
    for level in result["levels"]:
        if level["id"] == nxt.get("level"):
            blocker_ids += [cid for cid in level.get("capped_by") or [] if cid not in blocker_ids]
    blockers = [findings[cid] for cid in blocker_ids if cid in findings]

    def ordered(statuses: tuple[str, ...]) -> list[dict[str, Any]]:
        chosen = [f for f in result["findings"] if f["status"] in statuses]
        chosen.sort(key=lambda f: (-float(f.get("weight") or 0), f["level"], f["criterion_id"]))
        return [findings[f["criterion_id"]] for f in chosen]

    parts = {
        "blockers": blockers,
        "not_met": ordered(("not_met", "error")),
        "partial": ordered(("partially_met",)),
        "not_assessed": ordered(("not_assessed",)),
    }
    highest = result["readiness"].get("highest_level_achieved")
    return {
        **parts,
        "statement": statement(result, t),
        "narrative": _narrative(result, t, parts),
        "highest": f"{highest} {_level_name(result, highest, t)}" if highest else t._("none yet"),
        "overall": t.decimal(result["readiness"].get("overall_score"), 1),
        "next_level": nxt.get("level") or "",
    }
