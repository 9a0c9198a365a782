"""The typed CSV read (the fast path) gives exactly what the text path gives, and steps aside when it must.

A clean export is typed by DuckDB's CSV reader itself; anything it cannot type sends the file through the
text path, which reads, counts and cites every value. The same records must come out either way: the
workbook copy of a file always takes the text path, so it is the reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, write_csv

HEADER = ["id", "created_at", "first_reply_at", "resolved_at", "channel", "reopened", "satisfaction_score", "contacts"]
CLEAN = [
    ["t1", "2025-03-01T10:00:00Z", "2025-03-01T11:30:00+01:00", "2025-03-02", "email", "true", "5", "1"],
    ["t2", "2025-03-04 08:15:00", "", "NA", " Phone ", "FALSE", "NA", " 2 "],
    ["t3", "2025-04-02T23:59:59Z", "2025-04-03T00:00:00Z", "n/a", "Téléphone", "1", "", "3.5"],
    ["t4", "2025-04-05T00:00:00Z", "2025-04-05T01:00:00Z", "2025-04-06T00:00:00Z", "WEB  form", "0", "4", "-"],
]


def _rows(item: Any) -> list[tuple[Any, ...]]:
    import duckdb

    columns = ", ".join(f'"{c}"' for c in HEADER)
    return duckdb.connect().execute(f"SELECT {columns} FROM read_parquet('{item.payload}') ORDER BY id").fetchall()


def _xlsx(folder: Path, name: str, rows: list[list[str]]) -> str:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(folder / name)
    return name


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files that went through the text path (only it detects the date order)."""
    import servex.plugins.datasets._convert as convert

    calls: list[int] = []
    real = convert.detect_orders

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(convert, "detect_orders", counting)
    return calls


def _log(ctx: Any) -> list[tuple[str, int, str, str]]:
    return sorted((e.level, e.line or 0, e.field, e.message) for e in ctx.log)


def test_a_clean_csv_is_typed_by_the_reader_with_the_same_records_as_the_text_path(
    evidence: Path, collect: Collect, text_reads: list[int]
) -> None:
    csv_items, csv_ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, CLEAN), "dataset": "tickets"})
    assert text_reads == []  # the reader typed every column itself
    xlsx_items, xlsx_ctx = collect({"path": _xlsx(evidence, "t.xlsx", CLEAN), "dataset": "tickets"})
    assert text_reads == [1]
    assert _rows(csv_items[0]) == _rows(xlsx_items[0])
    records = {r[0]: r for r in _rows(csv_items[0])}
    assert str(records["t1"][2]) == "2025-03-01 10:30:00"  # the offset is honoured: stored as UTC
    assert records["t2"][3] is None and records["t2"][6] is None  # NA is no value, not a bad one
    assert [records[t][4] for t in ("t1", "t2", "t3", "t4")] == ["email", "phone", "telephone", "web form"]
    assert records["t2"][7] == 2.0 and records["t4"][7] is None
    assert csv_items[0].attributes["months"] == xlsx_items[0].attributes["months"] == {"2025-03": 2, "2025-04": 2}
    assert csv_items[0].attributes["invalid"] == {} and _log(csv_ctx) == _log(xlsx_ctx) == []


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_score_outside_its_scale_is_still_a_cited_bad_value_on_the_fast_path(
    evidence: Path, collect: Collect, text_reads: list[int], monkeypatch: pytest.MonkeyPatch, in_memory: bool
) -> None:
    """The typed read writes scores as read, counts those off their scale, then empties them: in memory,
    and in the Parquet copy of a file too large for memory (written again from the first copy)."""
    import servex.plugins.datasets._live as live

    if not in_memory:
        monkeypatch.setattr(live, "_SHARE", 10**12)
    rows = [*CLEAN, ["t5", "2025-04-07T00:00:00Z", "", "", "email", "false", "7", "1"]]
    spec = {"dataset": "tickets", "max_invalid_share": 0.5}
    csv_items, csv_ctx = collect({**spec, "path": write_csv(evidence, "t.csv", HEADER, rows)})
    assert text_reads == []
    assert (csv_items[0].payload.name is not None) == in_memory
    cache = csv_items[0].payload.parquet.parent
    assert in_memory or csv_items[0].payload.parquet.is_file()
    assert [p.name for p in cache.iterdir() if p.suffix in (".part", ".scaled")] == []  # no leftovers
    xlsx_items, xlsx_ctx = collect({**spec, "path": _xlsx(evidence, "t.xlsx", rows)})
    assert csv_items[0].attributes["invalid"] == xlsx_items[0].attributes["invalid"] == {"satisfaction_score": 1}
    assert _rows(csv_items[0]) == _rows(xlsx_items[0])
    assert _log(csv_ctx) == _log(xlsx_ctx)
    assert any(e.line == 6 and e.field == "satisfaction_score" and "'7'" in e.message for e in csv_ctx.log)


