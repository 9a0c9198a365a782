"""Observation 8 of issue 15: the testing kit says what it means."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from servex.testing import CheckResult, ConformanceReport, make_evidence_folder, run_assessment

REPO = Path(__file__).resolve().parents[2]


def test_a_failing_conformance_report_is_falsy() -> None:
    failing = ConformanceReport("acme", [CheckResult("runs", True, "ok"), CheckResult("ids", False, "dup")])
    passing = ConformanceReport("acme", [CheckResult("runs", True, "ok")])
    assert not failing and passing
    assert [c.name for c in failing.failures] == ["ids"]


def test_messages_can_be_read_twice(tmp_path: Path) -> None:
    folder = make_evidence_folder(tmp_path / "org", {"notes.txt": "nothing to see\n"})
    run = run_assessment(folder)
    messages = run.messages()
    assert isinstance(messages, list)
    assert run.messages() == messages == [entry["message"] for entry in run.log]


def test_the_testing_extra_brings_pytest() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("pytest") for dep in project["optional-dependencies"]["testing"])
    kit = (REPO / "plugins" / "vendor_kit" / "templates" / "pyproject.toml.j2").read_text(encoding="utf-8")
    assert 'test = ["servex[testing]"]' in kit


def test_folder_helper_names_the_bad_file(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(TypeError, match=re.escape("content of 'data/n.csv' must be str or bytes, not int")):
        make_evidence_folder(tmp_path / "a", {"data/n.csv": 3})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match=re.escape("'../escape.txt' must be a relative path inside the folder")):
        make_evidence_folder(tmp_path / "b", {"../escape.txt": "x"})
    assert not (tmp_path / "a").exists() and not (tmp_path / "escape.txt").exists()
