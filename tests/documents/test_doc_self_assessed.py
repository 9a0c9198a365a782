"""A self-assessment is the organisation's own answer sheet, not evidence (see `_selfassessed`).

What was observed: "Self-assessment 2025", a table of practices each marked "Yes", "In place" or "✓",
alone in a folder, lifted three requirements of the pyramid set, the feedback procedure (PYR-L2-06) to
satisfied. The shipped sets' rubrics list a self-assessment checklist as evidence they reject.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servex.plugins.documents._selfassessed import is_self_assessment
from test_doc_clients import _lifted

ROWS = """| Practice | In place? |
|---|---|
| Every complaint is recorded in a complaints register and acknowledged within 2 days | Yes |
| Customers are surveyed after every closed complaint and results reviewed by management monthly | Yes |
| A service charter with response times is published on our website | In place |
| Staff are trained in complaint handling every year | ✓ |
"""


@pytest.mark.parametrize("title", ["Self-assessment 2025", "Gap analysis", "Grille d'auto-évaluation"])
def test_a_self_assessment_lifts_nothing(tmp_path: Path, title: str) -> None:
    assert _lifted(tmp_path, "ticks", f"# {title}\n\n{ROWS}") == {}


def test_a_self_assessment_section_is_set_aside_and_the_rest_of_the_document_counts(tmp_path: Path) -> None:
    text = (
        "# Customer feedback procedure\n\nCustomers are surveyed after every closed complaint and the results "
        "are reviewed by management monthly.\n\n## Self-assessment\n\n" + ROWS
    )
    assert _lifted(tmp_path, "own", text).get(("PYR-L2-06", "procedure")) == "satisfied"


@pytest.mark.parametrize(("heading", "ticks"), [
    ("Self-assessment 2025", True), ("Annual self-evaluation", True), ("Readiness assessment", True),
    ("Gap analysis", True), ("Compliance checklist", True), ("Auto-évaluation", True), ("Autodiagnostic", True),
    ("Selbstbewertung 2025", True), ("Internal audit of complaint handling", False), ("Management review", False),
    ("Mystery shopping assessment", False), ("Customer needs assessment", False),
])  # fmt: skip
def test_which_titles_say_a_self_assessment(heading: str, ticks: bool) -> None:
    assert is_self_assessment(heading) is ticks
