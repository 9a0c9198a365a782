"""Answers read from an export's cells as respondents write them: yes and no in English, French and German,
numbers with a decimal comma or thousands separators.

What was observed: every comma in a number was taken for a decimal point, so "1,250" (customers surveyed,
written in an English form) was read as 1.25 and scored in the lowest band, silently; "Ja" and "Nein"
were not yes and no.
"""

from __future__ import annotations

from typing import Any

import pytest
from servex import Question
from servex._criteria.model import Choice
from servex.plugins.questionnaires._answers import score_answer
from servex.plugins.questionnaires._coerce import to_value

COUNT = Question(
    "q_surveyed", "number", ("staff",), {"en": "Customers surveyed?"}, {}, number_bands=((0, 0), (100, 50), (1000, 100))
)
DONE = Question("q_done", "yes_no", ("staff",), {"en": "Done?"}, {})


def _read(question: Question, raw: Any) -> Any:
    return to_value(question, raw, {}, ",;")


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12,5", 12.5),
        ("0,125", 0.125),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1 250", 1250),
        ("1\u00a0250,5", 1250.5),
        ("2500", 2500),
        (" 7 ", 7),
        ("3.", 3),
        ("1e3", 1000),
    ],
)
def test_a_number_written_one_way_only_is_read_so(raw: str, number: float) -> None:
    assert _read(COUNT, raw) == number


@pytest.mark.parametrize("raw", ["1,250", "1.250"])
def test_a_number_that_reads_two_ways_is_refused_with_both_readings(raw: str) -> None:
    value = _read(COUNT, raw)
    assert value == raw
    with pytest.raises(ValueError, match=r"can be read as 1\.25 or as 1250; write it without a thousands separator"):
        score_answer(COUNT, value)


def test_a_large_number_scores_in_its_band() -> None:
    assert score_answer(COUNT, _read(COUNT, "1,234,567")) == 100.0
    assert score_answer(COUNT, _read(COUNT, "12,5")) == 0.0


@pytest.mark.parametrize(
    ("raw", "yes"), [("Ja", True), ("nein", False), ("J", True), ("wahr", True), ("Falsch", False)]
)
def test_yes_and_no_in_german(raw: str, yes: bool) -> None:
    assert _read(DONE, raw) is yes
    assert score_answer(DONE, raw) == (100.0 if yes else 0.0)


AGREE = Question(
    "q_known", "single", ("staff",), {"en": "I know our commitments."}, {},
    choices=tuple(
        Choice(cid, {"en": en, "fr": fr}, score)
        for cid, en, fr, score in [
            ("strongly_disagree", "Strongly disagree", "Pas du tout d'accord", 0),
            ("disagree", "Disagree", "Plutôt pas d'accord", 25),
            ("neutral", "Neither agree nor disagree", "Ni d'accord ni pas d'accord", 50),
            ("agree", "Agree", "Plutôt d'accord", 75),
            ("strongly_agree", "Strongly agree", "Tout à fait d'accord", 100),
        ]
    ),
)  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "choice"),
    [("Stimme voll und ganz zu", "strongly_agree"), ("stimme eher zu", "agree"), ("Weder noch", "neutral"),
     ("Trifft eher nicht zu", "disagree"), ("Stimme überhaupt nicht zu", "strongly_disagree"),
     ("Plutôt d'accord", "agree"), ("Nie", "Nie")],
)  # fmt: skip
def test_a_german_form_answer_is_its_choice(raw: str, choice: str) -> None:
    """What was observed: a German Google Form's "Stimme voll und ganz zu" matched no choice (labels are
    English and French) and each answer was refused. "Nie" (never) is no choice of this question."""
    assert _read(AGREE, raw) == choice
