"""A comma in a number is read as the column's values say: a decimal mark or a thousands separator.

What was observed: numbers were read with the comma as a decimal mark everywhere. A calls export from an
English system, waits written "1,020" (seventeen minutes), was read as waits of 1.02 seconds: every long
wait counted as answered within 20 seconds, and the service level printed as met. A management-information
export ("Offered: 14,007") was refused as "abandoned more than offered", which was not the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, write_csv

CALLS = ["id", "started_at", "abandoned", "wait_seconds"]


def _waits(values: list[str]) -> list[list[Any]]:
    return [[f"c{i}", f"2025-03-{1 + i % 28:02d}T09:{i % 60:02d}:00Z", "no", f'"{v}"'] for i, v in enumerate(values)]


def _numbers(item: Any, column: str, order: str = "id") -> list[Any]:
    import duckdb

    query = f"SELECT \"{column}\" FROM read_parquet('{item.payload}') ORDER BY {order}"
    return [r[0] for r in duckdb.connect().execute(query).fetchall()]


def _errors(ctx: Any) -> list[Any]:
    return [e for e in ctx.log if e.level == "error"]


def test_waits_with_thousands_separators_are_refused_until_the_file_says_what_the_comma_is(
    evidence: Path, collect: Collect
) -> None:
    waits = ["12", "1,020", "45", "2,400", "8"]
    path = write_csv(evidence, "calls.csv", CALLS, _waits(waits))
    items, ctx = collect({"path": path, "dataset": "calls"})
    error = _errors(ctx)[0]
    assert items == [] and error.field == "wait_seconds" and error.line == 3
    assert "'1,020'" in error.message and "decimal_mark" in error.message
    items, ctx = collect({"path": path, "dataset": "calls", "decimal_mark": "."})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [12.0, 1020.0, 45.0, 2400.0, 8.0]


@pytest.mark.parametrize(
    ("waits", "read_as"),
    [
        (["12,5", "1,020", "3"], [12.5, 1.02, 3.0]),  # "12,5" settles it: a decimal comma
        (["1,020", "1,234,567", "3"], [1020.0, 1234567.0, 3.0]),  # several groups: thousands
        (["1,020.5", "1,020", "3"], [1020.5, 1020.0, 3.0]),  # a group before a decimal point: thousands
        (["0,125", "1,020", "3"], [0.125, 1.02, 3.0]),  # a first group of 0: a decimal comma
        (["1.250", "2.5", "3"], [1.25, 2.5, 3.0]),  # "2.5" settles it: a decimal point
        (["1.250", "0.125", "3"], [1.25, 0.125, 3.0]),  # a first group of 0: a decimal point
        (["1.250", "1.5000", "3"], [1.25, 1.5, 3.0]),  # four decimals: a decimal point
        (["1.250", "1.234.567", "3"], [1250.0, 1234567.0, 3.0]),  # several groups: thousands
    ],
)
def test_a_value_that_can_be_read_one_way_only_settles_the_column(
    evidence: Path, collect: Collect, waits: list[str], read_as: list[float]
) -> None:
    items, ctx = collect({"path": write_csv(evidence, "calls.csv", CALLS, _waits(waits)), "dataset": "calls"})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == read_as


def test_a_column_with_both_readings_is_refused(evidence: Path, collect: Collect) -> None:
    path = write_csv(evidence, "calls.csv", CALLS, _waits(["12,5", "1,234,567", "3"]))
    items, ctx = collect({"path": path, "dataset": "calls"})
    assert items == [] and "decimal_mark" in _errors(ctx)[0].message and _errors(ctx)[0].field == "wait_seconds"


@pytest.mark.parametrize("mark", [",", "."])
def test_counts_of_calls_read_a_group_of_three_as_thousands(evidence: Path, collect: Collect, mark: str) -> None:
    """Monthly totals: nothing is offered in fractions of a call, so "14,007" is fourteen thousand. What was
    observed: a German management-information export ("Angeboten: 14.007") was read as 14.007 calls."""
    header = ["month", "offered", "answered", "answered_in_target", "abandoned"]
    counts = [f'"14{mark}007"', f'"13{mark}306"', f'"11{mark}485"', "701"]
    rows = [[f"2025-{m:02d}", *counts] for m in range(1, 13)]
    items, ctx = collect({"path": write_csv(evidence, "mi.csv", header, rows), "dataset": "calls_monthly"})
    assert _errors(ctx) == []
    assert set(_numbers(items[0], "offered", "month")) == {14007.0}
    assert set(_numbers(items[0], "answered_in_target", "month")) == {11485.0}
    assert set(_numbers(items[0], "abandoned", "month")) == {701.0}


def test_thousands_grouped_by_spaces_are_read_as_one_number(evidence: Path, collect: Collect) -> None:
    """French and German exports group thousands with a space, often a no-break one: "14 007" and
    "1 234,5" were unreadable values, and the file was refused when more than 1 % of them were."""
    waits = ["14 007", "1\u00a0234,5", "2\u202f500", "12", "7,5"]
    items, ctx = collect({"path": write_csv(evidence, "calls.csv", CALLS, _waits(waits)), "dataset": "calls"})
    assert _errors(ctx) == [] and items[0].attributes["invalid"] == {}
    assert _numbers(items[0], "wait_seconds") == [14007.0, 1234.5, 2500.0, 12.0, 7.5]


def test_where_the_comma_is_the_decimal_mark_a_dot_groups_thousands(evidence: Path, collect: Collect) -> None:
    """A European export: "1.234,5" was unreadable, and "1.250" beside "12,5" was read as 1.25 seconds."""
    waits = ["1.250", "12,5", "1.234,5", "3"]
    items, ctx = collect({"path": write_csv(evidence, "calls.csv", CALLS, _waits(waits)), "dataset": "calls"})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [1250.0, 12.5, 1234.5, 3.0]


def test_a_declared_decimal_comma_reads_a_dot_as_thousands_in_a_clean_file(evidence: Path, collect: Collect) -> None:
    """Every value plain (the typed reader would take "1.250" as 1.25): the file's `decimal_mark` decides."""
    path = write_csv(evidence, "calls.csv", CALLS, _waits(["1.250", "20", "2.400"]))
    items, ctx = collect({"path": path, "dataset": "calls", "decimal_mark": ","})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [1250.0, 20.0, 2400.0]


