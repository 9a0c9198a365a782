"""Fixtures for the vendor-kit tests: the real CLI in-process, a fixed clock and a private cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("SERVEX_DEBUG", raising=False)


@pytest.fixture
def servex(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run `servex ARGS...` through the real entry point, returning exit code, stdout and stderr."""
    from servex._cli.main import main

    def run(*args: object) -> CliRun:
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
