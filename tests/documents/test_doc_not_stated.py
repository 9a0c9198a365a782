"""Four more kinds of text that hold the words of a practice without stating that anyone does it.

What was observed, each alone in a folder against an empty folder (pyramid set):

- an options paper ("If we had a complaints register, every complaint would be recorded and acknowledged
  within two working days", "Were we to escalate complaints, they would go to a manager after five days",
  "Should the board agree, surveys would be sent after every resolved ticket", "Without a root cause
  process, complaints cannot be analysed each quarter") lifted four requirements, the escalation
  procedure to satisfied (see `_prospects` and `_denials`);
- a "Glossary of customer service terms" ("Escalation: referring an unresolved complaint to a manager
  after five working days") lifted five, the escalation procedure to satisfied (see `_glossary`);
- a meeting's agenda ("1. Complaints register: every complaint recorded and acknowledged within two
  working days") lifted three requirements to partial, and a job advert ("The successful candidate will
  record every complaint ...") three, the escalation procedure to satisfied (see `_prospects`);
- a customer's complaint letter ("Your charter says every complaint is acknowledged within two working
  days ... but I heard nothing", "You also say you survey customers") lifted three to partial (see
  `_reported`), one of them, the management review, on "my complaint of 3 March" alone: a requirement's
  core subject (its `all` terms: "management review") must be there for any of it to be shown in part.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._denials import denied_spans
from servex.plugins.documents._glossary import is_glossary_heading
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._prospects import planned_spans
from servex.plugins.documents._reported import reported_spans
from servex.plugins.documents._terms import fold_words

OPTIONS = """# Complaints handling: options paper

If we had a complaints register, every complaint would be recorded and acknowledged within two working days.

Were we to escalate complaints, they would go to a manager after five days and customers would be told about the
ombudsman.

Should the board agree, customer satisfaction surveys would be sent after every resolved ticket and results
reported to management each month.

Without a root cause process, complaints cannot be analysed each quarter.
"""
GLOSSARY = """# Glossary of customer service terms

**Complaint**: an expression of dissatisfaction made to an organisation about its products or services, where a
response is expected.

**Acknowledgement**: confirming to the customer, within two working days, that the complaint was received and
recorded in the complaints register.

**Escalation**: referring an unresolved complaint to a manager after five working days, or to the ombudsman.

**Root cause analysis**: analysing complaints each quarter to find why they happen and agree improvement actions.
"""
LETTER = """# Letter from a customer

Dear Sir or Madam,

I am writing about my complaint of 3 March. Your charter says every complaint is acknowledged within two working
days and recorded in a complaints register, but I heard nothing for three weeks.

Your website says unresolved complaints are escalated to a manager after five days and that I can refer it to the
ombudsman. Nobody escalated mine.

You also say you survey customers after every resolved ticket. I was never asked.

Yours faithfully,
J. Smith
"""


AGENDA = """# Quality meeting: agenda

1. Complaints register: every complaint recorded and acknowledged within two working days
2. Escalation of unresolved complaints to a manager after five days; referral to the ombudsman
3. Root cause analysis of complaints this quarter and improvement actions
4. Customer satisfaction survey results for the month, reported to management
"""
VACANCY = """# Vacancy: Customer Service Manager

We are looking for a Customer Service Manager to join our team.

The successful candidate will record every complaint in the complaints register and acknowledge it within two
working days.

You will escalate unresolved complaints to the director after five days, analyse root causes every quarter and
report customer satisfaction survey results to management each month.
"""


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def _words(text: str) -> list[str]:
    return fold_words(text)[1]


@pytest.mark.parametrize(
    ("name", "text"),
    [("options", OPTIONS), ("glossary", GLOSSARY), ("letter", LETTER), ("agenda", AGENDA), ("vacancy", VACANCY)],
)
def test_text_that_states_no_practice_grades_like_an_empty_folder(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / name).mkdir()
    (tmp_path / name / f"{name}.md").write_text(text, "utf-8")
    assert _states(assess_folder(tmp_path / name, tmp_path)) == _states(assess_folder(tmp_path / "empty", tmp_path))


def test_the_same_practices_stated_as_done_still_count(tmp_path: Path) -> None:
    """The control: the options paper and the glossary rewritten as what the organisation does."""
    own = """# Complaints handling procedure

Every complaint is recorded in our complaints register and acknowledged within two working days.

We escalate unresolved complaints to a manager after five days and tell customers about the ombudsman.

Customer satisfaction surveys are sent after every resolved ticket and results reported to management each month.