def test_waits_whose_only_dots_group_thousands_are_refused_until_the_file_says_what_the_dot_is(
    evidence: Path, collect: Collect
) -> None:
    """What was observed: a German calls export with no comma anywhere, waits written "1.250" and "2.400"
    (twenty and forty minutes) beside "20", was read as waits of 1.25 and 2.4 seconds: every long wait
    answered within 20 seconds, silently. A point followed by exactly three digits after a first group of
    one to three (not 0) can be either reading; nothing else in the file settles it."""
    path = write_csv(evidence, "calls.csv", CALLS, _waits(["20", "1.250", "45", "2.400"]))
    items, ctx = collect({"path": path, "dataset": "calls"})
    error = _errors(ctx)[0]
    assert items == [] and error.field == "wait_seconds" and error.line == 3
    assert "'1.250'" in error.message and "decimal_mark" in error.message
    items, ctx = collect({"path": path, "dataset": "calls", "decimal_mark": ","})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [20.0, 1250.0, 45.0, 2400.0]
    items, ctx = collect({"path": path, "dataset": "calls", "decimal_mark": "."})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [20.0, 1.25, 45.0, 2.4]


def test_a_score_on_its_scale_reads_three_decimals_as_a_fraction(evidence: Path, collect: Collect) -> None:
    """A mean answer "4.250" on a 1-5 scale cannot be four thousand: read as a fraction, not refused as
    unclear (a control for the rule above)."""
    header = ["id", "responded_at", "satisfaction_score"]
    rows = [[f"r{i}", f"2025-03-{1 + i:02d}T09:00:00Z", v] for i, v in enumerate(["4.250", "3", "1.500"])]
    items, ctx = collect({"path": write_csv(evidence, "survey.csv", header, rows), "dataset": "survey"})
    assert _errors(ctx) == [] and _numbers(items[0], "satisfaction_score") == [4.25, 3.0, 1.5]


