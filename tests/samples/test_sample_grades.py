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
    # L1 now asks for the complaint rate and the barriers to complaining too (CMP-ACC-01): a regulator's
    # export of complaints shows neither, so the two L1 criteria average 24 (issue 16)
    assert (levels["L1"]["verdict"], levels["L1"]["score"]) == ("not_evidenced", 24.0)
    assert levels["L1"]["blocked_by"] == ["CMP-ACC-01"]
    assert levels["L4"]["in_scope"]  # the complaints set now grades all four levels
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
    # the core promise itself (issue 16): the operations report and the results page, traced by the
    # assessor, keep L1; first-time fix misses its target (78 % for 80 %) and is not traced, so it is partial;
    # no document names an outsourcer, so partners (PYR-L1-17) are not met, not partly met
    assert levels["L1"]["score"] == pytest.approx(57.4, abs=0.05)
    assert _finding(telecom, "PYR-L1-17")["status"] == "not_met"
    assert _finding(telecom, "PYR-L1-14")["status"] == "partially_met"
    for kept in ("PYR-L1-11", "PYR-L1-12", "PYR-L1-13", "PYR-L1-15", "PYR-L1-16"):
        assert _finding(telecom, kept)["status"] == "met", kept
    # L3 falls below developing: per-journey measurement no longer borrows the overall effort score
    # (graded once, at L2), and the new L3 criteria (vulnerable customers, balanced decisions) are unshown
    assert (levels["L3"]["verdict"], levels["L3"]["achieved"]) == ("not_evidenced", False)
    assert levels["L4"]["verdict"] == "not_evidenced" and levels["L4"]["gated_by"] == "L3"
    assert telecom["readiness"]["highest_level_achieved"] == "L2"
    # the journey map is an approach nobody has seen in use, and staff and managers disagree on it: the
    # L3 knock-out is only partial, so it caps L3 and stands first in the way
    assert levels["L3"]["capped_by"] == ["PYR-L3-01"]
    assert levels["L3"]["blocked_by"] == ["PYR-L3-01", "PYR-L3-06", "PYR-L3-10"]


def test_telecom_traced_complaint_files(telecom: dict[str, Any]) -> None:
    traced = next(r for r in _finding(telecom, "PYR-L2-01")["requirements"] if r["type"] == "case_sample")
    assert traced["state"] == "satisfied" and traced["message"]["en"].startswith("18 of 20 traced cases")
    assert "ack_traced" in _finding(telecom, "PYR-L2-01")["evidence_classes"]["shown"]["deployment"]


def test_telecom_shows_roles_disagreeing(telecom: dict[str, Any]) -> None:
    for cid in ("PYR-L2-07", "PYR-L3-01"):
        finding = _finding(telecom, cid)
        asked = [r for r in finding["requirements"] if r["type"] == "questionnaire"]
        assert asked and asked[0]["details"]["disagreement"], cid
        roles = {role for d in asked[0]["details"]["disagreement"] for role in d["roles"]}
        assert roles == {"management", "staff"}
        assert "disagree" in asked[0]["message"]["en"].lower()
        assert finding["status"] == "partially_met" and finding["corroboration"] == "show_me"
    split = [c for c in _finding(telecom, "PYR-L3-01")["caps"] if c["kind"] == "contradiction"]
    assert split and "disagree" in split[0]["message"]["en"]
    answers = [e for e in telecom["evidence"] if e["kind"] == "answers"]
    assert {e["provenance"]["source"] for e in answers} == {
        "answers/customers-google-forms.csv",
        "answers/customers.yaml",
        "answers/management.yaml",
        "answers/staff-forms.csv",
        "answers/staff.yaml",
    }
    # the Microsoft Forms export adds its four staff to the four interviewed: imported answers count
    asked = next(r for r in _finding(telecom, "PYR-L2-07")["requirements"] if r["type"] == "questionnaire")
    assert asked["details"]["by_role"]["staff"]["count"] == 8