Root causes of complaints are analysed each quarter and improvement actions are agreed.
"""
    (tmp_path / "empty").mkdir()
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "procedure.md").write_text(own, "utf-8")
    now, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("own", "empty"))
    lifted = {key for key, state in now.items() if state != empty[key]}
    assert {("PYR-L2-01", "policy"), ("PYR-L2-06", "procedure"), ("PYR-L2-07", "rca")} <= lifted


@pytest.mark.parametrize(
    ("text", "hypothetical"),
    [
        ("If we had a complaints register, every complaint would be recorded within two days.", True),
        ("Were we to escalate complaints, they would go to a manager after five days.", True),
        ("Had we a survey, results would be reported each month.", True),
        ("Should the board agree, surveys would be sent after every resolved ticket.", True),
        ("Si nous avions un registre, chaque réclamation serait enregistrée.", True),
        ("Wenn wir ein Beschwerderegister hätten, würde jede Beschwerde erfasst.", True),
        # a rule for a case that happens, and a past fact
        ("If we are unable to resolve a complaint within 8 weeks, we tell the customer about the ombudsman.", False),
        ("If we had any doubt, the complaint is escalated to a manager.", False),
        ("We had a record year: every complaint was acknowledged within two days.", False),
        ("Complaints should be acknowledged within two working days.", False),
        ("Si nous avions un doute, la réclamation est transmise au responsable.", False),
    ],
)
def test_what_would_be_done_if_things_were_otherwise_is_no_practice(text: str, hypothetical: bool) -> None:
    assert bool(planned_spans(text, _words(text), 2025)) is hypothetical


@pytest.mark.parametrize(
    ("text", "lacks"),
    [
        ("Without a root cause process, complaints cannot be analysed each quarter.", True),
        ("Without a complaints register, complaints are lost.", True),
        ("Sans registre des réclamations, les réclamations se perdent.", True),
        ("Ohne ein Beschwerderegister, gehen Beschwerden verloren.", True),
        ("Without a receipt, refunds cannot be given.", False),
        ("We answer without delay.", False),
        ("Customers can complain without a reference number, and we record every complaint.", False),
        ("Sans frais, le client peut saisir le médiateur.", False),
    ],
)
def test_a_lack_put_first_is_a_denial(text: str, lacks: bool) -> None:
    assert bool(denied_spans(text, _words(text))) is lacks


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Your charter says every complaint is acknowledged within two working days.", True),
        ("Your website states that complaints are escalated after five days.", True),
        ("You also say you survey customers after every resolved ticket.", True),
        ("You promised a reply within two days.", True),
        ("Votre charte indique que chaque réclamation reçoit une réponse sous 10 jours.", True),
        ("Ihre Website verspricht eine Antwort innerhalb von zwei Tagen.", True),
        ("Our charter says every complaint is acknowledged within two working days.", False),
        ("You can contact the ombudsman if you are not satisfied with our answer.", False),
        ("If you say you are unhappy, we escalate the complaint to a manager.", False),
    ],
)
def test_what_a_writer_reports_the_organisation_says_is_no_practice(text: str, reported: bool) -> None:
    assert bool(reported_spans(text, _words(text))) is reported


@pytest.mark.parametrize(
    ("heading", "defines"),
    [("Glossary", True), ("Glossary of customer service terms", True), ("3. Definitions", True),
     ("Terms and definitions", True), ("Glossaire", True), ("Begriffsbestimmungen", True),
     ("Complaints", False), ("Defining our service standards", False), ("Key findings", False)],
)  # fmt: skip
def test_which_headings_say_their_section_defines_terms(heading: str, defines: bool) -> None:
    assert is_glossary_heading(heading) is defines


def test_a_policys_definitions_section_is_blanked_and_its_rules_still_count() -> None:
    segments = (
        ("line 1", "# Complaints policy"),
        ('line 3 (under "Definitions")', "## Definitions"),
        ('line 4 (under "Definitions")', "Escalation: referring a complaint to a manager after five working days."),
        ('line 6 (under "Escalation")', "## Escalation"),
        ('line 7 (under "Escalation")', "We escalate unresolved complaints to a manager after five working days."),
    )
    index = DocIndex.build(segments)
    assert index.segments[2][1].strip() == "" and "We escalate" in index.segments[4][1]


def test_a_passage_without_the_requirements_core_subject_shows_none_of_it() -> None:
    """"a complaint" and a date, with no management review, show nothing of a management review: not even
    in part; with the review named, the passage shows it in part (no decision recorded)."""
    spec = Spec.parse({"content": {"claims": ["date", "decision"], "any": [["complaint"]],
                                   "all": [["management review"]]}})  # fmt: skip
    letter = (("line 1", "# Letter"), ("line 3", "I am writing about my complaint of 3 March 2025."))
    assert not content_of(DocIndex.build(letter), spec).substantive
    said = "The management review of 3 March 2025 discussed complaints."
    review = (("line 1", "# Management review"), ("line 3", said))
    found = content_of(DocIndex.build(review), spec)
    assert found.substantive and not found.complete


def test_minutes_count_their_discussion_not_their_agenda() -> None:
    segments = (
        ("line 1", "# Quality meeting, 14 October 2025"),
        ('line 3 (under "Agenda")', "## Agenda"),
        ('line 4 (under "Agenda")', "1. Escalation of unresolved complaints to a manager after five days"),
        ('line 6 (under "Discussion")', "## Discussion"),
        ('line 7 (under "Discussion")', "We escalated 14 unresolved complaints to a manager after five days."),
    )
    index = DocIndex.build(segments)
    assert index.segments[2][1].strip() == "" and "We escalated" in index.segments[4][1]
    text = "The successful candidate will record every complaint in the register."
    assert planned_spans(text, _words(text), 2025)


DRAFT = """# DRAFT – Complaints handling procedure v0.3 (not yet approved, for comment)

