"""Fixtures for core tests: run the real CLI in-process and capture what a user would see."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from core_support import DATA
from servex.testing import CliRun


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("SERVEX_DEBUG", raising=False)
    monkeypatch.syspath_prepend(str(Path(__file__).parent / "plugins_for_tests"))


@pytest.fixture
def servex(servex_cli: Callable[..., CliRun]) -> Callable[..., CliRun]:
    """Run `servex ARGS...` through the real entry point (servex.testing's `servex_cli`)."""
    return servex_cli


@pytest.fixture
def mini_org(tmp_path: Path) -> Path:
    """A copy of the mini organisation with a copy of its criteria set inside it, free to modify.

    The set lies inside the folder because a manifest may not name a criteria file outside it."""
    shutil.copytree(DATA / "mini-org", tmp_path / "mini-org")
    shutil.copy(DATA / "mini-set.yaml", tmp_path / "mini-org" / "mini-set.yaml")
    return tmp_path / "mini-org"
