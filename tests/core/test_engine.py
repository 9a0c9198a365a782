"""The grading engine: unit cases for the rules users read in docs/grading.md, and properties that
must hold for any evidence (hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from core_support import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from servex import Evaluator, RequirementOutcome
from servex._criteria.loader import build_set
from servex._criteria.model import CriteriaSet
from servex._engine.criterion import grade_criterion
from servex._engine.levels import grade_levels
from servex._yamldoc import load_yaml

_EVALUATORS = {
    t: Evaluator(type=t, evaluate=lambda r, c: RequirementOutcome("satisfied", "")) for t in ("observation", "ask")
}
RANK = {"unsatisfied": 0, "partial": 1, "satisfied": 2}
STATES = ["satisfied", "partial", "unsatisfied", "insufficient"]


def _set(tmp_path: Path, mutate: Any = None) -> CriteriaSet:
    data = yaml.safe_load((DATA / "mini-set.yaml").read_text(encoding="utf-8"))
    if mutate:
        mutate(data)
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return build_set(load_yaml(path), lambda _: None, _EVALUATORS, set())


def _out(state: str) -> RequirementOutcome:
    return RequirementOutcome(state, f"{state}.", gap=f"gap because {state}")


def test_first_matching_rule_wins(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    crit = cset.criteria[0]
    scale = cset.scales[crit.scale]
    assert grade_criterion(crit, scale, {"seen": _out("satisfied")}).status == "met"
    partial = grade_criterion(crit, scale, {"seen": _out("partial")})
    assert (partial.status, partial.score) == ("partially_met", 50)
    assert partial.gap == [{"en": "gap because partial", "fr": "gap because partial"}]
    assert grade_criterion(crit, scale, {"seen": _out("unsatisfied")}).status == "not_met"


def test_insufficient_data_is_not_assessed_with_the_reason(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    crit = cset.criteria[0]
    grade = grade_criterion(crit, cset.scales[crit.scale], {"seen": _out("insufficient")})
    assert grade.status == "not_assessed" and grade.score is None
    assert any("insufficient" in r["en"] and "seen" in r["en"] for r in grade.rationale)


def _two_requirement_rules(rules: list[dict[str, Any]]) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        crit = data["criteria"][0]
        crit["evidence"] = [
            {"id": "doc", "type": "observation", "role": "show", "description": {"en": "d", "fr": "d"}},
            {"id": "kpi", "type": "observation", "role": "show", "description": {"en": "k", "fr": "k"}},
        ]
        crit["grading"] = {"rules": rules, "otherwise": "non_compliance"}

    return mutate


BEST_FIRST = [
    {"when": {"all": [{"req": "doc", "is": "satisfied"}, {"req": "kpi", "is": "satisfied"}]}, "then": "compliance"},
    {"when": {"req": "doc", "is": "satisfied"}, "then": "partial"},
]


def test_a_rule_that_holds_below_an_undecided_one_is_a_floor(tmp_path: Path) -> None:
    """A good document with an unmeasurable KPI is at least partial: not 'not assessed', not a guess."""
    cset = _set(tmp_path, _two_requirement_rules(BEST_FIRST))
    crit = cset.criteria[0]
    grade = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("satisfied"), "kpi": _out("insufficient")})
    assert (grade.status, grade.score) == ("partially_met", 50)
    assert any(r["en"].startswith("At least") and "kpi" in r["en"] for r in grade.rationale)
    assert {"en": "gap because insufficient", "fr": "gap because insufficient"} in grade.gap
    no_doc = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("unsatisfied"), "kpi": _out("insufficient")})
    assert no_doc.status == "not_met"  # rule 1 fails whatever the KPI says


def test_no_floor_when_the_rule_that_holds_is_better_than_an_undecided_one(tmp_path: Path) -> None:
    """Rules not written best first give no sure floor; and with no rule holding, servex does not guess."""
    outcomes = {"doc": _out("satisfied"), "kpi": _out("insufficient")}
    worst_first = [
        {"when": {"req": "kpi", "is": "partial"}, "then": "partial"},
        {"when": {"req": "doc", "is": "satisfied"}, "then": "compliance"},
    ]
    cset = _set(tmp_path, _two_requirement_rules(worst_first))
    crit = cset.criteria[0]
    assert grade_criterion(crit, cset.scales[crit.scale], outcomes).status == "not_assessed"
    only_undecided = _set(tmp_path, _two_requirement_rules(BEST_FIRST[:1]))
    crit = only_undecided.criteria[0]
    assert grade_criterion(crit, only_undecided.scales[crit.scale], outcomes).status == "not_assessed"


def test_error_outcome_makes_the_criterion_error(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    crit = cset.criteria[0]
    assert grade_criterion(crit, cset.scales[crit.scale], {"seen": _out("error")}).status == "error"


def test_not_applicable_keeps_the_justification(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    crit = cset.criteria[0]
    grade = grade_criterion(crit, cset.scales[crit.scale], {}, "No counter service in this organisation.")
    assert grade.status == "not_applicable" and "No counter service" in grade.rationale[0]["en"]


def _tell_me_set(tmp_path: Path, sufficient: bool) -> CriteriaSet:
    def mutate(data: dict[str, Any]) -> None:
        crit = data["criteria"][0]
        crit["evidence"] = [
            {"id": "doc", "type": "observation", "role": "show", "description": {"en": "d", "fr": "d"}},
            {"id": "say", "type": "ask", "role": "tell", "description": {"en": "a", "fr": "a"}},
        ]
        crit["grading"] = {
            "rules": [
                {
                    "when": {"any": [{"req": "doc", "is": "satisfied"}, {"req": "say", "is": "satisfied"}]},
                    "then": "compliance",
                }
            ],
            "otherwise": "non_compliance",
        }
        crit["tell_me_sufficient"] = sufficient

    return _set(tmp_path, mutate)


def test_tell_me_alone_is_capped_at_partially_met(tmp_path: Path) -> None:
    cset = _tell_me_set(tmp_path, sufficient=False)
    crit = cset.criteria[0]
    grade = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("unsatisfied"), "say": _out("satisfied")})
    assert (grade.status, grade.corroboration) == ("partially_met", "tell_me_only")
    assert any("capped" in r["en"] for r in grade.rationale)
    corroborated = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("partial"), "say": _out("satisfied")})
    # a partly matching document corroborates the answers but shows no deployment: still partial
    assert (corroborated.status, corroborated.corroboration) == ("partially_met", "show_me")
    assert corroborated.evidence_classes["missing"] == ["deployment"]
    deployed = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("satisfied"), "say": _out("satisfied")})
    assert (deployed.status, deployed.corroboration) == ("met", "show_me")


def test_tell_me_sufficient_lifts_the_cap(tmp_path: Path) -> None:
    cset = _tell_me_set(tmp_path, sufficient=True)
    crit = cset.criteria[0]
    grade = grade_criterion(crit, cset.scales[crit.scale], {"doc": _out("unsatisfied"), "say": _out("satisfied")})
    assert (grade.status, grade.corroboration) == ("met", "tell_me_sufficient")


def _finding(
    cid: str, level: str, score: float | None, status: str, weight: float = 1, required: bool = False
) -> dict[str, Any]:
    return {
        "criterion_id": cid,
        "level": level,
        "elements": ["E1"],
        "weight": weight,
        "required": required,
        "status": status,
        "score": score,
    }


def test_knockout_caps_the_level_and_gating_blocks_the_next(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    findings = [
        _finding("A", "L1", 0, "not_met", required=True),
        *[_finding(f"B{i}", "L1", 100, "met") for i in range(9)],
        _finding("C", "L2", 100, "met"),
    ]
    levels = {lv["id"]: lv for lv in grade_levels(cset, findings, {f["criterion_id"]: 100 for f in findings})}
    assert levels["L1"]["raw_verdict"] == "excellent" and levels["L1"]["verdict"] == "developing"
    assert levels["L1"]["capped_by"] == ["A"] and levels["L1"]["blocked_by"] == ["A"]
    assert not levels["L1"]["achieved"]
    assert levels["L2"]["verdict"] == "excellent" and levels["L2"]["gated_by"] == "L1" and not levels["L2"]["achieved"]


def test_blocked_by_is_the_smallest_lifting_set(tmp_path: Path) -> None:
    cset = _set(tmp_path)
    findings = [
        _finding("HEAVY", "L1", 0, "not_met", weight=5),
        _finding("LIGHT1", "L1", 0, "not_met"),
        _finding("LIGHT2", "L1", 0, "not_met"),
        _finding("OK", "L1", 100, "met", weight=2),
    ]
    level = grade_levels(cset, findings, {f["criterion_id"]: 100 for f in findings})[0]
    assert level["blocked_by"] == ["HEAVY"] and level["projected_score"] == 77.8  # (5*100 + 2*100) / 9


# -- properties ------------------------------------------------------------------------------------

UPWARD = st.sampled_from([["satisfied"], ["satisfied", "partial"]])


@st.composite
def conditions(draw: Any, reqs: list[str], depth: int = 2) -> dict[str, Any]:
    if depth == 0 or draw(st.booleans()):
        return {"req": draw(st.sampled_from(reqs)), "is": draw(UPWARD)}
    kind = draw(st.sampled_from(["all", "any", "at_least"]))
    children = draw(st.lists(conditions(reqs, depth - 1), min_size=1, max_size=3))
    if kind == "at_least":
        return {"at_least": draw(st.integers(1, len(children))), "of": children}
    return {kind: children}


@st.composite
def criteria(draw: Any) -> tuple[list[str], list[dict[str, Any]]]:
    reqs = [f"r{i}" for i in range(draw(st.integers(1, 4)))]
    then = draw(st.lists(st.sampled_from(["compliance", "partial"]), min_size=0, max_size=3))
    rules = [{"when": draw(conditions(reqs)), "then": t} for t in sorted(then, key=lambda t: t != "compliance")]
    return reqs, rules


_CACHE: dict[str, CriteriaSet] = {}


def _property_set(tmp_path_factory: Any, reqs: list[str], rules: list[dict[str, Any]], roles: list[str]) -> CriteriaSet:
    def mutate(data: dict[str, Any]) -> None:
        crit = data["criteria"][0]
        crit["evidence"] = [
            {
                "id": r,
                "type": "observation" if role == "show" else "ask",
                "role": role,
                "description": {"en": r, "fr": r},
            }
            for r, role in zip(reqs, roles, strict=True)
        ]
        crit["grading"] = {"rules": rules, "otherwise": "non_compliance"}

    return _set(tmp_path_factory.mktemp("p"), mutate)


@settings(max_examples=60, deadline=None)
@given(spec=criteria(), data=st.data())
def test_scores_in_range_and_more_evidence_never_lowers(tmp_path_factory: Any, spec: Any, data: Any) -> None:
    reqs, rules = spec
    roles = data.draw(st.lists(st.sampled_from(["show", "tell"]), min_size=len(reqs), max_size=len(reqs)))
    cset = _property_set(tmp_path_factory, reqs, rules, roles)
    crit, scale = cset.criteria[0], cset.scales["compliance"]
    states = {r: data.draw(st.sampled_from(STATES)) for r in reqs}
    before = grade_criterion(crit, scale, {r: _out(s) for r, s in states.items()})
    assert before.score is None or 0 <= before.score <= 100
    # add passing evidence: one requirement improves (insufficient counts as not yet known)
    target = data.draw(st.sampled_from(reqs))
    better = data.draw(
        st.sampled_from(
            [s for s in ("partial", "satisfied") if RANK.get(states[target], -1) < RANK[s]] or ["satisfied"]
        )
    )
    after = grade_criterion(crit, scale, {r: _out(better if r == target else s) for r, s in states.items()})
    assert after.score is None or 0 <= after.score <= 100
    if before.score is not None and after.score is not None:
        assert after.score >= before.score, (states, target, better, rules)
    # order of outcomes never matters
    shuffled = dict(reversed(list({r: _out(s) for r, s in states.items()}.items())))
    again = grade_criterion(crit, scale, shuffled)
    assert (again.status, again.score) == (before.status, before.score)


@settings(max_examples=80, deadline=None)
@given(
    scores=st.lists(
        st.tuples(st.sampled_from(["L1", "L2"]), st.sampled_from([0, 50, 100, None]), st.integers(1, 5), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    pick=st.integers(0, 7),
    data=st.data(),
)
def test_level_scores_in_range_and_monotone(tmp_path_factory: Any, scores: Any, pick: int, data: Any) -> None:
    cset = _CACHE.get("mini") or _CACHE.setdefault("mini", _set(tmp_path_factory.mktemp("m")))
    status = {0: "not_met", 50: "partially_met", 100: "met", None: "not_assessed"}
    findings = [_finding(f"C{i}", lv, s, status[s], w, req) for i, (lv, s, w, req) in enumerate(scores)]
    best = {f["criterion_id"]: 100 for f in findings}
    before = {lv["id"]: lv for lv in grade_levels(cset, findings, best)}
    for lv in before.values():
        assert lv["score"] is None or 0 <= lv["score"] <= 100
    i = pick % len(findings)
    raised = data.draw(st.sampled_from([s for s in (0, 50, 100) if s >= (findings[i]["score"] or 0)]))
    findings[i] = {**findings[i], "score": raised, "status": status[raised]}
    after = {lv["id"]: lv for lv in grade_levels(cset, findings, best)}
    for lid, lv in after.items():
        if before[lid]["score"] is not None:
            assert lv["score"] >= before[lid]["score"]
        assert lv["achieved"] >= before[lid]["achieved"]
    reordered = grade_levels(cset, list(reversed(findings)), best)
    assert reordered == list(after.values())  # order of findings never changes a level
