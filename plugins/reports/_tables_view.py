"""The view's tables: the heat map of scores, the method appendix and the evidence inventory."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._evidence_view import where
from servex.plugins.reports._prose import capitalise
from servex.plugins.reports._svg import verdict_colour

__all__ = ["heatmap", "inventory", "method"]


def heatmap(c: Ctx) -> list[dict[str, Any]]:
    """Rows: dimensions, then their elements; columns: levels. A cell is the mean criterion score."""
    level_ids = [level["id"] for level in c.result["levels"]]
    cells: dict[tuple[str, str], list[float]] = {}
    for f in c.result["findings"]:
        if f.get("score") is None or f["status"] == "not_applicable":
            continue
        for element in f.get("elements") or []:
            cells.setdefault((element, f["level"]), []).append(float(f["score"]))

    def cell(score: float | None) -> dict[str, str]:
        return {"text": c.num(score), "colour": verdict_colour(c.verdict_of(score), c.order, light=True)}

    rows = []
    for dim in c.result["dimensions"]:
        rows.append({"header": True, "label": f"{dim['id']} {c.t(dim['name'])}", "total": cell(dim.get("score"))})
        for e in (e for e in c.result["elements"] if e.get("dimension") == dim["id"]):
            values = [cells.get((e["id"], lid)) for lid in level_ids]
            rows.append(
                {
                    "header": False,
                    "id": e["id"],
                    "label": f"{e['id']} {c.t(e['name'])}",
                    "cells": [cell(sum(v) / len(v) if v else None) for v in values],
                    "total": cell(e.get("score")),
                }
            )
    return rows


_DESIGNATION = re.compile(r"^((?:ISO|IEC|EN|CEN|DIN|BS|NF|ANSI)[^:]*:\d{4})\b")


def _reference(c: Ctx, reference: Mapping[str, Any]) -> str:
    """A standard the set draws on. Outside English only its designation: the official title differs per
    language and the set carries the English one."""
    title = c.t(reference.get("title")) or str(reference.get("id", ""))
    found = _DESIGNATION.match(title)
    return found.group(1) if found and c.lang != "en" and not isinstance(reference.get("title"), Mapping) else title


def method(c: Ctx) -> dict[str, Any]:
    model = c.result["model"]
    scales = [
        {
            "title": c.t(scale.get("title")) or labels.humanise(key),
            "values": [
                (c.t(v.get("label")), c.num(v.get("score")), labels.status(v.get("status", ""), c.tr))
                for v in scale.get("values") or []
            ],
        }
        for key, scale in sorted((model.get("scales") or {}).items())
    ]
    return {
        "bands": [(c.verdict(b["verdict"]), c.num(b["min"]), verdict_colour(b["verdict"], c.order)) for b in c.bands],
        "rule": c.tr._(
            "A level is achieved when its verdict is at least {verdict} and the level below it is achieved; "
            "an unmet knock-out criterion caps the level at {cap}.",
            verdict=c.tr.quote(c.verdict(model.get("achieve_verdict"))),
            cap=c.tr.quote(c.verdict(model.get("knockout_cap"))),
        ),
        "scales": scales,
        "references": [_reference(c, r) for r in model.get("references") or []],
    }


def inventory(c: Ctx) -> list[dict[str, Any]]:
    """Every evidence item with what the manifest says of it: title, owner, approval date, period."""
    out = []
    for e in c.result["evidence"]:
        prov, attributes = e["provenance"], e.get("attributes") or {}
        period = prov.get("period") or attributes.get("period") or {}
        start, end = (period.get("start"), period.get("end")) if isinstance(period, Mapping) else (None, None)
        covered = f"{c.tr.date(start, 'medium')} – {c.tr.date(end, 'medium')}" if start and end else ""
        dated = ""
        if attributes.get("approved"):
            dated = c.tr._("approved {date}", date=c.tr.date(str(attributes["approved"]), "medium"))
        elif attributes.get("issued"):
            dated = c.tr._("issued {date}", date=c.tr.date(str(attributes["issued"]), "medium"))
        title = str(attributes.get("title") or "")
        if e["kind"] == "dataset" and attributes.get("dataset"):
            title = capitalise(labels.dataset(attributes["dataset"], c.tr))
        elif not title and e["kind"] == "answers":
            roles = attributes.get("roles") or []
            names = c.tr.join(labels.role(r, c.tr) for r in roles)
            title = c.tr._("Questionnaire answers ({roles})", roles=names) if roles else ""
        out.append({
            "source": prov["source"],
            "locator": where(prov.get("locator") or "", c.lang),
            "title": title,
            "kind": capitalise(labels.kind(e["kind"], c.tr)),
            "owner": str(attributes.get("owner") or ""),
            "approved": dated,
            "period": covered,
            "sha256": prov["sha256"],
        })
    return out
