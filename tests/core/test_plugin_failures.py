"""One broken plugin must not take servex down: it is reported, its criteria become `error`, the run ends."""

from __future__ import annotations

import json
from pathlib import Path

from servex import ExitCode


def _with_type(org: Path, new_type: str) -> None:
    cset = org / "mini-set.yaml"
    text = cset.read_text(encoding="utf-8")
    last = text.rindex("type: observation")
    cset.write_text(text[:last] + f"type: {new_type}" + text[last + len("type: observation") :], encoding="utf-8")


def test_required_collector_failure_writes_result_and_exits_5(servex, mini_org: Path, tmp_path: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text() + "sources:\n  - {name: helpdesk, collector: flaky, required: true}\n")
    out = tmp_path / "r.json"
    run = servex("-p", "raising_collector", "assess", mini_org, "-o", f"json:{out}")
    assert run.code == ExitCode.COLLECTOR_FAILED, run.err
    result = json.loads(out.read_text())
    assert {f["status"] for f in result["findings"]} == {"error"}
    assert any("helpdesk unreachable" in e["message"] and e["level"] == "error" for e in result["log"])
    source = next(s for s in result["sources"] if s["name"] == "helpdesk")
    assert source["status"] == "failed"
    assert "helpdesk unreachable" in run.err


def test_evaluator_crash_turns_its_criteria_into_error(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_type(mini_org, "fragile")
    out = tmp_path / "r.json"
    run = servex("-p", "raising_evaluator", "assess", mini_org, "-o", f"json:{out}")
    assert run.code == ExitCode.COLLECTOR_FAILED, run.err
    result = json.loads(out.read_text())
    statuses = {f["criterion_id"]: f["status"] for f in result["findings"]}
    assert statuses == {"MINI-L1-01": "met", "MINI-L1-02": "partially_met", "MINI-L2-01": "error"}
    assert any("ZeroDivisionError" in e["message"] for e in result["log"])
    assert "Traceback" not in run.err


def test_plugin_raising_in_a_registration_hook(servex, mini_org: Path, tmp_path: Path) -> None:
    _with_type(mini_org, "licensed")
    out = tmp_path / "r.json"
    run = servex("-p", "raising_registration", "assess", mini_org, "-o", f"json:{out}")
    assert run.code == ExitCode.COLLECTOR_FAILED, run.err
    assert (
        "error: plugin:raising_registration: servex_evaluators raised RuntimeError: licence file not found" in run.err
    )
    result = json.loads(out.read_text())
    assert next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")["status"] == "error"
    assert any(e["source"] == "plugin:raising_registration" for e in result["log"])


def test_strict_plugins_refuses_to_run(servex, mini_org: Path) -> None:
    run = servex("--strict-plugins", "-p", "raising_registration", "assess", mini_org)
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "licence file not found" in run.err and "Traceback" not in run.err


def test_incompatible_plugin_is_reported_and_skipped(servex) -> None:
    run = servex("-p", "future_api", "plugins", "--format", "json")
    assert run.code == 0
    listing = run.json()["data"]
    assert "future_api" not in {p["name"] for p in listing["plugins"]}
    failure = next(f for f in listing["failed"] if f["name"] == "future_api")
    assert "needs servex plugin API >=2" in failure["error"]


def test_required_incompatible_plugin_exits_4(servex, mini_org: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text() + "plugins: {required: [future_api]}\n")
    run = servex("-p", "future_api", "assess", mini_org)
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "future_api" in run.err.splitlines()[-1]


def test_plugins_can_be_disabled(servex, mini_org: Path, monkeypatch) -> None:
    run = servex("--disable-plugin", "observations", "plugins", "--format", "json")
    assert "observations" not in {p["name"] for p in run.json()["data"]["plugins"]}
    monkeypatch.setenv("SERVEX_DISABLE_PLUGINS", "observations,json_report")
    names = {p["name"] for p in servex("plugins", "--format", "json").json()["data"]["plugins"]}
    assert not {"observations", "json_report"} & names
    # without the observation evaluator the mini set cannot be loaded: a clear exit 3, not a crash
    assert servex("assess", mini_org).code == ExitCode.INVALID_INPUT


def test_missing_plugin_module(servex) -> None:
    run = servex("-p", "no_such_module_here", "plugins")
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "no_such_module_here" in run.err


def test_a_failing_report_format_does_not_cost_the_result(servex, mini_org: Path, tmp_path: Path) -> None:
    out, broken = tmp_path / "r.json", tmp_path / "r.txt"
    run = servex("-p", "broken_report", "assess", mini_org, "-o", f"json:{out}", "-o", f"broken:{broken}")
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "report format 'broken' failed: KeyError" in run.err and "Traceback" not in run.err
    assert json.loads(out.read_text())["findings"] and not broken.exists()