Every complaint is recorded in the complaints register and acknowledged within two working days.

Unresolved complaints are escalated to a manager after five days, and customers are told they may refer the
complaint to the ombudsman.

Customer satisfaction is surveyed after every resolved complaint and reported to management each month.
"""


def test_a_draft_shows_a_practice_only_in_part(tmp_path: Path) -> None:
    """What was observed: a procedure titled "DRAFT ... v0.3 (not yet approved, for comment)" satisfied the
    feedback procedure (PYR-L2-06), which asks for no approval: what a draft states is proposed, not yet
    done. It is partial now, and says it lacks a final version; the same text as a final version
    satisfies it."""
    (tmp_path / "draft").mkdir()
    (tmp_path / "final").mkdir()
    (tmp_path / "draft" / "procedure.md").write_text(DRAFT, "utf-8")
    final = DRAFT.replace("DRAFT – ", "").replace(" v0.3 (not yet approved, for comment)", "")
    (tmp_path / "final" / "procedure.md").write_text(final, "utf-8")
    draft, done = (assess_folder(tmp_path / name, tmp_path) for name in ("draft", "final"))
    assert _states(draft)[("PYR-L2-06", "procedure")] == "partial"
    assert _states(done)[("PYR-L2-06", "procedure")] == "satisfied"
    said = next(
        r["message"]["en"] for f in draft["findings"] if f["criterion_id"] == "PYR-L2-06" for r in f["requirements"]
    )
    assert "a final version (the document says it is a draft: what it states is proposed" in said


TENDER = """# Response to your invitation to tender: customer service

We propose to record every complaint in a complaints register and to acknowledge each within two working days.

We would escalate unresolved complaints to a manager after five days and analyse root causes every quarter.

Customer satisfaction would be surveyed after every resolved complaint and reported to you each month.
"""


def test_a_tender_response_proves_no_practice(tmp_path: Path) -> None:
    """What was observed: a response to a tender ("We propose to record every complaint…", "We would
    escalate…") lifted three requirements, the feedback procedure to satisfied: what is offered to win a
    contract is not yet done."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "tender").mkdir()
    (tmp_path / "tender" / "tender.md").write_text(TENDER, "utf-8")
    assert _states(assess_folder(tmp_path / "tender", tmp_path)) == _states(assess_folder(tmp_path / "empty", tmp_path))


@pytest.mark.parametrize(
    ("text", "proposed"),
    [
        ("We propose to record every complaint in a complaints register.", True),
        ("It is proposed that complaints are acknowledged within two days.", True),
        ("Nous proposons de répondre à chaque réclamation sous 10 jours.", True),
        ("Wir schlagen vor, jede Beschwerde zu erfassen.", True),
        ("Staff recommend products that suit each customer.", False),
        ("We recommend that customers keep their receipt.", False),
        ("Good idea. Let's also escalate unresolved complaints to me after five days.", True),
        ("Lass uns jede Beschwerde erfassen.", True),
        ("Let us know if you are unhappy with our answer.", False),
        ("Please let us hear from you.", False),
    ],
)
def test_a_proposal_in_an_email_is_no_practice(text: str, proposed: bool) -> None:
    assert bool(planned_spans(text, _words(text), 2025)) is proposed
