"""Which files are documents: other collectors' files are left alone, manifest metadata is applied."""

from __future__ import annotations

from pathlib import Path

from docfiles import write_xlsx


def test_files_owned_elsewhere_are_skipped(collect, tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    (root / "answers").mkdir(parents=True)
    (root / "exports").mkdir()
    (root / ".git").mkdir()
    (root / "servex.yaml").write_text("format_version: '1'\n")
    (root / "answers" / "ops.txt").write_text("answers")
    (root / ".git" / "HEAD.txt").write_text("ref")
    (root / ".draft.md").write_text("# hidden")
    (root / "~$policy.docx").write_bytes(b"lock file")
    for name in ("tickets.csv", "calls.ndjson", "survey.jsonl", "complaints.parquet"):
        (root / "exports" / name).write_text("id\n1\n")
    write_xlsx(root / "exports" / "tickets.xlsx", {"Tickets": [["id"], [1]]})
    write_xlsx(root / "plan.xlsx", {"Plan": [["Publish the leaflet"]]})
    (root / "photo.png").write_bytes(b"\x89PNG")
    (root / "skip-me.txt").write_text("excluded by config")
    (root / "policy.md").write_text("# Policy\n")
    manifest = {
        "sources": [
            {"name": "tickets", "collector": "tabular", "config": {"path": "exports/tickets.xlsx"}},
        ]
    }
    items, ctx = collect(root, manifest, {"exclude": ["skip-*"]})
    assert [i.provenance.source for i in items] == ["plan.xlsx", "policy.md"]
    assert not ctx.log


def test_folder_metadata_applies_below_and_the_file_entry_wins(collect, tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    (root / "hr" / "2025").mkdir(parents=True)
    (root / "hr" / "2025" / "training.md").write_text("# Training log\n")
    (root / "hr" / "charter.md").write_text("# Charter\n")
    (root / "hr" / ".archive.md").write_text("# Old charter\n")
    manifest = {
        "files": [
            {"path": "hr", "tags": ["hr"], "owner": "HR", "language": "en", "approved": "2025-01-01"},
            {
                "path": "hr/2025/training.md",
                "title": "Training 2025",
                "tags": ["training"],
                "approved": "2025-06-01",
                "period": {"start": "2025-01-01", "end": "2025-06-30"},
                "supports": ["PYR-L3-02"],
            },
            {"path": "hr/.archive.md", "tags": ["archive"]},
        ]
    }
    items, ctx = collect(root, manifest)
    assert not ctx.log
    docs = {i.provenance.source: i for i in items}
    assert sorted(docs) == [
        "hr/.archive.md",
        "hr/2025/training.md",
        "hr/charter.md",
    ]  # named hidden file counts
    training = docs["hr/2025/training.md"]
    assert training.title == "Training 2025" and training.tags == ("hr", "training")
    assert training.supports == ("PYR-L3-02",)
    assert training.attributes["owner"] == "HR" and training.attributes["date"] == "2025-06-01"
    assert (training.provenance.period_start, training.provenance.period_end) == ("2025-01-01", "2025-06-30")
    charter = docs["hr/charter.md"]
    assert charter.tags == ("hr",) and charter.attributes["approved"] == "2025-01-01"
    assert docs["hr/.archive.md"].tags == ("archive", "hr")


def test_named_file_of_an_unreadable_kind_is_reported(collect, tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    root.mkdir()
    (root / "org-chart.png").write_bytes(b"\x89PNG")
    items, ctx = collect(root, {"files": [{"path": "org-chart.png", "tags": ["org"]}]})
    assert items == []
    assert [(e.level, e.file) for e in ctx.log] == [("warning", "org-chart.png")]
    assert "cannot be read as a document" in ctx.log[0].message