@pytest.mark.parametrize(
    ("column", "value", "read_as"),
    [
        ("reopened", "oui", True),  # French yes: the text path knows it, the reader does not
        ("created_at", "04/03/2025 10:00", "2025-03-04 10:00:00"),  # not ISO: the day-first order is detected
        ('satisfaction_score', '"4,5"', 4.5),  # decimal comma (quoted in the CSV)
        ("satisfaction_score", "good", 5.0),  # Zendesk's legacy rating
    ],
)
def test_a_value_the_reader_cannot_type_sends_the_file_through_the_text_path(
    evidence: Path, collect: Collect, text_reads: list[int], column: str, value: str, read_as: Any
) -> None:
    rows = [list(r) for r in CLEAN]
    rows[3][HEADER.index(column)] = value
    rows.append(["t5", "25/02/2025 10:00" if column == "created_at" else "2025-02-25T10:00:00Z", *CLEAN[0][2:]])
    if column == "created_at":
        for row in rows:
            if row[0] != "t4" and row[0] != "t5":
                row[1] = "01/03/2025 10:00"
    items, ctx = collect({"path": write_csv(evidence, "t.csv", HEADER, rows), "dataset": "tickets"})
    assert text_reads == [1]
    record = {r[0]: r for r in _rows(items[0])}["t4"]
    got = record[HEADER.index(column)]
    assert (str(got) if column == "created_at" else got) == read_as
    assert items[0].attributes["invalid"] == {} and [e for e in ctx.log if e.level == "error"] == []


def test_a_malformed_row_is_still_skipped_and_counted(
    evidence: Path, collect: Collect, text_reads: list[int]
) -> None:
    body = ",".join(HEADER) + "\n" + "\n".join(",".join(r) for r in CLEAN[:1]) + "\nt9,2025-03-02T00:00:00Z,x\n"
    (evidence / "t.csv").write_text(body, encoding="utf-8")
    items, ctx = collect({"path": "t.csv", "dataset": "tickets"})
    assert text_reads == [1]
    assert items[0].attributes["rows"] == 1
    assert any("malformed" in e.message for e in ctx.log) and any(e.line == 3 for e in ctx.log)


@pytest.mark.parametrize("in_memory", [True, False])
def test_times_with_an_offset_are_the_same_instants_on_the_fast_path(
    evidence: Path, collect: Collect, text_reads: list[int], monkeypatch: pytest.MonkeyPatch, in_memory: bool
) -> None:
    """What was observed: tickets whose every time carries an offset ("2025-01-01T22:30:00-05:00", as API
    exports write them) were stored 5 hours early on the fast path (22:30 UTC, the offset dropped), and
    on 3 January when one unreadable value elsewhere sent the file through the text path (03:30 UTC the
    next day): the same export gave other days, months and period bounds depending on a stray value.
    DuckDB pushes a cast to TIMESTAMP into the CSV reader, which then reads the text as a naive time."""
    import servex.plugins.datasets._live as live

    if not in_memory:
        monkeypatch.setattr(live, "_SHARE", 10**12)
    rows = [[f"t{i}", f"2025-0{1 + i % 3}-{10 + i}T22:30:00-05:00", f"2025-0{1 + i % 3}-{10 + i}T23:45:00-05:00",
             f"2025-0{1 + i % 3}-{11 + i}T08:00:00+01:00", "email", "false", "5", "1"] for i in range(4)]  # fmt: skip
    csv_items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, rows), "dataset": "tickets"})
    assert text_reads == []
    xlsx_items, _ = collect({"path": _xlsx(evidence, "t.xlsx", rows), "dataset": "tickets"})
    assert _rows(csv_items[0]) == _rows(xlsx_items[0])
    first = {r[0]: r for r in _rows(csv_items[0])}["t0"]
    assert [str(v) for v in first[1:4]] == ["2025-01-11 03:30:00", "2025-01-11 04:45:00", "2025-01-11 07:00:00"]
    assert csv_items[0].attributes["first"] == "2025-01-11"
