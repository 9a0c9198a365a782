"""Each sample organisation grades as its README says: the samples are the product's showcase, and a
change to criteria or evaluators that silently alters them must fail here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "evidence_samples"


def _assess(name: str, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"{name}.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "servex", "assess", str(SAMPLES / name), "-o", f"json:{out}", "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _levels(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {lv["id"]: lv for lv in result["levels"]}


def _finding(result: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(f for f in result["findings"] if f["criterion_id"] == cid)


def _kpi(finding: dict[str, Any], kpi: str) -> float:
    for req in finding["requirements"]:
        if req["details"].get("kpi") == kpi:
            return float(req["details"]["value"])
    raise AssertionError(f"{finding['criterion_id']} has no KPI {kpi}")


@pytest.fixture(scope="module")
def cfpb(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _assess("cfpb-complaints", tmp_path_factory.mktemp("cfpb"))


def test_cfpb_levels_as_readme(cfpb: dict[str, Any]) -> None:
    levels = _levels(cfpb)
    assert (levels["L1"]["verdict"], levels["L1"]["score"]) == ("developing", 40.0)
    assert levels["L2"]["verdict"] == "not_evidenced" and "CMP-PRN-01" in levels["L2"]["capped_by"]
    assert levels["L3"]["verdict"] == "not_evidenced"
    assert not any(lv["achieved"] for lv in levels.values())


def test_cfpb_kpis_and_gaps_as_readme(cfpb: dict[str, Any]) -> None:
    timely = _finding(cfpb, "CMP-PRC-05")
    assert timely["status"] == "met" and _kpi(timely, "timely_response_rate") == pytest.approx(98.4, abs=0.05)
    disputes = _finding(cfpb, "CMP-PRC-06")
    assert disputes["status"] == "partially_met"
    assert _kpi(disputes, "complaint_dispute_rate") == pytest.approx(21.1, abs=0.05)
    for gap in ("CMP-IMP-01", "CMP-IMP-03", "CMP-IMP-04"):
        assert _finding(cfpb, gap)["status"] == "not_met"
    sources = {e["provenance"]["source"] for e in cfpb["evidence"]}
    assert sources == {"data/cfpb_complaints_2013_sample.csv"}  # README and NOTICE are not evidence


@pytest.fixture(scope="module")
def telecom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _assess("telecom-operator", tmp_path_factory.mktemp("telecom"))


def test_telecom_levels_as_readme(telecom: dict[str, Any]) -> None:
    levels = _levels(telecom)
    assert (levels["L1"]["verdict"], levels["L1"]["achieved"]) == ("established", True)
    assert (levels["L2"]["verdict"], levels["L2"]["achieved"]) == ("established", True)
    assert (levels["L3"]["verdict"], levels["L3"]["achieved"]) == ("developing", False)
    assert levels["L4"]["verdict"] == "not_evidenced" and levels["L4"]["gated_by"] == "L3"
    assert telecom["readiness"]["highest_level_achieved"] == "L2"
    assert levels["L3"]["blocked_by"] == ["PYR-L3-06"]


def test_telecom_shows_roles_disagreeing(telecom: dict[str, Any]) -> None:
    for cid in ("PYR-L2-07", "PYR-L3-01"):
        finding = _finding(telecom, cid)
        asked = [r for r in finding["requirements"] if r["type"] == "questionnaire"]
        assert asked and asked[0]["details"]["disagreement"], cid
        roles = {role for d in asked[0]["details"]["disagreement"] for role in d["roles"]}
        assert roles == {"management", "staff"}
        assert "disagree" in asked[0]["message"]["en"].lower()
        assert finding["status"] == "met" and finding["corroboration"] == "show_me"
    answers = [e for e in telecom["evidence"] if e["kind"] == "answers"]
    assert {e["provenance"]["source"] for e in answers} == {
        "answers/customers.yaml",
        "answers/management.yaml",
        "answers/staff.yaml",
    }
