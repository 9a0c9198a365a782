"""servex-complaints asks for what its rubrics accept, not for a word of it (CMP-IMP-03, CMP-PRC-04).

What was observed (probing the rubrics' rejected evidence): a generic quality plan ("cut internal audit
findings by 20 %", approved and dated) met CMP-IMP-03, "complaint handling is audited": the requirement
took "finding" in place of "complaint", so any audit's findings would do. A reply letter to a customer
("Following our investigation, we have found that your complaint is not upheld") satisfied CMP-PRC-04's
complaint-handling procedure on the word "investigation" (the rubric rejects it: no record of how the
finding was reached).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docfiles import assess_folder

MANIFEST = 'format_version: "1"\norganisation: {name: Probe Ltd}\ncriteria: servex-complaints\n' \
    'period: {start: "2025-01-01", end: "2025-12-31"}\n'  # fmt: skip


def _finding(tmp_path: Path, name: str, text: str, criterion: str) -> dict[str, Any]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "servex.yaml").write_text(MANIFEST, "utf-8")
    (folder / "doc.md").write_text(text, "utf-8")
    (finding,) = [f for f in assess_folder(folder, tmp_path)["findings"] if f["criterion_id"] == criterion]
    return finding


def _status(tmp_path: Path, name: str, text: str) -> str:
    return str(_finding(tmp_path, name, text, "CMP-IMP-03")["status"])


def _procedure(tmp_path: Path, name: str, text: str) -> str:
    finding = _finding(tmp_path, name, text, "CMP-PRC-04")
    return str(next(r["state"] for r in finding["requirements"] if r["id"] == "procedure"))


def test_a_generic_quality_plan_does_not_show_complaint_handling_audited(tmp_path: Path) -> None:
    plan = (
        "# Quality plan 2025\n\nOwner: Quality Manager. Approved 15 January 2025.\n\nObjectives: renew ISO 9001 "
        "certification; cut internal audit findings by 20 %; update all work instructions.\n"
    )
    assert _status(tmp_path, "plan", plan) != "met"


def test_an_audit_of_complaint_handling_with_findings_still_meets_it(tmp_path: Path) -> None:
    report = (
        "# Internal audit of complaint handling\n\nDate: 12 May 2025.\n\n"
        "Scope: the complaints process at both branches. "
        "Findings: three complaints were acknowledged after the 2-day limit; the register lacked a cause for four "
        "complaints. Actions agreed with the complaints manager.\n"
    )
    assert _status(tmp_path, "audit", report) == "met"


def test_a_reply_letter_is_no_complaint_handling_procedure(tmp_path: Path) -> None:
    letter = (
        "# Reply to your complaint - ref. CP-2025-1187\n\nDear Mr Martin,\nFollowing our investigation, we have "
        "found that your complaint is not upheld.\nWe consider the matter closed.\n"
    )
    assert _procedure(tmp_path, "letter", letter) != "satisfied"
    procedure = (
        "# Complaint handling procedure\n\nOwner: Head of Customer Relations.\n\nEvery complaint is investigated "
        "by a complaints handler, who reads the file, calls the customer and records the findings. Handlers may "
        "grant a goodwill gesture of up to 50 EUR under their delegation.\n"
    )
    assert _procedure(tmp_path, "procedure", procedure) == "satisfied"
