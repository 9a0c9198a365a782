"""A document dated years after the assessment period cannot show it is current, and a draft is not an
approved document (see `judge`).

What was observed: with `approved: 2031-01-14` in servex.yaml, a complaints policy assessed for 2025
passed the 730-day age limit of its requirement (its "age" was negative) and satisfied it. A date that
far after the period is a typo or a made-up date; the document now counts as undated, and the outcome
says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "evidence_samples" / "harbour-cycles" / "shop" / "how-to-complain.md"


def _policy_outcome(
    tmp_path: Path, approved: str, title: str = "How to complain", first_line: str = ""
) -> dict:  # type: ignore[type-arg]
    folder = tmp_path / f"org-{approved}-{len(title)}-{len(first_line)}"
    (folder / "shop").mkdir(parents=True)
    text = POLICY.read_text("utf-8")
    (folder / "shop" / POLICY.name).write_text(f"{first_line}\n\n{text}" if first_line else text, "utf-8")
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Probe}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        f'files:\n  - {{path: shop/how-to-complain.md, title: "{title}", tags: [complaints-policy], '
        f'owner: Jo Penhale, approved: "{approved}"}}\n',
        "utf-8",
    )
    result = assess_folder(folder, tmp_path)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "policy")  # type: ignore[no-any-return]


@pytest.mark.parametrize("approved", ["2025-01-14", "2026-06-30"])
def test_a_policy_approved_in_or_soon_after_the_period_is_current(tmp_path: Path, approved: str) -> None:
    assert _policy_outcome(tmp_path, approved)["state"] == "satisfied"


def test_a_policy_approved_years_after_the_period_counts_as_undated(tmp_path: Path) -> None:
    outcome = _policy_outcome(tmp_path, "2031-01-14")
    assert outcome["state"] == "partial"
    assert "more than a year after the assessment period" in outcome["message"]["en"]
    assert "2031-01-14" in outcome["message"]["en"] and "2031-01-14" in outcome["message"]["fr"]
    (document,) = [d for d in outcome["details"]["documents"] if d["file"] == "shop/how-to-complain.md"]
    assert document["status"] == "undated" and document["age_days"] is None


@pytest.mark.parametrize(
    ("title", "first_line"),
    [("How to complain (DRAFT)", ""), ("How to complain", "# DRAFT for consultation"),
     ("How to complain", "Statut : brouillon")],
)
def test_a_draft_policy_is_not_the_approved_policy_a_knock_out_asks_for(
    tmp_path: Path, title: str, first_line: str
) -> None:
    """What was observed: a complaints policy titled "(DRAFT)", with `approved:` in servex.yaml, satisfied the
    knock-out PYR-L2-01 (an approved policy). A draft is not the approved document, whatever date it is given."""
    outcome = _policy_outcome(tmp_path, "2025-01-14", title, first_line)
    assert outcome["state"] == "partial"
    assert "a final version (the document says it is a draft" in outcome["message"]["en"]
