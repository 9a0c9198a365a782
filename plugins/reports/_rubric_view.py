"""The report's rubric appendix: for each criterion assessed, what each value of its scale looks like in
practice and the evidence an assessor accepts and rejects, with the value this assessment gave marked.

It reads the rubric each finding carries in the result (the result is the source of truth), so a report
re-rendered later shows the rubric the grade was given under, not today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports._ctx import Ctx, anchor

__all__ = ["rubric_view"]


def _criterion(c: Ctx, finding: Mapping[str, Any], scales: Mapping[str, Any]) -> dict[str, Any]:
    rubric = finding["rubric"]
    scale = scales.get(finding.get("scale") or "") or {}
    given = finding.get("scale_value")
    values = [
        {
            "label": c.t(v.get("label")),
            "score": c.tr.decimal(v.get("score"), 1, trim=True),
            "text": c.t(rubric["values"][v["id"]]),
            "given": v["id"] == given,
        }
        for v in scale.get("values") or []
        if v.get("id") in rubric["values"]
    ]
    return {
        "id": finding["criterion_id"],
        "anchor": anchor("crit", finding["criterion_id"]),
        "title": c.t(finding.get("title")),
        "values": values,
        "accepted": [c.t(t) for t in rubric.get("accepted") or []],
        "rejected": [c.t(t) for t in rubric.get("rejected") or []],
    }


def _in_language(c: Ctx, rubric: Mapping[str, Any]) -> bool:
    """Whether every text of the rubric reads in the report's language.

    Sets carry English and French; German comes from the criteria catalogue. A rubric the catalogue
    does not fully translate is left out of a German report rather than printed half in English.
    """
    if c.lang in ("en", "fr"):
        return True
    texts = [*rubric["values"].values(), *(rubric.get("accepted") or []), *(rubric.get("rejected") or [])]
    return all(c.t(text) != text.get("en") for text in texts)


def rubric_view(result: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The appendix's heading, labels and one entry per assessed criterion that has a rubric."""
    c = Ctx(result, code)
    scales = (result.get("model") or {}).get("scales") or {}
    with_rubric = [f for f in result["findings"] if f.get("rubric") and f.get("status") != "not_applicable"]
    assessed = [f for f in with_rubric if _in_language(c, f["rubric"])]
    left_out = len(with_rubric) - len(assessed)
    return {
        "left_out": c.tr.n_(
            "The rubric of {n} criterion is not yet translated into this language; the command "
            "servex criteria show prints it in English and French.",
            "The rubrics of {n} criteria are not yet translated into this language; the command "
            "servex criteria show prints them in English and French.",
            left_out,
        )
        if left_out
        else "",
        "heading": c.tr._("Appendix: rubrics of the criteria assessed"),
        "intro": c.tr._(
            "What each value of the scale looks like in practice for each criterion, and the evidence an "
            "assessor accepts and rejects. The value this assessment gave is marked."
        ),
        "given": c.tr._("given"),
        "accepted": c.tr._("Evidence accepted"),
        "rejected": c.tr._("Evidence rejected"),
        "criteria": [_criterion(c, f, scales) for f in assessed],
    }
