"""Exceptions with expiry (`exceptions:` in servex.yaml): dated against the run clock, applied, refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from servex import ExitCode

# The run clock of these tests is 2026-01-01 (SOURCE_DATE_EPOCH in conftest).


def _with_exceptions(org: Path, *entries: str) -> None:
    manifest = org / "servex.yaml"
    manifest.write_text(manifest.read_text() + "exceptions:\n" + "".join(f"  - {{{e}}}\n" for e in entries))


def _assess(servex, org: Path, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    out = tmp_path / "result.json"
    out.unlink(missing_ok=True)
    run = servex("assess", org, "-o", f"json:{out}", *extra)
    return run, (json.loads(out.read_text()) if out.exists() else None)


def _finding(result: dict, cid: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in result["findings"] if f["criterion_id"] == cid)


NA = "criterion: MINI-L2-01, kind: not_applicable, reason: We sell nothing to give feedback on., approver: Head of CX"
RISK = "criterion: MINI-L2-01, kind: accepted_risk, reason: The new change log ships in Q3., approver: COO"


def test_active_not_applicable_leaves_the_level_and_is_recorded(servex, mini_org: Path, tmp_path: Path) -> None:
    _, before = _assess(servex, mini_org, tmp_path, "--fail-on", "never")
    _with_exceptions(mini_org, NA + ", expires: '2026-01-01'")  # the last day it applies is the assessment day
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.OK, run.err
    finding = _finding(result, "MINI-L2-01")
    assert finding["status"] == "not_applicable" and finding["score"] is None
    assert finding["exception"] == {
        "criterion_id": "MINI-L2-01",
        "kind": "not_applicable",
        "reason": "We sell nothing to give feedback on.",
        "approver": "Head of CX",
        "expires": "2026-01-01",
        "state": "active",
    }
    assert result["exceptions"] == [finding["exception"]]
    assert result["not_applicable"][0]["exception"]["state"] == "active"
    l2_before = next(lv for lv in before["levels"] if lv["id"] == "L2")
    l2_after = next(lv for lv in result["levels"] if lv["id"] == "L2")
    assert l2_before["counts"].get("not_met") == 1 and "not_met" not in l2_after["counts"]
    assert _finding(result, "MINI-L1-02")["exception"] is None


def test_expired_exception_no_longer_applies_and_says_so(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_exceptions(mini_org, NA + ", expires: '2025-12-31'")
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.GAPS_FOUND  # graded again, and not met
    finding = _finding(result, "MINI-L2-01")
    assert finding["status"] == "not_met" and finding["exception"]["state"] == "expired"
    assert result["not_applicable"] == []
    (warning,) = [e for e in result["log"] if "MINI-L2-01 expired on 2025-12-31" in e["message"]]
    lines = (mini_org / "servex.yaml").read_text().splitlines()
    assert warning["level"] == "warning" and warning["file"] == "servex.yaml"
    assert "expires: '2025-12-31'" in lines[warning["line"] - 1]
    md = tmp_path / "report.md"
    servex("report", tmp_path / "result.json", "-o", f"md:{md}")
    text = md.read_text()
    assert "MINI-L2-01" in text and re.search(r"[Ee]xpired", text)


def test_accepted_risk_is_graded_but_does_not_fail(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_exceptions(mini_org, RISK + ", expires: '2026-06-30'")
    run, result = _assess(servex, mini_org, tmp_path)  # --fail-on not_met, the default
    assert run.code == ExitCode.OK, run.err
    finding = _finding(result, "MINI-L2-01")
    assert finding["status"] == "not_met" and finding["score"] == 0  # still graded
    assert finding["exception"]["kind"] == "accepted_risk"
    # a partially met criterion without an exception still fails --fail-on partially_met
    assert _assess(servex, mini_org, tmp_path, "--fail-on", "partially_met")[0].code == ExitCode.GAPS_FOUND


def test_expired_accepted_risk_fails_again(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_exceptions(mini_org, RISK + ", expires: '2025-06-30'")
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.GAPS_FOUND
    assert _finding(result, "MINI-L2-01")["exception"]["state"] == "expired"


def test_results_with_exceptions_are_byte_identical(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_exceptions(mini_org, RISK + ", expires: '2026-06-30'")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    servex("assess", mini_org, "-o", f"json:{a}", "--fail-on", "never")
    servex("assess", mini_org, "-o", f"json:{b}", "--fail-on", "never")
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        (
            "criterion: NOPE-1, kind: accepted_risk, reason: A long enough reason., approver: A, expires: '2026-06-30'",
            "criterion",
            "unknown criterion 'NOPE-1'",
        ),
        (
            "criterion: MINI-L2-01, kind: accepted_risk, reason: A long enough reason., expires: '2026-06-30'",
            "",
            "missing required key 'approver'",
        ),
        (
            "criterion: MINI-L2-01, kind: accepted_risk, reason: A long enough reason., approver: A, "
            "expires: '2026-02-30'",
            "expires",
            "is not a 'date'",
        ),
        (
            "criterion: MINI-L2-01, kind: waived, reason: A long enough reason., approver: A, expires: '2026-06-30'",
            "kind",
            "is not one of",
        ),
        (
            "criterion: MINI-L1-01, kind: accepted_risk, reason: A long enough reason., approver: A, "
            "expires: '2026-06-30'",
            "criterion",
            "MINI-L1-01 is a knock-out (required) criterion and cannot be excepted",
        ),
    ],
)
def test_malformed_exception_fails_fast_and_located(
    servex, mini_org: Path, tmp_path: Path, entry: str, field: str, message: str
) -> None:
    lines = len((mini_org / "servex.yaml").read_text().splitlines())
    _with_exceptions(mini_org, entry)
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.INVALID_INPUT and result is None  # nothing half-written
    errors = [line for line in run.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, run.err
    where = f"$.exceptions[0]{'.' + field if field else ''})"
    assert f"servex.yaml:{lines + 2}:" in errors[0] and message in errors[0] and errors[0].endswith(where)
    assert "Traceback" not in run.err


def test_two_exceptions_for_one_criterion_are_refused(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_exceptions(mini_org, RISK + ", expires: '2026-06-30'", NA + ", expires: '2026-06-30'")
    run, _ = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.INVALID_INPUT
    assert "already has an exception" in run.err and "$.exceptions[1].criterion" in run.err


def test_a_criterion_under_both_not_applicable_and_exceptions_is_refused(
    servex, mini_org: Path, tmp_path: Path
) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "not_applicable:\n  - {criterion: MINI-L2-01, justification: No product to improve.}\n"
    )
    _with_exceptions(mini_org, NA + ", expires: '2026-06-30'")
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.INVALID_INPUT and result is None
    assert "also declared under not_applicable" in run.err and "$.exceptions[0].criterion" in run.err
