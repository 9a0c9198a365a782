"""What a finding cites, shaped for the HTML/PDF templates: documents, KPIs, answers, datasets.

Everything here is plain strings and numbers already formatted for the report's language; escaping is
left to Jinja2's autoescape, because evidence text (snippets, file names) is untrusted. Only the SVG
sparklines, which we draw ourselves, are marked safe by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex import locator_label
from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import lang as language
from servex.plugins.reports._prose import capitalise, value_with_unit
from servex.plugins.reports._svg import sparkline

__all__ = ["SNIPPET_CHARS", "cited", "clip", "lines_of_one_file", "plain", "text", "where"]

SNIPPET_CHARS = 300
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
# Markdown a document carries (bold, italics, code, headings, list bullets, links, quotes): a quote
# in a client report shows the words, not the source's markup.
_MARKDOWN = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(^|\s)#{1,6}\s+"), r"\1"),
    (re.compile(r"(^|\s)>\s+"), r"\1"),
    (re.compile(r"(^|(?<=\s))[-*+]\s+(?=\S)"), ""),
    (re.compile(r"(^|\s)\d+[.)]\s+(?=\S)"), r"\1"),
    # a table quoted from a Markdown document: no separator row, cells apart by a middle dot
    (re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+(\s*:?-{3,}:?\s*)?"), " | "),
    (re.compile(r"\s*\|(\s*\|)*\s*"), " · "),
    (re.compile(r"^\s*·\s*|\s*·\s*$"), ""),
)


_LOCATOR_DE = (
    (re.compile(r'(^|\()sheet "([^"]*)", row (\w+)'), r"\1Blatt „\2“, Zeile \3"),
    (re.compile(r"(^|\()paragraph (\d+)"), r"\1Absatz \2"),
    (re.compile(r"(^|\()line (\d+)"), r"\1Zeile \2"),
    (re.compile(r"(^|\()page (\d+)"), r"\1Seite \2"),
    (re.compile(r'( \(|^\()under "([^"]*)"\)'), r"\1unter „\2“)"),
)


def where(locator: Any, lang: str) -> str:
    """A locator in the reader's language (the core words English and French; German is ours)."""
    value = str(locator or "")
    if lang != "de":
        return locator_label(value, lang)
    for pattern, replacement in _LOCATOR_DE:
        value = pattern.sub(replacement, value)
    return value


_LINE = re.compile(r"line (\d+)")


def lines_of_one_file(refs: list[dict[str, str]], lang: str) -> list[dict[str, str]]:
    """References to lines of one file (case records sampled from one export) as one reference.

    A finding that rests on twenty sampled cases of one CSV cited them as twenty lines, each with a
    collector's title ("Case R00191 traced for …", English whatever the report's language) and the same
    digest; the reader needs the file, its digest and which lines: "cases/x.csv (lines 5, 7, 12)". A file
    cited at one line, or at anything other than plain line numbers, keeps its reference as it is.
    """
    lines: dict[tuple[str, str], list[int]] = {}
    for ref in refs:
        if (match := _LINE.fullmatch(ref["locator"])) is not None:
            lines.setdefault((ref["source"], ref["sha"]), []).append(int(match.group(1)))
    out, done = [], set()
    for ref in refs:
        key = (ref["source"], ref["sha"])
        numbers = lines.get(key, [])
        if len(numbers) < 2 or _LINE.fullmatch(ref["locator"]) is None:
            out.append({**ref, "locator": where(ref["locator"], lang)})
        elif key not in done:
            done.add(key)
            ordered = sorted(set(numbers))
            said = language(lang).n_("line {lines}", "lines {lines}", len(ordered),
                                     lines=", ".join(str(n) for n in ordered))
            out.append({**ref, "title": "", "locator": said})
    return out


def text(value: Any, lang: str) -> str:
    """A criteria-set text (`{"en", "fr"}` or plain) in the report's language; German from the catalogue."""
    return language(lang).criteria_text(value)


