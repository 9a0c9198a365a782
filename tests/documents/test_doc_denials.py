"""A document proves a practice through what it states, not through the words it uses (see `_denials`).

What was observed: a "service policy" that denied every practice it named ("We do not have a complaint
handling procedure", "Customer feedback is not collected, not analysed and not reported to management
each month", "No one reviews personal, unexpected gestures"), alone in a folder, lifted fifteen criteria
of the pyramid set to partially met (one requirement satisfied); an empty folder lifts none. Six of the
fifteen came from headings alone ("## Delight" over sentences about something else): a heading names a
topic, it states nothing of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder, grades
from servex.plugins.documents._denials import denied_spans
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._match import DocIndex

DENYING_POLICY = """# Service policy

Owner: Head of Customer Service. Approved by the board on 2 March 2025. Next review: March 2026.

## Complaints

We do not have a complaint handling procedure. Complaints are not recorded, categorised or tracked, and
there is no complaints register. We do not acknowledge complaints within any set number of days and there
is no escalation route to a manager. Root causes of complaints are never analysed.

## Customer feedback

We do not run customer satisfaction surveys and we have never measured NPS or CSAT. Customer feedback is
not collected, not analysed and not reported to management each month. No improvement actions are taken on
feedback and customers are not told what changed.

## Staff

Staff receive no training in customer service. Employees are not empowered to resolve issues or offer
goodwill gestures, and there is no recognition scheme for excellent service.

## Service promise

We have no service promise and no published service standards. Response times and resolution times are
not monitored, and no targets are set. We do not map the customer journey and we do not know who our
customers are or what they expect.

## Delight

We do not look for ways to surprise customers and we never go beyond what they expect. No one reviews
personal, unexpected gestures.
"""


def test_a_policy_that_denies_every_practice_grades_like_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "denied").mkdir()
    (tmp_path / "denied" / "service-policy.md").write_text(DENYING_POLICY, "utf-8")
    assert grades(assess_folder(tmp_path / "denied", tmp_path)) == grades(assess_folder(tmp_path / "empty", tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        "We do not have a complaint handling procedure.",
        "We don't run customer satisfaction surveys.",
        "We don’t run customer satisfaction surveys.",
        "Nous n’avons pas de procédure de réclamation.",
        "We have never measured NPS or CSAT.",
        "Customer feedback is not collected, not analysed and not reported to management each month.",
        "Root causes of complaints are never analysed.",
        "There is no escalation route to a manager.",
        "No one reviews personal, unexpected gestures.",
        "We have no service promise and no published service standards.",
        "Staff receive no training in customer service.",
        "Nous n'avons pas de procédure de réclamation.",
        "Les réclamations ne sont pas suivies ni analysées.",
        "Nous ne mesurons pas la satisfaction des usagers.",
        "Aucune enquête de satisfaction n'est menée.",
        "Wir haben kein Beschwerdeverfahren.",
        "Beschwerden werden nicht erfasst.",
        "Wir messen die Kundenzufriedenheit nicht.",
    ],
)
def test_a_clause_that_denies_a_practice_is_blanked(text: str) -> None:
    assert denied_spans(text) == [(0, len(text.rstrip(".")))]


@pytest.mark.parametrize(
    "text",
    [
        # rules of a procedure written in the negative, conditions and limits: they state the practice
        "We never close a complaint without the customer's agreement.",
        "No complaint is closed before the customer has been called back.",
        "If a complaint is not resolved within 10 days, it is escalated to the director.",
        "Tickets that are not answered within 4 hours are escalated.",
        "Every complaint is acknowledged no later than 2 working days after it arrives.",
        "The reply time must not exceed 48 hours.",
        "Customers never wait more than two days for an answer.",
        "We not only log every complaint but also call the customer back within a day.",
        "Le délai de réponse ne dépasse pas 48 heures.",
        "Eine Beschwerde wird nicht geschlossen, bevor der Kunde zugestimmt hat.",
        "Complaints are recorded in the register within one working day.",
    ],
)
def test_a_rule_written_in_the_negative_is_kept(text: str) -> None:
    assert denied_spans(text) == []


def test_only_the_denying_clause_is_blanked() -> None:
    text = "There is no charge for making a complaint, and we acknowledge every complaint within 2 working days."
    (start, end), = denied_spans(text)
    assert text[start:end] == "There is no charge for making a complaint"
    index = DocIndex.build((("line 1", text),))
    spec = Spec.parse({"content": {"any": ["complaint"], "claims": ["time_commitment"]}})
    assert content_of(index, spec).complete  # the commitment in the next clause still counts


def _policy_spec() -> Spec:
    return Spec.parse({"content": {"any": ["complaint"], "claims": ["time_commitment"]}})


def test_a_heading_alone_shows_nothing_of_its_subject() -> None:
    segments = (
        ("line 1", "# Our shop"),
        ('line 3 (under "Complaints")', "## Complaints"),
        ('line 4 (under "Complaints")', "Our opening hours are 9 to 5 from Monday to Saturday."),
    )
    found = content_of(DocIndex.build(segments), _policy_spec())
    assert not found.complete and not found.substantive


def test_a_passage_on_the_subject_without_its_claim_is_partial() -> None:
    segments = (
        ("line 1", "# Our shop"),
        ('line 3 (under "Complaints")', "## Complaints"),
        ('line 4 (under "Complaints")', "Every complaint is logged in the register and handled by our team."),
    )
    found = content_of(DocIndex.build(segments), _policy_spec())
    assert not found.complete and found.substantive
