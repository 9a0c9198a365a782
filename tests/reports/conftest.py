"""Fixtures for the HTML/PDF report tests: the synthetic result, and the telecom sample assessed once."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from report_support import REPO, run_servex, synthetic

_SYNTHETIC = synthetic()


@pytest.fixture
def result() -> dict[str, Any]:
    return copy.deepcopy(_SYNTHETIC)


@pytest.fixture(scope="session")
def telecom_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The telecom sample assessed once per session (about a second)."""
    tmp = tmp_path_factory.mktemp("telecom")
    done = run_servex(
        "assess",
        str(REPO / "evidence_samples/telecom-operator"),
        "-o",
        "json:result.json",
        "--fail-on",
        "never",
        cwd=tmp,
    )
    assert done.returncode == 0, done.stderr
    return tmp / "result.json"


@pytest.fixture(scope="session")
def telecom(telecom_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(telecom_file.read_text(encoding="utf-8"))
    return data
