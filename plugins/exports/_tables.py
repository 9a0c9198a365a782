"""The findings and the action plan as tables a GRC platform imports (CISO Assistant, Eramba, a sheet).

Both tables have the same columns, English and machine-stable (an import maps them once):
id, title, level, status, score, evidence, gap, action, owner, due_date; the action table adds priority.
Titles, gaps and actions are in the report language; `status` is servex's value (met, not_met...).
`owner` and `due_date` are the assessor's (the result's `action_plan`), else the owner of a cited document
(the manifest's), else "to be assigned" and an empty date: an export meant to be imported into a tracker
does not invent deadlines (the report's action plan proposes some; they are shown there as proposals).
The action rows are the report's action plan (`servex.plugins.reports._plan`), so both say the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from servex.plugins.exports._common import cited_evidence, evidence_index, text

__all__ = ["ACTION_COLUMNS", "COLUMNS", "action_rows", "actions_csv", "finding_rows", "findings_csv", "safe_cell"]

COLUMNS = ("id", "title", "level", "status", "score", "evidence", "gap", "action", "owner", "due_date")
ACTION_COLUMNS = (*COLUMNS, "priority")
_GAPS = ("not_met", "partially_met", "not_assessed", "error")


def safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection: text starting with = + - @ (or a tab/CR) is prefixed with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _gap(finding: Mapping[str, Any], lang: str) -> str:
    from servex.plugins.reports._i18n import lang as language
    from servex.plugins.reports._prose import requirement_gap

    t = language(lang)
    gaps = [text(r.get("gap"), lang) or requirement_gap(r, t)
            for r in finding.get("requirements") or [] if r.get("state") != "satisfied"]
    return " ".join(dict.fromkeys(g for g in gaps if g))


def _assessor_due(result: Mapping[str, Any]) -> dict[str, str]:
    plan = result.get("action_plan") or []
    return {str(e["criterion_id"]): str(e.get("due") or "") for e in plan
            if isinstance(e, Mapping) and e.get("criterion_id")}


def _plan(result: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    from servex.plugins.reports._i18n import lang as language
    from servex.plugins.reports._plan import plan_rows

    return plan_rows(result, language(lang))


def _row(finding: Mapping[str, Any], plan: Mapping[str, Any] | None, due: str,
         index: Mapping[str, Mapping[str, Any]], lang: str) -> dict[str, Any]:
    score = finding.get("score")
    return {
        "id": str(finding["criterion_id"]),
        "title": text(finding.get("title"), lang),
        "level": str(finding.get("level", "")),
        "status": str(finding["status"]),
        "score": "" if score is None else score,
        "evidence": "; ".join(dict.fromkeys(c.source for c in cited_evidence(finding, index) if c.source)),
        "gap": _gap(finding, lang) if finding["status"] != "met" else "",
        "action": str(plan["action"]) if plan else "",
        "owner": str(plan["owner"]) if plan else "",
        "due_date": due if plan else "",
    }


def finding_rows(result: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """One row per criterion, in the result's order (level, then criterion)."""
    index = evidence_index(result)
    plans = {str(r["id"]): r for r in _plan(result, lang)}
    dues = _assessor_due(result)
    return [_row(f, plans.get(str(f["criterion_id"])), dues.get(str(f["criterion_id"]), ""), index, lang)
            for f in result.get("findings") or []]


def action_rows(result: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """One row per gap, most urgent first (the report's action plan order), with its priority 1-3."""
    index = evidence_index(result)
    findings = {str(f["criterion_id"]): f for f in result.get("findings") or []}
    dues = _assessor_due(result)
    rows = []
    for plan in _plan(result, lang):
        finding = findings.get(str(plan["id"]))
        if finding is None or finding["status"] not in _GAPS:
            continue
        row = _row(finding, plan, dues.get(str(plan["id"]), ""), index, lang)
        row["priority"] = int(plan["priority"])
        rows.append(row)
    return rows


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """RFC 4180 (CRLF), UTF-8 without a byte-order mark (importers read the header as written)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[safe_cell(row[c]) for c in columns] for row in rows])
    return buffer.getvalue().encode("utf-8")


def findings_csv(result: Mapping[str, Any], lang: str) -> bytes:
    return _csv(COLUMNS, finding_rows(result, lang))


def actions_csv(result: Mapping[str, Any], lang: str) -> bytes:
    return _csv(ACTION_COLUMNS, action_rows(result, lang))
