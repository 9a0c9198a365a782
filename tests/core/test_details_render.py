"""Observation 1 of issue 15: a plugin's evaluator details and evidence titles reach the reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from servex import ExitCode
from servex.details import cited_items, metric, table


def _use_type(org: Path) -> None:
    cset = org / "mini-set.yaml"
    text = cset.read_text(encoding="utf-8")
    last = text.rindex("type: observation")
    cset.write_text(text[:last] + "type: acme.replies" + text[last + len("type: observation") :], encoding="utf-8")


def test_details_and_titles_in_markdown_and_html(servex, mini_org: Path, tmp_path: Path) -> None:
    _use_type(mini_org)
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    run = servex(
        "-p", "details_evaluator", "-p", "shuffled_collector", "assess", mini_org,
        "-o", f"md:{md}", "-o", f"html:{html}", "--fail-on", "never",
    )  # fmt: skip
    assert run.code == ExitCode.OK, run.err
    markdown = md.read_text(encoding="utf-8")
    assert "Reply rate = 87.5 % (target ≥ 80 %) ✓" in markdown
    assert "| Google | 12 |" in markdown
    assert "Reply within a day [Note 0]" in markdown  # the cited item names its evidence by title
    assert "Note 0 — " in markdown  # evidence titles beside their provenance
    page = html.read_text(encoding="utf-8")
    assert "Reply rate = 87.5 % (target ≥ 80 %) ✓" in page
    assert "<td>Trustpilot</td><td>9</td>" in page
    assert "A reply in Dutch" in page and "Note 0 — " in page


def test_builders_refuse_malformed_blocks() -> None:
    with pytest.raises(ValueError, match="metric value must be a number"):
        metric("NPS", "high")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        table(["a", "b"], [["x"]])
    with pytest.raises(ValueError, match="target"):
        metric("NPS", 3, target=("=>", 2))
    assert cited_items(["x"])["items"] == [{"text": "x"}]
