"""The telecom sample assessed once for every export test (about a second)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from export_support import REPO, run_servex


@pytest.fixture(scope="session")
def telecom_result_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("telecom-exports")
    done = run_servex(
        "assess", str(REPO / "evidence_samples/telecom-operator"), "-o", "json:result.json", "--fail-on", "never",
        cwd=tmp,
    )
    assert done.returncode == 0, done.stderr
    return tmp / "result.json"


@pytest.fixture(scope="session")
def _telecom(telecom_result_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(telecom_result_file.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def telecom(_telecom: dict[str, Any]) -> dict[str, Any]:
    """A copy each test may change."""
    return copy.deepcopy(_telecom)
