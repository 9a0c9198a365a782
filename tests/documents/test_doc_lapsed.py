"""A practice stated as ended is not done now (see `_lapsed`).

What was observed: a customer service policy that put every practice in the past ("Until 2022, every
complaint was recorded ... in a complaints register", "We used to acknowledge complaints within 2 working
days", "Staff received training in customer service every year until 2021", "a recognition scheme ...
ran until 2020"), alone in a folder, lifted fifteen requirements of the pyramid set, four of them to
satisfied; an empty folder lifts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._lapsed import lapsed_spans
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._terms import fold_words

ENDED = """# Customer service policy

Owner: Head of Customer Service. Approved by the board on 2 March 2025.

## Complaints

Until 2022, every complaint was recorded, categorised and tracked in a complaints register. We used to
acknowledge complaints within 2 working days and to escalate them to a manager. Root causes of complaints were
analysed every quarter until the team was disbanded in 2021. Previously, every complaint was answered within 10
working days.

## Customer feedback

Up to 2020 we ran customer satisfaction surveys and measured NPS and CSAT each month. Customer feedback was
collected, analysed and reported to management each month until 2019. Improvement actions used to be taken on
feedback and customers were told what changed.

## Staff

Staff received training in customer service every year until 2021. Employees were formerly empowered to resolve
issues and offer goodwill gestures, and a recognition scheme for excellent service ran until 2020.

## Service promise

We published a service promise and service standards in 2018, withdrawn in 2020. Response times and resolution
times were monitored against targets every month until 2022. We mapped the customer journey until 2017.

## Delight

We used to surprise customers and go beyond what they expect. Personal, unexpected gestures were reviewed by a
manager each month until 2021.
"""


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def test_a_document_whose_practices_all_ended_proves_no_practice(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "ended").mkdir()
    (tmp_path / "ended" / "policy.md").write_text(ENDED, "utf-8")
    ended, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("ended", "empty"))
    assert ended == empty


def test_the_same_practices_stated_as_current_still_count(tmp_path: Path) -> None:
    """The control: the policy without its ends lifts requirements, so the test above can fail."""
    current = (
        ENDED.replace("Until 2022, every", "Every").replace(" until the team was disbanded in 2021", "")
        .replace("We used to\nacknowledge", "We\nacknowledge").replace("Previously, every", "Every")
    )  # fmt: skip
    (tmp_path / "current").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "current" / "policy.md").write_text(current, "utf-8")
    now, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("current", "empty"))
    lifted = {key for key, state in now.items() if state != empty[key]}
    assert ("PYR-L2-01", "policy") in lifted


@pytest.mark.parametrize(
    "text",
    [
        "Until 2022, every complaint was recorded in a complaints register.",
        "Until 31 March 2021 complaints were acknowledged within 2 working days.",
        "Staff received customer service training every year until the end of 2021.",
        "Up to 2020 we ran customer satisfaction surveys each month.",
        "From 2016 to 2019 we surveyed customers every quarter.",
        "Between 2016 and 2019 a customer panel met every quarter.",
        "The service charter was published in 2018 and withdrawn in 2020.",
        "We used to acknowledge complaints within 2 working days.",
        "Improvement actions used to be taken on feedback.",
        "Complaints are no longer acknowledged within 2 days.",
        "Previously, every complaint was answered within 10 working days.",
        "In the past we surveyed customers every month.",
        "Employees were formerly empowered to offer goodwill gestures.",
        "We previously published a service promise.",
        "The customer panel was discontinued.",
        "The recognition scheme has been scrapped.",
        "We stopped measuring NPS.",
        "The quarterly survey came to an end.",
        "Jusqu'en 2020, nous mesurions la satisfaction chaque trimestre.",
        "L'enquête de satisfaction a été supprimée.",
        "Autrefois, chaque réclamation recevait une réponse sous 48 heures.",
        "Bis 2020 haben wir die Kundenzufriedenheit jedes Quartal gemessen.",
        "Die Kundenbefragung wurde eingestellt.",
        # a word about fees keeps only a fee that stopped, not a practice that ended
        "Until 2020, complaints were handled free of charge and acknowledged within 2 working days.",
        "Früher wurden Beschwerden innerhalb von 2 Tagen bestätigt.",
    ],
)
def test_a_sentence_that_states_a_practice_as_ended_is_blanked(text: str) -> None:
    assert lapsed_spans(text, fold_words(text)[1], horizon=2025) == [(0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        # what is done now, said beside what ended
        "Until 2022 complaints were answered within 20 days, but since 2023 every complaint is answered within 10.",
        "The paper survey was discontinued and replaced by an online survey each quarter.",
        # no end before the period's last year
        "A complaint stays open in the register until the customer confirms it is resolved.",
        "The charter applies until 2026.",
        "Complaints are acknowledged within 2 working days until 2025, when the policy is reviewed.",
        "Since 2016 we have surveyed customers every quarter.",
        "We answer up to 2000 customers a day within 20 seconds.",
        "We answer until 2000 calls a day.",
        # a fee that stopped: complaining is free now
        "Complaining is free: we no longer charge an administration fee.",
        # withdrawn, cancelled, abandoned: things the practice is about
        "A complaint that was withdrawn by the customer is closed in the register.",
        "Abandoned calls are called back within one hour.",
        "Cancelled orders are refunded within 5 working days.",
        "Previously agreed targets are reviewed every quarter.",
        "Previously unresolved complaints are escalated to a manager.",
        "Every complaint is acknowledged within 2 working days.",
        # the document's own validity: an expiry date, read as one
        "Valable jusqu'au 31 décembre 2022.",
        "Valid until 31 December 2022.",
        # a decision recorded: the change is what a review proves
        "Corrective action decided: wheel builds are no longer booked for Saturday collection.",
        "Seit 2019 werden Beschwerden innerhalb von 2 Tagen bestätigt.",
        "Depuis 2019, chaque réclamation reçoit une réponse sous 10 jours.",
    ],
)
def test_a_sentence_that_states_a_current_practice_is_kept(text: str) -> None:
    assert lapsed_spans(text, fold_words(text)[1], horizon=2025) == []


def test_only_the_ended_sentence_is_blanked_and_the_rest_of_the_policy_counts() -> None:
    spec = Spec.parse({"content": {"any": ["complaint"], "claims": ["time_commitment"]}})
    title = ('line 1 (under "Complaints policy")', "# Complaints policy")
    ended = ('line 3 (under "Complaints")', "We used to acknowledge every complaint within 2 working days.")
    current = ('line 3 (under "Complaints")', "Every complaint is acknowledged within 2 working days.")
    assert not content_of(DocIndex.build((title, ended), horizon=2025), spec).complete
    assert content_of(DocIndex.build((title, current), horizon=2025), spec).complete
    for text, blanked in [
        ("Every complaint is acknowledged within 2 working days. Until 2021 we also ran a customer panel.",
         "Until 2021 we also ran a customer panel."),
        ("We used to survey customers once a year; now we survey them every month.",
         "We used to survey customers once a year;"),
    ]:  # fmt: skip
        (start, end), = lapsed_spans(text, fold_words(text)[1], horizon=2025)
        assert text[start:end] == blanked


def test_an_end_is_read_against_the_period_assessed() -> None:
    text = "Until 2024, every complaint was acknowledged within 2 working days."
    assert lapsed_spans(text, fold_words(text)[1], horizon=2025) == [(0, len(text))]
    assert lapsed_spans(text, fold_words(text)[1], horizon=2024) == []


PAST_EVENTS = """# About us