def test_hours_of_training_take_the_decimal_point_a_score_settled(evidence: Path, collect: Collect) -> None:
    """`1.500` hours alone cannot say what its point is; a score of `4.5` in the same file can."""
    header = ["id", "responded_at", "training_hours", "empowerment_score"]
    scores = ["4.5", "4", "3"]
    rows = [
        [f"e{i}", f"2025-03-{1 + i:02d}T09:00:00Z", h, s]
        for i, (h, s) in enumerate(zip(["1.500", "2.250", "3"], scores, strict=True))
    ]
    path = write_csv(evidence, "staff.csv", header, rows)
    items, ctx = collect({"path": path, "dataset": "employee_survey"})
    assert _errors(ctx) == [] and _numbers(items[0], "training_hours") == [1.5, 2.25, 3.0]
    path = write_csv(evidence, "staff.csv", header, [[*r[:3], "4"] for r in rows])
    items, ctx = collect({"path": path, "dataset": "employee_survey"})
    assert items == [] and _errors(ctx)[0].field == "training_hours" and "'1.500'" in _errors(ctx)[0].message


def test_waits_written_as_hours_minutes_and_seconds_are_read_as_seconds(evidence: Path, collect: Collect) -> None:
    """What was observed: a call-centre export's waits written "00:17:05" were unreadable values, and the
    file was refused as more than 1 % unreadable. "17:05" alone (minutes and seconds, or hours and
    minutes?) stays unreadable and is cited."""
    waits = ["00:00:12", "00:17:05", "01:02:03", "12", "00:00:07.5"]
    items, ctx = collect({"path": write_csv(evidence, "calls.csv", CALLS, _waits(waits)), "dataset": "calls"})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [12.0, 1025.0, 3723.0, 12.0, 7.5]
    path = write_csv(evidence, "calls.csv", CALLS, _waits(["00:00:12"] * 5 + ["17:05"]))
    items, ctx = collect({"path": path, "dataset": "calls"})
    assert items == [] and "'17:05'" in _errors(ctx)[0].message


def test_a_workbook_number_is_never_a_thousands_group(evidence: Path, collect: Collect) -> None:
    """A workbook cell holds a number, not text: 1.125 hours there is one and an eighth whatever the file's
    other columns say, and a column of such values is read, not refused as unclear. Text cells in a
    workbook ("1.250" typed as text) are read as a CSV's are."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(CALLS)
    for i, wait in enumerate([1.125, 2.375, 3.625, 12]):
        sheet.append([f"c{i}", f"2025-03-0{i + 1}T09:00:00Z", "no", wait])
    book.save(evidence / "calls.xlsx")
    items, ctx = collect({"path": "calls.xlsx", "dataset": "calls"})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [1.125, 2.375, 3.625, 12.0]
    sheet.delete_rows(2, 3)  # whole numbers beside a text cell: nothing settles what its point is
    sheet.append(["c9", "2025-03-09T09:00:00Z", "no", "1.250"])
    book.save(evidence / "calls.xlsx")
    items, ctx = collect({"path": "calls.xlsx", "dataset": "calls"})
    assert items == [] and "'1.250'" in _errors(ctx)[0].message


@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_a_typed_number_of_a_json_or_parquet_export_is_never_a_thousands_group(
    evidence: Path, collect: Collect, fmt: str
) -> None:
    import json

    import duckdb

    records = [
        {"id": f"c{i}", "started_at": f"2025-03-0{i + 1}T09:00:00Z", "abandoned": False, "wait_seconds": w}
        for i, w in enumerate([1.125, 2.375, 3.625])
    ]
    (evidence / "calls.json").write_text(json.dumps(records), encoding="utf-8")
    if fmt == "parquet":
        path = str(evidence / "calls.json")
        duckdb.execute(f"COPY (SELECT * FROM read_json('{path}')) TO '{evidence / 'calls.parquet'}' (FORMAT parquet)")
        (evidence / "calls.json").unlink()
    items, ctx = collect({"path": f"calls.{fmt}", "dataset": "calls"})
    assert _errors(ctx) == [] and _numbers(items[0], "wait_seconds") == [1.125, 2.375, 3.625]
