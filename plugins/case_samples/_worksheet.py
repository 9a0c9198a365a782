"""The case-tracing worksheet: written by `servex cases draw`, read back from `cases/` by the collector.

One row per drawn case with the columns `case_id, practice, followed, note, assessor, date`. Headers are
fixed English keys whatever the language of the practice text, so a French worksheet imports the same
way. CSV (comma or semicolon, UTF-8 or Windows-1252, as spreadsheet programs save it) and XLSX.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "FOLLOWED", "Row", "RowProblem", "WorksheetError", "read_worksheet", "to_csv", "to_xlsx"]

COLUMNS = ("case_id", "practice", "followed", "note", "assessor", "date")
SHEET = "Cases"
#: What an assessor may type in `followed`, normalised to yes / no / n.a. (blank: not traced yet).
FOLLOWED = {
    **dict.fromkeys(("yes", "y", "oui", "o", "ja", "j", "true", "1"), "yes"),
    **dict.fromkeys(("no", "n", "non", "nein", "false", "0"), "no"),
    **dict.fromkeys(
        ("n.a.", "n.a", "na", "n/a", "not applicable", "s.o.", "so", "sans objet", "entfällt", "entfallt", "n.z."),
        "n.a.",
    ),
}


class WorksheetError(Exception):
    """The whole file is unusable (unreadable, no `case_id` or `followed` column)."""


@dataclass(frozen=True)
class Row:
    line: int  #: row number in the file (the header is row 1)
    locator: str  #: `line N` (CSV) or `sheet "Cases", row N` (XLSX), as findings cite it
    case_id: str
    followed: str | None  #: yes | no | n.a. | None (not traced)
    note: str
    assessor: str
    date: str | None  #: ISO date


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str


def to_csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: Sequence[Sequence[str]], about: Sequence[tuple[str, str]], fixed: datetime) -> bytes:
    """The worksheet as XLSX with a yes/no/n.a. drop-down; `fixed` stamps every date so bytes repeat."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append(list(values))
    choice = DataValidation(type="list", formula1='"yes,no,n.a."', allow_blank=True)
    sheet.add_data_validation(choice)
    if rows:
        choice.add(f"C2:C{len(rows) + 1}")
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (16, 60, 10, 50, 20, 12), strict=True):
        sheet.column_dimensions[column].width = width
    info = book.create_sheet("About")
    for key, value in about:
        info.append([key, value])
    naive = fixed.astimezone(UTC).replace(tzinfo=None)
    book.properties.created = naive
    buffer = io.BytesIO()
    book.save(buffer)
    return _restamp(buffer.getvalue(), naive)


def _restamp(data: bytes, moment: datetime) -> bytes:
    """Rewrite the zip with one fixed timestamp per member and in the properties (openpyxl uses the wall clock)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the wall clock on save
                fixed = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + fixed, data)
            dst.writestr(zipfile.ZipInfo(info.filename, stamp), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _key(header: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(text)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for values in reader:
        yield start, values
        start = reader.line_num + 1


def _xlsx_rows(path: Path) -> tuple[str, list[tuple[int, list[Any]]]]:
    """The sheet read (`Cases`, else the first) and its rows."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or foreign file: openpyxl raises many kinds
        raise WorksheetError(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = [(n, list(values)) for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        return str(sheet.title), rows
    finally:
        book.close()


def _cells(header: dict[str, int], values: Sequence[Any]) -> Callable[[str], Any]:
    """Look a row's value up by column key; a short row reads as blank."""

    def cell(name: str) -> Any:
        index = header.get(name)
        return values[index] if index is not None and index < len(values) else None

    return cell


def _unsigned(case_id: str, followed: str | None, note: str, assessor: str, when: str | None) -> tuple[str, str] | None:
    """(field, message) when a traced row lacks what makes it a record an assessor signs: who traced the
    case and when, and, for n.a., why the practice does not apply. What was observed: marking the cases that
    failed "n.a.", with no word of why, took them out of the denominator and lifted 60 % to 100 %; and a row
    with no assessor and no date counted like a traced one."""
    if followed is None:
        return None  # not traced yet
    if not assessor:
        return "assessor", f"case {case_id} is traced with no assessor named; row ignored"
    if when is None:
        return "date", f"case {case_id} is traced with no date; row ignored"
    if followed == "n.a." and not note:
        return "note", f"case {case_id} is marked n.a. with no note saying why the practice does not apply; row ignored"
    return None


def read_worksheet(path: Path) -> tuple[list[Row], list[RowProblem]]:
    """The traced rows and one problem per bad row; raises WorksheetError when the file is unusable."""
    xlsx = path.suffix.lower() == ".xlsx"
    sheet_name, source = _xlsx_rows(path) if xlsx else ("", list(_csv_rows(path)))
    rows: list[Row] = []
    problems: list[RowProblem] = []
    header: dict[str, int] | None = None
    for line, values in source:
        if header is None:
            header = {_key(v): i for i, v in enumerate(values) if _key(v)}
            missing = [c for c in ("case_id", "followed") if c not in header]
            if missing:
                raise WorksheetError(f"row 1 lacks the column(s) {', '.join(missing)} (expected {', '.join(COLUMNS)})")
            continue
        cell = _cells(header, values)
        case_id, followed_raw = _text(cell("case_id")), _text(cell("followed")).lower()
        if not case_id and not followed_raw:
            continue  # a blank row, or a drawn case not traced and without id: nothing to say
        if not case_id:
            problems.append(RowProblem(line, "case_id", "no case id; row ignored"))
            continue
        followed = FOLLOWED.get(followed_raw) if followed_raw else None
        if followed_raw and followed is None:
            problems.append(
                RowProblem(line, "followed", f"{followed_raw!r} is not yes, no or n.a.; row {case_id} ignored")
            )
            continue
        try:
            when = _date(cell("date")) if _text(cell("date")) else None
        except ValueError:
            problems.append(
                RowProblem(line, "date", f"{_text(cell('date'))!r} is not a date (YYYY-MM-DD); row {case_id} ignored")
            )
            continue
        note, assessor = _text(cell("note")), _text(cell("assessor"))
        unsigned = _unsigned(case_id, followed, note, assessor, when)
        if unsigned is not None:
            problems.append(RowProblem(line, *unsigned))
            continue
        locator = f'sheet "{sheet_name}", row {line}' if xlsx else f"line {line}"
        rows.append(Row(line, locator, case_id, followed, note, assessor, when))
    if header is None:
        raise WorksheetError(f"empty file (expected the columns {', '.join(COLUMNS)})")
    return rows, problems
