"""The findings and the action plan as one workbook (openpyxl), a sheet each, same columns as the CSVs.

Scores are numbers and due dates dates, so a GRC import or a filter works on them; the file is dated with
the result's own day and every archive member pinned to it, so the same result gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from servex.plugins.exports._tables import ACTION_COLUMNS, COLUMNS, action_rows, finding_rows, safe_cell

__all__ = ["SHEETS", "tables_xlsx"]

SHEETS = ("Findings", "Actions")
_WIDTHS = {"id": 14, "title": 40, "level": 6, "status": 14, "score": 7, "evidence": 40, "gap": 60, "action": 60,
           "owner": 24, "due_date": 12, "priority": 8}


def _day(value: Any) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _sheet(book: Any, title: str, columns: Sequence[str], rows: list[dict[str, Any]], first: bool) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    due_column = columns.index("due_date") + 1
    for row in rows:
        values = [safe_cell(row[c]) for c in columns]
        due = _day(row["due_date"])
        if due is not None:
            values[due_column - 1] = due
        sheet.append(values)
        if due is not None:
            sheet.cell(row=sheet.max_row, column=due_column).number_format = "yyyy-mm-dd"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _WIDTHS.get(column, 12)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def tables_xlsx(result: Mapping[str, Any], lang: str) -> bytes:
    from openpyxl import Workbook
    from servex.plugins.reports._workbook_bytes import workbook_bytes

    day = _day(result.get("generated_at")) or _dt.date(1980, 1, 1)
    stamp = _dt.datetime.combine(max(day, _dt.date(1980, 1, 1)), _dt.time())
    book = Workbook()
    _sheet(book, SHEETS[0], COLUMNS, finding_rows(result, lang), first=True)
    _sheet(book, SHEETS[1], ACTION_COLUMNS, action_rows(result, lang), first=False)
    book.properties.creator = "servex"
    book.properties.created = book.properties.modified = stamp
    return workbook_bytes(book, stamp)

