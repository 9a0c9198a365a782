"""servex-complaints asks for what its criteria are about, not for a word beside it (CMP-PRN-02, CMP-IMP-05).

Each test takes the shipped requirement's own params and one document alone in a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_doc_public import _params


def _alone(collect: Any, evaluate: Any, folder: Path, text: str, requirement: tuple[str, str]) -> str:
    """The state of a servex-complaints requirement on this text alone in a folder."""
    folder.mkdir()
    (folder / "doc.md").write_text(text, encoding="utf-8")
    items, _ = collect(folder)
    return str(evaluate(items, _params(*requirement, "complaints.yaml")).state)


def test_complaint_information_must_say_complaining_is_free(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Observed (a rejected example of CMP-PRN-02's rubric, "a premium-rate complaints line"): "How to
    complain: call our complaints line on 0891 65 43 21 (EUR 0.80 per minute + call charge)" satisfied
    "public complaint information that explains how to complain or states that complaining is free",
    the criterion whose point is that complaining is free. The information must now say so."""
    premium = (
        "# How to complain\n\nCall our complaints line on 0891 65 43 21 (EUR 0.80 per minute + call charge), "
        "Monday to Friday 9:00 to 18:00.\n"
    )
    free = (
        "# How to complain\n\nMaking a complaint is free of charge: call 0800 65 43 21, write to us or use the "
        "form on our website.\n"
    )
    info = ("CMP-PRN-02", "info")
    assert _alone(collect, evaluate, tmp_path / "premium", premium, info) != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "free", free, info) == "satisfied"


def test_an_improvement_plan_must_follow_up_complaints(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Observed (a rejected example of CMP-IMP-05's rubric, "a generic quality plan with no link to
    complaints"): an owned, approved "Quality plan 2025" (ISO 9001 renewal, audit findings, supplier audits)
    satisfied "an improvement plan ... in which the actions arising from complaints are followed up"."""
    plan = (
        "# Quality plan 2025\n\nOwner: Quality Manager. Approved 15 January 2025.\n\n"
        "Objectives: renew ISO 9001 certification; cut internal audit findings by 20 %.\n"
        "Improvement actions decided: new document management system; supplier audits twice a year.\n"
    )
    linked = plan + "Improvement actions decided after the complaints review: clearer delivery dates on invoices.\n"
    assert _alone(collect, evaluate, tmp_path / "generic", plan, ("CMP-IMP-05", "plan")) != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "linked", linked, ("CMP-IMP-05", "plan")) == "satisfied"
