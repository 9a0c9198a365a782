"""Questionnaire answers: scored on each question's scale, aggregated per role, bad answers named and
left out while the rest still count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SET = yaml.safe_load((REPO / "tests/core/data/mini-set.yaml").read_text(encoding="utf-8"))


def _org(tmp_path: Path, responses: list[dict[str, Any]], version: str = "1.0.0") -> Path:
    cset = json.loads(json.dumps(SET))
    crit = cset["criteria"][2]  # MINI-L2-01
    crit["questions"] = [
        {
            "id": "q_often",
            "type": "scale",
            "roles": ["management", "staff"],
            "text": {"en": "How often?", "fr": "À quelle fréquence ?"},
            "choices": [
                {"id": i, "label": {"en": i, "fr": i}, "score": s}
                for i, s in (("never", 0), ("rarely", 25), ("often", 75), ("always", 100))
            ],
        },
        {"id": "q_done", "type": "yes_no", "roles": ["customer"], "text": {"en": "Done?", "fr": "Fait ?"}},
    ]
    crit["evidence"].append(
        {
            "id": "asked",
            "type": "questionnaire",
            "role": "tell",
            "description": {"en": "Asked", "fr": "Demandé"},
            "params": {
                "question": "q_often",
                "target": {"op": ">=", "value": 75},
                "partial_target": {"op": ">=", "value": 50},
                "min_respondents": 3,
            },
        }
    )
    crit["grading"]["rules"].insert(
        0,
        {
            "when": {"any": [{"req": "seen", "is": "satisfied"}, {"req": "asked", "is": "satisfied"}]},
            "then": "compliance",
        },
    )
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(cset, allow_unicode=True), encoding="utf-8")
    org = tmp_path / "org"
    (org / "answers").mkdir(parents=True)
    manifest = (REPO / "tests/core/data/mini-org/servex.yaml").read_text(encoding="utf-8")
    (org / "servex.yaml").write_text(manifest.replace("mini-set.yaml", "set.yaml"), encoding="utf-8")
    (org / "set.yaml").write_bytes((tmp_path / "set.yaml").read_bytes())  # a manifest names files inside only
    body = {"format_version": "1", "criteria_set": "test-mini", "criteria_version": version, "responses": responses}
    (org / "answers" / "round1.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    return org


def _who(rid: str, role: str) -> dict[str, str]:
    return {"id": rid, "name": f"P. {rid}", "role": role}


def _said(rid: str, role: str, answers: dict[str, Any], when: str = "2025-10-01") -> dict[str, Any]:
    """One response, dated within the period."""
    return {"respondent": _who(rid, role), "answered_at": when, "answers": answers}


def _run(org: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "r.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "servex", "assess", str(org), "-o", f"json:{out}", "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _asked(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "asked")


def test_roles_are_aggregated_and_disagreement_is_flagged(tmp_path: Path) -> None:
    org = _org(
        tmp_path,
        [
            {
                "respondent": _who("m1", "management"),
                "answered_at": "2025-10-01",
                "answers": {"MINI-L2-01": {"q_often": "always"}},
            },
            {
                "respondent": _who("s1", "staff"),
                "answered_at": "2025-10-02",
                "answers": {"MINI-L2-01": {"q_often": "rarely"}},
            },
            {
                "respondent": _who("s2", "staff"),
                "answered_at": "2025-10-02",
                "answers": {"MINI-L2-01": {"q_often": "never"}},
            },
        ],
    )
    asked = _asked(_run(org, tmp_path))
    details = asked["details"]
    assert details["by_role"]["management"]["median"] == 100 and details["by_role"]["staff"]["median"] == 12.5
    assert details["disagreement"] == [{"roles": ["management", "staff"], "medians": [100, 12.5]}]
    assert asked["state"] == "unsatisfied"  # median of 100, 25, 0 is 25
    assert "management answers 'always'" in asked["message"]["en"]
    assert "la direction" in asked["message"]["fr"]


def test_bad_answers_are_named_and_the_rest_count(tmp_path: Path) -> None:
    org = _org(
        tmp_path,
        [
            _said("m1", "management", {"MINI-L2-01": {"q_often": "always"}}),
            _said("m2", "management", {"MINI-L2-01": {"q_often": "sometimes"}}),
            _said("m1", "management", {"MINI-L2-01": {"q_often": "never"}}),
            _said("s1", "staff", {"MINI-L2-01": {"q_often": "often", "q_nope": 3}, "MINI-L9-99": {"q": 1}}),
            _said("c1", "customer", {"MINI-L2-01": {"q_done": "maybe"}}),
            _said("s2", "staff", {"MINI-L2-01": {"q_often": "always"}}),
        ],
        version="0.9.0",
    )
    result = _run(org, tmp_path)
    messages = [(e["file"], e["field"], e["message"]) for e in result["log"] if e["source"] == "questionnaires"]
    text = "\n".join(m for _, _, m in messages)
    assert all(f == "answers/round1.yaml" for f, _, _ in messages)
    assert "'sometimes' to MINI-L2-01/q_often ignored" in text
    assert "respondent m1 answers twice" in text
    assert "MINI-L2-01 has no question 'q_nope'" in text
    assert "unknown criterion 'MINI-L9-99'" in text
    assert "'maybe' to MINI-L2-01/q_done ignored: expected yes or no" in text
    assert "version 0.9.0" in text
    assert ("answers/round1.yaml", "responses[1].answers.MINI-L2-01.q_often") in {(f, fld) for f, fld, _ in messages}
    asked = _asked(result)
    assert [a["respondent"] for a in asked["details"]["answers"]] == ["P. m1", "P. s1", "P. s2"]
    assert asked["state"] == "satisfied"


def test_too_few_respondents_is_not_assessed_and_answers_alone_are_capped(tmp_path: Path) -> None:
    org = _org(
        tmp_path,
        [
            {"respondent": _who("m1", "management"), "answers": {"MINI-L2-01": {"q_often": "always"}}},
        ],
    )
    manifest = org / "servex.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "result: unsatisfied, note: No change log.", "result: partial, note: A change log exists."
        )
    )
    result = _run(org, tmp_path)
    assert _asked(result)["state"] == "insufficient"
    assert next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")["status"] == "not_assessed"


def test_answers_without_a_date_or_dated_far_from_the_period_are_named_and_not_used(tmp_path: Path) -> None:
    """What was observed: responses with no `answered_at`, with "sometime", or dated 2019 and 2031 for a
    2025 period counted like interviews held at the visit and made the requirement satisfied."""
    dated = [None, "2025-10-01", "sometime", "2019-03-01", "2031-01-01", "2026-02-01"]
    org = _org(
        tmp_path,
        [
            {"respondent": _who(f"s{i}", "staff"), "answers": {"MINI-L2-01": {"q_often": "always"}}}
            | ({"answered_at": when} if when else {})
            for i, when in enumerate(dated)
        ],
    )
    result = _run(org, tmp_path)
    log = {e["field"]: (e["level"], e["message"]) for e in result["log"] if e["source"] == "questionnaires"}
    assert log["responses[0].answered_at"] == (
        "error",
        "respondent s0: no answered_at: when the answers were given is unknown, so they are not used",
    )
    assert (
        log["responses[2].answered_at"][0] == "error"
        and "'sometime' is not a date" in log["responses[2].answered_at"][1]
    )
    assert (
        log["responses[3].answered_at"][0] == "warning"
        and "more than a year before the period starts" in log["responses[3].answered_at"][1]
    )
    assert (
        log["responses[4].answered_at"][0] == "warning"
        and "more than a year after the period ends" in log["responses[4].answered_at"][1]
    )
    asked = _asked(result)
    # the visit's interviews, a month after the period, still speak for it
    assert [a["respondent"] for a in asked["details"]["answers"]] == ["P. s1", "P. s5"]
    assert asked["state"] == "insufficient"  # two dated answers, three needed


def test_answers_copied_into_a_second_file_count_once(tmp_path: Path) -> None:
    """What was observed: two staff interviewed (three needed) left the requirement insufficient; the same
    answers file copied under another name, its respondents renumbered, made four respondents, and the
    requirement satisfied, without a word."""
    two = [_said(f"s{i}", "staff", {"MINI-L2-01": {"q_often": "always"}}) for i in (1, 2)]
    org = _org(tmp_path, two)
    assert _asked(_run(org, tmp_path))["state"] == "insufficient"
    first = (org / "answers" / "round1.yaml").read_text(encoding="utf-8")
    renumbered = first.replace("id: s1", "id: s3").replace("id: s2", "id: s4")
    assert renumbered != first
    (org / "answers" / "round2.yaml").write_text("# second site visit\n" + renumbered, encoding="utf-8")
    result = _run(org, tmp_path)
    asked = _asked(result)
    assert asked["state"] == "insufficient"
    assert [a["respondent"] for a in asked["details"]["answers"]] == ["P. s1", "P. s2"]
    log = [(e["file"], e["field"], e["message"]) for e in result["log"] if e["source"] == "questionnaires"]
    assert ("answers/round2.yaml", "responses[0]", "respondent s3 (P. s1) already answered in "
            "answers/round1.yaml; this response is not counted again") in log


def test_the_same_person_in_two_interview_files_counts_once_but_two_waves_of_an_export_both_count(
    tmp_path: Path,
) -> None:
    """A respondent id with a name is a person the assessor interviewed: the same one in a second file is
    counted once. Respondents identified only by a row or a tool's id (no name) are different people in
    two files unless everything they answered, and when, is the same."""
    org = _org(tmp_path, [_said("s1", "staff", {"MINI-L2-01": {"q_often": "always"}})])
    again = {"format_version": "1", "criteria_set": "test-mini", "criteria_version": "1.0.0", "responses": [
        _said("s1", "staff", {"MINI-L2-01": {"q_often": "often"}}, when="2025-10-02"),  # the same person
        {"respondent": {"id": "7", "role": "staff"}, "answered_at": "2025-10-03",
         "answers": {"MINI-L2-01": {"q_often": "often"}}},
    ]}  # fmt: skip
    (org / "answers" / "round2.yaml").write_text(yaml.safe_dump(again), encoding="utf-8")
    wave = {**again, "responses": [
        {"respondent": {"id": "7", "role": "staff"}, "answered_at": "2025-11-03",
         "answers": {"MINI-L2-01": {"q_often": "always"}}},
    ]}  # fmt: skip
    (org / "answers" / "round3.yaml").write_text(yaml.safe_dump(wave), encoding="utf-8")
    asked = _asked(_run(org, tmp_path))
    assert sorted((a["respondent"], a["value"]) for a in asked["details"]["answers"]) == [
        ("7", "always"), ("7", "often"), ("P. s1", "always"),
    ]  # fmt: skip
