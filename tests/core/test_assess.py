"""`servex assess` end to end on a small organisation: grades, determinism, exit codes, manifest checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servex import ExitCode


def _assess(servex, org: Path, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    out = tmp_path / "result.json"
    run = servex("assess", org, "-o", f"json:{out}", *extra)
    return run, (json.loads(out.read_text()) if out.exists() else None)


def _finding(result: dict, cid: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in result["findings"] if f["criterion_id"] == cid)


def test_grades_levels_and_cites_evidence(servex, mini_org: Path, tmp_path: Path) -> None:
    run, result = _assess(servex, mini_org, tmp_path, "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    met = _finding(result, "MINI-L1-01")
    assert met["status"] == "met" and met["score"] == 100
    assert met["evidence_ids"] and set(met["evidence_ids"]) <= {e["id"] for e in result["evidence"]}
    assert "Charter posted at the counter." in met["rationale"][0]["en"]
    assert _finding(result, "MINI-L1-02")["status"] == "partially_met"
    not_met = _finding(result, "MINI-L2-01")
    assert not_met["status"] == "not_met" and not_met["recommendation"]["en"] == "Act on feedback."
    levels = {lv["id"]: lv for lv in result["levels"]}
    assert levels["L1"]["score"] == pytest.approx(100 * 2 / 3 + 50 / 3, abs=0.1)
    assert levels["L1"]["achieved"] and not levels["L2"]["achieved"]
    assert levels["L2"]["blocked_by"] == ["MINI-L2-01"]
    assert result["readiness"]["highest_level_achieved"] == "L1"
    assert result["criteria_set"]["id"] == "test-mini" and len(result["criteria_set"]["sha256"]) == 64


def test_fail_on_sets_the_exit_code(servex, mini_org: Path, tmp_path: Path) -> None:
    assert _assess(servex, mini_org, tmp_path)[0].code == ExitCode.GAPS_FOUND  # default: not_met
    assert _assess(servex, mini_org, tmp_path, "--fail-on", "error")[0].code == ExitCode.OK
    assert _assess(servex, mini_org, tmp_path, "--fail-on", "partially_met")[0].code == ExitCode.GAPS_FOUND


def test_same_inputs_same_bytes(servex, mini_org: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    servex("assess", mini_org, "-o", f"json:{a}", "--fail-on", "never")
    servex("assess", mini_org, "-o", f"json:{b}", "--fail-on", "never")
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text())["generated_at"] == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_evidence_order_never_changes_the_result(
    servex, mini_org: Path, tmp_path: Path, monkeypatch, seed: str
) -> None:
    monkeypatch.setenv("SHUFFLE_SEED", "0")
    base = tmp_path / "base.json"
    servex("-p", "shuffled_collector", "assess", mini_org, "-o", f"json:{base}", "--fail-on", "never")
    monkeypatch.setenv("SHUFFLE_SEED", seed)
    other = tmp_path / "other.json"
    servex("-p", "shuffled_collector", "assess", mini_org, "-o", f"json:{other}", "--fail-on", "never")
    assert json.loads(base.read_text())["statistics"]["evidence_items"] == 9
    assert base.read_bytes() == other.read_bytes()


def test_not_applicable_needs_and_keeps_a_justification(servex, mini_org: Path, tmp_path: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "not_applicable:\n  - {criterion: MINI-L2-01, "
        "justification: We sell no product that customers could give feedback on.}\n"
    )
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.OK, run.err
    finding = _finding(result, "MINI-L2-01")
    assert finding["status"] == "not_applicable" and finding["score"] is None
    assert "We sell no product" in finding["not_applicable_justification"]
    assert result["not_applicable"][0]["criterion_id"] == "MINI-L2-01"


def test_a_knockout_cannot_be_declared_not_applicable(servex, mini_org: Path, tmp_path: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "not_applicable:\n  - {criterion: MINI-L1-01, justification: Not our thing at all.}\n"
    )
    run, result = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.INVALID_INPUT and result is None
    assert "servex.yaml:" in run.err and "MINI-L1-01 is required" in run.err


def test_manifest_errors_are_located(servex, mini_org: Path, tmp_path: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text().replace("period:", "periode:"))
    run, _ = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.INVALID_INPUT
    assert "servex.yaml:4:1: unknown key 'periode'; did you mean 'period'?" in run.err


def test_unknown_collector_in_manifest_is_a_plugin_error(servex, mini_org: Path, tmp_path: Path) -> None:
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text() + "sources:\n  - {name: crm, collector: salesforce}\n")
    run, _ = _assess(servex, mini_org, tmp_path)
    assert run.code == ExitCode.PLUGIN_ERROR
    assert "salesforce" in run.err and len(run.err.strip().splitlines()) == 1


def test_missing_evidence_folder_is_a_usage_error(servex, tmp_path: Path) -> None:
    """Like a missing file argument: exit 2, one line (issue 20 observed exit 3)."""
    run, _ = _assess(servex, tmp_path / "nope", tmp_path)
    assert run.code == ExitCode.USAGE_ERROR
    assert run.err.strip().splitlines() == [f"error: evidence folder not found: {tmp_path / 'nope'}"]


def test_outputs_are_shareable_files(servex, mini_org: Path, tmp_path: Path) -> None:
    """Outputs are written atomically through a temp file, yet get the usual 0666-less-umask mode."""
    import os

    old = os.umask(0o022)
    try:
        run, _ = _assess(servex, mini_org, tmp_path, "--fail-on", "never")
    finally:
        os.umask(old)
    assert run.code == ExitCode.OK, run.err
    assert (tmp_path / "result.json").stat().st_mode & 0o777 == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_unwritable_output_is_one_line_before_any_work(servex, mini_org: Path, tmp_path: Path) -> None:
    """Output paths are checked before collecting (issue 20): a typo in -o costs no run, writes nothing."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    good = tmp_path / "result.json"
    run = servex("assess", mini_org, "-o", f"json:{good}", "-o", f"md:{blocker / 'report.md'}", "--fail-on", "never")
    assert run.code == ExitCode.USAGE_ERROR
    assert run.err.splitlines() == [f"error: output md:{blocker / 'report.md'}: {blocker} is not a folder"]
    assert not good.exists()


def test_a_failing_write_costs_only_its_own_output(mini_org: Path, tmp_path: Path) -> None:
    """Past the early check (a disk filling up, a folder removed meanwhile), the other outputs are still written."""
    from servex._cli.outputs import write_outputs
    from servex._plugins import load_plugins

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    good = tmp_path / "result.json"
    specs = [("json", str(blocker / "result.json")), ("json", str(good))]
    written, failure = write_outputs(specs, {"findings": []}, load_plugins(), lang="en")
    assert written == [str(good)] and json.loads(good.read_text()) == {"findings": []}
    assert failure is not None and str(failure).startswith(f"cannot write {blocker / 'result.json'}: ")
