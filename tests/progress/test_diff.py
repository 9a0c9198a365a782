"""`servex diff`: causes it can name from two results, what it says when it cannot, and bad inputs."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from progress_support import DATA
from servex import ExitCode


def _write(path: Path, result: dict[str, Any]) -> Path:
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def _diff(servex_cli, old: Path, new: Path, *extra: str):  # type: ignore[no-untyped-def]
    return servex_cli("diff", old, new, *extra)


def test_identical_results_change_nothing(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _write(tmp_path / "a.json", base_result)
    run = _diff(servex_cli, a, a, "--format", "json")
    assert run.code == 0, run.err
    changes = json.loads(run.out)
    assert changes["criteria"] == [] and changes["levels"] == [] and changes["run_causes"] == []
    assert "No grade, score or exception changed." in _diff(servex_cli, a, a).out


def test_a_change_the_results_cannot_explain_is_said_to_be_unexplained(
    servex_cli, base_result, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    new = copy.deepcopy(base_result)
    finding = next(f for f in new["findings"] if f["criterion_id"] == "MINI-L1-02")
    finding["status"], finding["score"] = "met", 100.0  # nothing else differs: no evidence, no exception
    a, b = _write(tmp_path / "a.json", base_result), _write(tmp_path / "b.json", new)
    item = json.loads(_diff(servex_cli, a, b, "--format", "json").out)["criteria"][0]
    assert item["criterion_id"] == "MINI-L1-02" and item["causes"] == [] and not item["explained"]
    md = _diff(servex_cli, a, b).out
    assert "The two results show no difference that explains this change." in md


def test_run_wide_changes_are_named_and_not_pinned_on_a_criterion(
    servex_cli, base_result, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    new = copy.deepcopy(base_result)
    plugin = next(p for p in new["plugins"] if p["name"] == "observations")
    plugin["version"] = "9.9.9"
    new["criteria_set"]["version"] = "2.0.0"
    finding = next(f for f in new["findings"] if f["criterion_id"] == "MINI-L1-02")
    finding["status"], finding["score"] = "met", 100.0
    a, b = _write(tmp_path / "a.json", base_result), _write(tmp_path / "b.json", new)
    changes = json.loads(_diff(servex_cli, a, b, "--format", "json").out)
    kinds = {c["kind"]: c for c in changes["run_causes"]}
    assert kinds["plugin_changed"] == {"kind": "plugin_changed", "name": "observations",
                                       "old": base_result_version(base_result), "new": "9.9.9"}
    assert kinds["criteria_set_changed"]["new"]["version"] == "2.0.0"
    assert changes["criteria"][0]["causes"] == []  # the results cannot tell which of them moved it
    md = _diff(servex_cli, a, b).out
    assert "Plugin observations: " in md and "9.9.9" in md and "may explain it" in md


def base_result_version(result: dict[str, Any]) -> str:
    return str(next(p for p in result["plugins"] if p["name"] == "observations")["version"])


def test_parameter_and_exception_expiry_are_causes(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old, new = copy.deepcopy(base_result), copy.deepcopy(base_result)
    exc = {"criterion_id": "MINI-L2-01", "kind": "accepted_risk", "reason": "Known gap, fixed in Q3.",
           "approver": "COO", "expires": "2026-06-30", "state": "active"}
    next(f for f in old["findings"] if f["criterion_id"] == "MINI-L2-01")["exception"] = exc
    next(f for f in new["findings"] if f["criterion_id"] == "MINI-L2-01")["exception"] = {**exc, "state": "expired"}
    changed = next(f for f in new["findings"] if f["criterion_id"] == "MINI-L1-02")
    changed["parameters"] = {"threshold": 4.0}
    changed["status"] = "met"
    a, b = _write(tmp_path / "a.json", old), _write(tmp_path / "b.json", new)
    by_id = {c["criterion_id"]: c for c in json.loads(_diff(servex_cli, a, b, "--format", "json").out)["criteria"]}
    assert by_id["MINI-L2-01"]["causes"][0]["kind"] == "exception_expired"
    assert {"kind": "parameter_changed", "name": "threshold", "old": None, "new": 4.0} in by_id["MINI-L1-02"]["causes"]
    fr = _diff(servex_cli, a, b, "--lang", "fr").out
    assert "Dérogation expirée le 30 juin 2026" in fr and "Depuis la dernière évaluation" in fr


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a result JSON"), ('{"format_version": "7"}', "its format_version is '7'"),
     ('{"format_version": "1"}', "not a complete servex result")],
)
def test_a_bad_result_file_is_one_located_line(
    servex_cli, base_result, tmp_path: Path, content: str, message: str  # type: ignore[no-untyped-def]
) -> None:
    good = _write(tmp_path / "a.json", base_result)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = tmp_path / "diff.md"
    run = _diff(servex_cli, good, bad, "-o", out)
    assert run.code == ExitCode.INVALID_INPUT and not out.exists()
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0] and "Traceback" not in run.err


def test_diff_never_overwrites_an_input(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _write(tmp_path / "a.json", base_result)
    before = a.read_bytes()
    run = _diff(servex_cli, a, a, "--format", "json", "-o", a)
    assert run.code == ExitCode.INVALID_INPUT and a.read_bytes() == before


def test_a_bad_baseline_stops_assess_before_collecting(servex_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(DATA / "mini-org", tmp_path / "org")
    shutil.copy(DATA / "mini-set.yaml", tmp_path / "org" / "mini-set.yaml")
    bad = tmp_path / "old.json"
    bad.write_text("[]")
    out = tmp_path / "new.json"
    run = servex_cli("assess", tmp_path / "org", "--baseline", bad, "-o", f"json:{out}")
    assert run.code == ExitCode.INVALID_INPUT and not out.exists()
    assert "not a servex result" in run.err


def test_an_edited_observation_is_named_with_its_place_in_the_manifest(servex_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    org = tmp_path / "org"
    shutil.copytree(DATA / "mini-org", org)
    shutil.copy(DATA / "mini-set.yaml", org / "mini-set.yaml")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert servex_cli("assess", org, "-o", f"json:{a}", "--fail-on", "never").code == 0
    manifest = org / "servex.yaml"
    before, after = "result: partial, note: Two of three staff", "result: satisfied, note: All staff"
    manifest.write_text(manifest.read_text().replace(before, after))
    assert servex_cli("assess", org, "-o", f"json:{b}", "--fail-on", "never").code == 0
    item = json.loads(_diff(servex_cli, a, b, "--format", "json").out)["criteria"][0]
    assert item["criterion_id"] == "MINI-L1-02" and item["new"]["status"] == "met"
    (cause,) = item["causes"]
    assert cause["kind"] == "evidence_changed" and cause["source"] == "servex.yaml"
    assert cause["locators"] == ["observations[1]"]
    assert r"servex.yaml (observations\[1\]) changed: sha256" in _diff(servex_cli, a, b).out  # Markdown-escaped
