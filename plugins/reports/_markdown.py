"""The gap analysis as Markdown: what a board reads first, then every finding with its evidence.

Evidence text is untrusted (it comes from the organisation's files): table cells and snippets are
escaped so a document cannot inject Markdown or HTML into the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex import locator_label, pick
from servex.plugins.reports._details import markdown_details
from servex.plugins.reports._i18n import LABELS, number, status_label, verdict_label

__all__ = ["render"]

_GAP_ORDER = {"not_met": 0, "error": 1, "not_assessed": 2, "partially_met": 3}
_SNIPPET = 200


def _esc(text: Any) -> str:
    out = str(text).replace("\\", "\\\\").replace("\n", " ")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out


def _bands(result: Mapping[str, Any]) -> dict[str, Mapping[str, str]]:
    return {band["verdict"]: band["label"] for band in result["model"]["verdict_bands"]}


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"  # French typography: a space before the colon


def _t(value: Any, lang: str) -> str:
    return pick(value, lang) if isinstance(value, Mapping) else ("" if value is None else str(value))


def top_gaps(result: Mapping[str, Any], count: int = 5) -> list[Mapping[str, Any]]:
    """Lowest level first (a gap low in the pyramid blocks everything above), knock-outs first, then weight."""
    gaps = [f for f in result["findings"] if f["status"] in _GAP_ORDER]
    return sorted(
        gaps, key=lambda f: (f["level"], not f["required"], _GAP_ORDER[f["status"]], -f["weight"], f["criterion_id"])
    )[:count]


def _cited(requirement: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]], lang: str) -> Iterator[str]:
    details = requirement.get("details") or {}
    if "value" in details and "kpi" in details:
        target = details.get("target") or {}
        has_goal = target.get("value") is not None
        goal = f" ({target.get('op', '')} {number(target.get('value'), lang)})" if has_goal else ""
        yield (
            f"KPI `{details['kpi']}` = {number(details['value'], lang)}{goal}, "
            f"n={details.get('sample', details.get('n', '?'))}"
        )
    for doc in (details.get("documents") or [])[:3]:
        if not isinstance(doc, Mapping) or doc.get("status") != "match":
            continue
        for citation in (doc.get("citations") or [])[:2]:
            snippet = str(citation.get("snippet", ""))[:_SNIPPET]
            where = locator_label(str(citation.get("locator", "")), lang)
            yield f"{_esc(doc.get('file', ''))}, {_esc(where)}: “{_esc(snippet)}”"
    by_role = details.get("by_role") or {}
    if by_role:
        medians = ", ".join(
            f"{role} {_esc(v.get('typical', ''))} ({v['median']:g}, n={v['count']})"
            for role, v in sorted(by_role.items())
        )
        yield f"{details.get('question', '')}: {medians}"
    yield from markdown_details(details, lang, {k: str(v.get("title") or "") for k, v in evidence.items()})
    for eid in requirement.get("evidence_ids", [])[:5]:
        item = evidence.get(eid)
        if item is not None:
            prov = item["provenance"]
            locator = f" ({locator_label(prov['locator'], lang)})" if prov.get("locator") else ""
            title = f"{_esc(item['title'])} — " if item.get("title") else ""
            yield f"{title}{_esc(prov['source'])}{_esc(locator)}, sha256 `{prov['sha256'][:12]}…`"


def _levels(result: Mapping[str, Any], lang: str) -> Iterator[str]:
    label = LABELS[lang]
    yield f"| {label['level']} | {label['score']} | {label['verdict']} | {label['achieved']} |"
    yield "|---|---:|---|---|"
    for level in result["levels"]:
        achieved = label["yes"] if level["achieved"] else label["no"]
        yield (
            f"| {level['id']} {_esc(_t(level['name'], lang))} | {number(level['score'], lang)} | "
            f"{verdict_label(level['verdict'], lang, _bands(result))} | {achieved} |"
        )


def _level_sections(result: Mapping[str, Any], lang: str) -> Iterator[str]:
    label = LABELS[lang]
    for level in result["levels"]:
        yield f"\n## {level['id']} {_t(level['name'], lang)}\n"
        yield (
            f"{label['score']}{_colon(lang)} **{number(level['score'], lang)}** — {label['verdict']}{_colon(lang)} "
            f"**{verdict_label(level['verdict'], lang, _bands(result))}**\n"
        )
        if level["capped_by"]:
            yield f"- {label['capped']}{_colon(lang)} {', '.join(level['capped_by'])}"
        if level["gated_by"]:
            yield f"- {label['gated'].format(level=level['gated_by'])}"
        if level["blocked_by"]:
            projected = (
                f" ({label['projected']} {number(level['projected_score'], lang)})"
                if level.get("projected_score") is not None
                else ""
            )
            yield f"- {label['blocked']}{_colon(lang)} {', '.join(level['blocked_by'])}{projected}"


def _findings(result: Mapping[str, Any], lang: str) -> Iterator[str]:
    label = LABELS[lang]
    evidence = {e["id"]: e for e in result["evidence"]}
    for f in result["findings"]:
        flag = f", {label['knockout']}" if f["required"] else ""
        yield f"\n### {f['criterion_id']} {_t(f['title'], lang)}\n"
        yield (
            f"**{status_label(f['status'], lang)}** — {label['score']} {number(f['score'], lang)} "
            f"({f['level']}, {label['weight']} {number(f['weight'], lang)}{flag})\n"
        )
        yield f"{label['rationale']}{_colon(lang)}\n"
        for line in f["rationale"]:
            yield f"- {_esc(_t(line, lang))}"
        cited = [c for r in f["requirements"] for c in _cited(r, evidence, lang)]
        if cited:
            yield f"\n{label['evidence']}{_colon(lang)}\n"
            yield from (f"- {c}" for c in dict.fromkeys(cited))
        if f["gap"]:
            yield f"\n{label['gap']}{_colon(lang)} " + " ".join(_esc(_t(g, lang)) for g in f["gap"])
        if f.get("recommendation"):
            yield f"\n{label['recommendation']}{_colon(lang)} {_esc(_t(f['recommendation'], lang))}"


def render(result: Mapping[str, Any], lang: str) -> str:
    label = LABELS[lang]
    cset = result["criteria_set"]
    org = result["organisation"]
    lines = [
        f"# {label['title']} — {_esc(org['name'])}\n",
        f"- {label['organisation']}{_colon(lang)} {_esc(org['name'])}",
        f"- {label['period']}{_colon(lang)} {result['period']['start']} → {result['period']['end']}",
        f"- {label['criteria_set']}{_colon(lang)} {cset['id']} {cset['version']} (sha256 `{cset['sha256']}`)",
        f"- {label['generated']}{_colon(lang)} {result['generated_at']}",
    ]
    if result.get("assessor", {}).get("name"):
        lines.append(f"- {label['assessor']}{_colon(lang)} {_esc(result['assessor']['name'])}")
    lines += [
        f"\n## {label['summary']}\n",
        f"**{label['readiness']}**{_colon(lang)} {_t(result['readiness']['statement'], lang)}\n",
    ]
    lines += list(_levels(result, lang))
    lines.append(f"\n### {label['top_gaps']}\n")
    for f in top_gaps(result):
        rec = _esc(_t(f.get("recommendation"), lang))
        lines.append(
            f"1. **{f['criterion_id']}** {_esc(_t(f['title'], lang))} — {status_label(f['status'], lang)}. {rec}"
        )
    lines += list(_level_sections(result, lang))
    lines.append(f"\n## {label['elements']}\n")
    lines += [f"| {label['element']} | {label['score']} | {label['verdict']} |", "|---|---:|---|"]
    for e in result["elements"]:
        lines.append(
            f"| {e['id']} {_esc(_t(e['name'], lang))} | {number(e['score'], lang)} | "
            f"{verdict_label(e['verdict'], lang, _bands(result))} |"
        )
    lines.append(f"\n## {label['findings']}")
    lines += list(_findings(result, lang))
    lines.append(f"\n## {label['action_plan']}\n")
    plan = [f for f in result["findings"] if f["status"] in _GAP_ORDER]
    for f in sorted(plan, key=lambda f: (f["level"], -f["weight"], f["criterion_id"])):
        lines.append(
            f"- [ ] {f['level']} · **{f['criterion_id']}** ({label['weight']} {number(f['weight'], lang)}): "
            f"{_esc(_t(f.get('recommendation'), lang))}"
        )
    if result["not_applicable"]:
        lines.append(f"\n## {label['na']}\n")
        for entry in result["not_applicable"]:
            lines.append(
                f"- **{entry['criterion_id']}** — {label['justification']}{_colon(lang)} {_esc(entry['justification'])}"
            )
    lines += [f"\n## {label['appendix']}\n", f"| {label['source']} | {label['kind']} | sha256 |", "|---|---|---|"]
    for item in result["evidence"]:
        prov = item["provenance"]
        locator = f" ({locator_label(prov['locator'], lang)})" if prov.get("locator") else ""
        lines.append(f"| {_esc(prov['source'] + locator)} | {item['kind']} | `{prov['sha256']}` |")
    errors = [e for e in result["log"] if e["level"] == "error"]
    if errors:
        lines.append(f"\n## {label['log']}\n")
        lines += [f"- {_esc(e['source'])}: {_esc(e['file'])} {_esc(e['message'])}" for e in errors]
    return "\n".join(lines) + "\n"
