"""Fixtures of the case-sample tests: the real command line (`servex cases draw`, `servex assess`) run
in-process on a small organisation, with a private cache and a fixed clock, as an assessor would use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from case_support import MANIFEST, Cli, complaints_csv, criteria_yaml, read_csv


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "org"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "complaints.csv").write_text(complaints_csv(), encoding="utf-8")
    (folder / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "cases.yaml").write_text(criteria_yaml("CASE-01"), encoding="utf-8")
    return folder


@pytest.fixture
def draw(servex_cli: Cli, org: Path) -> Callable[..., list[str]]:
    """`servex cases draw ORG --criterion CASE-01`; returns the drawn case ids from the worksheet."""

    def run(*extra: str) -> list[str]:
        done = servex_cli("cases", "draw", org, "--criterion", "CASE-01", *extra)
        assert done.code == 0, done.err
        rows = read_csv(org / "cases" / "CASE-01-trace.csv")
        return [row["case_id"] for row in rows]

    return run