def _citations(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(criterion id, file, locator) of every document passage the findings cite."""
    cited = []
    for finding in result["findings"]:
        for req in finding["requirements"]:
            for doc in req["details"].get("documents") or []:
                if doc.get("status") == "match":
                    cited += [(finding["criterion_id"], doc["file"], c["locator"]) for c in doc.get("citations", [])]
    return cited


@pytest.fixture(scope="module")
def water(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _assess("public-service-fr", tmp_path_factory.mktemp("water"))


def test_public_service_fr_levels_as_readme(water: dict[str, Any]) -> None:
    levels = _levels(water)
    l1 = levels["L1"]
    # L1 now grades the core promise itself (issue 16): the utility's reports state continuity, meter
    # appointments and billing figures but nobody traced them, first-time fix is not measured, nor are
    # results published beside the charter, so L1 falls from developing (36.7) to not evidenced
    assert (l1["verdict"], l1["achieved"]) == ("not_evidenced", False)
    assert l1["score"] == pytest.approx(30.2, abs=0.05)
    # the written promise cannot be shown to be measured (no due dates), so neither knock-out passes
    assert l1["capped_by"] == ["PYR-L1-01", "PYR-L1-02"]
    assert l1["blocked_by"] == ["PYR-L1-01", "PYR-L1-02", "PYR-L1-13", "PYR-L1-14"]
    assert (levels["L2"]["verdict"], levels["L2"]["achieved"], levels["L2"]["gated_by"]) == ("developing", False, "L1")
    # detractors are not called back on any traced record, measurement reliability and knowledge base
    # are unshown: L2 drops from 49.1 to 40.6
    assert levels["L2"]["score"] == pytest.approx(40.6, abs=0.05)
    for level, below, cap in (("L3", "L2", "PYR-L3-01"), ("L4", "L3", "PYR-L4-01")):
        assert levels[level]["verdict"] == "not_evidenced" and not levels[level]["achieved"]
        assert levels[level]["gated_by"] == below and levels[level]["capped_by"] == [cap]
    assert water["readiness"]["highest_level_achieved"] is None
    assert water["readiness"]["next_level"]["criteria"] == ["PYR-L1-01", "PYR-L1-02", "PYR-L1-13", "PYR-L1-14"]


def test_public_service_fr_gaps_as_readme(water: dict[str, Any]) -> None:
    sla = _finding(water, "PYR-L1-02")
    assert sla["status"] == "not_assessed" and sla["required"]
    kpi = next(r for r in sla["requirements"] if r["details"].get("kpi") == "sla_attainment")
    assert kpi["details"]["sample"] == 0 and kpi["details"]["missing_fields"] == ["due_at"]
    for gap in ("PYR-L1-03", "PYR-L1-04", "PYR-L1-05"):
        assert _finding(water, gap)["status"] == "partially_met", gap
    assert _kpi(_finding(water, "PYR-L1-04"), "service_level_20s") == pytest.approx(41.7, abs=0.05)
    assert _kpi(_finding(water, "PYR-L1-05"), "csat_top2") == pytest.approx(70.9, abs=0.05)
    assert _kpi(_finding(water, "PYR-L1-03"), "first_reply_time_p90") == pytest.approx(46.25, abs=0.05)
    assert _finding(water, "PYR-L2-05")["status"] == "not_assessed"
    # the L2 practice the README credits
    assert _kpi(_finding(water, "PYR-L2-01"), "complaint_ack_within_48h") == pytest.approx(94.3, abs=0.05)
    assert _kpi(_finding(water, "PYR-L2-02"), "complaint_on_time") == pytest.approx(94.5, abs=0.05)
    for met in ("PYR-L2-01", "PYR-L2-02", "PYR-L2-06"):
        assert _finding(water, met)["status"] == "met", met
    # one set of minutes does not show a regular management review; the procedure records no decision
    for partial in ("PYR-L2-07", "PYR-L2-08"):
        assert _finding(water, partial)["status"] == "partially_met", partial


def test_public_service_fr_cites_french_pdf_and_docx(water: dict[str, Any]) -> None:
    cited = _citations(water)
    assert any(f.endswith(".pdf") and loc.startswith("page ") for _, f, loc in cited)
    assert any(f.endswith(".docx") and loc.startswith("paragraph ") for _, f, loc in cited)
    assert any(f.endswith(".xlsx") and loc.startswith("sheet ") for _, f, loc in cited)
    charter = [(f, loc) for cid, f, loc in cited if cid == "PYR-L1-01"]
    assert ("engagements/charte-de-service-2025.pdf", "page 1") in charter
    docs = [e for e in water["evidence"] if e["kind"] == "document"]
    assert docs and "README.md" not in {e["provenance"]["source"] for e in docs}
    assert water["lang"] == "fr"
    for finding in water["findings"]:
        assert all(line.get("fr") for line in finding["rationale"]), finding["criterion_id"]
    rationale_fr = " ".join(line["fr"] for line in _finding(water, "PYR-L1-02")["rationale"])
    assert "document(s) correspondant(s)" in rationale_fr and "ne contient pas le champ due_at" in rationale_fr
    assert "(paragraphe " in rationale_fr and "(paragraph " not in rationale_fr  # locators read in French


@pytest.fixture(scope="module")
def hotel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _assess("hotel-group", tmp_path_factory.mktemp("hotel"))


def test_hotel_group_levels_as_readme(hotel: dict[str, Any]) -> None:
    levels = _levels(hotel)
    assert (levels["L1"]["verdict"], levels["L1"]["achieved"]) == ("established", True)
    l2 = levels["L2"]
    assert (l2["verdict"], l2["achieved"], l2["gated_by"]) == ("developing", False, None)
    assert l2["capped_by"] == ["PYR-L2-01", "PYR-L2-02"] and l2["blocked_by"] == ["PYR-L2-01", "PYR-L2-02"]
    assert l2["score"] == pytest.approx(35.1, abs=0.05)
    # practice seen in use above an unmeasured L2: established, but gated
    for level, below in (("L3", "L2"), ("L4", "L3")):
        assert (levels[level]["verdict"], levels[level]["achieved"]) == ("established", False), level
        assert levels[level]["gated_by"] == below and levels[level]["capped_by"] == []
    # the stay promise report (bookings kept, folios right, traced) keeps L1 now that L1 grades the core
    # promise itself (issue 16); rooms ready on time miss their target, so that criterion is only partial
    assert levels["L1"]["score"] == pytest.approx(54.9, abs=0.05)
    assert _finding(hotel, "PYR-L1-13")["status"] == "partially_met"
    assert _finding(hotel, "PYR-L1-11")["status"] == "not_applicable"
    assert levels["L3"]["score"] >= 50 and levels["L4"]["score"] > levels["L3"]["score"]
    assert hotel["readiness"]["highest_level_achieved"] == "L1"
    assert hotel["readiness"]["next_level"]["criteria"] == ["PYR-L2-01", "PYR-L2-02"]


def test_hotel_group_gaps_as_readme(hotel: dict[str, Any]) -> None:
    assert all(_finding(hotel, cid)["status"] == "not_assessed" for cid in ("PYR-L2-02", "PYR-L2-03", "PYR-L2-05"))
    ack_finding = _finding(hotel, "PYR-L2-01")  # the policy is a sure floor; the unmeasured KPI keeps it there
    assert (ack_finding["status"], ack_finding["required"]) == ("partially_met", True)
    assert any(line["en"].startswith("At least Partial compliance") for line in ack_finding["rationale"])
    ack = next(r for r in ack_finding["requirements"] if r["details"].get("kpi"))
    assert ack["details"]["missing_fields"] == ["acknowledged_at"]
    # not measured: no value, no sample, no coverage (never figures computed over an absent column)
    assert (ack["details"]["value"], ack["details"]["sample"], ack["details"]["coverage"]) == (None, 0, 0.0)
    fcr = next(r for r in _finding(hotel, "PYR-L2-03")["requirements"] if r["details"].get("kpi"))
    assert fcr["details"]["missing_fields"] == ["first_contact_resolution"]
    assert _kpi(_finding(hotel, "PYR-L1-02"), "sla_attainment") == pytest.approx(94.9, abs=0.05)
    promoters = _finding(hotel, "PYR-L4-03")  # met, but mature only: NPS flat over the last four months
    assert _kpi(promoters, "nps_promoter_share") == pytest.approx(56.4, abs=0.05) and promoters["score"] == 75
    assert next(r for r in promoters["requirements"] if r["details"].get("kpi") == "nps")["state"] == "partial"
    # the site visit: practice seen in use is deployment; a practice changed after measuring it is review
    for seen in ("PYR-L3-01", "PYR-L3-03", "PYR-L3-05", "PYR-L3-08", "PYR-L4-01"):
        finding = _finding(hotel, seen)
        assert finding["status"] == "met" and finding["evidence_classes"]["shown"]["deployment"] == ["observed"], seen
    assert _finding(hotel, "PYR-L3-09")["status"] == "partially_met"  # staff could not explain the ambition
    delight = _finding(hotel, "PYR-L4-02")
    assert delight["scale_value"] == "role_model" and delight["evidence_classes"]["shown"]["review"] == ["refined"]
    roadmap = _finding(hotel, "PYR-L4-06")  # a roadmap nobody has seen in use stays an approach
    assert roadmap["status"] == "partially_met" and roadmap["evidence_classes"]["missing"] == ["deployment"]


def test_hotel_group_management_and_staff_disagree(hotel: dict[str, Any]) -> None:
    finding = _finding(hotel, "PYR-L2-07")
    asked = [r for r in finding["requirements"] if r["type"] == "questionnaire"]
    assert asked and asked[0]["details"]["disagreement"]
    roles = {role for d in asked[0]["details"]["disagreement"] for role in d["roles"]}
    assert roles == {"management", "staff"}
    assert "disagree" in asked[0]["message"]["en"].lower()
    assert finding["status"] == "partially_met"
    formats = {Path(e["provenance"]["source"]).suffix for e in hotel["evidence"] if e["kind"] == "document"}
    assert formats == {".pdf", ".docx", ".xlsx", ".md", ".html"}
