"""A re-run on unchanged documents does no matching, and its result is byte for byte an uncached run's.

What an assessor relies on: re-running after an unrelated change is fast, and the cache never changes a
finding. An edited document, or another requirement, is matched afresh; a damaged cache entry is
matched again, not trusted.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from servex.plugins.documents import _match

DATA = Path(__file__).parent / "data"


def _folder(evidence: Path) -> Path:
    shutil.copy(DATA / "doc-set.yaml", evidence / "doc-set.yaml")
    (evidence / "servex.yaml").write_text(
        'format_version: "1"\n'
        "organisation: {name: Test Org}\n"
        "criteria: doc-set.yaml\n"
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "files:\n"
        "  - {path: policies, tags: [policy]}\n"
        '  - {path: policies/policy-en.pdf, approved: "2025-03-01"}\n'
    )
    return evidence


def _assess(org: Path, out: Path, cache: Path) -> bytes:
    from servex._cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main(["assess", str(org), "-o", f"json:{out}", "--fail-on", "never", "--cache-dir", str(cache), "-q"])
    assert exit_.value.code in (0, None)
    return out.read_bytes()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many document indexes were built (each is the start of matching one document)."""
    calls: list[int] = []
    real = _match.DocIndex.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[_match.DocIndex], segments, lang=None, restated=None, **options):  # type: ignore[no-untyped-def]
        calls.append(len(segments))
        return real(cls, segments, lang, restated, **options)

    monkeypatch.setattr(_match.DocIndex, "build", classmethod(counting))
    return calls


def test_warm_run_matches_nothing_and_writes_the_same_bytes(evidence: Path, tmp_path: Path, builds) -> None:
    org = _folder(evidence)
    uncached = _assess(org, tmp_path / "uncached.json", tmp_path / "cache-a")
    assert builds  # the first run matched
    cold = _assess(org, tmp_path / "cold.json", tmp_path / "cache-b")
    builds.clear()
    warm = _assess(org, tmp_path / "warm.json", tmp_path / "cache-b")
    assert builds == []  # every document's match results came from the cache
    assert cold == uncached and warm == uncached


def test_edited_document_is_matched_again(evidence: Path, tmp_path: Path, builds) -> None:
    org = _folder(evidence)
    first = _assess(org, tmp_path / "a.json", tmp_path / "cache")
    (org / "notes.md").write_text("# Team notes\n\nComplaints are answered within 5 working days.\n")
    builds.clear()
    second = _assess(org, tmp_path / "b.json", tmp_path / "cache")
    assert len(builds) == 1  # only the edited file
    fresh = _assess(org, tmp_path / "c.json", tmp_path / "fresh-cache")
    assert second == fresh and second != first


def test_damaged_entries_are_matched_again(evidence: Path, tmp_path: Path, builds) -> None:
    org = _folder(evidence)
    expected = _assess(org, tmp_path / "a.json", tmp_path / "cache")
    [database] = (tmp_path / "cache" / "documents").glob("match-*.sqlite")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE match SET value = '{\"complete\": true}'")
        db.execute("UPDATE folder SET value = '{}'")  # the folder's outcomes gone: the entries are read
    builds.clear()
    assert _assess(org, tmp_path / "b.json", tmp_path / "cache") == expected
    assert builds  # matched again instead of trusting the damaged entries


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which requirements the document evaluator worked out (rather than took from the folder's record)."""
    from servex.plugins.documents import _evaluate

    calls: list[str] = []
    real = _evaluate._evaluate

    def counting(requirement, ctx):  # type: ignore[no-untyped-def]
        calls.append(requirement.id)
        return real(requirement, ctx)

    monkeypatch.setattr(_evaluate, "_evaluate", counting)
    return calls


def test_warm_run_judges_nothing(evidence: Path, tmp_path: Path, judged: list[str]) -> None:
    org = _folder(evidence)
    cold = _assess(org, tmp_path / "cold.json", tmp_path / "cache")
    assert judged  # the first run worked every requirement out
    judged.clear()
    assert _assess(org, tmp_path / "warm.json", tmp_path / "cache") == cold
    assert judged == []  # one record of the folder's outcomes answered every requirement


def test_a_damaged_folder_record_is_worked_out_again(evidence: Path, tmp_path: Path, judged: list[str]) -> None:
    org = _folder(evidence)
    expected = _assess(org, tmp_path / "a.json", tmp_path / "cache")
    [database] = (tmp_path / "cache" / "documents").glob("match-*.sqlite")
    with sqlite3.connect(database) as db:
        [(value,)] = db.execute("SELECT value FROM folder").fetchall()
        record = json.loads(value)
        for entry in record.values():
            del entry["outcome"]["details"]  # as a record from an older or broken servex might be
        db.execute("UPDATE folder SET value = ?", (json.dumps(record),))
    judged.clear()
    assert _assess(org, tmp_path / "b.json", tmp_path / "cache") == expected
    assert sorted(judged) == sorted(record_id.split("\0")[1] for record_id in record)


def test_another_period_is_judged_afresh(evidence: Path, tmp_path: Path, judged: list[str]) -> None:
    """Document ages are counted to the period's end: the folder's outcomes for one period never serve
    another."""
    org = _folder(evidence)
    _assess(org, tmp_path / "a.json", tmp_path / "cache")
    manifest = org / "servex.yaml"
    manifest.write_text(manifest.read_text().replace('end: "2025-12-31"', 'end: "2027-06-30"'))
    judged.clear()
    later = _assess(org, tmp_path / "b.json", tmp_path / "cache")
    assert judged
    assert later == _assess(org, tmp_path / "c.json", tmp_path / "fresh-cache")


def test_a_changed_pdf_is_the_only_one_read_again(evidence: Path, tmp_path: Path, monkeypatch) -> None:
    """A re-run after one PDF changed extracts that PDF alone and reports what a first run would."""
    from servex.plugins.documents import _prematch

    extracted: list[str] = []
    real = _prematch.extract

    def counting(path: str, limits):  # type: ignore[no-untyped-def]
        extracted.append(Path(path).name)
        return real(path, limits)

    monkeypatch.setattr(_prematch, "extract", counting)
    org = _folder(evidence)
    _assess(org, tmp_path / "a.json", tmp_path / "cache")
    assert "policy-en.pdf" in extracted and "charte-fr.pdf" in extracted
    pdf = org / "policies" / "charte-fr.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% saved again\n")  # new bytes, same text
    extracted.clear()
    second = _assess(org, tmp_path / "b.json", tmp_path / "cache")
    assert extracted == ["charte-fr.pdf"]
    assert second == _assess(org, tmp_path / "c.json", tmp_path / "fresh-cache")
