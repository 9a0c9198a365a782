"""JUnit, CSV and XLSX exports: they parse, count what the result counts, and carry the GRC columns."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from export_support import run_servex
from servex.plugins.exports._junit import render_junit
from servex.plugins.exports._tables import actions_csv, findings_csv
from servex.plugins.exports._xlsx import tables_xlsx

COLUMNS = ["id", "title", "level", "status", "score", "evidence", "gap", "action", "owner", "due_date"]


def test_junit_parses_and_counts_match_the_statuses(telecom: dict[str, Any]) -> None:
    root = ET.fromstring(render_junit(telecom, "en"))
    statuses = Counter(f["status"] for f in telecom["findings"])
    assert root.tag == "testsuites"
    assert int(root.get("tests", "")) == len(telecom["findings"])
    assert int(root.get("failures", "")) == statuses["not_met"] + statuses["partially_met"]
    assert int(root.get("skipped", "")) == statuses["not_assessed"] + statuses["not_applicable"]
    assert int(root.get("errors", "")) == statuses["error"]
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(telecom["findings"])
    for case, finding in zip(cases, telecom["findings"], strict=True):
        assert case.get("name", "").startswith(finding["criterion_id"] + " ")
        outcome = [child.tag for child in case]
        expected = {"met": [], "not_met": ["failure"], "partially_met": ["failure"], "not_assessed": ["skipped"],
                    "not_applicable": ["skipped"], "error": ["error"]}[finding["status"]]
        assert outcome == expected, finding["criterion_id"]
    suites = root.findall("testsuite")
    assert sum(int(s.get("tests", "")) for s in suites) == len(cases)
    levels = list(dict.fromkeys(f["level"] for f in telecom["findings"]))
    assert [s.get("name", "").split()[0] for s in suites] == levels


def test_junit_skips_not_assessed_and_not_applicable_and_errors_an_error(telecom: dict[str, Any]) -> None:
    for finding, status in zip(telecom["findings"][:3], ["not_applicable", "not_assessed", "error"], strict=True):
        finding["status"], finding["score"] = status, None
    root = ET.fromstring(render_junit(telecom, "en"))
    cases = root.findall("testsuite/testcase")[:3]
    assert [[(c.tag, c.get("message", "").split(" ", 1)[1]) for c in case] for case in cases] == [
        [("skipped", "not applicable")], [("skipped", "not assessed")], [("error", "error")]]
    assert int(root.get("skipped", "")) >= 2 and int(root.get("errors", "")) >= 1


def test_junit_survives_control_characters_in_evidence_text(telecom: dict[str, Any]) -> None:
    finding = next(f for f in telecom["findings"] if f["status"] == "not_met")
    finding["rationale"] = [{"en": "bad \x01 byte \x1b[31m", "fr": "x"}]
    root = ET.fromstring(render_junit(telecom, "en"))  # must still parse
    assert root.find("testsuite/testcase/failure") is not None


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_findings_csv_has_the_grc_columns_and_a_row_per_criterion(telecom: dict[str, Any]) -> None:
    data = findings_csv(telecom, "en")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == [f["criterion_id"] for f in telecom["findings"]]
    by_id = {f["criterion_id"]: f for f in telecom["findings"]}
    evidence = {e["id"]: e["provenance"]["source"] for e in telecom["evidence"]}
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row, strict=True))
        finding = by_id[record["id"]]
        assert record["status"] == finding["status"]
        assert record["score"] == ("" if finding["score"] is None else str(finding["score"]))
        assert record["evidence"].split("; ") == list(dict.fromkeys(evidence[e] for e in finding["evidence_ids"])) or (
            record["evidence"] == "" and not finding["evidence_ids"])
        if finding["status"] == "met":
            assert record["action"] == record["owner"] == record["gap"] == ""
        else:
            assert record["owner"], record["id"]
        assert record["due_date"] == ""  # no assessor's plan in the sample: no invented deadline


def test_actions_csv_takes_owner_and_due_date_from_the_assessor_plan(telecom: dict[str, Any]) -> None:
    gap = next(f for f in telecom["findings"] if f["status"] == "not_met")
    telecom["action_plan"] = [{"criterion_id": gap["criterion_id"], "owner": "Head of Care", "due": "2026-03-31"}]
    rows = _rows(actions_csv(telecom, "en"))
    assert rows[0] == [*COLUMNS, "priority"]
    gaps = [f for f in telecom["findings"] if f["status"] in ("not_met", "partially_met", "not_assessed", "error")]
    assert sorted(r[0] for r in rows[1:]) == sorted(f["criterion_id"] for f in gaps)
    record = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == gap["criterion_id"]), strict=True))
    assert (record["owner"], record["due_date"]) == ("Head of Care", "2026-03-31")
    assert all(r[-1] in ("1", "2", "3") for r in rows[1:])
    assert [int(r[-1]) for r in rows[1:]] == sorted(int(r[-1]) for r in rows[1:])
    others = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] != gap["criterion_id"]]
    assert all(o["owner"] and o["due_date"] == "" for o in others)


def test_csv_cells_cannot_inject_spreadsheet_formulas(telecom: dict[str, Any]) -> None:
    telecom["findings"][0]["title"] = {"en": "=HYPERLINK(\"http://x\")", "fr": "x"}
    rows = _rows(findings_csv(telecom, "en"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_xlsx_opens_in_openpyxl_with_the_expected_columns(telecom: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    gap = next(f for f in telecom["findings"] if f["status"] == "not_met")
    telecom["action_plan"] = [{"criterion_id": gap["criterion_id"], "due": "2026-03-31"}]
    path = tmp_path / "export.xlsx"
    path.write_bytes(tables_xlsx(telecom, "en"))
    book = load_workbook(path)
    assert book.sheetnames == ["Findings", "Actions"]
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert list(findings[0]) == COLUMNS
    assert [r[0] for r in findings[1:]] == [f["criterion_id"] for f in telecom["findings"]]
    scores = [r[4] for r in findings[1:]]
    assert scores == [f["score"] for f in telecom["findings"]]  # numbers, not text
    actions = list(book["Actions"].iter_rows(values_only=True))
    assert list(actions[0]) == [*COLUMNS, "priority"]
    due = next(r[9] for r in actions[1:] if r[0] == gap["criterion_id"])
    assert due is not None and due.date().isoformat() == "2026-03-31"
    assert tables_xlsx(telecom, "en") == path.read_bytes()


def test_report_command_writes_every_export_as_rendered_from_the_json_alone(telecom_result_file: Path,
                                                                           tmp_path: Path) -> None:
    """`servex report result.json -o FORMAT:PATH` renders each export from the JSON alone, in another process,
    to the same bytes as rendering the parsed result here."""
    from servex.plugins.exports._oscal import render_oscal
    from servex.plugins.exports._sarif import render_sarif

    renderers = {"oscal": render_oscal, "sarif": render_sarif, "junit": render_junit, "csv": findings_csv,
                 "actions-csv": actions_csv, "xlsx": tables_xlsx}
    specs = [a for fmt in renderers for a in ("-o", f"{fmt}:{fmt}.out")]
    done = run_servex("report", str(telecom_result_file), *specs, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(telecom_result_file.read_text(encoding="utf-8"))
    for fmt, render in renderers.items():
        assert (tmp_path / f"{fmt}.out").read_bytes() == render(result, "en"), fmt
    assert (tmp_path / "csv.out").read_bytes().startswith(
        b"id,title,level,status,score,evidence,gap,action,owner,due_date\r\n")
