"""The result JSON turned into what the HTML/PDF template shows, in one language.

Why a separate view step: the template stays declarative (loops and fields, no arithmetic), every
number is formatted in one place for English or French, and the same view feeds HTML and PDF, so the
two formats cannot drift apart. The view reads only the result, never evidence files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex import locator_label
from servex.plugins.reports._details import detail_views
from servex.plugins.reports._evidence_view import cited, clip, text
from servex.plugins.reports._i18n import LABELS, fixed, long_date, number, status_label, verdict_label
from servex.plugins.reports._markdown import top_gaps
from servex.plugins.reports._svg import Tier, pyramid, radar, verdict_colour

__all__ = ["anchor", "build"]

_GAPS = ("not_met", "error", "not_assessed", "partially_met")


def anchor(prefix: str, value: str) -> str:
    """An id safe in HTML and in CSS `target-counter(attr(href))`, whatever a criteria set names things."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "_", value)


class _Ctx:
    """The little state every section needs: language, labels, bands and a finding index."""

    def __init__(self, result: Mapping[str, Any], lang: str) -> None:
        self.result, self.lang, self.label = result, lang, LABELS[lang]
        bands = sorted(result["model"]["verdict_bands"], key=lambda b: float(b["min"]))
        self.bands = bands
        self.order = [b["verdict"] for b in bands]
        self.band_labels = {b["verdict"]: b["label"] for b in bands}
        self.findings = {f["criterion_id"]: f for f in result["findings"]}

    def t(self, value: Any) -> str:
        return text(value, self.lang)

    def verdict(self, verdict: str | None) -> str:
        return verdict_label(verdict, self.lang, self.band_labels)

    def verdict_of(self, score: float | None) -> str | None:
        if score is None:
            return None
        found = None
        for band in self.bands:
            if score >= float(band["min"]):
                found = band["verdict"]
        return found

    def title(self, criterion_id: str) -> str:
        finding = self.findings.get(criterion_id)
        return self.t(finding["title"]) if finding else ""


def _levels(c: _Ctx) -> list[dict[str, Any]]:
    out = []
    for level in c.result["levels"]:
        out.append(
            {
                "id": level["id"],
                "anchor": anchor("level", level["id"]),
                "name": c.t(level["name"]),
                "score": fixed(level["score"], c.lang),
                "verdict": c.verdict(level["verdict"]),
                "colour": verdict_colour(level["verdict"], c.order),
                "achieved": bool(level["achieved"]),
                "in_scope": level.get("in_scope", True),
                "capped_by": [(cid, c.title(cid)) for cid in level.get("capped_by") or []],
                "gated_by": level.get("gated_by"),
                "blocked_by": [(cid, c.title(cid)) for cid in level.get("blocked_by") or []],
                "projected": fixed(level.get("projected_score"), c.lang)
                if level.get("projected_score") is not None
                else "",
                "counts": ", ".join(
                    f"{status_label(k, c.lang)} {v}" for k, v in sorted((level.get("counts") or {}).items())
                ),
            }
        )
    return out


