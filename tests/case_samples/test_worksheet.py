"""Reading worksheets as spreadsheet programs save them: semicolons, Windows-1252, synonyms, Excel dates."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from servex.plugins.case_samples._worksheet import WorksheetError, read_worksheet


@pytest.mark.parametrize(("yes", "no", "na"), [("oui", "Non", "s.o."), ("Ja", "nein", "entfällt")])
def test_semicolon_cp1252_csv_with_french_or_german_answers(tmp_path: Path, yes: str, no: str, na: str) -> None:
    """A German worksheet's "Ja", "Nein" and "entfällt" are read as a French one's "oui", "Non", "s.o."."""
    sheet = tmp_path / "w.csv"
    text = (
        "Case ID;practice;Followed;note;assessor;date\n"
        f"A1;p;{yes};reçu;Zoé;12/01/2026\nA2;p;{no};;Zoé;12/01/2026\nA3;p;{na};clôturé;Zoé;12/01/2026\nA4;p;;;;\n"
    )
    sheet.write_bytes(text.encode("cp1252"))
    rows, problems = read_worksheet(sheet)
    assert problems == []
    assert [(r.case_id, r.followed, r.line) for r in rows] == [
        ("A1", "yes", 2),
        ("A2", "no", 3),
        ("A3", "n.a.", 4),
        ("A4", None, 5),
    ]
    assert (rows[0].note, rows[0].assessor, rows[0].date) == ("reçu", "Zoé", "2026-01-12")


def test_xlsx_dates_and_numeric_ids(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["case_id", "followed", "assessor", "date"])
    sheet.append([1042, "YES", "Zoé", datetime(2026, 1, 12, 9, 30)])
    book.save(tmp_path / "w.xlsx")
    [row], problems = read_worksheet(tmp_path / "w.xlsx")
    assert problems == [] and (row.case_id, row.followed, row.date) == ("1042", "yes", "2026-01-12")
    assert row.locator == 'sheet "Sheet1", row 2'


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty file"), ("id,result\nA1,yes\n", "row 1 lacks the column(s) case_id, followed")],
)
def test_unusable_files_say_why(tmp_path: Path, content: str, message: str) -> None:
    sheet = tmp_path / "w.csv"
    sheet.write_text(content, encoding="utf-8")
    with pytest.raises(WorksheetError, match=re.escape(message)):
        read_worksheet(sheet)
