"""What a finding cites, shaped for the HTML/PDF templates: documents, KPIs, answers, datasets.

Everything here is plain strings and numbers already formatted for the report's language; escaping is
left to Jinja2's autoescape, because evidence text (snippets, file names) is untrusted. Only the SVG
sparklines, which we draw ourselves, are marked safe by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import locator_label, pick, unit_symbol
from servex.plugins.reports._i18n import LABELS, fixed
from servex.plugins.reports._svg import sparkline

__all__ = ["SNIPPET_CHARS", "cited", "clip", "text"]

SNIPPET_CHARS = 300
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


def text(value: Any, lang: str) -> str:
    """A bilingual `{"en", "fr"}` value in the report's language, or the plain string."""
    if isinstance(value, Mapping):
        return pick(value, lang)
    return "" if value is None else str(value)


def clip(value: Any, limit: int = SNIPPET_CHARS) -> str:
    """Cap a snippet: a report cites evidence, it does not reproduce it."""
    snippet = " ".join(str(value).split())
    return snippet if len(snippet) <= limit else snippet[: limit - 1].rstrip() + "…"


def _unit(unit: Any, lang: str) -> str:
    symbol = unit_symbol(str(unit) if unit else None, lang)
    return f" {symbol}" if symbol else ""


def _documents(details: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    out = []
    for doc in (details.get("documents") or [])[:3]:
        if not isinstance(doc, Mapping) or doc.get("status") != "match":
            continue
        for citation in (doc.get("citations") or [])[:2]:
            out.append(
                {
                    "file": str(doc.get("file", "")),
                    "locator": locator_label(str(citation.get("locator", "")), lang),
                    "snippet": clip(citation.get("snippet", "")),
                }
            )
    return out


def _kpi(details: Mapping[str, Any], lang: str, name: str) -> dict[str, Any]:
    unit = _unit(details.get("unit"), lang)
    value = float(details["value"]) if isinstance(details.get("value"), int | float) else None
    target = details.get("target") or {}
    target_value = target.get("value") if isinstance(target, Mapping) else None
    target_text = (
        f"{_OPS.get(str(target.get('op')), str(target.get('op', '')))} {fixed(target_value, lang)}{unit}"
        if target_value is not None
        else ""
    )
    series = [m for m in details.get("monthly") or [] if isinstance(m, Mapping) and m.get("value") is not None]
    chart = ""
    if len(series) >= 2:
        values = [float(m["value"]) for m in series]
        title = f"{name}: {series[0]['month']} – {series[-1]['month']}"
        chart = sparkline(values, float(target_value) if target_value is not None else None, title)
    trend = details.get("trend") if isinstance(details.get("trend"), Mapping) else None
    return {
        "name": name,
        "value": f"{fixed(value, lang, 2 if value is not None and abs(value) < 10 else 1)}{unit}",
        "target": target_text,
        "sample": details.get("sample"),
        "chart": chart,
        "months": f"{series[0]['month']} – {series[-1]['month']}" if len(series) >= 2 else "",
        "trend": f"{trend.get('expect')}: {'✓' if trend.get('met') else '✗'}" if trend else "",
    }


def _questionnaire(details: Mapping[str, Any], lang: str) -> dict[str, Any]:
    roles = [
        {
            "role": str(role),
            "typical": str(v.get("typical", "")),
            "median": fixed(v.get("median"), lang),
            "count": v.get("count", 0),
        }
        for role, v in sorted((details.get("by_role") or {}).items())
        if isinstance(v, Mapping)
    ]
    disagreement = []
    for entry in details.get("disagreement") or []:
        pairs = zip(entry.get("roles") or [], entry.get("medians") or [], strict=False)
        disagreement.append(" / ".join(f"{role} {fixed(median, lang)}" for role, median in pairs))
    return {"question": str(details.get("question", "")), "roles": roles, "disagreement": disagreement}


def cited(requirement: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """One requirement's outcome and what it rests on, each kind in its own field."""
    details = requirement.get("details") or {}
    kind = requirement.get("type", "")
    view: dict[str, Any] = {
        "description": text(requirement.get("description"), lang),
        "message": text(requirement.get("message"), lang),
        "state": str(requirement.get("state", "")),
        "documents": _documents(details, lang) if kind == "document" or "documents" in details else [],
        "kpi": None,
        "questionnaire": None,
        "dataset": None,
    }
    if "kpi" in details and "value" in details:
        view["kpi"] = _kpi(details, lang, str(details["kpi"]))
    if "by_role" in details:
        view["questionnaire"] = _questionnaire(details, lang)
    if "dataset" in details and "rows" in details:
        coverage = details.get("coverage")
        share = "" if coverage is None else f", {LABELS[lang]['coverage']} {fixed(100 * float(coverage), lang, 0)} %"
        view["dataset"] = f"{details['dataset']}: {details['rows']} {LABELS[lang]['records']}{share}"
    return view