def _finding(c: _Ctx, f: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    refs = []
    for eid in f.get("evidence_ids") or []:
        item = evidence.get(eid)
        if item is not None:
            prov = item["provenance"]
            where = locator_label(prov.get("locator") or "", c.lang)
            sha, title = prov["sha256"][:12], item.get("title")
            refs.append({"source": prov["source"], "locator": where, "sha": sha, "title": title})
    titles = {eid: str(item.get("title") or "") for eid, item in evidence.items()}
    return {
        "id": f["criterion_id"],
        "anchor": anchor("crit", f["criterion_id"]),
        "title": c.t(f["title"]),
        "statement": c.t(f.get("statement")),
        "status": f["status"],
        "status_label": status_label(f["status"], c.lang),
        "score": fixed(f.get("score"), c.lang),
        "weight": number(f.get("weight"), c.lang),
        "knockout": bool(f.get("required")),
        "elements": ", ".join(f.get("elements") or []),
        "rationale": [c.t(line) for line in f.get("rationale") or []],
        "requirements": [
            {**cited(r, c.lang), "blocks": detail_views(r.get("details"), c.lang, titles)}
            for r in f.get("requirements") or []
        ],
        "refs": refs,
        "gap": [c.t(g) for g in f.get("gap") or []],
        "recommendation": c.t(f.get("recommendation")),
        "na": clip(f.get("not_applicable_justification") or "", 600),
    }


def _heatmap(c: _Ctx) -> list[dict[str, Any]]:
    """Rows: dimensions, then their elements; columns: levels. A cell is the mean criterion score."""
    level_ids = [level["id"] for level in c.result["levels"]]
    cells: dict[tuple[str, str], list[float]] = {}
    for f in c.result["findings"]:
        if f.get("score") is None or f["status"] == "not_applicable":
            continue
        for element in f.get("elements") or []:
            cells.setdefault((element, f["level"]), []).append(float(f["score"]))

    def cell(score: float | None) -> dict[str, str]:
        return {"text": fixed(score, c.lang), "colour": verdict_colour(c.verdict_of(score), c.order, light=True)}

    rows = []
    for dim in c.result["dimensions"]:
        rows.append({"header": True, "label": f"{dim['id']} {c.t(dim['name'])}", "total": cell(dim.get("score"))})
        for e in (e for e in c.result["elements"] if e.get("dimension") == dim["id"]):
            values = [cells.get((e["id"], lid)) for lid in level_ids]
            rows.append(
                {
                    "header": False,
                    "label": f"{e['id']} {c.t(e['name'])}",
                    "cells": [cell(sum(v) / len(v) if v else None) for v in values],
                    "total": cell(e.get("score")),
                }
            )
    return rows


def _plan(c: _Ctx) -> dict[str, Any]:
    nxt = c.result["readiness"].get("next_level") or {}
    nxt_ids = list(nxt.get("criteria") or [])
    gaps = [f for f in c.result["findings"] if f["status"] in _GAPS]
    rows = [
        {
            "level": f["level"],
            "id": f["criterion_id"],
            "anchor": anchor("crit", f["criterion_id"]),
            "title": c.t(f["title"]),
            "status": f["status"],
            "status_label": status_label(f["status"], c.lang),
            "weight": number(f["weight"], c.lang),
            "next": f["criterion_id"] in nxt_ids,
            "recommendation": c.t(f.get("recommendation")) or " ".join(c.t(g) for g in f.get("gap") or []),
        }
        for f in sorted(gaps, key=lambda f: (f["level"], -float(f["weight"]), f["criterion_id"]))
    ]
    return {
        "level": nxt.get("level"),
        "criteria": [(cid, c.title(cid)) for cid in nxt_ids],
        "gated_by": nxt.get("gated_by"),
        "projected": fixed(nxt.get("projected_score"), c.lang) if nxt.get("projected_score") is not None else "",
        "further": [
            (f"{level['id']} {c.t(level['name'])}", [(cid, c.title(cid)) for cid in level["blocked_by"]])
            for level in c.result["levels"]
            if not level["achieved"] and level.get("blocked_by") and level["id"] != nxt.get("level")
        ],
        "rows": rows,
    }


def _method(c: _Ctx) -> dict[str, Any]:
    model = c.result["model"]
    scales = [
        {
            "title": c.t(scale.get("title")) or key,
            "values": [
                (c.t(v.get("label")), fixed(v.get("score"), c.lang), status_label(v.get("status", ""), c.lang))
                for v in scale.get("values") or []
            ],
        }
        for key, scale in sorted((model.get("scales") or {}).items())
    ]
    return {
        "bands": [
            (c.verdict(b["verdict"]), fixed(b["min"], c.lang), verdict_colour(b["verdict"], c.order)) for b in c.bands
        ],
        "rule": c.label["achieve_rule"].format(
            verdict=c.verdict(model.get("achieve_verdict")), cap=c.verdict(model.get("knockout_cap"))
        ),
        "scales": scales,
        "references": [r.get("title", r.get("id", "")) for r in model.get("references") or []],
    }


def build(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Everything the template needs, formatted for `lang` ("en" or "fr")."""
    c = _Ctx(result, lang)
    levels = _levels(c)
    evidence = {e["id"]: e for e in result["evidence"]}
    tiers = [
        Tier(level["id"], fixed(level["score"], lang), verdict_colour(level["verdict"], c.order))
        for level in result["levels"]
    ]
    elements = list(result["elements"])
    cset, readiness = result["criteria_set"], result["readiness"]
    by_level: dict[str, list[dict[str, Any]]] = {level["id"]: [] for level in levels}
    for f in result["findings"]:
        by_level.setdefault(f["level"], []).append(_finding(c, f, evidence))
    return {
        "lang": lang,
        "L": c.label,
        "org": result["organisation"].get("name", ""),
        "period": f"{long_date(result['period']['start'], lang)} – {long_date(result['period']['end'], lang)}",
        "cset": {"id": cset["id"], "version": cset.get("version", ""), "sha256": cset.get("sha256", ""),
                 "title": c.t(cset.get("title") or cset.get("name") or "")},
        "generated": long_date(result["generated_at"], lang),
        "generated_iso": result["generated_at"],
        "assessor": " — ".join(v for v in (result.get("assessor") or {}).values() if isinstance(v, str) and v),
        "statement": c.t(readiness.get("statement")),
        "highest": readiness.get("highest_level_achieved") or "–",
        "overall": fixed(readiness.get("overall_score"), lang),
        "pyramid": pyramid(tiers, c.label["pyramid"]),
        "legend": [(c.verdict(v), verdict_colour(v, c.order)) for v in c.order],
        "top_gaps": [_finding(c, f, evidence) for f in top_gaps(result)],
        "levels": levels,
        "radar": radar([e["id"] for e in elements], [e.get("score") for e in elements], c.label["radar"])
        if len(elements) >= 3  # fewer spokes make no polygon; the table says it all
        else "",
        "elements": [
            (e["id"], c.t(e["name"]), fixed(e.get("score"), lang), c.verdict(e.get("verdict"))) for e in elements
        ],
        "level_ids": [level["id"] for level in levels],
        "heatmap": _heatmap(c),
        "findings": [(level, by_level.get(level["id"], [])) for level in levels],
        "plan": _plan(c),
        "evidence": [
            {"source": e["provenance"]["source"], "locator": locator_label(e["provenance"].get("locator") or "", lang),
             "kind": e["kind"],
             "collector": e["provenance"].get("collector", ""), "size": e["provenance"].get("size", ""),
             "sha256": e["provenance"]["sha256"]}
            for e in result["evidence"]
        ],
        "method": _method(c),
        "na": [
            (n["criterion_id"], c.title(n["criterion_id"]), clip(n["justification"], 1000))
            for n in result.get("not_applicable") or []
        ],
        "errors": [e for e in result.get("log") or [] if e.get("level") == "error"],
    }
