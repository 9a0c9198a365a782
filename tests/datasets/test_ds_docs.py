"""docs/evidence-data.md lists the canonical fields exactly as the collector knows them."""

from __future__ import annotations

from pathlib import Path

from servex.plugins.datasets._fields_doc import BEGIN, END, fields_markdown

DOC = Path(__file__).parents[2] / "docs/evidence-data.md"


def test_the_canonical_fields_table_matches_the_code() -> None:
    text = DOC.read_text("utf-8")
    block = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert block == fields_markdown(), (
        "docs/evidence-data.md is out of date: run "
        "`.venv/bin/python -m servex.plugins.datasets._fields_doc docs/evidence-data.md`"
    )
