"""Evidence classes, caps and knock-outs, on the shipped criteria sets themselves.

Properties run over every criterion of the shipped sets with generated requirement outcomes: taking
show-me evidence away never raises a grade, a contradicting answer never raises one, and a knock-out
passes only when met on show-me evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from servex import RequirementOutcome, load_criteria_set
from servex._criteria.model import CriteriaSet, Criterion
from servex._engine.criterion import Grade, grade_criterion
from servex._engine.levels import grade_levels

STATES = ["satisfied", "partial", "unsatisfied", "insufficient"]
DEFAULT = {"document": ("approach",), "kpi": ("deployment", "results"), "dataset": ("deployment",)}
LOWER = {"satisfied": "unsatisfied", "partial": "unsatisfied"}


@cache
def _sets() -> tuple[CriteriaSet, ...]:
    return tuple(load_criteria_set(i) for i in ("servex-pyramid", "servex-complaints", "servex-digital"))


def _criteria() -> list[Criterion]:
    return [c for cset in _sets() for c in cset.criteria]


def _grade(criterion: Criterion, states: Mapping[str, str], details: Mapping[str, dict] | None = None) -> Grade:
    cset = next(s for s in _sets() if criterion in s.criteria)
    outcomes = {
        rid: RequirementOutcome(state, f"{rid} {state}", details=(details or {}).get(rid, {}))
        for rid, state in states.items()
    }
    classes = {r.id: r.evidence_class or DEFAULT.get(r.type, ("deployment",)) for r in criterion.evidence}
    return grade_criterion(criterion, cset.scales[criterion.scale], outcomes, None, classes)


@st.composite
def _case(draw: st.DrawFn) -> tuple[Criterion, dict[str, str]]:
    criterion = draw(st.sampled_from(_criteria()))
    states = {r.id: draw(st.sampled_from(STATES)) for r in criterion.evidence}
    return criterion, states


@settings(max_examples=400, deadline=None)
@given(_case(), st.data())
def test_removing_show_me_evidence_never_raises_a_grade(
    case: tuple[Criterion, dict[str, str]], data: st.DataObject
) -> None:
    criterion, states = case
    shown = [r.id for r in criterion.evidence if r.role == "show" and states[r.id] in LOWER]
    if not shown:
        return
    removed = data.draw(st.sampled_from(shown))
    before = _grade(criterion, states).score or 0
    after = _grade(criterion, {**states, removed: LOWER[states[removed]]}).score or 0
    assert after <= before, (criterion.id, states, removed)


@settings(max_examples=400, deadline=None)
@given(_case(), st.data())
def test_a_contradicting_answer_never_raises_a_grade(
    case: tuple[Criterion, dict[str, str]], data: st.DataObject
) -> None:
    criterion, states = case
    asked = [r.id for r in criterion.evidence if r.role == "tell"]
    if not asked:
        return
    rid = data.draw(st.sampled_from(asked))
    before = _grade(criterion, states).score or 0
    low = _grade(criterion, {**states, rid: "unsatisfied"}).score or 0
    split = {rid: {"disagreement": [{"roles": ["management", "staff"], "medians": [100.0, 25.0]}]}}
    disagree = _grade(criterion, states, split).score or 0
    assert low <= max(before, _grade(criterion, {**states, rid: "insufficient"}).score or 0)
    assert disagree <= before


@settings(max_examples=300, deadline=None)
@given(_case())
def test_top_values_need_results_and_review_and_met_needs_deployment(case: tuple[Criterion, dict[str, str]]) -> None:
    criterion, states = case
    grade = _grade(criterion, states)
    shown = set(grade.evidence_classes.get("shown") or {})
    if grade.status == "met":
        assert "deployment" in shown or grade.corroboration == "tell_me_sufficient"
    if grade.scale_value in ("compliance_plus", "role_model", "outstanding"):
        assert {"deployment", "results", "review"} <= shown


def test_an_approach_alone_is_partial_and_the_finding_says_what_is_missing() -> None:
    charter = next(c for c in _criteria() if c.id == "PYR-L1-01")
    grade = _grade(
        charter, {"charter": "satisfied", "kept": "insufficient", "reviewed": "unsatisfied", "q_known": "satisfied"}
    )
    assert grade.status == "partially_met"
    measured = _grade(
        charter, {"charter": "satisfied", "kept": "partial", "reviewed": "unsatisfied", "q_known": "satisfied"}
    )
    assert measured.status == "met" and measured.scale_value == "compliance"
    assert (
        measured.evidence_classes["missing_for_top"] == ["review"]
        or "results" in measured.evidence_classes["missing_for_top"]
    )


def test_answers_that_contradict_a_document_cap_it_at_partial() -> None:
    review = next(c for c in _criteria() if c.id == "PYR-L2-03")  # met on the FCR KPI; staff asked too
    states = {r.id: "satisfied" for r in review.evidence}
    assert _grade(review, states).status == "met"
    asked = next(r.id for r in review.evidence if r.role == "tell")
    doubted = _grade(review, {**states, asked: "unsatisfied"})
    assert doubted.status == "partially_met"
    assert [c.kind for c in doubted.caps] == ["contradiction"] and doubted.caps[0].requirements == (asked,)
    split = {asked: {"disagreement": [{"roles": ["management", "staff"], "medians": [100.0, 50.0]}]}}
    assert _grade(review, states, split).status == "partially_met"
    close = {asked: {"disagreement": [{"roles": ["management", "staff"], "medians": [100.0, 75.0]}]}}
    assert _grade(review, states, close).status == "met"


def test_a_kpi_off_target_contradicts_a_satisfied_requirement_unless_it_only_marks_the_top() -> None:
    delight = next(c for c in _criteria() if c.id == "PYR-L4-02")
    off = _grade(delight, {"delight": "partial", "exceeded": "satisfied"})
    assert off.status == "partially_met" and off.caps[-1].requirements == ("delight",)
    csat = next(c for c in _criteria() if c.id == "PYR-L1-05")  # csat_trend only decides compliance plus
    states = {r.id: "insufficient" for r in csat.evidence}
    assert _grade(csat, {**states, "csat": "satisfied", "csat_trend": "unsatisfied"}).status == "met"


def test_empty_criteria_score_zero_at_every_level() -> None:
    for criterion in _criteria():
        grade = _grade(criterion, {r.id: "unsatisfied" for r in criterion.evidence})
        assert grade.score == 0, criterion.id


def test_a_partial_knock_out_caps_its_level_and_says_why() -> None:
    cset = _sets()[0]
    finding = {
        "criterion_id": "PYR-L1-01", "level": "L1", "elements": ["E1"], "weight": 3, "required": True,
        "status": "partially_met", "score": 40.0, "corroboration": "show_me",
        "evidence_classes": {"missing": ["deployment"]},
    }  # fmt: skip
    others = [
        {"criterion_id": f"X-{i}", "level": "L1", "elements": ["E8"], "weight": 3, "required": False,
         "status": "met", "score": 100.0, "corroboration": "show_me"}
        for i in range(5)
    ]  # fmt: skip
    best = {f["criterion_id"]: 100.0 for f in [finding, *others]}
    l1 = grade_levels(cset, [finding, *others], best)[0]
    assert l1["raw_verdict"] == "excellent" and l1["verdict"] == cset.knockout_cap and not l1["achieved"]
    assert l1["capped_by"] == ["PYR-L1-01"]
    assert "partially met" in l1["capped_because"]["PYR-L1-01"]["en"]
    assert "deployment" in l1["capped_because"]["PYR-L1-01"]["en"]
    on_answers = {**finding, "status": "met", "score": 75.0, "corroboration": "tell_me_only"}
    assert grade_levels(cset, [on_answers, *others], best)[0]["capped_by"] == ["PYR-L1-01"]
