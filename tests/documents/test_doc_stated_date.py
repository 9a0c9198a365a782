"""A document is as old as the approval its text states, not as its file's last save (see `_stated_date`).

What was observed: Harbour Cycles' complaints page with its approval line set to 2019 ("Approved by Jo
Penhale, owner, on 14 January 2019 … Next review: January 2020"), saved as a Word file in October 2025,
satisfied the knock-out PYR-L2-01, which asks for a policy approved within 730 days of the period end:
its age came from the file's "modified" stamp.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder, write_docx
from servex.plugins.documents._match import fold
from servex.plugins.documents._stated_date import stated_date

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "evidence_samples/harbour-cycles/shop/how-to-complain.md"


def _policy_docx(folder: Path, approved: str) -> None:
    folder.mkdir()
    paragraphs = []
    for block in POLICY.read_text("utf-8").replace("14 January 2025", approved).split("\n\n"):
        text = " ".join(block.split())
        paragraphs.append(("Heading1", text.lstrip("# ")) if text.startswith("#") else ("Normal", text))
    paragraphs.append(("Normal", "Next review: January 2026."))
    write_docx(folder / "complaints-policy.docx", paragraphs, title="How to complain", modified="2025-10-01")


def _policy_outcome(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "policy")


def test_an_old_approval_saved_again_is_too_old(tmp_path: Path) -> None:
    _policy_docx(tmp_path / "old", "14 January 2019")
    _policy_docx(tmp_path / "current", "14 January 2025")
    old = _policy_outcome(assess_folder(tmp_path / "old", tmp_path))
    assert old["state"] == "partial"
    assert "(2512 days, by the date its text states, 2019-01-14, not the file's own stamp)" in old["message"]["en"]
    assert old["details"]["documents"][0]["stated_date"] == "2019-01-14"
    current = _policy_outcome(assess_folder(tmp_path / "current", tmp_path))
    assert current["state"] == "satisfied"  # the same page approved this year meets it
    assert current["details"]["documents"][0]["age_days"] == 320  # and is as old as its approval says


@pytest.mark.parametrize(
    "line,stated",
    [
        ("Approved by Jo Penhale, owner, on 14 January 2019. Owner: Jo Penhale.", "2019-01-14"),
        ("Approved by the board on 2019-03-12; next review due 2026-03-01.", "2019-03-12"),
        ("Last reviewed: March 2024", "2024-03-01"),
        ("Signed off on March 5, 2021 by the CEO", "2021-03-05"),
        ("Validée le 3 février 2023 par la direction", "2023-02-03"),
        ("Stand: 3. März 2022", "2022-03-03"),
        ("Approved 13/04/2019", "2019-04-13"),
        ("Date: 25 November 2025. Present: Jo Penhale (owner), Sam Treloar and Priya Nair.", "2025-11-25"),
        ("Datum: 12.03.2025", "2025-03-12"),  # dots: day first, everywhere
        ("Date of next meeting: 16 December 2025", None),
        ("Next review: January 2020.", None),
        ("Gültig bis 31.12.2026", None),
        ("Approved 03/04/2019", None),  # March or April: who wrote it decides, servex cannot
        ("We approved a budget for 2027 training", None),
        ("Approuvée le 14 février 2019. Prochaine révision : mars 2026", "2019-02-14"),
    ],
)
def test_the_date_a_status_line_states(line: str, stated: str | None) -> None:
    assert stated_date([fold(line)]) == stated


def test_a_long_paragraph_of_minutes_does_not_date_the_document() -> None:
    minutes = (
        "At the meeting the team reviewed the complaints of March 2024 and the survey answers, agreed what "
        "caused the late repairs, and decided to add a second workshop slot on Saturdays from next month."
    )
    assert stated_date([fold(minutes)]) is None
