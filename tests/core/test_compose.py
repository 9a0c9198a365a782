"""Observation 2 of issue 15: criteria sets can be extended and combined.

`extends:` a criteria set adds, replaces and removes criteria and overrides parameters; mistakes are
located exit-3 errors. `criteria: [a, b]` and repeated `--criteria` grade several sets in one run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from servex import CriteriaSet, ExitCode, load_criteria_set

LOCATED = re.compile(r"^error: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \(at (?P<path>\$[^)]*)\)$")

_OBS = "evidence: [{id: seen, type: observation, role: show, description: {en: Seen, fr: Vu}}]"
_GRADING = "grading: {rules: [{when: {req: seen, is: satisfied}, then: compliance}], otherwise: non_compliance}"


def _criterion(cid: str, level: str = "L2", element: str = "E3", indent: str = "  ") -> str:
    body = [
        f"- id: {cid}",
        f"  level: {level}",
        f"  elements: [{element}]",
        "  title: {en: Reviews answered, fr: Avis traités}",
        "  statement: {en: Online reviews get an answer., fr: Les avis en ligne reçoivent une réponse.}",
        "  recommendation: {en: Answer reviews., fr: Répondre aux avis.}",
        "  weight: 2",
        "  scale: compliance",
        f"  {_OBS}",
        f"  {_GRADING}",
    ]
    return "\n".join(indent + line for line in body) + "\n"


_HEAD = """format_version: "1"
id: acme-pyramid
version: 1.0.0
extends: servex-pyramid
title: {en: Pyramid with reviews, fr: Pyramide avec avis}
"""


def _write(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    """Sets live in the evidence folder: a manifest may only name a criteria file inside it."""
    (tmp_path / "org").mkdir(exist_ok=True)
    path = tmp_path / "org" / name
    path.write_text(text, encoding="utf-8")
    return path


def _show(path: Path) -> CriteriaSet:
    return load_criteria_set(str(path), base_dir=path.parent)


def test_extending_the_pyramid_adds_replaces_removes_and_overrides(servex, tmp_path: Path) -> None:
    text = (
        _HEAD
        + "references: [{id: acme-survey, title: Acme survey method}]\n"
        + "remove: [PYR-L4-10]\n"
        + "parameters: {PYR-L1-05: {csat_target: 85}}\n"
        + "replace:\n"
        + _criterion("PYR-L2-03", "L2", "E5")
        + "criteria:\n"
        + _criterion("ACME-L2-01")
        + _criterion("ACME-L3-01", "L3", "E6")
    )
    path = _write(tmp_path, text)
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.OK, run.err
    shown = _show(path)
    ids = [c.id for c in shown.criteria]
    assert "PYR-L4-10" not in ids
    assert ids[-2:] == ["ACME-L2-01", "ACME-L3-01"]
    assert len(ids) == 57 - 1 + 2
    assert shown.criterion("PYR-L2-03").title["en"] == "Reviews answered"
    assert shown.criterion("PYR-L1-05").parameters["csat_target"].value == 85
    assert shown.criterion("PYR-L1-04").parameters["abandon_max"].value == 8
    assert [lv.id for lv in shown.levels] == ["L1", "L2", "L3", "L4"]
    assert shown.scales.keys() >= {"compliance", "maturity"}
    assert {"acme-survey", "iso-10002", "iso-23592"} <= {r["id"] for r in shown.references}


def test_composition_mistakes_are_located_exit_3(servex, tmp_path: Path) -> None:
    text = (
        _HEAD
        + "remove: [PYR-L9-01]\n"
        + "parameters: {PYR-L1-05: {csat_goal: 85}}\n"
        + "replace:\n"
        + _criterion("ACME-L1-09", "L1", "E1")
        + "criteria:\n"
        + _criterion("PYR-L1-01", "L1", "E1")
        + _criterion("ACME-L2-01", "L7", "E3")
    )
    path = _write(tmp_path, text)
    lines = text.splitlines()
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT, run.err
    assert "Traceback" not in run.err
    found = {m["path"]: m for m in map(LOCATED.match, run.err.splitlines()) if m}
    assert "no such criterion" in found["$.remove[0]"]["msg"]
    assert "PYR-L9-01" in lines[int(found["$.remove[0]"]["line"]) - 1]
    assert "no parameter 'csat_goal'" in found["$.parameters.PYR-L1-05.csat_goal"]["msg"]
    assert "cannot replace 'ACME-L1-09'" in found["$.replace[0].id"]["msg"]
    assert "use 'replace:'" in found["$.criteria[0].id"]["msg"]
    assert "unknown level 'L7'" in found["$.criteria[1].level"]["msg"]
    assert len(found) == 5, run.err


def test_compose_keys_need_a_parent_set(servex, tmp_path: Path) -> None:
    text = _HEAD.replace("extends: servex-pyramid", "extends: servex-model") + "remove: [PYR-L1-01]\n"
    text += "criteria:\n" + _criterion("ACME-L2-01")
    run = servex("criteria", "validate", _write(tmp_path, text))
    assert run.code == ExitCode.INVALID_INPUT
    assert "need 'extends:' naming a criteria set" in run.err


def _org(tmp_path: Path, criteria: str) -> Path:
    org = tmp_path / "org"
    org.mkdir(exist_ok=True)
    (org / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Org}\n'
        f"criteria: {criteria.replace('../', '')}\n"
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "observations:\n"
        "  - {criterion: ACME-L2-01, requirement: seen, result: satisfied, note: Replies seen.,\n"
        '     observed_by: A. Assessor, date: "2025-11-02"}\n',
        encoding="utf-8",
    )
    return org


def test_manifest_with_two_sets_grades_both(servex, tmp_path: Path) -> None:
    _write(
        tmp_path,
        _HEAD.replace("acme-pyramid", "acme-extra").replace("servex-pyramid", "servex-model")
        + "criteria:\n"
        + _criterion("ACME-L2-01"),
        "org-extra.yaml",
    )
    org = _org(tmp_path, "[servex-complaints, ../org-extra.yaml]")
    run = servex("assess", org, "-o", "json:-", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    result = json.loads(run.out)
    ids = {f["criterion_id"] for f in result["findings"]}
    assert "ACME-L2-01" in ids
    assert any(i.startswith("CMP-") for i in ids)
    assert result["criteria_set"]["id"] == "servex-complaints+acme-extra"


def test_repeated_criteria_option_keeps_every_set(servex, tmp_path: Path) -> None:
    _write(
        tmp_path,
        _HEAD.replace("acme-pyramid", "acme-extra").replace("servex-pyramid", "servex-model")
        + "criteria:\n"
        + _criterion("ACME-L2-01"),
        "org-extra.yaml",
    )
    org = _org(tmp_path, "servex-pyramid")
    run = servex(
        "assess",
        org,
        "--criteria",
        "servex-complaints",
        "--criteria",
        str(tmp_path / "org" / "org-extra.yaml"),
        "-o",
        "json:-",
        "--fail-on",
        "never",
    )
    assert run.code == ExitCode.OK, run.err
    ids = {f["criterion_id"] for f in json.loads(run.out)["findings"]}
    assert "ACME-L2-01" in ids and any(i.startswith("CMP-") for i in ids)
    assert not any(i.startswith("PYR-") for i in ids)


def test_sets_with_one_criterion_twice_cannot_be_combined(servex, tmp_path: Path) -> None:
    org = _org(tmp_path, "[servex-pyramid, ../acme.yaml]")
    _write(tmp_path, _HEAD + "criteria:\n" + _criterion("ACME-L2-01"))
    run = servex("assess", org, "-o", "json:-")
    assert run.code == ExitCode.INVALID_INPUT
    assert "is in both servex-pyramid and acme-pyramid" in run.err
    assert run.out == ""


def test_a_partial_set_is_not_ready_for_an_external_assessment(servex, tmp_path: Path) -> None:
    """Observation 10: L2 only, L1 out of scope, must not read as ready."""
    partial = _HEAD.replace("acme-pyramid", "acme-l2").replace("servex-pyramid", "servex-model")
    _write(tmp_path, partial + "criteria:\n" + _criterion("ACME-L2-01"), "org-extra.yaml")
    org = _org(tmp_path, "../org-extra.yaml")
    run = servex("assess", org, "-o", "json:-", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    result = json.loads(run.out)
    assert result["readiness"]["state"] == "partial_scope"
    statement = result["readiness"]["statement"]["en"]
    assert "ready for an external assessment" not in statement.replace("not ready for an external", "")
    assert "L1" in statement and "out of scope" in statement


def test_an_extends_cycle_is_a_located_error(servex, tmp_path: Path) -> None:
    path = _write(tmp_path, _HEAD.replace("extends: servex-pyramid", "extends: cycle-a") + "remove: [PYR-L1-01]\n")
    run = servex("-p", "cycle_sets", "criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT, run.err
    # the parent is loaded first, so the cycle is reported, alone, where it is closed
    assert run.err.splitlines() == [
        "error: cycle-b.yaml:4:10: 'extends' forms a cycle: cycle-b -> cycle-a -> cycle-b (at $.extends)"
    ]


def test_a_plugin_set_extending_the_pyramid_lists_and_loads_composed(servex) -> None:
    run = servex("-p", "ext_set", "criteria", "list", "--format", "json")
    assert run.code == 0, run.err
    listed = {entry["id"]: entry for entry in run.json()["data"]["sets"]}
    assert listed["acme-lean"]["criteria"] == 55
    assert listed["servex-pyramid"]["criteria"] == 57
    check = servex("-p", "ext_set", "criteria", "validate", "acme-lean")
    assert check.code == 0, check.err
    assert "55 criteria" in check.err
