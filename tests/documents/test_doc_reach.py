"""On a long PDF page, a claim counts only near its subject (see `_passages._claim_near`).

What was observed: a one-page complaints "policy" whose complaints paragraph promises no time satisfied
PYR-L2-01's time-bound commitment from "a hired bike is delivered to your door within 2 working days",
twenty lines further down the page: a PDF page is one section, with no heading to end a passage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder, render_pdf

FILLER = " ".join(
    ["Check the tyre pressure before each ride, oil the chain every month, and keep the brake pads clean so the "
     "wheel turns freely and quietly on every road."] * 12
)  # fmt: skip
HEAD = "<h1>How to complain</h1><p>Approved by Jo Penhale, owner, on 14 January 2025. Owner: Jo Penhale.</p>"
COMPLAINTS = "<p>Complaining is free of charge. We acknowledge every complaint and write it in our complaints book.</p>"
HIRE = "<p>Bike hire: a hired bike is delivered to your door within 2 working days.</p>"
SMALL = f"<p style='font-size:7pt'>{FILLER}</p>"


def _policy(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "policy")


@pytest.mark.parametrize(
    ("name", "page", "state"),
    [
        ("far", HEAD + COMPLAINTS + SMALL + HIRE, "partial"),  # 250 words away, about something else
        ("near", HEAD + COMPLAINTS + HIRE + SMALL, "satisfied"),  # the words a reader takes as one passage
    ],
)
def test_a_commitment_counts_only_near_its_subject_on_a_long_page(
    tmp_path: Path, name: str, page: str, state: str
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "policy.pdf").write_bytes(render_pdf([page], "How to complain", "2025-06-01", "en"))
    outcome = _policy(assess_folder(folder, tmp_path))
    assert outcome["state"] == state, outcome["message"]["en"]
    if state == "partial":
        assert "a passage on this subject stating a time-bound commitment" in outcome["message"]["en"]
