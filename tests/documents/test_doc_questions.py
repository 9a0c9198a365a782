"""A question states nothing: it is blanked before matching (see `_questions`).

What was observed: a blank self-assessment checklist ("Do you have a documented complaints procedure that
sets response times (for example, a reply within 5 working days)? ☐ Yes ☐ No"), alone in a folder,
lifted twelve criteria of the pyramid set to partially met and satisfied three requirements; an empty
folder lifts none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder, grades
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._questions import question_spans

CHECKLIST = """# Service self-assessment checklist (template)

Fill in for the assessor's visit and tick one box per line.

1. Do you have a documented complaints procedure that sets response times (for example, a reply within 5 working days)? ☐ Yes ☐ No
2. Is the complaints procedure owned by a named manager, for example the Head of Customer Service? ☐ Yes ☐ No
3. Do you survey customer satisfaction every month and report the results (for example CSAT 85 %) to the management team? ☐ Yes ☐ No
4. Does your service charter publish commitments such as answering the phone within 20 seconds? ☐ Yes ☐ No
5. Do you analyse the root causes of complaints every quarter and record the actions decided? ☐ Yes ☐ No
6. Are staff trained in customer service within 2 weeks of joining, with refresher training each year? ☐ Yes ☐ No
7. Does a management review meeting on 14 October 2025 record decisions taken on customer feedback? ☐ Yes ☐ No
8. Do you run surprise-and-delight initiatives and measure the customer reaction (for example 40 % delighted)? ☐ Yes ☐ No
9. Is there a customer journey map showing touchpoints and the emotions customers feel at each step? ☐ Yes ☐ No
10. Do you recognise staff for excellent service every month (for example an employee of the month award)? ☐ Yes ☐ No
"""  # noqa: E501


def test_a_blank_checklist_of_questions_grades_like_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "checklist").mkdir()
    (tmp_path / "checklist" / "self-assessment-template.md").write_text(CHECKLIST, "utf-8")
    empty = grades(assess_folder(tmp_path / "empty", tmp_path))
    assert grades(assess_folder(tmp_path / "checklist", tmp_path)) == empty


@pytest.mark.parametrize(
    "text",
    [
        "Do you survey customers every month?",
        "3. Are complaints answered within 5 days? ☐ Yes ☐ No",
        "Agenda: should we publish our results each quarter?",
        "Avez-vous une procédure de réclamation ?",
        "Comment mesurez-vous la satisfaction chaque mois ?",
        "Gibt es ein Beschwerdeverfahren mit Fristen?",
    ],
)
def test_a_question_is_blanked(text: str) -> None:
    ((start, end),) = question_spans(text)
    assert text[end - 1] == "?" and text[start:end].strip(" 3.") and "Yes" not in text[start:end]


@pytest.mark.parametrize(
    "text",
    [
        "## How do I make a complaint?",  # a heading names the topic of the answer under it
        "| Our commitment | Our result in 2025 | Kept? |",  # a table header
        "We reply to every complaint within 5 working days.",
        "Kept? Yes, 96 % of the time.",
    ],
)
def test_a_statement_heading_or_table_header_is_kept(text: str) -> None:
    assert question_spans(text) == []


def test_the_answer_after_a_question_still_counts() -> None:
    text = "How do I complain? Call us or write: we reply to every complaint within 5 working days."
    ((start, end),) = question_spans(text)
    assert text[start:end] == "How do I complain?"
    spec = Spec.parse({"content": {"any": ["complaint"], "claims": ["time_commitment"]}})
    assert content_of(DocIndex.build((("line 1", text),)), spec).complete
