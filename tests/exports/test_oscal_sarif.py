"""OSCAL and SARIF exports: valid against the official schemas, and saying what the result says."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_support import errors, oscal_validator, sarif_validator
from servex.plugins.exports._oscal import render_oscal
from servex.plugins.exports._sarif import render_sarif


def _evidence(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in result["evidence"]}


def test_oscal_validates_against_the_nist_schema(telecom: dict[str, Any]) -> None:
    document = json.loads(render_oscal(telecom, "en"))
    assert errors(oscal_validator(), document) == []


def test_oscal_schema_check_is_not_vacuous(telecom: dict[str, Any]) -> None:
    """The shipped schema really rejects what OSCAL forbids (a finding state it does not know, a bad uuid)."""
    document = json.loads(render_oscal(telecom, "en"))
    finding = document["assessment-results"]["results"][0]["findings"][0]
    finding["target"]["status"]["state"] = "met"
    finding["uuid"] = "not-a-uuid"
    found = errors(oscal_validator(), document)
    assert any("target/status/state" in e for e in found)
    assert any(e.startswith("assessment-results/results/0/findings/0/uuid:") for e in found)


def test_oscal_has_a_finding_and_observation_per_criterion_citing_evidence_by_sha256(telecom: dict[str, Any]) -> None:
    ar = json.loads(render_oscal(telecom, "en"))["assessment-results"]
    (one,) = ar["results"]
    assert [f["target"]["target-id"] for f in one["findings"]] == [f["criterion_id"] for f in telecom["findings"]]
    assert len(one["observations"]) == len(telecom["findings"])
    resources = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    evidence = _evidence(telecom)
    observations = {o["uuid"]: o for o in one["observations"]}
    checked = 0
    for source, finding in zip(telecom["findings"], one["findings"], strict=True):
        state = finding["target"]["status"]["state"]
        assert state == ("satisfied" if source["status"] in ("met", "not_applicable") else "not-satisfied")
        assert {"name": "status", "ns": "https://servex.dev/ns/oscal", "value": source["status"]} in finding["props"]
        (related,) = finding["related-observations"]
        observation = observations[related["observation-uuid"]]
        cited = [e for e in source["evidence_ids"] if e in evidence]
        assert len(observation.get("relevant-evidence", [])) == len(dict.fromkeys(cited))
        for item, eid in zip(observation.get("relevant-evidence", []), dict.fromkeys(cited), strict=True):
            resource = resources[item["href"].removeprefix("#")]
            (rlink,) = resource["rlinks"]
            assert rlink["hashes"] == [{"algorithm": "SHA-256", "value": evidence[eid]["provenance"]["sha256"]}]
            checked += 1
    assert checked > 20
    assert ar["import-ap"]["href"].removeprefix("#") in resources


def test_oscal_is_the_same_bytes_for_the_same_result(telecom: dict[str, Any]) -> None:
    assert render_oscal(telecom, "en") == render_oscal(json.loads(json.dumps(telecom)), "en")
    other = dict(telecom, id="0f0e8a4c-3c1f-5d7e-9b7a-000000000000")
    assert render_oscal(other, "en") != render_oscal(telecom, "en")  # identifiers follow the result's id


def test_sarif_validates_against_the_oasis_schema(telecom: dict[str, Any]) -> None:
    log = json.loads(render_sarif(telecom, "en"))
    assert errors(sarif_validator(), log) == []
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert errors(sarif_validator(), log)  # the schema check can fail


def test_sarif_rules_are_criteria_and_results_the_gaps_located_at_their_evidence(telecom: dict[str, Any]) -> None:
    (run,) = json.loads(render_sarif(telecom, "en"))["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [f["criterion_id"] for f in telecom["findings"]]
    gaps = [f for f in telecom["findings"] if f["status"] in ("not_met", "partially_met")]
    assert gaps, "the telecom sample has gaps"
    assert [r["ruleId"] for r in run["results"]] == [f["criterion_id"] for f in gaps]
    evidence = _evidence(telecom)
    for result, finding in zip(run["results"], gaps, strict=True):
        assert result["level"] == {"not_met": "error", "partially_met": "warning"}[finding["status"]]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == finding["criterion_id"]
        for location in result.get("locations", []):
            where = location["physicalLocation"]["artifactLocation"]
            artifact = run["artifacts"][where["index"]]
            assert artifact["location"]["uri"] == where["uri"]
            matching = [e for e in finding["evidence_ids"] if evidence[e]["provenance"]["sha256"]
                        == artifact["hashes"]["sha-256"]]
            assert matching, where
    lines = [loc["physicalLocation"]["region"]["startLine"] for r in run["results"] for loc in r.get("locations", [])
             if "region" in loc["physicalLocation"]]
    assert all(isinstance(n, int) and n > 0 for n in lines)


def test_sarif_names_the_page_or_line_a_document_was_quoted_at(telecom: dict[str, Any]) -> None:
    finding = next(f for f in telecom["findings"] if f["status"] == "not_met")
    doc = next(e for e in telecom["evidence"] if e["kind"] == "document")
    finding["evidence_ids"] = [doc["id"]]
    finding["requirements"] = [{"id": "r", "type": "document", "role": "show", "state": "unsatisfied",
                                "message": {"en": "x", "fr": "x"}, "evidence_ids": [doc["id"]],
                                "details": {"documents": [{"file": doc["provenance"]["source"],
                                                           "citations": [{"locator": "line 12", "snippet": "s"}]}]}}]
    (run,) = json.loads(render_sarif(telecom, "en"))["runs"]
    result = next(r for r in run["results"] if r["ruleId"] == finding["criterion_id"])
    (location,) = result["locations"]
    assert location["physicalLocation"]["region"] == {"startLine": 12}
    assert location["physicalLocation"]["artifactLocation"]["uri"] == doc["provenance"]["source"]


def _every_status(result: dict[str, Any]) -> dict[str, Any]:
    """The telecom result with every status servex can give represented at least once."""
    statuses = ["not_applicable", "not_assessed", "error"]
    for finding, status in zip(result["findings"][-len(statuses):], statuses, strict=True):
        finding["status"] = status
        finding["score"] = None
    return result


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_every_status_and_language_stays_valid(telecom: dict[str, Any], lang: str) -> None:
    result = _every_status(telecom)
    document = json.loads(render_oscal(result, lang))
    assert errors(oscal_validator(), document) == []
    assert errors(sarif_validator(), json.loads(render_sarif(result, lang))) == []
    findings = {f["target"]["target-id"]: f["target"] for f in document["assessment-results"]["results"][0]["findings"]}
    for finding in result["findings"][-3:]:
        target = findings[finding["criterion_id"]]
        expected = {"not_applicable": ("satisfied", "other"), "not_assessed": ("not-satisfied", "other"),
                    "error": ("not-satisfied", "other")}[finding["status"]]
        assert (target["status"]["state"], target["status"]["reason"]) == expected
        assert target.get("implementation-status", {}).get("state") == (
            "not-applicable" if finding["status"] == "not_applicable" else None)
