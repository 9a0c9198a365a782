"""A keyword alone shows nothing of a practice, not even in part (see `_passages._stated_in`).

What was observed: a note holding only "Survey. NPS. Root cause. Management review. Training. Charter.",
alone in a folder, lifted the feedback procedure (PYR-L2-06) and the root-cause analysis (PYR-L2-07) to
partial: each found its subject term and nothing else, and a term anywhere outside a heading counted as
stating something.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_doc_clients import _lifted


@pytest.mark.parametrize("text", [
    "# Notes\n\nSurvey. NPS. Root cause. Management review. Training. Charter.\n",
    "# Notes\n\n- Survey\n- Root cause\n- Corrective action\n",
    "# Notes\n\nSurvey: yes. Root cause: yes.\n",
])  # fmt: skip
def test_keywords_alone_lift_nothing(tmp_path: Path, text: str) -> None:
    assert _lifted(tmp_path, "keywords", text) == {}


def test_a_statement_with_the_same_subject_still_shows_part_of_it(tmp_path: Path) -> None:
    text = "# Notes\n\nWe ask customers to fill in a short survey after each repair.\n"
    lifted = _lifted(tmp_path, "statement", text)
    assert lifted.get(("PYR-L2-06", "procedure")) == "partial"


def test_a_table_whose_header_names_the_subject_still_shows_part_of_it(tmp_path: Path) -> None:
    """A root-cause table's header cells are short by nature; its rows are the substance."""
    table = (
        "# Complaint causes 2025\n\n| Category | Root cause | Corrective action | Owner |\n|---|---|---|---|\n"
        "| Billing | Estimated readings | Read meters twice a year | Billing lead |\n"
    )
    assert _lifted(tmp_path, "table", table).get(("PYR-L2-07", "rca")) in ("partial", "satisfied")
