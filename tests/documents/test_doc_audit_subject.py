"""An audit of complaint handling must be about complaints (servex-complaints, CMP-IMP-03).

What was observed (probing the rubrics' rejected evidence): a generic quality plan ("cut internal audit
findings by 20 %", approved and dated) met CMP-IMP-03, "complaint handling is audited": the requirement
took "finding" in place of "complaint", so any audit's findings would do.
"""

from __future__ import annotations

from pathlib import Path

from docfiles import assess_folder

MANIFEST = 'format_version: "1"\norganisation: {name: Probe Ltd}\ncriteria: servex-complaints\n' \
    'period: {start: "2025-01-01", end: "2025-12-31"}\n'  # fmt: skip


def _audit(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "servex.yaml").write_text(MANIFEST, "utf-8")
    (folder / "doc.md").write_text(text, "utf-8")
    (finding,) = [f for f in assess_folder(folder, tmp_path)["findings"] if f["criterion_id"] == "CMP-IMP-03"]
    return str(finding["status"])


def test_a_generic_quality_plan_does_not_show_complaint_handling_audited(tmp_path: Path) -> None:
    plan = (
        "# Quality plan 2025\n\nOwner: Quality Manager. Approved 15 January 2025.\n\nObjectives: renew ISO 9001 "
        "certification; cut internal audit findings by 20 %; update all work instructions.\n"
    )
    assert _audit(tmp_path, "plan", plan) != "met"


def test_an_audit_of_complaint_handling_with_findings_still_meets_it(tmp_path: Path) -> None:
    report = (
        "# Internal audit of complaint handling\n\nDate: 12 May 2025.\n\n"
        "Scope: the complaints process at both branches. "
        "Findings: three complaints were acknowledged after the 2-day limit; the register lacked a cause for four "
        "complaints. Actions agreed with the complaints manager.\n"
    )
    assert _audit(tmp_path, "audit", report) == "met"
