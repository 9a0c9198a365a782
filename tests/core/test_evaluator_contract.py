"""Observations 5 and 7 of issue 15: plugin types take `{param: name}`; evaluator crashes are debuggable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servex import ExitCode


def _use_type(org: Path, new_type: str, params: str = "") -> None:
    cset = org / "mini-set.yaml"
    text = cset.read_text(encoding="utf-8")
    last = text.rindex("type: observation")
    tail = text[last + len("type: observation") :]
    if params:
        tail = tail.replace(
            "description: {en: Seen on site, fr: Vu sur site}}",
            f"description: {{en: Seen, fr: Vu}}, params: {params}}}",
            1,
        )
    cset.write_text(text[:last] + f"type: {new_type}" + tail, encoding="utf-8")


def _with_parameter(org: Path) -> None:
    cset = org / "mini-set.yaml"
    text = cset.read_text(encoding="utf-8")
    marker = "  - id: MINI-L2-01\n"
    head, tail = text.split(marker)
    tail = tail.replace(
        "    scale: compliance\n",
        "    scale: compliance\n    parameters: {turnaround: {value: 5, stricter: lower, unit: days}}\n",
        1,
    )
    cset.write_text(head + marker + tail, encoding="utf-8")


def test_param_substitution_for_a_plugin_type_validated_and_tightened(servex, mini_org: Path) -> None:
    _with_parameter(mini_org)
    _use_type(mini_org, "acme.turnaround", "{max_days: {param: turnaround}}")
    check = servex("-p", "param_evaluator", "criteria", "validate", mini_org / "mini-set.yaml")
    assert check.code == ExitCode.OK, check.err
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text() + "parameters: {MINI-L2-01: {turnaround: 2}}\n")
    run = servex("-p", "param_evaluator", "assess", mini_org, "-o", "json:-", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    finding = next(f for f in json.loads(run.out)["findings"] if f["criterion_id"] == "MINI-L2-01")
    assert "judged against max_days=2" in json.dumps(finding)


def test_param_default_that_breaks_the_plugin_schema_is_located(servex, mini_org: Path) -> None:
    _with_parameter(mini_org)
    cset = mini_org / "mini-set.yaml"
    cset.write_text(cset.read_text().replace("turnaround: {value: 5,", "turnaround: {value: -1,"))
    _use_type(mini_org, "acme.turnaround", "{max_days: {param: turnaround}}")
    check = servex("-p", "param_evaluator", "criteria", "validate", cset)
    assert check.code == ExitCode.INVALID_INPUT
    assert "params.max_days" in check.err and "Traceback" not in check.err


@pytest.mark.parametrize("debug", ["1", ""])
def test_evaluator_crash_keeps_its_traceback_under_debug(servex, mini_org: Path, monkeypatch, debug: str) -> None:
    monkeypatch.setenv("SERVEX_DEBUG", debug)
    _use_type(mini_org, "fragile")
    run = servex("-p", "raising_evaluator", "assess", mini_org, "-o", "json:-")
    assert run.code == ExitCode.COLLECTOR_FAILED
    result = json.loads(run.out)
    entry = next(e for e in result["log"] if e["source"] == "evaluator:fragile")
    assert ("Traceback" in entry["message"] and "raising_evaluator.py" in entry["message"]) == bool(debug)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")
    said = " ".join(r["en"] for r in finding["rationale"])
    assert "the evaluator of seen failed" in said
    assert "could not be collected" not in said
