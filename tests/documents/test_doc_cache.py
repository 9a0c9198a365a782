"""Extracted text is cached by content hash outside the evidence folder; unchanged files are not re-read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from servex.plugins.documents import _prematch
from servex.plugins.documents._extract import EXTRACTOR_VERSION
from servex.plugins.documents._matchcache import MATCHER_VERSION


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the collector extracts (cache misses), in order."""
    calls: list[str] = []
    real = _prematch.extract

    def counting(path: str, limits: Any) -> dict[str, Any]:
        calls.append(Path(path).name)
        return real(path, limits)

    monkeypatch.setattr(_prematch, "extract", counting)  # where each new document is read
    return calls


def test_second_run_extracts_nothing(collect, evidence: Path, tmp_path: Path, extractions: list[str]) -> None:
    before = _files(evidence)
    first, _ = collect(evidence)
    assert len(extractions) == 8
    second, ctx = collect(evidence)
    assert len(extractions) == 8  # no new extraction
    assert [i.to_json() for i in first] == [i.to_json() for i in second]
    assert [i.payload for i in first] == [i.payload for i in second]
    assert not ctx.log
    assert _files(evidence) == before  # nothing written next to the evidence
    names = sorted(p.name for p in (tmp_path / "cache" / "documents").iterdir())
    # extracted text, and what it was found to show
    assert names == [f"match-v{MATCHER_VERSION}-x{EXTRACTOR_VERSION}.sqlite", f"text-v{EXTRACTOR_VERSION}.sqlite"]


def test_changed_or_renamed_files(collect, evidence: Path, extractions: list[str]) -> None:
    collect(evidence)
    extractions.clear()
    (evidence / "notes.md").write_text("# Team notes\n\nChanged.\n")
    (evidence / "policies" / "charte-fr.pdf").rename(evidence / "charte-copy.pdf")
    items, _ = collect(evidence)
    assert extractions == ["notes.md"]  # the renamed PDF has the same content, so the same cache entry
    assert "charte-copy.pdf" in {i.provenance.source for i in items}


def test_unwritable_cache_only_slows_down(collect, evidence: Path, tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("not a folder")
    items, ctx = collect(evidence)
    assert len(items) == 8
    assert [e.level for e in ctx.log] == ["warning"] and "cannot be written" in ctx.log[0].message