In 2019 we surveyed all our customers about their satisfaction and reported the results to management.

In 2018 we recorded every complaint in a complaints register and acknowledged each within two working days.

Back in 2017, unresolved complaints were escalated to a manager after five days.
"""


def test_what_was_done_in_a_year_long_gone_proves_no_practice_now(tmp_path: Path) -> None:
    """What was observed: "In 2018 we recorded every complaint in a complaints register and acknowledged
    each within two working days" (and two more such events), in a document dated in the period, lifted
    two requirements to partial for 2025."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "past").mkdir()
    (tmp_path / "past" / "about.md").write_text(PAST_EVENTS, "utf-8")
    past, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("past", "empty"))
    assert past == empty


@pytest.mark.parametrize(
    ("text", "set_aside"),
    [
        ("In 2019 we surveyed all our customers and reported the results to management.", True),
        ("Back in 2017, unresolved complaints were escalated to a manager after five days.", True),
        ("In 2023 we surveyed 400 customers.", True),
        ("En 2019, nous avons interrogé tous nos clients.", True),
        ("Im Jahr 2019 haben wir alle Kunden befragt.", True),
        # what started then, what still holds, and the year before the period's last (a July-June period)
        ("In 2019 we introduced a complaints register in which every complaint is recorded.", False),
        ("In 2019 the complaints procedure was approved by the board and is reviewed every year.", False),
        ("Since 2019 we have surveyed all customers every quarter.", False),
        ("We survey customers every quarter, as in 2019.", False),
        ("In 2024, 312 complaints were received and 98 % were acknowledged within two days.", False),
    ],
)
def test_an_event_told_in_the_past_two_years_or_more_before_the_period_end_is_set_aside(
    text: str, set_aside: bool
) -> None:
    assert bool(lapsed_spans(text, fold_words(text)[1], 2025)) is set_aside


OLD_REPORT = """# Annual complaints report 2019

## Complaints handled

During the year, 312 complaints were recorded in the complaints register and 98 % were acknowledged within two
working days.

Unresolved complaints were escalated to a manager after five days; root causes were analysed each quarter and
improvement actions were agreed by the management review in March and September.

## Customer satisfaction

We surveyed customers after every resolved complaint; 84 % were satisfied. Results were reported to management
each month.
"""


def test_a_report_on_a_year_long_gone_proves_no_practice_now(tmp_path: Path) -> None:
    """What was observed: "Annual complaints report 2019", saved again (so dated in the period), lifted four
    requirements for 2025, the feedback procedure to satisfied: what it tells in the past tense happened
    in 2019. The same report for the period's year still counts."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "report.md").write_text(OLD_REPORT, "utf-8")
    (tmp_path / "current").mkdir()
    (tmp_path / "current" / "report.md").write_text(OLD_REPORT.replace("2019", "2025"), "utf-8")
    old, empty, current = (_states(assess_folder(tmp_path / n, tmp_path)) for n in ("old", "empty", "current"))
    assert old == empty
    assert ("PYR-L2-06", "procedure") in {key for key, state in current.items() if state != empty[key]}


def test_a_title_year_sets_aside_only_what_is_told_in_the_past() -> None:
    from servex.plugins.documents._lapsed import title_year

    assert [title_year(t) for t in ("Annual complaints report 2019", "Rapport 2018-2019", "Strategy 2025-2028",
                                    "Complaints policy")] == [2019, 2019, 2028, None]  # fmt: skip
    told = "During the year, 312 complaints were recorded in the register."
    rule = "Every complaint is recorded in the register and acknowledged within two working days."
    assert lapsed_spans(told, fold_words(told)[1], 2025, about=2019) == [(0, len(told))]
    assert lapsed_spans(rule, fold_words(rule)[1], 2025, about=2019) == []  # a policy adopted then, in force
    assert lapsed_spans(told, fold_words(told)[1], 2025, about=2024) == []  # the year before the period's last
