"""One meeting written up twice is one set of minutes (see `_shape`), and an undated file is dated by the
"Date:" line its text gives (see `_stated_date`).

What was observed: Harbour Cycles' November review, copied as a "December review" with its dates and
figures changed and both files declared in servex.yaml, satisfied PYR-L2-08's two sets of minutes: the
copy check compared bytes, and the bytes differ.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docfiles import assess_folder

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "evidence_samples/harbour-cycles/records"
MANIFEST = """format_version: "1"
organisation: {{name: Harbour Cycles}}
criteria: servex-pyramid
period: {{start: "2025-01-01", end: "2025-12-31"}}
files:
{files}
"""


def _minutes_outcome(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-08")
    return next(r for r in finding["requirements"] if r["details"].get("required") == 2)


def _folder(root: Path, name: str, minutes: dict[str, str], declared: bool) -> Path:
    folder = root / name
    folder.mkdir()
    for file, text in minutes.items():
        (folder / file).write_text(text, "utf-8")
    if declared:
        months = {"June": "06", "November": "11", "December": "12"}
        lines = []
        for file, text in minutes.items():
            day, month = re.search(r"Date: (\d+) (\w+) 2025", text).groups()  # type: ignore[union-attr]
            issued = f"2025-{months[month]}-{int(day):02d}"
            lines.append(f'  - {{path: {file}, tags: [management-review], issued: "{issued}"}}')
        files = "\n".join(lines)
        (folder / "servex.yaml").write_text(MANIFEST.format(files=files), "utf-8")
    return folder


def _recycled() -> dict[str, str]:
    november = (RECORDS / "monthly-review-2025-11.md").read_text("utf-8")
    december = (
        november.replace("October", "Nov-figures").replace("November", "December").replace("Nov-figures", "November")
        .replace("Date: 25 December", "Date: 16 December").replace("15 jobs", "18 jobs").replace("all 15", "all 18")
    )  # fmt: skip
    return {"monthly-review-2025-11.md": november, "monthly-review-2025-12.md": december}


def test_minutes_copied_with_other_dates_and_figures_are_one_document(tmp_path: Path) -> None:
    recycled = _minutes_outcome(assess_folder(_folder(tmp_path, "recycled", _recycled(), declared=True), tmp_path))
    assert recycled["state"] == "partial"
    assert "monthly-review-2025-12.md" in recycled["message"]["en"]
    assert "the same text with only its dates and figures changed" in recycled["message"]["en"]
    real = {f.name: f.read_text("utf-8") for f in sorted(RECORDS.glob("monthly-review-*.md"))}
    assert _minutes_outcome(assess_folder(_folder(tmp_path, "real", real, declared=True), tmp_path))["state"] == (
        "satisfied"
    )  # two different meetings


def test_minutes_with_no_declared_date_are_dated_by_their_date_line(tmp_path: Path) -> None:
    real = {f.name: f.read_text("utf-8") for f in sorted(RECORDS.glob("monthly-review-*.md"))}
    outcome = _minutes_outcome(assess_folder(_folder(tmp_path, "undeclared", real, declared=False), tmp_path))
    assert outcome["state"] == "satisfied"
    assert sorted(d["stated_date"] for d in outcome["details"]["documents"]) == ["2025-06-24", "2025-11-25"]
