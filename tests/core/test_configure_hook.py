"""Issue 15: a hook that receives the run's configuration, so a contribution can depend on it."""

from __future__ import annotations

import json
from pathlib import Path

from servex import ExitCode


def _use_type(org: Path, settings: str | None) -> None:
    cset = org / "mini-set.yaml"
    text = cset.read_text(encoding="utf-8")
    last = text.rindex("type: observation")
    cset.write_text(text[:last] + "type: acme.configured" + text[last + len("type: observation") :], encoding="utf-8")
    if settings is not None:
        manifest = org / "servex.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + settings, encoding="utf-8")


def _told(result: Path) -> tuple[str, str]:
    data = json.loads(result.read_text(encoding="utf-8"))
    for finding in data["findings"]:
        for requirement in finding["requirements"]:
            if requirement["type"] == "acme.configured":
                return requirement["state"], requirement["message"]["en"]
    raise AssertionError("no acme.configured requirement graded")


def test_the_manifest_settings_reach_the_plugin(servex, mini_org: Path, tmp_path: Path) -> None:
    _use_type(mini_org, "plugins:\n  settings:\n    configured_evaluator: {max_days: 5}\n")
    out = tmp_path / "r.json"
    run = servex(
        "-p", "configured_evaluator", "assess", mini_org, "-o", f"json:{out}", "--fail-on", "never", "--lang", "fr"
    )
    assert run.code == ExitCode.OK, run.err
    state, told = _told(out)
    assert state == "unsatisfied"
    assert told == "max_days=5 lang=fr start=2025-01-01 offline=False"


def test_without_settings_the_plugin_keeps_its_default(servex, mini_org: Path, tmp_path: Path) -> None:
    _use_type(mini_org, None)
    out = tmp_path / "r.json"
    run = servex("-p", "configured_evaluator", "assess", mini_org, "-o", f"json:{out}", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    assert _told(out) == ("satisfied", "max_days=3 lang=en start=2025-01-01 offline=False")


def test_a_setting_the_plugin_refuses_is_exit_3(servex, mini_org: Path) -> None:
    _use_type(mini_org, "plugins:\n  settings:\n    configured_evaluator: {max_days: -1}\n")
    run = servex("-p", "configured_evaluator", "assess", mini_org, "--fail-on", "never")
    assert run.code == ExitCode.INVALID_INPUT
    assert "max_days must be a whole number, not -1" in run.err and "Traceback" not in run.err


def test_settings_for_a_plugin_not_loaded_are_located(servex, mini_org: Path) -> None:
    _use_type(mini_org, "plugins:\n  settings:\n    configured_evaluatr: {max_days: 2}\n")
    run = servex("-p", "configured_evaluator", "assess", mini_org, "--fail-on", "never")
    assert run.code == ExitCode.INVALID_INPUT
    assert "servex.yaml:" in run.err and "no loaded plugin is named 'configured_evaluatr'" in run.err


def test_a_crash_in_configure_names_the_plugin(servex, mini_org: Path) -> None:
    _use_type(mini_org, None)
    run = servex("-p", "configured_evaluator", "-p", "crashing_configure", "assess", mini_org, "--fail-on", "never")
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "plugin crashing_configure: servex_configure raised KeyError" in run.err
