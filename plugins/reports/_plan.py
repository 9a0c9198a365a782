"""The action plan a client tracks: one row per gap, with priority, owner, due date and effort.

Where the values come from, in order: an assessor's plan carried in the result (`action_plan`: a list
of `{criterion_id, owner, due, effort, priority, action}`), then what the manifest already says (the
owner of a document the finding cites), then defaults that are visibly proposals: "to be assigned",
a due date by priority counted from the assessment date, an effort by kind of gap. A criterion not
assessed gets "provide the data", never a practice change: the gap is in the evidence, not the service.

The same rows feed the report's table and the CSV/XLSX exports (`plan-csv`, `plan-xlsx`), so the
spreadsheet a client follows up in says exactly what the report says.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang, lang, parse_day
from servex.plugins.reports._labels import N_
from servex.plugins.reports._prose import requirement_gap
from servex.plugins.reports._sizing import recommendation as sized_recommendation
from servex.plugins.reports._workbook_bytes import workbook_bytes

__all__ = ["plan_csv", "plan_rows", "plan_xlsx"]

_PRIORITY = {1: N_("High"), 2: N_("Medium"), 3: N_("Low")}
_MONTHS_BY_PRIORITY = {1: 3, 2: 6, 3: 12}
_EFFORT = {"data": N_("Small"), "partial": N_("Medium"), "gap": N_("Large")}
_EFFORT_WORDS = {"small": N_("Small"), "medium": N_("Medium"), "large": N_("Large")}  # a plan file's keywords
_GAPS = ("not_met", "error", "not_assessed", "partially_met")


def _add_months(day: _dt.date, months: int) -> _dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return _dt.date(year, month, min(day.day, 28))


def _owner_from_evidence(finding: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]) -> str:
    for eid in finding.get("evidence_ids") or []:
        owner = ((evidence.get(eid) or {}).get("attributes") or {}).get("owner")
        if isinstance(owner, str) and owner.strip():
            return owner.strip()
    return ""


def _assessor_plan(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    entries = result.get("action_plan") or []
    return {str(e["criterion_id"]): e for e in entries if isinstance(e, Mapping) and e.get("criterion_id")}


def _priority(finding: Mapping[str, Any], blockers: set[str]) -> int:
    if finding["criterion_id"] in blockers or (finding.get("required") and finding["status"] == "not_met"):
        return 1
    return 2 if finding["status"] in ("not_met", "error", "not_assessed") else 3


def _action(result: Mapping[str, Any], finding: Mapping[str, Any], t: Lang) -> tuple[str, str]:
    """The action and its kind: 'data' (provide the data), 'partial' or 'gap'."""
    if finding["status"] in ("not_assessed", "error"):
        needs = [requirement_gap(r, t) for r in finding.get("requirements") or []
                 if r.get("state") in ("insufficient", "error")]
        wanted = " ".join(dict.fromkeys(n for n in needs if n))
        return t._("Provide the data: {what}", what=wanted) if wanted else t._(
            "Provide the data this criterion needs, then assess it again."), "data"
    recommendation = sized_recommendation(result, finding, t)  # worded for the organisation's size
    if not recommendation:
        recommendation = " ".join(dict.fromkeys(
            g for g in (requirement_gap(r, t) for r in finding.get("requirements") or []) if g))
    return recommendation, ("partial" if finding["status"] == "partially_met" else "gap")


def plan_rows(result: Mapping[str, Any], t: Lang) -> list[dict[str, Any]]:
    """The plan, most urgent first: priority, then pyramid level, then weight."""
    nxt = (result.get("readiness") or {}).get("next_level") or {}
    blockers = set(nxt.get("criteria") or [])
    for level in result.get("levels") or []:
        if level.get("id") == nxt.get("level"):
            blockers |= set(level.get("capped_by") or [])
    evidence = {e["id"]: e for e in result.get("evidence") or []}
    given = _assessor_plan(result)
    start = parse_day(str(result.get("generated_at") or "")) or _dt.date(1970, 1, 1)
    rows = []
    for f in result["findings"]:
        if f["status"] not in _GAPS:
            continue
        own = given.get(f["criterion_id"], {})
        priority = int(own["priority"]) if str(own.get("priority", "")).isdigit() else _priority(f, blockers)
        priority = min(max(priority, 1), 3)
        action, kind = _action(result, f, t)
        effort = str(own.get("effort") or "")
        due_iso = str(own.get("due") or _add_months(start, _MONTHS_BY_PRIORITY[priority]).isoformat())
        rows.append({
            "priority": priority,
            "priority_label": t._(_PRIORITY[priority]),
            "level": f["level"],
            "id": f["criterion_id"],
            "title": t.criteria_text(f.get("title")),
            "status": f["status"],
            "status_label": labels.status(f["status"], t),
            "weight": float(f.get("weight") or 0),
            "next": f["criterion_id"] in blockers,
            "action": t.criteria_text(own.get("action")) or action,
            "owner": str(own.get("owner") or _owner_from_evidence(f, evidence) or t._("to be assigned")),
            "due_iso": due_iso,
            "due": t.date(due_iso, "medium"),
            "effort": t._(_EFFORT_WORDS[effort.lower()]) if effort.lower() in _EFFORT_WORDS
            else effort or t._(_EFFORT[kind]),
        })
    rows.sort(key=lambda r: (r["priority"], r["level"], -r["weight"], r["id"]))
    return rows


def _table(result: Mapping[str, Any], code: str) -> tuple[list[str], list[list[Any]]]:
    t = lang(code)
    header = [t._("Priority"), t._("Level"), t._("Criterion"), t._("Title"), t._("Status"), t._("Action"),
              t._("Owner"), t._("Due"), t._("Effort"), t._("Done")]
    rows = [[r["priority_label"], r["level"], r["id"], r["title"], r["status_label"], r["action"], r["owner"],
             r["due_iso"], r["effort"], ""] for r in plan_rows(result, t)]
    return header, rows


def _safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def plan_csv(result: Mapping[str, Any], code: str) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents right; one row per action."""
    header, rows = _table(result, code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def plan_xlsx(result: Mapping[str, Any], code: str) -> bytes:
    """An XLSX workbook (openpyxl), with dates as dates and the same bytes for the same result."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    header, rows = _table(result, code)
    stamp = _dt.datetime.combine(parse_day(str(result.get("generated_at") or "")) or _dt.date(1970, 1, 1),
                                 _dt.time())
    book = Workbook()
    sheet = book.active
    sheet.title = lang(code)._("Action plan")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        due = parse_day(row[7])
        sheet.append([_safe_cell(v) for v in row[:7]] + [due or row[7]] + [_safe_cell(v) for v in row[8:]])
        sheet.cell(row=sheet.max_row, column=8).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJ", (10, 6, 14, 40, 16, 70, 28, 12, 10, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    book.properties.creator = "servex"
    book.properties.created = book.properties.modified = stamp
    return workbook_bytes(book, stamp)

