"""Fixtures for batch and portfolio tests: a handful of small generated sites, made from the mini
organisation by changing what the assessor observed, so that they land on different levels."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from servex.testing import CliRun

DATA = Path(__file__).resolve().parents[1] / "core" / "data"

#: site -> (observation result for MINI-L1-01, MINI-L1-02, MINI-L2-01)
SITES = {
    "lyon": ("satisfied", "partial", "unsatisfied"),
    "nantes": ("unsatisfied", "partial", "unsatisfied"),
    "paris": ("satisfied", "satisfied", "satisfied"),
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SERVEX_LANG", "en")
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("SERVEX_DEBUG", raising=False)


@pytest.fixture
def servex(servex_cli: Callable[..., CliRun]) -> Callable[..., CliRun]:
    return servex_cli


def make_site(root: Path, name: str, results: tuple[str, str, str]) -> Path:
    """A copy of the mini organisation (its criteria set inside it) with these observation results."""
    folder = root / name
    shutil.copytree(DATA / "mini-org", folder)
    shutil.copy(DATA / "mini-set.yaml", folder / "mini-set.yaml")
    manifest = folder / "servex.yaml"
    text = manifest.read_text(encoding="utf-8").replace("Mini Org", f"Mini {name.title()}")
    for criterion, result in zip(("MINI-L1-01", "MINI-L1-02", "MINI-L2-01"), results, strict=True):
        start = text.index(f"criterion: {criterion}")
        begin = text.index("result: ", start) + len("result: ")
        end = text.index(",", begin)
        text = text[:begin] + result + text[end:]
    manifest.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """portfolio.yaml over sites/* (three good sites) with CSV reports into results/."""
    for name, results in SITES.items():
        make_site(tmp_path / "sites", name, results)
    path = tmp_path / "portfolio.yaml"
    path.write_text("sites: [sites/*]\noutput: results\nreports: [csv]\n", encoding="utf-8")
    return path
