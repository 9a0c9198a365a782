"""The causes of one criterion's change between two results, read from the two results alone.

Each cause is a plain JSON object with a `kind` and what it rests on (a file and its two sha256, an
exception before and after, a parameter's two values). Only differences the results record are named;
what they cannot tell apart is said by the caller (`_changes.py`), never guessed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["criterion_causes", "run_causes"]


def _evidence(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {e["id"]: e for e in result.get("evidence") or []}


def _where(item: Mapping[str, Any]) -> dict[str, str]:
    prov = item["provenance"]
    return {"source": prov.get("source", ""), "locator": prov.get("locator", "")}


def _described(item: Mapping[str, Any]) -> dict[str, Any]:
    """What the manifest and collector say about an item, apart from its bytes and collection time."""
    prov = {k: v for k, v in item["provenance"].items() if k not in ("collected_at", "sha256")}
    return {**{k: v for k, v in item.items() if k != "provenance"}, "provenance": prov}


def _evidence_cause(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[tuple[str, str, str], dict[str, Any]] | None:
    """The cause one evidence item gives (keyed to merge the parts of one file), or None."""
    item = after if after is not None else before
    assert item is not None
    source = _where(item)["source"]
    if before is not None and after is not None:
        old_sha, new_sha = before["provenance"]["sha256"], after["provenance"]["sha256"]
        if old_sha != new_sha:
            return ("changed", source, new_sha), {
                "kind": "evidence_changed", "source": source, "old_sha256": old_sha, "new_sha256": new_sha
            }
        if _described(before) != _described(after):  # same bytes, other tags, owner, dates...
            return ("described", source, new_sha), {
                "kind": "evidence_description_changed", "source": source, "sha256": new_sha
            }
        return None
    kind = "evidence_added" if after is not None else "evidence_removed"
    sha = item["provenance"]["sha256"]
    return (kind, source, sha), {"kind": kind, "source": source, "sha256": sha}


def evidence_causes(
    old_f: Mapping[str, Any] | None,
    new_f: Mapping[str, Any] | None,
    old_ev: Mapping[str, Mapping[str, Any]],
    new_ev: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Files the criterion cited (in either run) whose content changed, appeared or disappeared.

    Evidence ids come from collector, source and locator (not content), so one file keeps its id when
    edited and the two sha256 can be compared. The parts of one file (pages, sections) with the same
    hashes give one cause; `locators` names the parts when they are told apart (an observation of the
    manifest, a page), so a reader finds what changed.
    """
    ids = sorted({*(old_f or {}).get("evidence_ids", []), *(new_f or {}).get("evidence_ids", [])})
    causes: dict[tuple[str, str, str], dict[str, Any]] = {}
    for eid in ids:
        before, after = old_ev.get(eid), new_ev.get(eid)
        if before is None and after is None:
            continue
        found = _evidence_cause(before, after)
        if found is None:
            continue
        key, cause = found
        merged = causes.setdefault(key, {**cause, "locators": []})
        item = after if after is not None else before
        locator = _where(item)["locator"] if item is not None else ""
        if locator and locator not in merged["locators"]:
            merged["locators"].append(locator)
    return [{**causes[key], "locators": sorted(causes[key]["locators"])} for key in sorted(causes)]


def _exception_cause(old_f: Mapping[str, Any] | None, new_f: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    before = (old_f or {}).get("exception")
    after = (new_f or {}).get("exception")
    if before == after:
        return []
    if before is None:
        kind = "exception_added"
    elif after is None:
        kind = "exception_removed"
    elif before["state"] == "active" and after["state"] == "expired" and before["expires"] == after["expires"]:
        kind = "exception_expired"
    else:
        kind = "exception_changed"
    return [{"kind": kind, "old": before, "new": after}]


def _parameter_causes(old_f: Mapping[str, Any], new_f: Mapping[str, Any]) -> list[dict[str, Any]]:
    before, after = old_f.get("parameters") or {}, new_f.get("parameters") or {}
    return [
        {"kind": "parameter_changed", "name": name, "old": before.get(name), "new": after.get(name)}
        for name in sorted({*before, *after})
        if before.get(name) != after.get(name)
    ]


def criterion_causes(
    old: Mapping[str, Any], new: Mapping[str, Any], old_f: Mapping[str, Any] | None, new_f: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """What changed about this criterion itself: its presence in the set, its definition, its parameters,
    its exception, and the evidence it cited."""
    if old_f is None:
        return [{"kind": "criterion_added"}]
    if new_f is None:
        return [{"kind": "criterion_removed"}]
    causes: list[dict[str, Any]] = []
    old_def, new_def = old_f.get("definition_sha256"), new_f.get("definition_sha256")
    if old_def and new_def and old_def != new_def:
        causes.append({"kind": "criterion_definition_changed", "old_sha256": old_def, "new_sha256": new_def})
    causes += _parameter_causes(old_f, new_f)
    causes += _exception_cause(old_f, new_f)
    causes += evidence_causes(old_f, new_f, _evidence(old), _evidence(new))
    return causes


def _plugins(result: Mapping[str, Any]) -> dict[str, str]:
    return {p["name"]: p.get("version", "") for p in result.get("plugins") or []}


def run_causes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Differences that concern the whole run: the criteria set, servex, a plugin, the period."""
    causes: list[dict[str, Any]] = []
    old_set, new_set = old["criteria_set"], new["criteria_set"]
    if (old_set["id"], old_set.get("version"), old_set.get("sha256")) != (
        new_set["id"],
        new_set.get("version"),
        new_set.get("sha256"),
    ):
        causes.append(
            {
                "kind": "criteria_set_changed",
                "old": {k: old_set.get(k) for k in ("id", "version", "sha256")},
                "new": {k: new_set.get(k) for k in ("id", "version", "sha256")},
            }
        )
    if old["tool"].get("version") != new["tool"].get("version"):
        causes.append({"kind": "tool_changed", "old": old["tool"].get("version"), "new": new["tool"].get("version")})
    before, after = _plugins(old), _plugins(new)
    for name in sorted({*before, *after}):
        if before.get(name) != after.get(name):
            causes.append({"kind": "plugin_changed", "name": name, "old": before.get(name), "new": after.get(name)})
    if old["period"] != new["period"]:
        causes.append({"kind": "period_changed", "old": dict(old["period"]), "new": dict(new["period"])})
    return causes
