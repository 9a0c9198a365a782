"""A survey share says when its target lies inside its margin (see `_margin`).

What was observed: "CSAT (top-2-box): 81.1 % (target >= 80 %, n=90)" printed as met, with no word that
90 answers put the share anywhere from about 72 % to 88 %: the verdict could go either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv
from servex.plugins.datasets._margin import margin_of

CSAT = {
    "csat_top2": {
        "id": "csat_top2", "name": {"en": "CSAT (top-2-box)", "fr": "Satisfaction client (top 2)"},
        "unit": "percent", "direction": "higher_is_better", "dataset": "survey", "date_field": "responded_at",
        "formula": {"type": "top_box", "field": "satisfaction_score", "boxes": 2},
    }
}  # fmt: skip
PARAMS = {"kpi": "csat_top2", "target": {"op": ">=", "value": 80}, "min_sample": 50}
HEADER = ["id", "responded_at", "satisfaction_score"]


def _answers(n: int, top: int) -> list[list[Any]]:
    """n answers over 2025, the first `top` of them a 5, the others a 2."""
    return [[f"r{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z", 5 if i < top else 2] for i in range(n)]


def test_a_share_of_90_answers_just_above_its_target_says_the_verdict_could_go_either_way(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    items, _ = collect({"path": write_csv(evidence, "s.csv", HEADER, _answers(90, 73)), "dataset": "survey"})
    outcome = evaluate("kpi", PARAMS, items, CSAT)
    assert outcome.details["value"] == pytest.approx(81.1, abs=0.05) and outcome.state == "satisfied"
    assert outcome.details["margin"] == {"low": 71.8, "high": 87.9, "level": 95, "target_inside": True}
    said = outcome.message["en"]
    assert "With 90 answers, the share could be anywhere from 71.8 % to 87.9 % (95% confidence)" in said
    assert "il faut davantage de réponses" in outcome.message["fr"]


def test_many_answers_far_from_the_target_need_no_word(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items, _ = collect({"path": write_csv(evidence, "s.csv", HEADER, _answers(2600, 2428)), "dataset": "survey"})
    outcome = evaluate("kpi", PARAMS, items, CSAT)
    assert outcome.details["margin"]["target_inside"] is False
    assert "more answers" not in outcome.message["en"]


@pytest.mark.parametrize(
    ("kpi", "value", "n", "expected"),
    [
        ({"formula": {"type": "top_box"}, "unit": "percent"}, 58.8, 17, (36.0, 78.4)),
        ({"formula": {"type": "top_box"}, "unit": "percent"}, 100.0, 10, (72.2, 100.0)),  # never past 100 %
        ({"formula": {"type": "share"}, "unit": "percent"}, 81.0, 90, None),  # every record: a count, no sample
        ({"formula": {"type": "before_deadline"}, "unit": "percent"}, 81.0, 90, None),
    ],
)
def test_only_a_sampled_share_has_a_margin(kpi: dict[str, Any], value: float, n: int, expected: Any) -> None:
    found = margin_of(kpi, value, n, {"op": ">=", "value": 80})
    assert (None if found is None else (found["low"], found["high"])) == expected


NPS = {
    "nps": {
        "id": "nps", "name": {"en": "Net Promoter Score", "fr": "Net Promoter Score"}, "unit": "score",
        "direction": "higher_is_better", "dataset": "survey", "date_field": "responded_at",
        "formula": {"type": "nps", "field": "recommend_score"},
    },
    "ces_mean": {
        "id": "ces_mean", "name": {"en": "Customer Effort Score (mean)", "fr": "Effort client (moyenne)"},
        "unit": "score", "direction": "higher_is_better", "dataset": "survey", "date_field": "responded_at",
        "formula": {"type": "mean", "field": "effort_score"},
    },
}  # fmt: skip
NPS_HEADER = ["id", "responded_at", "recommend_score", "effort_score"]


def _nps_answers(n: int, promoters: int, detractors: int) -> list[list[Any]]:
    """n answers over 2025: `promoters` 10s, then `detractors` 3s, the rest 8s; effort 6, 5, 4 in turn."""
    score = [10] * promoters + [3] * detractors + [8] * (n - promoters - detractors)
    return [
        [f"r{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z", score[i], 4 + i % 3] for i in range(n)
    ]


def test_an_nps_of_100_answers_just_above_its_target_says_the_verdict_could_go_either_way(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """What was observed: "Net Promoter Score: 35 (target >= 30, n=100)", met, and not a word that 100
    answers put it anywhere from about 20 to 50."""
    import statistics

    rows = _nps_answers(100, 50, 15)
    items, _ = collect({"path": write_csv(evidence, "s.csv", NPS_HEADER, rows), "dataset": "survey"})
    outcome = evaluate("kpi", {"kpi": "nps", "target": {"op": ">=", "value": 30}, "min_sample": 50}, items, NPS)
    assert outcome.details["value"] == pytest.approx(35.0) and outcome.state == "satisfied"
    each = [100 if r[2] >= 9 else -100 if r[2] <= 6 else 0 for r in rows]  # one answer's part in the NPS
    half = 1.9842 * statistics.stdev(each) / 10  # Student's t, 99 degrees of freedom, over sqrt(100)
    margin = outcome.details["margin"]
    assert (margin["low"], margin["high"]) == (round(35 - half, 1), round(35 + half, 1)) == (20.5, 49.5)
    assert margin["target_inside"] is True
    assert "With 100 answers, the score could be anywhere from 20.5 to 49.5 (95% confidence)" in outcome.message["en"]
    assert "Avec 100 réponses, le score peut se situer entre 20,5 et 49,5" in outcome.message["fr"]


def test_a_mean_answer_carries_its_margin_and_many_answers_far_from_the_target_need_no_word(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    import statistics

    rows = _nps_answers(30, 10, 5)
    items, _ = collect({"path": write_csv(evidence, "s.csv", NPS_HEADER, rows), "dataset": "survey"})
    close = evaluate("kpi", {"kpi": "ces_mean", "target": {"op": ">=", "value": 5}, "min_sample": 20}, items, NPS)
    efforts = [r[3] for r in rows]
    half = 2.0452 * statistics.stdev(efforts) / 30**0.5  # t with 29 degrees of freedom
    assert close.details["value"] == pytest.approx(5.0)
    assert close.details["margin"]["low"] == pytest.approx(round(5 - half, 2))
    assert close.details["margin"]["high"] == pytest.approx(round(5 + half, 2))
    assert "the mean could be anywhere from 4.7 to 5.3" in close.message["en"]
    far = evaluate("kpi", {"kpi": "ces_mean", "target": {"op": ">=", "value": 3}, "min_sample": 20}, items, NPS)
    assert far.details["margin"]["target_inside"] is False and "more answers" not in far.message["en"]


@pytest.mark.parametrize(
    ("kpi", "value", "n", "spread", "expected"),
    [
        ({"formula": {"type": "nps"}}, 35.0, 100, 80.0, (19.1, 50.9)),
        ({"formula": {"type": "nps"}}, 95.0, 20, 30.0, (81.0, 100.0)),  # never past 100
        ({"formula": {"type": "mean"}}, 5.0, 2, 1.0, (-3.98, 13.98)),  # t with 1 degree of freedom: 12.71
        ({"formula": {"type": "mean"}}, 40.0, 900, None, None),  # no spread: a mean over every record
        ({"formula": {"type": "nps"}}, 35.0, 1, None, None),  # one answer: no spread, no range
    ],
)
def test_a_mean_answer_has_a_margin_only_with_its_spread(
    kpi: dict[str, Any], value: float, n: int, spread: float | None, expected: Any
) -> None:
    found = margin_of(kpi, value, n, {"op": ">=", "value": 30}, spread)
    assert (None if found is None else (found["low"], found["high"])) == expected


def test_a_mean_over_every_record_is_not_a_sample() -> None:
    """A mean wait counts every call of the period: no spread, so no margin; a mean answer (a score on
    tickets, training hours in an employee survey) is a sample's."""
    from servex.plugins.datasets._sql import compile_formula

    def spread(dataset: str, name: str) -> str | None:
        kpi = {"id": "k", "dataset": dataset, "formula": {"type": "mean", "field": name}}
        return compile_formula(kpi, {name}).spread

    assert spread("calls", "wait_seconds") is None
    assert spread("tickets", "satisfaction_score") is not None
    assert spread("employee_survey", "training_hours") is not None


