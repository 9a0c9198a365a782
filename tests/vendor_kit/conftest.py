"""Fixtures for the vendor-kit tests: the real CLI in-process, a fixed clock and a private cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from servex.testing import CliRun


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("SERVEX_DEBUG", raising=False)


@pytest.fixture
def servex(servex_cli: Callable[..., CliRun]) -> Callable[..., CliRun]:
    """Run `servex ARGS...` through the real entry point (servex.testing's `servex_cli`)."""
    return servex_cli
