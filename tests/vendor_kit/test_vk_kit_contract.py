"""Observation 8 of issue 15: the testing kit says what it means."""

from __future__ import annotations

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
