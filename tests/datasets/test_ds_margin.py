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


def test_the_report_says_the_target_lies_inside_the_margin() -> None:
    from servex.plugins.reports._i18n import lang
    from servex.plugins.reports._prose import requirement_line

    details = {
        "kpi": "csat_top2", "value": 81.1, "unit": "percent", "target": {"op": ">=", "value": 80}, "sample": 90,
        "margin": {"low": 71.8, "high": 87.9, "level": 95, "target_inside": True},
    }  # fmt: skip
    req = {"type": "kpi", "state": "satisfied", "details": details}
    said = requirement_line(req, lang("en"))
    assert "With 90 answers, the share could be anywhere from 71.8% to 87.9% (95% confidence)" in said
    assert "Avec 90 réponses" in requirement_line(req, lang("fr"))
    assert "Bei 90 Antworten" in requirement_line(req, lang("de"))
    quiet = {**details, "margin": {**details["margin"], "target_inside": False}}
    assert "answers" not in requirement_line({**req, "details": quiet}, lang("en"))
