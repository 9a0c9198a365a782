"""OSCAL assessment results (NIST OSCAL 1.0.6 JSON): one result, an observation and a finding per criterion.

Mapping, so a GRC tool that reads OSCAL sees what servex decided and on what:
- each criterion is an objective (`target.type = objective-id`, `target-id` = the criterion id);
  met is `satisfied`/`pass`, not met and partly met `not-satisfied`/`fail`, not assessed and error
  `not-satisfied`/`other` (no claim either way), not applicable `satisfied`/`other` with implementation
  status `not-applicable`; servex's own status, score and level ride along as `props` (ns servex);
- each observation cites its evidence as `relevant-evidence` pointing (`#uuid`) at a back-matter resource
  whose `rlinks` carry the file's path and its SHA-256, so the evidence can be re-checked byte for byte;
- OSCAL expects an assessment plan (`import-ap`); servex grades against a criteria set instead, so it
  points at the criteria set's own back-matter resource (id, version, content hash) and says so in remarks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from servex.plugins.exports._common import STATUS_WORDS, cited_evidence, evidence_index, stable_uuid, text, tool_version

__all__ = ["OSCAL_VERSION", "render_oscal"]

OSCAL_VERSION = "1.0.6"
NS = "https://servex.dev/ns/oscal"
_TOKEN_BAD = re.compile(r"[^\w.\-]", re.UNICODE)
_STATE = {
    "met": ("satisfied", "pass"),
    "partially_met": ("not-satisfied", "fail"),
    "not_met": ("not-satisfied", "fail"),
    "not_applicable": ("satisfied", "other"),
    "not_assessed": ("not-satisfied", "other"),
    "error": ("not-satisfied", "other"),
}
_IMPLEMENTATION = {"met": "implemented", "partially_met": "partial", "not_applicable": "not-applicable"}


def _token(value: str) -> str:
    """An OSCAL token (a letter or `_` first, then letters, digits, `.`, `-`, `_`)."""
    token = _TOKEN_BAD.sub("_", value) or "_"
    return token if token[0].isalpha() or token[0] == "_" else "_" + token


def _one_line(value: str) -> str:
    """OSCAL strings (prop values, names) are one line without surrounding space."""
    return " ".join(value.split()) or "-"


def _prop(name: str, value: Any) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": _one_line(str(value))}


def _stamp(day: str, end: bool = False) -> str:
    return f"{day}T23:59:59Z" if end else f"{day}T00:00:00Z"


def _href(source: str) -> str:
    """A URI reference for a path relative to the evidence folder (URLs of API sources stay as they are)."""
    return source if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", source) else quote(source, safe="/")


def _resource(uid: str, title: str, props: list[dict[str, str]], href: str, media: str, sha: str) -> dict[str, Any]:
    rlink: dict[str, Any] = {"href": href}
    if media:
        rlink["media-type"] = media
    if sha:
        rlink["hashes"] = [{"algorithm": "SHA-256", "value": sha}]
    return {"uuid": uid, "title": title or href, "props": props, "rlinks": [rlink]}


def _methods(kinds: set[str]) -> list[str]:
    if not kinds:
        return ["UNKNOWN"]
    methods = ["EXAMINE"] if kinds - {"answers", "questionnaire"} else []
    return methods + (["INTERVIEW"] if kinds & {"answers", "questionnaire"} else [])


def _parties(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    org = str((result.get("organisation") or {}).get("name") or "")
    parties = [{"uuid": stable_uuid(result, "party", "organisation"), "type": "organization", "name": _one_line(org)}]
    assessor = result.get("assessor") or {}
    if assessor.get("name"):
        parties.append({"uuid": stable_uuid(result, "party", "assessor"), "type": "person",
                        "name": _one_line(str(assessor["name"]))})
    return parties


def _observation_and_finding(
    result: Mapping[str, Any], finding: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]],
    evidence_uuid: Mapping[str, str], lang: str, stamp: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    cid = str(finding["criterion_id"])
    title = f"{cid} {text(finding.get('title'), lang)}".strip()
    status = str(finding["status"])
    why = "\n\n".join(t for t in (text(r, lang) for r in finding.get("rationale") or []) if t)
    cited = cited_evidence(finding, index)
    props = [_prop("status", status), _prop("level", finding.get("level", ""))]
    if finding.get("score") is not None:
        props.append(_prop("score", finding["score"]))
    observation: dict[str, Any] = {
        "uuid": stable_uuid(result, "observation", cid),
        "title": title,
        "description": why or f"{cid}: {STATUS_WORDS.get(status, status)}.",
        "props": props,
        "methods": _methods({str((index.get(c.id) or {}).get("kind")) for c in cited}),
        "types": ["control-objective"],
        "collected": stamp,
    }
    evidence = [
        {"href": "#" + evidence_uuid[c.id],
         "description": f"{c.title} ({c.source}, SHA-256 {c.sha256})",
         "props": [_prop("evidence-id", c.id), *([_prop("sha256", c.sha256)] if c.sha256 else []),
                   *([_prop("page", c.page)] if c.page else []), *([_prop("line", c.line)] if c.line else [])]}
        for c in cited if c.id in evidence_uuid
    ]
    if evidence:
        observation["relevant-evidence"] = evidence
    state, reason = _STATE.get(status, ("not-satisfied", "other"))
    target: dict[str, Any] = {"type": "objective-id", "target-id": _token(cid), "title": title,
                              "status": {"state": state, "reason": reason}}
    if status in _IMPLEMENTATION:
        target["implementation-status"] = {"state": _IMPLEMENTATION[status]}
    if reason == "other":
        target["status"]["remarks"] = f"servex status: {STATUS_WORDS.get(status, status)}."
    oscal_finding: dict[str, Any] = {
        "uuid": stable_uuid(result, "finding", cid),
        "title": title,
        "description": why or observation["description"],
        "props": [*props, *([_prop("required", "true")] if finding.get("required") else [])],
        "target": target,
        "related-observations": [{"observation-uuid": observation["uuid"]}],
    }
    recommendation = text(finding.get("recommendation"), lang)
    if recommendation and status != "met":
        oscal_finding["remarks"] = recommendation
    return observation, oscal_finding


def render_oscal(result: Mapping[str, Any], lang: str) -> bytes:
    """The OSCAL document for `result`, as UTF-8 JSON, the same bytes for the same result."""
    stamp = str(result.get("generated_at") or "1970-01-01T00:00:00Z")
    cset = result.get("criteria_set") or {}
    index = evidence_index(result)
    cited_ids = sorted({str(e) for f in result.get("findings") or [] for e in f.get("evidence_ids") or []} & set(index))
    evidence_uuid = {eid: stable_uuid(result, "evidence", eid) for eid in cited_ids}
    set_uuid = stable_uuid(result, "criteria-set", str(cset.get("id", "")))
    # servex's criteria-set sha256 is of the set's canonical content, not of the file's bytes: a prop, never
    # an rlink hash a consumer would check against the file and find "wrong"
    set_props = [_prop("criteria-set-id", cset.get("id", "")), _prop("criteria-set-version", cset.get("version", "")),
                 _prop("criteria-set-content-sha256", cset.get("sha256", ""))]
    resources = [_resource(set_uuid, text(cset.get("title"), lang) or str(cset.get("id", "")), set_props,
                           _href(str(cset.get("source") or cset.get("id") or "criteria")), "application/yaml", "")]
    resources[0]["remarks"] = ("criteria-set-content-sha256 is servex's hash of the set's canonical content "
                               "(result criteria_set.sha256), not of the file's bytes.")
    for eid in cited_ids:
        prov = index[eid].get("provenance") or {}
        resources.append(_resource(evidence_uuid[eid], str(index[eid].get("title") or ""),
                                   [_prop("evidence-id", eid), _prop("kind", index[eid].get("kind", "")),
                                    _prop("collector", prov.get("collector", ""))],
                                   _href(str(prov.get("source") or eid)), str(prov.get("media_type") or ""),
                                   str(prov.get("sha256") or "")))
    observations, findings = [], []
    for finding in result.get("findings") or []:
        observation, oscal_finding = _observation_and_finding(result, finding, index, evidence_uuid, lang, stamp)
        observations.append(observation)
        findings.append(oscal_finding)
    readiness = result.get("readiness") or {}
    period = result.get("period") or {}
    org = str((result.get("organisation") or {}).get("name") or "")
    one: dict[str, Any] = {
        "uuid": stable_uuid(result, "result"),
        "title": f"{text(cset.get('title'), lang) or cset.get('id', '')} — {org}".strip(" —"),
        "description": text(readiness.get("statement"), lang) or "servex assessment",
        "start": _stamp(str(period.get("start") or stamp[:10])),
        "end": _stamp(str(period.get("end") or stamp[:10]), end=True),
        "props": [_prop("readiness", readiness.get("state", "")),
                  _prop("highest-level-achieved", readiness.get("highest_level_achieved") or "none"),
                  *([_prop("overall-score", readiness["overall_score"])]
                    if readiness.get("overall_score") is not None else [])],
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if observations:
        one["observations"] = observations
    if findings:
        one["findings"] = findings
    document = {
        "assessment-results": {
            "uuid": stable_uuid(result, "assessment-results"),
            "metadata": {
                "title": f"Service excellence assessment — {org}".strip(" —"),
                "last-modified": stamp,
                "version": str(result.get("id") or ""),
                "oscal-version": OSCAL_VERSION,
                "props": [_prop("result-id", result.get("id", "")), _prop("tool", "servex " + tool_version(result))],
                "parties": _parties(result),
            },
            "import-ap": {
                "href": "#" + set_uuid,
                "remarks": "servex grades against a criteria set rather than an OSCAL assessment plan: this "
                "points at the criteria set used (back-matter, with its id, version and content hash).",
            },
            "results": [one],
            "back-matter": {"resources": resources},
        }
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
