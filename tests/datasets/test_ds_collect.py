"""The collector reads exports in every supported format and layout into the same canonical records."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, write_csv

HEADER = ["id", "received_at", "customer_id", "timely_response"]
ROWS = [["1", "2025-03-01 10:00", "Réclamation facture", "oui"], ["2", "2025-04-02 11:30", "Délai", "non"]]


def _records(item: Any) -> list[tuple[Any, ...]]:
    import duckdb

    query = (
        f"SELECT id, received_at, customer_id, timely_response FROM read_parquet('{item.payload}') ORDER BY id"
    )
    return duckdb.connect().execute(query).fetchall()


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "latin-1"), (",", "utf-8-sig"), ("\t", "utf-8"), ("|", "cp1252")],
)
def test_delimiters_and_encodings(evidence: Path, collect: Collect, delimiter: str, encoding: str) -> None:
    name = write_csv(evidence, "c.csv", HEADER, ROWS, delimiter=delimiter, encoding=encoding)
    items, ctx = collect({"path": name, "dataset": "complaints"})
    assert ctx.log == []
    rows = _records(items[0])
    assert [(r[0], r[2], r[3]) for r in rows] == [("1", "Réclamation facture", True), ("2", "Délai", False)]
    assert str(rows[1][1]) == "2025-04-02 11:30:00"
    assert items[0].attributes["months"] == {"2025-03": 1, "2025-04": 1}


@pytest.mark.parametrize(("yes", "no"), [("Ja", "nein"), ("J", "N"), ("wahr", "FALSCH")])
def test_yes_and_no_as_a_german_export_writes_them(evidence: Path, collect: Collect, yes: str, no: str) -> None:
    """What was observed: "Ja" and "Nein" were unreadable yes/no values (the export refused as more than 1 %
    unreadable) where the French "oui" and "non" of the same export were read."""
    rows = [[*ROWS[0][:3], yes], [*ROWS[1][:3], no]]
    items, ctx = collect({"path": write_csv(evidence, "c.csv", HEADER, rows), "dataset": "complaints"})
    assert ctx.log == [] and [r[3] for r in _records(items[0])] == [True, False]


def test_preamble_lines_before_the_header_are_skipped(evidence: Path, collect: Collect) -> None:
    body = "Complaints report\nExported 2025-05-01\n" + "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"
    (evidence / "c.csv").write_text(body, encoding="utf-8")
    items, _ = collect({"path": "c.csv", "dataset": "complaints"})
    assert items[0].attributes["rows"] == 2


def test_headerless_csv_is_an_error(evidence: Path, collect: Collect) -> None:
    (evidence / "c.csv").write_text("1,2025-03-01,3\n2,2025-03-02,4\n", encoding="utf-8")
    items, ctx = collect({"path": "c.csv", "dataset": "complaints"})
    assert items == [] and "no header row" in ctx.log[0].message


def test_xlsx_json_ndjson_and_parquet(evidence: Path, collect: Collect) -> None:
    import duckdb
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["Complaints 2025"])
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    book.save(evidence / "c.xlsx")
    records = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    (evidence / "c.json").write_text(json.dumps(records), encoding="utf-8")
    (evidence / "c.ndjson").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    duckdb.sql(f"COPY (SELECT * FROM read_json('{evidence / 'c.json'}')) TO '{evidence / 'c.parquet'}'")
    names = ["c.xlsx", "c.json", "c.ndjson", "c.parquet"]
    items, ctx = collect(*({"path": n, "dataset": "complaints"} for n in names))
    # the same records four times over: said on each later file (see test_ds_duplicates), nothing else
    assert [(e.file, e.message.split(" (")[0]) for e in ctx.log] == [
        (name, f"{len(ROWS)} record id(s) are also in {', '.join(names[:at])}") for at, name in enumerate(names) if at
    ]
    assert len(items) == 4
    assert {str(_records(i)) for i in items} == {str(_records(items[0]))}
    assert _records(items[0])[0][2:] == ("Réclamation facture", True)


def test_zip_bomb_xlsx_is_refused(evidence: Path, collect: Collect) -> None:
    import zipfile

    with zipfile.ZipFile(evidence / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    items, ctx = collect({"path": "bomb.xlsx", "dataset": "complaints"})
    assert items == [] and "zip bomb" in ctx.log[0].message


VENDORS = [
    (
        "tickets",
        "Zendesk",
        [
            "Id",
            "Requester",
            "Requester id",
            "Created at",
            "Via",
            "Priority",
            "Solved at",
            "First reply time in minutes",
            "Satisfaction Score",
        ],
        ["7", "Ann", "u1", "2025-05-01 10:00:00", "Mail", "High", "2025-05-02 10:00:00", "90", "Good"],
        {"first_reply_at": "2025-05-01 11:30:00", "channel": "mail", "satisfaction_score": 5.0},
    ),
    (
        "tickets",
        "Freshdesk",
        ["Ticket ID", "Subject", "Created time", "Due by Time", "Resolved time", "Source"],
        ["9", "Help", "2025-05-01 10:00:00", "2025-05-03 10:00:00", "2025-05-02 09:00:00", "Email"],
        {"due_at": "2025-05-03 10:00:00", "channel": "email"},
    ),
    (
        "tickets",
        "Jira Service Management",
        ["Summary", "Issue key", "Issue id", "Created", "Resolved", "Priority"],
        ["Printer", "SD-1", "10001", "12/Mar/25 10:15 AM", "13/Mar/25 2:00 PM", "Medium"],
        {"created_at": "2025-03-12 10:15:00", "resolved_at": "2025-03-13 14:00:00", "id": "SD-1"},
    ),
    (
        "survey",
        "Microsoft Forms",
        ["Id", "Start time", "Completion time", "Email", "Name"],
        ["1", "3/22/2025 10:15:30", "3/22/2025 10:17:02", "a@example.org", "Ann"],
        {"responded_at": "2025-03-22 10:17:02", "customer_id": "a@example.org"},
    ),
    (
        "survey",
        "Google Forms",
        ["Timestamp", "Email Address", "How satisfied are you?"],
        ["2025/03/02 10:15:30", "a@example.org", "4"],
        {"responded_at": "2025-03-02 10:15:30"},
    ),
]


@pytest.mark.parametrize(
    ("dataset", "layout", "header", "row", "expected"), VENDORS, ids=[v[1] for v in VENDORS]
)
def test_vendor_exports_are_recognised(
    evidence: Path,
    collect: Collect,
    dataset: str,
    layout: str,
    header: list[str],
    row: list[str],
    expected: dict[str, Any],
) -> None:
    import duckdb

    items, ctx = collect({"path": write_csv(evidence, "x.csv", header, [row]), "dataset": dataset})
    assert ctx.log == []
    assert items[0].attributes["layout"] == layout
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{items[0].payload}')")
    got = cursor.fetchall()[0]
    names = [d[0] for d in cursor.description or []]
    record = dict(zip(names, got, strict=True))
    assert {k: (str(record[k]) if k.endswith("_at") else record[k]) for k in expected} == expected


def test_unknown_layout_names_the_missing_mapping(evidence: Path, collect: Collect) -> None:
    name = write_csv(evidence, "x.csv", ["Ref", "Opened on", "Team"], [["1", "2025-01-01", "A"]])
    items, ctx = collect({"path": name, "dataset": "tickets"})
    assert items == []
    assert "'created_at'" in ctx.log[0].message and "mapping" in ctx.log[0].message
    items, ctx = collect({"path": name, "dataset": "tickets", "mapping": {"created_at": "Opened on"}})
    assert items[0].attributes["rows"] == 1 and ctx.log == []


def test_mapping_to_a_missing_column_is_reported(evidence: Path, collect: Collect) -> None:
    name = write_csv(evidence, "x.csv", ["Ref", "Opened on"], [["1", "2025-01-01"]])
    items, ctx = collect({"path": name, "dataset": "tickets", "mapping": {"created_at": "Opened"}})
    assert items == [] and "no such column" in ctx.log[0].message


def test_malformed_dates_are_reported_and_valid_rows_kept(evidence: Path, collect: Collect) -> None:
    rows = [
        ["1", "2025-03-01", "yes"],
        ["2", "31/31/2025", "no"],
        ["3", "2025-03-05", "maybe"],
        ["4", "not a date", "yes"],
        ["5", "2025-04-01", "no"],
    ]
    items, ctx = collect(
        {
            "path": write_csv(evidence, "c.csv", ["id", "received_at", "timely_response"], rows),
            "dataset": "complaints",
            "max_invalid_share": 0.5,  # this test is about the rows kept; the default fails the file
        }
    )
    assert items[0].attributes["months"] == {"2025-03": 2, "2025-04": 1}
    assert items[0].attributes["invalid"] == {"received_at": 2, "timely_response": 1}
    cited = {(e.line, e.field, e.level) for e in ctx.log if e.line is not None}
    # file lines: the header is line 1, so record 2 is on line 3
    assert cited == {
        (3, "received_at", "error"),
        (5, "received_at", "error"),
        (4, "timely_response", "warning"),
    }
    assert all(e.file == "c.csv" for e in ctx.log)


def test_rows_with_wrong_field_counts_are_skipped_and_counted(evidence: Path, collect: Collect) -> None:
    (evidence / "c.csv").write_text(
        "id,received_at\n1,2025-03-01\n2,2025-03-02,extra,fields\n3,2025-03-03\n", encoding="utf-8"
    )
    items, ctx = collect({"path": "c.csv", "dataset": "complaints"})
    assert items[0].attributes["rows"] == 2
    assert any("malformed" in e.message for e in ctx.log) and any(e.line == 3 for e in ctx.log)


def test_mixed_encodings_are_read_with_replacement(evidence: Path, collect: Collect) -> None:
    body = "id,received_at,category\n1,2025-03-01,Réclamation\n".encode() + "2,2025-03-02,Délai\n".encode(
        "latin-1"
    )
    body += b"".join(f"{i},2025-03-03,ok\n".encode() for i in range(3, 5000))  # keep the sniffed sample UTF-8
    body += "5000,2025-03-04,Délai\n".encode("latin-1")
    (evidence / "c.csv").write_bytes(body)
    items, ctx = collect({"path": "c.csv", "dataset": "complaints"})
    assert items[0].attributes["rows"] == 5000
    assert [e.message for e in ctx.log] == [
        "bytes that are not valid in the file's encoding were replaced by \ufffd"
    ]


def test_time_zone_converts_local_times_to_utc(evidence: Path, collect: Collect) -> None:
    rows = [["1", "2025-01-01 00:30"], ["2", "2025-01-01T00:30:00+01:00"]]
    items, _ = collect(
        {
            "path": write_csv(evidence, "c.csv", ["id", "received_at"], rows),
            "dataset": "complaints",
            "timezone": "Europe/Paris",
        }
    )
    assert items[0].attributes["months"] == {"2024-12": 2}


def test_explicit_date_format(evidence: Path, collect: Collect) -> None:
    rows = [["1", "02/03/2025"]]  # 2 March in day-first notation
    items, _ = collect(
        {
            "path": write_csv(evidence, "c.csv", ["id", "received_at"], rows),
            "dataset": "complaints",
            "date_format": "%d/%m/%Y",
        }
    )
    assert items[0].attributes["first"] == "2025-03-02"


@pytest.mark.parametrize("path", ["../outside.csv", "link.csv", "/etc/passwd"])
def test_paths_escaping_the_evidence_folder_are_refused(evidence: Path, collect: Collect, path: str) -> None:
    outside = write_csv(evidence.parent, "outside.csv", ["id", "received_at"], [["1", "2025-01-01"]])
    os.symlink(evidence.parent / outside, evidence / "link.csv")
    items, ctx = collect({"path": path, "dataset": "complaints"})
    assert items == [] and "outside the evidence folder" in ctx.log[0].message


def test_second_run_reuses_the_conversion_and_repeats_its_warnings(evidence: Path, collect: Collect) -> None:
    name = write_csv(evidence, "c.csv", ["id", "received_at"], [["1", "2025-01-01"], ["2", "bad"]])
    spec = {"path": name, "dataset": "complaints", "max_invalid_share": 0.6}
    first, ctx1 = collect(spec)
    stamp = first[0].payload.stat().st_mtime_ns
    second, ctx2 = collect(spec)
    assert second[0].payload.stat().st_mtime_ns == stamp
    assert second == first and ctx2.log == ctx1.log and len(ctx1.log) == 2
    assert second[0].provenance.sha256 == first[0].provenance.sha256


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary"),
        (b"PK\x03\x04junk", "received_at"),
    ],
)
def test_unusable_files_are_errors_and_the_rest_still_counts(
    evidence: Path, collect: Collect, content: bytes, message: str
) -> None:
    (evidence / "bad.csv").write_bytes(content)
    good = write_csv(evidence, "good.csv", HEADER, ROWS)
    items, ctx = collect(
        {"path": "bad.csv", "dataset": "complaints"}, {"path": good, "dataset": "complaints"}
    )
    assert [i.provenance.source for i in items] == ["good.csv"]
    assert ctx.log[0].file == "bad.csv" and message in ctx.log[0].message