def plain(value: Any) -> str:
    """A snippet without Markdown residue (`**One contact:**` -> `One contact:`), whitespace collapsed."""
    snippet = " ".join(str(value).split())
    for pattern, replacement in _MARKDOWN:
        snippet = pattern.sub(replacement, snippet)
    snippet = " ".join(snippet.replace("**", "").split())
    return re.sub(r"\s[-*+](…?)$", r"\1", snippet)


def clip(value: Any, limit: int = SNIPPET_CHARS) -> str:
    """Cap a snippet: a report cites evidence, it does not reproduce it."""
    snippet = plain(value)
    return snippet if len(snippet) <= limit else snippet[: limit - 1].rstrip() + "…"


def _documents(details: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    out = []
    for doc in (details.get("documents") or [])[:3]:
        if not isinstance(doc, Mapping) or doc.get("status") != "match":
            continue
        for citation in (doc.get("citations") or [])[:2]:
            out.append(
                {
                    "file": str(doc.get("file", "")),
                    "locator": where(citation.get("locator", ""), lang),
                    "snippet": clip(citation.get("snippet", "")),
                }
            )
    return out


def _kpi(details: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A KPI's monthly series as a sparkline, with a sentence saying what it plots (its alt text)."""
    t = language(lang)
    name = capitalise(labels.kpi(details.get("kpi"), t, details.get("kpi_name")))
    unit = details.get("unit")
    target = details.get("target") or {}
    target_value = target.get("value") if isinstance(target, Mapping) else None
    thin = details.get("thin_months") or {}  # a month of token records plots no figure (see datasets/_coverage)
    series = [
        m
        for m in details.get("monthly") or []
        if isinstance(m, Mapping) and m.get("value") is not None and m.get("month") not in thin
    ]
    chart, months, alt = "", "", ""
    if len(series) >= 2:
        values = [float(m["value"]) for m in series]
        months = t._("{start} to {end}", start=t.month(str(series[0]["month"])), end=t.month(str(series[-1]["month"])))
        lowest, highest = min(values), max(values)
        alt = t._("{kpi} by month, {months}: from {first} to {last}, lowest {low}, highest {high}.", kpi=name,
                  months=months, first=value_with_unit(values[0], unit, t), last=value_with_unit(values[-1], unit, t),
                  low=value_with_unit(lowest, unit, t), high=value_with_unit(highest, unit, t))
        if target_value is not None:
            alt += " " + t._("The dashed line is the target, {target}.", target=value_with_unit(target_value, unit, t))
        chart = sparkline(values, float(target_value) if target_value is not None else None, alt)
    return {"name": name, "chart": chart, "months": months, "alt": alt}


def _questionnaire(details: Mapping[str, Any], lang: str) -> dict[str, Any]:
    t = language(lang)
    roles = [
        {
            "role": labels.role(role, t),
            "typical": labels.answer(v.get("typical", ""), t),
            "median": t.decimal(v.get("median"), 1, trim=True),
            "count": t.n_("{n} respondent", "{n} respondents", int(v.get("count") or 0)),
        }
        for role, v in sorted((details.get("by_role") or {}).items())
        if isinstance(v, Mapping)
    ]
    return {"roles": roles}


def cited(requirement: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """One requirement: what it shows (a sentence), the quotes it rests on, and a KPI chart if any."""
    from servex.plugins.reports._prose import requirement_line

    details = requirement.get("details") or {}
    kind = requirement.get("type", "")
    view: dict[str, Any] = {
        "line": requirement_line(requirement, language(lang)),
        "state": str(requirement.get("state", "")),
        "documents": _documents(details, lang) if kind == "document" or "documents" in details else [],
        "kpi": None,
    }
    if "kpi" in details and details.get("value") is not None:
        kpi = _kpi(details, lang)
        view["kpi"] = kpi if kpi["chart"] else None
    return view
