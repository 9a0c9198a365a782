"""Grading on traced cases: thresholds, n.a., insufficient, cherry-picked and bad rows, XLSX round trip.

One organisation, one draw and one `servex assess` for all cases (each criterion holds one scenario
and draws the same sample), because every CLI run loads the criteria registry.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from case_support import (
    _CRITERION,
    IN_PERIOD,
    MANIFEST,
    complaints_csv,
    criteria_yaml,
    read_csv,
    requirement,
    write_csv,
)
from servex.testing import run_cli

SCENARIOS = {
    "CASE-01": ["yes"] * 9 + ["no"],  # 90 % = target: satisfied
    "CASE-02": ["yes"] * 7 + ["no"] * 3,  # 70 % = partial share: partial
    "CASE-03": ["yes"] * 6 + ["no"] * 4,  # 60 %: unsatisfied
    "CASE-04": ["yes"] * 6 + ["no"] + [""] * 3,  # 7 traced < 8: insufficient
    "CASE-05": ["yes"] * 7 + ["no"] + ["n.a."] * 2,  # 7 of 8 (n.a. leaves the denominator): 87.5 %
    "CASE-06": ["yes"] * 8 + ["no"] * 2,  # 80 %, plus cherry-picked rows below
    "CASE-07": ["yes"] * 10,  # bad rows below
    "CASE-11": ["yes"] * 6 + ["n.a."] * 4,  # the four that failed marked n.a., with no note: refused
    "CASE-12": ["yes"] * 10,  # four traced "in 2019", years before the period: left out
}
ALL = [*SCENARIOS, "CASE-08", "CASE-09"]  # CASE-08: no worksheet; CASE-09: XLSX worksheet
LISTED = [f"F{n:02d}" for n in range(1, 13)]  # CASE-10 draws from a case list file instead of a dataset
FROM_LIST = _CRITERION.format(cid="CASE-10", source="cases_file: cases/files.csv", seed=7, size=10)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], Path, list[str]]]:
    root = tmp_path_factory.mktemp("graded")
    org = root / "org"
    (org / "data").mkdir(parents=True)
    (org / "data" / "complaints.csv").write_text(complaints_csv(), encoding="utf-8")
    (org / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    (org / "cases.yaml").write_text(criteria_yaml(*ALL) + FROM_LIST, encoding="utf-8")
    (org / "cases").mkdir()
    (org / "cases" / "files.csv").write_text("case_id,opened\n" + "".join(f"{c},x\n" for c in LISTED), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1767225600")
        env.setenv("SERVEX_CACHE_DIR", str(root / "cache"))
        assert run_cli("cases", "draw", org, "--criterion", "CASE-01") == 0
        assert run_cli("cases", "draw", org, "--criterion", "CASE-09", "-o", org / "cases" / "CASE-09-trace.xlsx") == 0
        drawn = [r["case_id"] for r in read_csv(org / "cases" / "CASE-01-trace.csv")]
        undrawn = [c for c in IN_PERIOD if c not in drawn]
        for cid, answers in SCENARIOS.items():
            rows = [
                [c, "p", a, {"no": "late", "n.a.": "withdrawn the same day"}.get(a, "") if cid != "CASE-11" else "",
                 "Ann", "2026-01-12"]
                for c, a in zip(drawn, answers, strict=True)
            ]  # fmt: skip
            if cid == "CASE-06":  # ten cases the organisation likes, all "yes": would lift 80 % to 90 %
                rows += [[c, "p", "yes", "", "Ann", "2026-01-12"] for c in undrawn[:10]]
            if cid == "CASE-12":
                for row in rows[:4]:
                    row[5] = "2019-06-01"  # lines 2 to 5
            if cid == "CASE-07":
                rows[8][2] = "maybe"  # line 10
                rows[9][5] = "12.01.2026"  # line 11
                rows += [["", "p", "yes", "", "Ann", ""], [drawn[0], "p", "no", "again", "Ann", "2026-01-12"]]  # 12, 13
                rows += [[drawn[1], "p", "yes", "", "", "2026-01-12"], [drawn[2], "p", "yes", "", "Ann", ""]]  # 14, 15
            write_csv(org / "cases" / f"{cid}-trace.csv", rows)
        from_list = sorted(random.Random(7).sample(LISTED, 10))  # the documented draw (test_draw checks the CLI)
        write_csv(org / "cases" / "CASE-10-trace.csv", [[c, "p", "yes", "", "Ann", "2026-01-12"] for c in from_list])
        write_csv(org / "cases" / "CASE-1-trace.csv", [])  # a typo in the name: warned, not read
        from openpyxl import load_workbook

        book = load_workbook(org / "cases" / "CASE-09-trace.xlsx")
        for row in book["Cases"].iter_rows(min_row=2):
            row[2].value, row[5].value = "yes", "2026-01-12"
        book.save(org / "cases" / "CASE-09-trace.xlsx")
        out = root / "result.json"
        assert run_cli("assess", org, "-o", f"json:{out}", "--fail-on", "never") == 0
    yield json.loads(out.read_text(encoding="utf-8")), org, drawn
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize(
    ("criterion", "state", "status", "share"),
    [
        ("CASE-01", "satisfied", "met", 90),
        ("CASE-02", "partial", "partially_met", 70),
        ("CASE-03", "unsatisfied", "not_met", 60),
        ("CASE-05", "partial", "partially_met", 87.5),
        ("CASE-09", "satisfied", "met", 100),
    ],
)
def test_graded_on_the_share_followed(graded: Any, criterion: str, state: str, status: str, share: float) -> None:
    result, _, _ = graded
    req = requirement(result, criterion)
    assert (req["state"], req["details"]["share"]) == (state, share)
    assert next(f for f in result["findings"] if f["criterion_id"] == criterion)["status"] == status


def test_message_cites_cases_and_lists_those_not_followed(graded: Any) -> None:
    result, org, drawn = graded
    req = requirement(result, "CASE-01")
    assert req["message"]["en"].startswith("9 of 10 traced cases followed the practice (90 %)")
    assert req["message"]["fr"].startswith("9 des 10 dossiers tracés ont suivi la pratique (90 %)")
    assert requirement(result, "CASE-05")["message"]["fr"].startswith(
        "7 des 8 dossiers tracés ont suivi la pratique (87,5 %)"
    )
    assert req["details"]["not_followed"] == [
        {"case_id": drawn[9], "note": "late", "source": "cases/CASE-01-trace.csv", "locator": "line 11"}
    ]
    assert req["gap"] is None  # satisfied: nothing to do
    missed = ", ".join(drawn[7:])
    gap = f"Find out why {missed} did not follow the practice and act on it (target 90 %)."
    assert requirement(result, "CASE-02")["gap"]["en"] == gap
    evidence = {e["id"]: e for e in result["evidence"]}
    cited = [evidence[i] for i in req["evidence_ids"]]
    assert sorted(e["kind"] for e in cited) == ["case_trace"] * 10 + ["dataset"]
    sha = hashlib.sha256((org / "cases" / "CASE-01-trace.csv").read_bytes()).hexdigest()
    traces = [e for e in cited if e["kind"] == "case_trace"]
    assert {e["provenance"]["sha256"] for e in traces} == {sha}
    assert sorted(e["provenance"]["locator"] for e in traces) == sorted(f"line {n}" for n in range(2, 12))


def test_xlsx_rows_are_located_by_sheet_and_row(graded: Any) -> None:
    result, _, _ = graded
    cited = {e["id"]: e for e in result["evidence"]}
    locators = {cited[i]["provenance"]["locator"] for i in requirement(result, "CASE-09")["evidence_ids"]}
    assert 'sheet "Cases", row 2' in locators and 'sheet "Cases", row 11' in locators


def test_too_few_traced_cases_is_insufficient(graded: Any) -> None:
    result, _, drawn = graded
    req = requirement(result, "CASE-04")
    assert req["state"] == "insufficient"
    assert req["message"]["en"] == "7 of the 10 drawn cases traced; at least 8 are needed."
    assert req["details"]["untraced"] == drawn[7:]
    missing = requirement(result, "CASE-08")
    assert missing["state"] == "insufficient" and "servex cases draw" in missing["gap"]["en"]


def test_cherry_picked_cases_are_refused_with_a_located_warning(graded: Any) -> None:
    result, _, _ = graded
    req = requirement(result, "CASE-06")
    assert (req["state"], req["details"]["traced"], req["details"]["share"]) == ("partial", 10, 80)
    assert [r["row"] for r in req["details"]["refused"]] == list(range(12, 22))
    warnings = [e for e in result["log"] if e["file"] == "cases/CASE-06-trace.csv"]
    assert [(e["level"], e["line"], e["field"]) for e in warnings] == [("warning", n, "case_id") for n in range(12, 22)]
    assert all("is not in the sample drawn for CASE-06/trace" in e["message"] for e in warnings)
    evidence = {e["id"]: e for e in result["evidence"]}
    assert all(
        evidence[i]["provenance"]["locator"] not in {f"line {n}" for n in range(12, 22)} for i in req["evidence_ids"]
    )


def test_bad_rows_are_one_located_line_each_and_valid_rows_count(graded: Any) -> None:
    result, _, drawn = graded
    errors = [(e["line"], e["field"]) for e in result["log"] if e["file"] == "cases/CASE-07-trace.csv"]
    assert errors == [(10, "followed"), (11, "date"), (12, "case_id"), (13, "case_id"), (14, "assessor"), (15, "date")]
    req = requirement(result, "CASE-07")
    assert (req["state"], req["details"]["traced"], req["details"]["followed"]) == ("satisfied", 8, 8)
    assert req["details"]["untraced"] == drawn[8:]


def test_a_misnamed_worksheet_is_warned_about(graded: Any) -> None:
    result, _, _ = graded
    [entry] = [e for e in result["log"] if e["file"] == "cases/CASE-1-trace.csv"]
    assert entry["level"] == "warning" and "matches no case_sample requirement of test-cases" in entry["message"]


def test_a_sample_drawn_from_a_case_list(graded: Any) -> None:
    result, _, _ = graded
    req = requirement(result, "CASE-10")
    assert (req["state"], req["details"]["traced"], req["details"]["sample"]["population"]) == ("satisfied", 10, 12)
    evidence = {e["id"]: e for e in result["evidence"]}
    [listed] = [evidence[i] for i in req["evidence_ids"] if evidence[i]["kind"] == "case_list"]
    assert listed["provenance"]["source"] == "cases/files.csv" and listed["attributes"] == {"cases": 12}


def test_cases_marked_na_with_no_reason_are_refused_and_many_na_are_flagged(graded: Any) -> None:
    """What was observed: the four drawn cases that failed, marked "n.a." with no word of why, left the
    denominator, and six of six traced made 100 %."""
    result, _, _ = graded
    errors = [(e["level"], e["line"], e["field"]) for e in result["log"] if e["file"] == "cases/CASE-11-trace.csv"]
    assert errors == [("error", line, "note") for line in (8, 9, 10, 11)]
    req = requirement(result, "CASE-11")
    assert req["state"] == "insufficient" and req["details"]["untraced"] and not req["details"]["not_applicable"]
    flagged = requirement(result, "CASE-05")  # two n.a. of ten, each with its reason: counted, and pointed out
    assert flagged["details"]["not_applicable"]
    assert "2 of the 10 cases traced were marked n.a." in flagged["message"]["en"]


def test_cases_traced_years_away_from_the_period_are_left_out(graded: Any) -> None:
    """What was observed: drawn cases "traced" on a date years before the period counted like cases traced
    at the visit."""
    result, _, _ = graded
    entries = [(e["level"], e["line"], e["field"]) for e in result["log"] if e["file"] == "cases/CASE-12-trace.csv"]
    assert entries == [("warning", line, "date") for line in (2, 3, 4, 5)]
    assert any("more than a year before the period starts" in e["message"] for e in result["log"])
    req = requirement(result, "CASE-12")
    assert req["state"] == "insufficient" and req["details"]["traced"] == 6
