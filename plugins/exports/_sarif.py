"""SARIF 2.1.0, for code-scanning dashboards and any tool that reads static-analysis results.

Rules are the criteria (every one, so a dashboard knows what was checked); results are the criteria not
met (`error`) or partly met (`warning`), each located at the evidence files it rests on, with the page
or line a document was quoted at when servex knows it. Artifacts list the cited files with their SHA-256
(`hashes`), relative to the `EVIDENCE` base (the evidence folder), so a consumer can re-check them.
Criteria met, not applicable or not assessed are not results: SARIF results are problems to fix, and a
criterion that lacks data is a gap in the evidence, which the reports and the action plan carry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from servex.plugins.exports._common import STATUS_WORDS, Cited, cited_evidence, evidence_index, text, tool_version

__all__ = ["SARIF_SCHEMA", "render_sarif"]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"not_met": "error", "partially_met": "warning"}
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")


def _rule(finding: Mapping[str, Any], lang: str) -> dict[str, Any]:
    title = text(finding.get("title"), lang) or str(finding["criterion_id"])
    rule: dict[str, Any] = {
        "id": str(finding["criterion_id"]),
        "shortDescription": {"text": title},
        "properties": {"level": str(finding.get("level", "")), "weight": float(finding.get("weight") or 0),
                       "required": bool(finding.get("required"))},
    }
    recommendation = text(finding.get("recommendation"), lang)
    if recommendation:
        rule["help"] = {"text": recommendation}
    return rule


def _location(cited: Cited, artifact: int) -> dict[str, Any]:
    where: dict[str, Any] = {"uri": _uri(cited.source), "index": artifact}
    if not _URL.match(cited.source):
        where["uriBaseId"] = "EVIDENCE"
    physical: dict[str, Any] = {"artifactLocation": where}
    if cited.line:
        physical["region"] = {"startLine": cited.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if cited.page:
        location["properties"] = {"page": cited.page}
    return location


def _uri(source: str) -> str:
    return source if _URL.match(source) else quote(source, safe="/")


def _artifact(cited: Cited) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": _uri(cited.source)}
    if not _URL.match(cited.source):
        location["uriBaseId"] = "EVIDENCE"
    artifact: dict[str, Any] = {"location": location, "description": {"text": cited.title}}
    if cited.media_type:
        artifact["mimeType"] = cited.media_type
    if cited.sha256:
        artifact["hashes"] = {"sha-256": cited.sha256}
    return artifact


def render_sarif(result: Mapping[str, Any], lang: str) -> bytes:
    """The SARIF log for `result`, as UTF-8 JSON, the same bytes for the same result."""
    findings = list(result.get("findings") or [])
    index = evidence_index(result)
    rules = [_rule(f, lang) for f in findings]
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    results = []
    for finding in findings:
        status = str(finding["status"])
        if status not in _LEVEL:
            continue
        cited = [c for c in cited_evidence(finding, index) if c.source]
        for c in cited:
            if c.id not in artifact_index:
                artifact_index[c.id] = len(artifacts)
                artifacts.append(_artifact(c))
        gaps = [text(r.get("gap"), lang) or text(r.get("message"), lang)
                for r in finding.get("requirements") or [] if r.get("state") != "satisfied"]
        message = f"{finding['criterion_id']} {STATUS_WORDS[status]}"
        detail = " ".join(dict.fromkeys(g for g in gaps if g))
        entry: dict[str, Any] = {
            "ruleId": str(finding["criterion_id"]),
            "ruleIndex": rule_index[str(finding["criterion_id"])],
            "kind": "fail",
            "level": _LEVEL[status],
            "message": {"text": f"{message}: {detail}" if detail else f"{message}."},
            "properties": {"status": status, "score": finding.get("score")},
        }
        if cited:
            entry["locations"] = [_location(c, artifact_index[c.id]) for c in cited]
        results.append(entry)
    cset = result.get("criteria_set") or {}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "servex", "version": tool_version(result),
                            "rules": rules}},
        "originalUriBaseIds": {"EVIDENCE": {"description": {"text": "The assessed evidence folder."}}},
        "automationDetails": {"id": f"servex/{cset.get('id', '')}/{result.get('id', '')}"},
        "invocations": [{"executionSuccessful": True, "endTimeUtc": str(result.get("generated_at") or "")}],
        "results": results,
        "properties": {"result_id": str(result.get("id") or ""),
                       "criteria_set": {k: cset.get(k) for k in ("id", "version", "sha256")},
                       "readiness": (result.get("readiness") or {}).get("state")},
    }
    if artifacts:
        run["artifacts"] = artifacts
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return (json.dumps(log, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
