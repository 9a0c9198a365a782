"""The result JSON turned into what every report shows, in one language.

Why a separate view step: the templates stay declarative (loops and fields, no arithmetic), every
number and sentence is formatted in one place, and the same view feeds Markdown, HTML and PDF, so the
formats cannot drift apart. The view reads only the result, never evidence files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._changes_view import changes_view
from servex.plugins.reports._checks_view import data_checks
from servex.plugins.reports._chrome import chrome
from servex.plugins.reports._ctx import Ctx as _Ctx
from servex.plugins.reports._ctx import anchor
from servex.plugins.reports._details import detail_views, markdown_details
from servex.plugins.reports._evidence_view import cited, clip, lines_of_one_file
from servex.plugins.reports._exceptions_view import exceptions_view, finding_exception
from servex.plugins.reports._history_view import history_view
from servex.plugins.reports._plan import plan_rows
from servex.plugins.reports._profile_view import profile_view
from servex.plugins.reports._prose import evidence_classes, finding_decision, requirement_gap
from servex.plugins.reports._sizing import recommendation as sized_recommendation
from servex.plugins.reports._sizing import scale_note
from servex.plugins.reports._summary import summary
from servex.plugins.reports._svg import Tier, pyramid, radar, verdict_colour
from servex.plugins.reports._tables_view import heatmap, inventory, method

__all__ = ["anchor", "build"]


def _level_state(c: _Ctx, level: Mapping[str, Any]) -> str:
    if not level.get("in_scope", True):
        return c.tr._("Not in the scope of this assessment.")
    if level.get("score") is None:
        return c.tr._("No criterion of this level could be scored.")
    return c.tr._("This level is achieved.") if level.get("achieved") else c.tr._("This level is not achieved.")


def _levels(c: _Ctx) -> list[dict[str, Any]]:
    out = []
    for level in c.result["levels"]:
        counts = sorted((level.get("counts") or {}).items())
        out.append(
            {
                "id": level["id"],
                "anchor": anchor("level", level["id"]),
                "name": c.t(level["name"]),
                "score": c.num(level["score"]),
                "verdict": c.verdict(level["verdict"]),
                "colour": verdict_colour(level["verdict"], c.order),
                "achieved": bool(level["achieved"]),
                "scored": level.get("score") is not None,
                "state": _level_state(c, level),
                "in_scope": level.get("in_scope", True),
                "capped_by": [(cid, c.title(cid)) for cid in level.get("capped_by") or []],
                "gated": c.tr._("Not achievable until level {level} is achieved.", level=level["gated_by"])
                if level.get("gated_by")
                else "",
                "excepted": _excepted(c, level.get("excepted")),
                "blocked_by": [(cid, c.title(cid)) for cid in level.get("blocked_by") or []],
                "projected": c.num(level.get("projected_score")) if level.get("projected_score") is not None else "",
                "counts": c.tr.join(f"{labels.status(k, c.tr)} {c.tr.integer(v)}" for k, v in counts),
            }
        )
    return out


def _excepted(c: Any, excepted: Mapping[str, Any] | None) -> str:
    """Why a level with too much set aside as not applicable is capped (see core/_engine/levels.py)."""
    if not excepted:
        return ""
    return str(
        c.tr._(
            "Capped: {share} of this level's weight is not applicable ({ids}), more than the {limit} a level may "
            "set aside and still be graded in full.",
            share=c.tr.percent(100 * float(excepted["share"]), 0),
            ids=", ".join(excepted.get("criteria") or []),
            limit=c.tr.percent(100 * float(excepted["limit"]), 0),
        )
    )


_WORST = {"error": 0, "insufficient": 1, "unsatisfied": 2, "partial": 3, "satisfied": 4}


def merge_kpis(requirements: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One entry per measured KPI: two requirements on the same KPI and value (one of them also judging its
    trend) are one fact for a reader, with the stricter outcome and the trend kept."""
    merged: list[Mapping[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for req in requirements:
        details = req.get("details") or {}
        if "kpi" not in details:
            merged.append(req)
            continue
        # a segment is a mapping ({channel: phone}): part of the key as text, never as an unhashable dict
        segment = json.dumps(details.get("segment"), sort_keys=True, default=str)
        key = (details.get("kpi"), segment, details.get("value"), str(details.get("target")))
        if key not in seen:
            seen[key] = len(merged)
            merged.append(req)
            continue
        kept = merged[seen[key]]
        states = sorted((str(kept.get("state")), str(req.get("state"))), key=lambda s: _WORST.get(s, 0))
        trend = (kept.get("details") or {}).get("trend") or details.get("trend")
        merged[seen[key]] = {**kept, "state": states[0], "details": {**(kept.get("details") or {}), "trend": trend}}
    return merged


def _finding(c: _Ctx, f: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    refs = []
    for eid in f.get("evidence_ids") or []:
        item = evidence.get(eid)
        if item is not None:
            prov = item["provenance"]
            title, source = str(item.get("title") or ""), str(prov["source"])
            if source and source in title:
                # A collector's own title ("tickets export data/tickets.csv", "Questionnaire answers: x.yaml (6
                # respondents)"), written in English: the file says it in every language. A title the
                # organisation gave (the manifest's) never holds the path and is kept.
                title = ""
            refs.append(
                {
                    "source": source,
                    "locator": str(prov.get("locator") or ""),
                    "sha": prov["sha256"][:12],
                    "title": title,
                }
            )
    refs = lines_of_one_file(refs, c.lang)
    merged = merge_kpis(list(f.get("requirements") or []))
    titles = {eid: str(item.get("title") or "") for eid, item in evidence.items()}
    requirements = [  # any plugin's typed details (servex.details): metric, table, cited items
        {
            **cited(r, c.lang),
            "blocks": detail_views(r.get("details"), c.lang, titles),
            "md_blocks": list(markdown_details(r.get("details"), c.lang, titles)),
        }
        for r in merged
    ]
    seen_quotes: set[tuple[str, str, str]] = set()
    for requirement in requirements:  # a passage (a located line) cited by two requirements is shown once
        kept = []
        for quote in requirement["documents"]:
            key = (quote["file"], quote["locator"], "" if quote["locator"] else quote["snippet"])
            if key not in seen_quotes:
                seen_quotes.add(key)
                kept.append(quote)
        requirement["documents"] = kept
    shown, missing = evidence_classes(f, c.tr)
    if f["status"] in ("met", "not_applicable"):
        gap: list[str] = []
    else:
        gap = list(dict.fromkeys(g for g in (requirement_gap(r, c.tr) for r in merged) if g))
    recommendation = sized_recommendation(c.result, f, c.tr)
    if f["status"] in ("not_assessed", "error"):
        recommendation = ""  # the gap says which data to provide; a practice change would be premature
    return {
        "id": f["criterion_id"],
        "anchor": anchor("crit", f["criterion_id"]),
        "title": c.t(f["title"]),
        "statement": c.t(f.get("statement")),
        "level": f["level"],
        "status": f["status"],
        "status_label": labels.status(f["status"], c.tr),
        "score": c.num(f.get("score")),
        "weight": c.tr.decimal(f.get("weight"), 1, trim=True),
        "knockout": bool(f.get("required")),
        "elements": ", ".join(f.get("elements") or []),
        "rationale": list(dict.fromkeys(r["line"] for r in requirements if r["line"])),
        "decision": finding_decision(f, c.result["model"], c.tr),
        "classes_shown": shown,
        "classes_missing": missing,
        "requirements": requirements,
        "refs": list({r["source"] + r["locator"]: r for r in refs}.values()),
        "gap": gap,
        "recommendation": recommendation,
        # an exception's sentence carries its reason: the justification line would repeat it
        "na": "" if f.get("exception") else clip(f.get("not_applicable_justification") or "", 600),
        "exception": finding_exception(c, f),
    }


def _plan(c: _Ctx) -> dict[str, Any]:
    nxt = c.result["readiness"].get("next_level") or {}
    rows = plan_rows(c.result, c.tr)
    for row in rows:
        row["anchor"] = anchor("crit", row["id"])
        row["weight_text"] = c.tr.decimal(row["weight"], 1, trim=True)
    return {
        "level": nxt.get("level"),
        "heading": c.tr._("The smallest set of criteria that lifts the organisation to {level}", level=nxt["level"])
        if nxt.get("level")
        else "",
        "criteria": [(cid, c.title(cid)) for cid in nxt.get("criteria") or []],
        "gated": c.tr._("{level} also needs {gate} to be achieved first.", level=nxt["level"], gate=nxt["gated_by"])
        if nxt.get("gated_by")
        else "",
        "projected": c.num(nxt.get("projected_score")) if nxt.get("projected_score") is not None else "",
        "further": [
            (f"{level['id']} {c.t(level['name'])}", [(cid, c.title(cid)) for cid in level["blocked_by"]])
            for level in c.result["levels"]
            if not level["achieved"] and level.get("blocked_by") and level["id"] != nxt.get("level")
        ],
        "rows": rows,
        "scale": scale_note(c.result, c.tr),
    }


def build(result: Mapping[str, Any], code: str) -> dict[str, Any]:
    """Everything the templates need, formatted for `code` ("en", "fr" or "de")."""
    c = _Ctx(result, code)
    levels = _levels(c)
    evidence = {e["id"]: e for e in result["evidence"]}
    tiers = [
        Tier(level["id"], c.num(level["score"]), verdict_colour(level["verdict"], c.order))
        for level in result["levels"]
    ]
    elements = list(result["elements"])
    cset = result["criteria_set"]
    by_level: dict[str, list[dict[str, Any]]] = {level["id"]: [] for level in levels}
    findings = {f["criterion_id"]: _finding(c, f, evidence) for f in result["findings"]}
    for f in result["findings"]:
        by_level.setdefault(f["level"], []).append(findings[f["criterion_id"]])
    tier_texts = [
        c.tr._(
            "{level} {name}, score {score}, {verdict}",
            level=lv["id"],
            name=lv["name"],
            score=lv["score"],
            verdict=lv["verdict"],
        )
        for lv in levels
    ]
    pyramid_alt = c.tr._("Pyramid of the levels, base first: {levels}.", levels=c.tr.join(tier_texts))
    radar_alt = c.tr._(
        "Radar chart of the element scores: {elements}.",
        elements=c.tr.join(f"{e['id']} {c.num(e.get('score'))}" for e in elements),
    )
    label = chrome(c.tr)
    checks = data_checks(c)
    return {
        "lang": code,
        "L": label,
        "colon": c.tr.colon,
        "lq": c.tr.lq,
        "rq": c.tr.rq,
        "org": result["organisation"].get("name", ""),
        "period": f"{c.tr.date(result['period']['start'])} – {c.tr.date(result['period']['end'])}",
        "cset": {
            "id": cset["id"],
            "version": cset.get("version", ""),
            "sha256": cset.get("sha256", ""),
            "title": c.t(cset.get("title") or cset.get("name") or ""),
        },
        "generated": c.tr.date(result["generated_at"]),
        "generated_iso": result["generated_at"],
        "assessor": " — ".join(v for v in (result.get("assessor") or {}).values() if isinstance(v, str) and v),
        "summary": summary(result, c.tr, findings),
        "pyramid": pyramid(tiers, pyramid_alt, links=["#findings-" + lv["anchor"] for lv in levels]),
        "pyramid_alt": pyramid_alt,
        "legend": [(c.verdict(v), verdict_colour(v, c.order)) for v in c.order],
        "levels": levels,
        "radar": radar([e["id"] for e in elements], [e.get("score") for e in elements], radar_alt)
        if len(elements) >= 3  # fewer spokes make no polygon; the table says it all
        else "",
        "radar_alt": radar_alt,
        "elements": [(e["id"], c.t(e["name"]), c.num(e.get("score")), c.verdict(e.get("verdict"))) for e in elements],
        "level_ids": [level["id"] for level in levels],
        "heatmap": heatmap(c),
        "findings": [(level, by_level.get(level["id"], [])) for level in levels],
        "plan": _plan(c),
        "evidence": inventory(c),
        "data_checks": checks,
        "data_note": _data_note(c, checks),
        "method": method(c),
        "na": [
            (n["criterion_id"], c.title(n["criterion_id"]), clip(n["justification"], 1000))
            for n in result.get("not_applicable") or []
        ],
        "errors": [e for e in result.get("log") or [] if e.get("level") == "error"],
        "unused": _unused(c, result.get("log") or []),
        "exceptions": exceptions_view(c),
        "since": changes_view(c, result["since_baseline"]) if result.get("since_baseline") else None,
        "history": history_view(c, result["history"]) if result.get("history") else None,
        "profile": profile_view(c),
    }


def _data_note(c: _Ctx, checks: list[dict[str, Any]]) -> str:
    """A line in the executive summary when a data export had values left out or flagged: whoever reads
    only the summary must know the figures rest on checked data, and where to see what was set aside."""
    flagged = sum(1 for row in checks if not row["clean"])
    if not flagged:
        return ""
    return c.tr.n_(
        "Data checks: {n} data export had values left out or flagged before any figure was computed; "
        "see \u201cData checks\u201d in the appendix.",
        "Data checks: {n} data exports had values left out or flagged before any figure was computed; "
        "see \u201cData checks\u201d in the appendix.",
        flagged,
    )


def _unused(c: _Ctx, log: list[Mapping[str, Any]]) -> list[str]:
    """The files of the folder that no source used, or that a collector left out of the evidence (servex's
    own reports, lists of the criteria), as the log says: a reader of the report must see what was not
    graded, not only the terminal. The reasons servex gives are said in the report's language; another
    plugin's reason is quoted as it wrote it."""
    out = []
    for entry in log:
        message, file = str(entry.get("message") or ""), str(entry.get("file") or "")
        if entry.get("level") != "warning" or not message.startswith("not used"):
            continue
        if file and message.startswith(f"not used: {file} (no source reads it"):
            out.append(c.tr._("{file}: a data file no source reads (add it to a datasets source in servex.yaml)",
                              file=file))
        elif file and message.startswith("not used as evidence: it names"):
            out.append(c.tr._("{file}: not used as evidence, as it lists the set's criteria (a report, a "
                              "checklist or a copy of the criteria)", file=file))
        else:
            out.append(message if not file or file in message else f"{file} — {message}")
    return out
