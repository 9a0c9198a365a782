"""The action plan a client tracks: priorities, owners from the manifest or an assessor's plan, due dates
by priority, effort, "provide the data" for what could not be assessed, and CSV/XLSX exports that say
exactly what the report says, byte for byte the same for the same result."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from servex import RenderOptions
from servex.plugins.reports import servex_report_formats
from servex.plugins.reports._i18n import lang
from servex.plugins.reports._plan import plan_rows

FORMATS = {f.name: f for f in servex_report_formats()}


def _csv(result: dict[str, Any], code: str) -> list[list[str]]:
    data = FORMATS["plan-csv"].render(result, RenderOptions(lang=code))
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_priorities_owners_due_dates_and_effort(telecom: dict[str, Any]) -> None:
    rows = plan_rows(telecom, lang("en"))
    blockers = telecom["readiness"]["next_level"]["criteria"]
    knock_outs = [f["criterion_id"] for f in telecom["findings"] if f["required"] and f["status"] == "not_met"]
    first = [r["id"] for r in rows if r["priority"] == 1]  # the next level's blockers, then failed knock-outs
    assert first[: len(blockers)] == blockers and set(first) == set(blockers) | set(knock_outs)
    assert [r["priority"] for r in rows] == sorted(r["priority"] for r in rows)
    gaps = [f["criterion_id"] for f in telecom["findings"] if f["status"] not in ("met", "not_applicable")]
    assert sorted(r["id"] for r in rows) == sorted(gaps)
    owners = {r["owner"] for r in rows}
    assert "to be assigned" in owners and "Director of Customer Care" in owners  # from the manifest's owner
    due = {r["priority"]: r["due_iso"] for r in rows}
    assert due[1] == "2026-04-01" and due[2] == "2026-07-01" and due[3] == "2027-01-01"
    assert {r["effort"] for r in rows} <= {"Small", "Medium", "Large"}


def test_not_assessed_means_provide_the_data(sample_results: dict[str, dict[str, Any]]) -> None:
    result = sample_results["hotel-group"]
    rows = {r["id"]: r for r in plan_rows(result, lang("en"))}
    waiting = [f["criterion_id"] for f in result["findings"] if f["status"] == "not_assessed"]
    assert waiting
    for cid in waiting:
        assert rows[cid]["action"].startswith("Provide the data"), rows[cid]["action"]
        assert rows[cid]["effort"] == "Small"


def test_an_assessors_plan_overrides_the_defaults(telecom: dict[str, Any]) -> None:
    result = dict(telecom)
    target = telecom["readiness"]["next_level"]["criteria"][0]
    result["action_plan"] = [{"criterion_id": target, "owner": "=HYPERLINK(\"x\")", "due": "2026-02-15",
                              "effort": "Large", "priority": 1, "action": "Recognise service stories monthly."}]
    rows = _csv(result, "en")
    assert rows[0][:3] == ["Priority", "Level", "Criterion"]
    first = rows[1]
    assert first[2] == target and first[5] == "Recognise service stories monthly."
    assert first[6] == "'=HYPERLINK(\"x\")" and first[7] == "2026-02-15"  # no formula injection


def test_exports_in_german_and_same_bytes(telecom: dict[str, Any]) -> None:
    rows = _csv(telecom, "de")
    assert rows[0][0] == "Priorität" and rows[1][0] == "Hoch" and "noch festzulegen" in {r[6] for r in rows}
    xlsx = FORMATS["plan-xlsx"].render(telecom, RenderOptions(lang="de"))
    time.sleep(1.1)  # a workbook stamped with the clock would differ now (zip times have 2 s, XML 1 s steps)
    assert xlsx == FORMATS["plan-xlsx"].render(telecom, RenderOptions(lang="de"))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.title == "Maßnahmenplan" and sheet["A1"].value == "Priorität"
    assert sheet.max_row == len(rows) and sheet["H2"].value.year == 2026
