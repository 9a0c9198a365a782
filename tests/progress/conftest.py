"""Fixtures for the certification-cycle tests: a fixed run clock and a private cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from progress_support import DATA


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)


@pytest.fixture(scope="module")
def base_result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real result of the mini organisation, assessed once for the module."""
    from servex.testing import run_cli

    tmp = tmp_path_factory.mktemp("mini")
    shutil.copytree(DATA / "mini-org", tmp / "org")
    shutil.copy(DATA / "mini-set.yaml", tmp / "org" / "mini-set.yaml")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
    mp.setenv("SERVEX_CACHE_DIR", str(tmp / "cache"))
    try:
        assert run_cli("assess", tmp / "org", "-o", f"json:{tmp / 'r.json'}", "--fail-on", "never", "-q") == 0
    finally:
        mp.undo()
    result: dict[str, Any] = json.loads((tmp / "r.json").read_text())
    return result
