"""The tutorial of docs/plugins.md holds up to the conformance check, and its step-5 tests pass."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from servex.testing import check_collector, make_evidence_folder

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HEADER = "Response ID,How likely are you to recommend Acme to a friend?\n"


@pytest.fixture
def tutorial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, ModuleType]]:
    """The tutorial's code, as test_tutorial.py assembles it, importable as acme_servex_nps."""
    text = DOC.read_text(encoding="utf-8").split("## Tutorial", 1)[1]
    folder = tmp_path / "tutorial"
    folder.mkdir()
    (folder / "acme_servex_nps.py").write_text("\n\n".join(re.findall(r"```python\n(.*?)```", text, re.S)))
    monkeypatch.syspath_prepend(str(folder))
    yield folder, importlib.import_module("acme_servex_nps")
    sys.modules.pop("acme_servex_nps", None)


def test_tutorial_collector_is_conformant(tutorial: tuple[Path, ModuleType], tmp_path: Path) -> None:
    _, module = tutorial
    [collector] = module.servex_collectors()
    folder = make_evidence_folder(tmp_path / "org", {"exports/nps.csv": HEADER + "r1,10\nr2,9\nr3,4\n"})
    report = check_collector(collector, folder, {"file": "exports/nps.csv"}, workdir=tmp_path)
    assert report.passed, str(report)


def test_tutorial_tests_pass(tutorial: tuple[Path, ModuleType], tmp_path: Path) -> None:
    folder, _ = tutorial
    (folder / "test_acme_nps.py").write_text(
        "from acme_servex_nps import test_collector_is_conformant, test_nps_is_judged  # noqa: F401\n"
    )
    env = {**os.environ, "PYTHONPATH": str(folder), "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_acme_nps.py"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