@pytest.mark.parametrize(
    ("kpi", "unit", "value", "n", "low", "high", "said"),
    [
        ("csat_top2", "percent", 81.1, 90, 71.8, 87.9,
         "With 90 answers, the share could be anywhere from 71.8% to 87.9% (95% confidence)"),
        # an NPS or a mean answer is no share: its range in its own unit, never as percents
        ("nps", "score", 35.0, 100, 19.3, 50.7,
         "With 100 answers, the figure could be anywhere from 19.3 to 50.7 (95% confidence)"),
    ],
)  # fmt: skip
def test_the_report_says_the_target_lies_inside_the_margin(
    kpi: str, unit: str, value: float, n: int, low: float, high: float, said: str
) -> None:
    from servex.plugins.reports._i18n import lang
    from servex.plugins.reports._prose import requirement_line

    details = {
        "kpi": kpi, "value": value, "unit": unit, "target": {"op": ">=", "value": 30 if kpi == "nps" else 80},
        "sample": n, "margin": {"low": low, "high": high, "level": 95, "target_inside": True},
    }  # fmt: skip
    req = {"type": "kpi", "state": "satisfied", "details": details}
    line = requirement_line(req, lang("en"))
    assert said in line
    assert unit == "percent" or (f"{low}%" not in line and f"{low} %" not in line)
    assert f"Avec {n} réponses" in requirement_line(req, lang("fr"))
    assert f"Bei {n} Antworten" in requirement_line(req, lang("de"))
    quiet = {**details, "margin": {**details["margin"], "target_inside": False}}
    assert "answers" not in requirement_line({**req, "details": quiet}, lang("en"))
