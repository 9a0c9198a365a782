"""Roll criterion grades up to levels, elements, dimensions and overall readiness.

Rules (documented in docs/grading.md):
- a level's score is the weight-averaged score of its applicable criteria; not_assessed and error
  count as 0 (what is not shown is not evidenced), not_applicable leaves the denominator;
- the verdict comes from the set's bands; a required criterion (a knock-out) passes only when it is met
  on show-me evidence; partially met, not met, not assessed or in error caps the verdict at
  `knockout_cap`, and `capped_because` says what each knock-out lacks;
- more of a level's weight not applicable than the set's `max_not_applicable` (default a fifth) caps it
  at `knockout_cap` too, and `excepted` says how much and which criteria;
- a level is achieved when its verdict reaches `achieve_verdict` and the level it requires is achieved;
- the next-level path is the smallest set of criteria whose raising to their best grade would make the
  lowest unachieved level achieved (knock-outs first, then largest weighted gains).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servex._criteria.model import CriteriaSet

__all__ = ["Scored", "grade_elements", "grade_levels", "readiness"]

Scored = Mapping[str, Any]  # a finding: criterion_id, level, elements, weight, required, status, score
FAILING = ("not_met", "not_assessed", "error")


def knockout_fails(finding: Scored) -> bool:
    """A knock-out counts only when met with show-me evidence: partial, or met on answers alone, fails."""
    if finding["status"] == "not_applicable":
        return False
    return finding["status"] != "met" or finding.get("corroboration") not in ("show_me", None)


def _knockout_reason(finding: Scored) -> dict[str, str]:
    status = finding["status"]
    missing = (finding.get("evidence_classes") or {}).get("missing") or []
    if status == "met":
        return {
            "en": "met on answers alone; a knock-out needs documents or data",
            "fr": "atteint sur la foi des seules réponses ; un critère éliminatoire exige documents ou données",
        }
    words = {
        "partially_met": ("only partially met", "seulement partiellement atteint"),
        "not_met": ("not met", "non atteint"),
        "not_assessed": ("not assessed for lack of data", "non évalué faute de données"),
        "error": ("its evidence could not be collected", "ses preuves n'ont pas pu être recueillies"),
    }[status]
    en, fr = words
    if missing:
        en += "; missing evidence of " + ", ".join(missing)
        fr += " ; preuves manquantes : " + ", ".join(missing)
    return {"en": en, "fr": fr}


def _excepted(cset: CriteriaSet, own: Sequence[Scored]) -> dict[str, Any] | None:
    """The not-applicable part of a level, when it is more than the set allows (`max_not_applicable`).

    What was observed: seven exceptions the organisation signed itself ("not relevant to a small bike shop
    this year") took Harbour Cycles' seven failing L1 criteria out of the average, and L1 went from
    developing (40.0) to established and achieved (60.7). A level graded on what is left after most of its
    weight is set aside says little; such a level is capped like one with a failing knock-out."""
    total = sum(f["weight"] for f in own)
    out = [f for f in own if f["status"] == "not_applicable"]
    share = sum(f["weight"] for f in out) / total if total else 0.0
    if share <= cset.max_not_applicable + 1e-9:
        return None
    return {
        "share": round(share, 4),
        "limit": cset.max_not_applicable,
        "criteria": sorted(str(f["criterion_id"]) for f in out),
    }


def _weighted(findings: Sequence[Scored]) -> float | None:
    applicable = [f for f in findings if f["status"] != "not_applicable"]
    total = sum(f["weight"] for f in applicable)
    if not total:
        return None
    return round(float(sum(f["weight"] * (f["score"] or 0) for f in applicable) / total), 1)


def _verdict(cset: CriteriaSet, score: float | None) -> str | None:
    if score is None:
        return None
    verdict = cset.verdict_bands[0].verdict
    for band in cset.verdict_bands:
        if score >= band.min:
            verdict = band.verdict
    return verdict


def _achieve_min(cset: CriteriaSet) -> float:
    return next(b.min for b in cset.verdict_bands if b.verdict == cset.achieve_verdict)


def _path(cset: CriteriaSet, findings: Sequence[Scored], best: Mapping[str, float]) -> tuple[list[str], float | None]:
    """Smallest set of criteria to raise so this level's score and knock-outs allow achievement."""
    applicable = [f for f in findings if f["status"] != "not_applicable"]
    total = sum(f["weight"] for f in applicable) or 1
    chosen = [f for f in applicable if f["required"] and knockout_fails(f)]
    current = {f["criterion_id"]: (f["score"] or 0) for f in applicable}
    for f in chosen:
        current[f["criterion_id"]] = best[f["criterion_id"]]

    def score() -> float:
        return float(sum(f["weight"] * current[f["criterion_id"]] for f in applicable) / total)

    gains = sorted(
        (f for f in applicable if f not in chosen and (f["score"] or 0) < best[f["criterion_id"]]),
        key=lambda f: (-(f["weight"] * (best[f["criterion_id"]] - (f["score"] or 0))), f["criterion_id"]),
    )
    target = _achieve_min(cset)
    for f in gains:
        if score() >= target:
            break
        chosen.append(f)
        current[f["criterion_id"]] = best[f["criterion_id"]]
    reachable = score() >= target
    ids = sorted(f["criterion_id"] for f in chosen)
    return ids, round(score(), 1) if reachable else None


def grade_levels(cset: CriteriaSet, findings: Sequence[Scored], best: Mapping[str, float]) -> list[dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    achieve_rank = cset.verdict_rank(cset.achieve_verdict)
    for level in cset.levels:
        own = [f for f in findings if f["level"] == level.id]
        applicable = [f for f in own if f["status"] != "not_applicable"]
        score = _weighted(own)
        raw = _verdict(cset, score)
        failing = sorted(
            (f for f in applicable if f["required"] and knockout_fails(f)), key=lambda f: str(f["criterion_id"])
        )
        knockouts = [f["criterion_id"] for f in failing]
        excepted = _excepted(cset, own)
        verdict = raw
        capped = bool(knockouts) or excepted is not None
        if raw is not None and capped and cset.verdict_rank(raw) > cset.verdict_rank(cset.knockout_cap):
            verdict = cset.knockout_cap
        gated_by = None
        below = results.get(level.requires) if level.requires else None
        if below is not None and below["in_scope"] and not below["achieved"]:
            gated_by = level.requires
        in_scope = bool(applicable)
        own_ok = verdict is not None and cset.verdict_rank(verdict) >= achieve_rank
        achieved = in_scope and own_ok and gated_by is None
        # raising criteria lifts no cap that exceptions set: what blocks the level is then the exceptions
        path, projected = ([], None) if own_ok or not in_scope or excepted else _path(cset, own, best)
        counts: dict[str, int] = {}
        for f in own:
            counts[f["status"]] = counts.get(f["status"], 0) + 1
        results[level.id] = {
            "id": level.id,
            "name": level.name,
            "in_scope": in_scope,
            "score": score,
            "raw_verdict": raw,
            "verdict": verdict,
            "achieved": achieved,
            "capped_by": knockouts,
            "capped_because": {f["criterion_id"]: _knockout_reason(f) for f in failing},
            "excepted": excepted,
            "gated_by": gated_by,
            "blocked_by": path,
            "projected_score": projected,
            "criteria": len(own),
            "counts": dict(sorted(counts.items())),
        }
    return list(results.values())


def grade_elements(cset: CriteriaSet, findings: Sequence[Scored]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    elements = []
    for element in cset.elements:
        own = [f for f in findings if element.id in f["elements"]]
        score = _weighted(own)
        elements.append(
            {
                "id": element.id,
                "dimension": element.dimension,
                "name": element.name,
                "score": score,
                "verdict": _verdict(cset, score),
                "criteria": len(own),
            }
        )
    dimensions = []
    for dimension in cset.dimensions:
        own = [
            f for f in findings if any(e.dimension == dimension["id"] and e.id in f["elements"] for e in cset.elements)
        ]
        score = _weighted(own)
        dimensions.append(
            {
                "id": dimension["id"],
                "name": dimension["name"],
                "score": score,
                "verdict": _verdict(cset, score),
                "criteria": len(own),
            }
        )
    return elements, dimensions


def readiness(cset: CriteriaSet, levels: Sequence[Mapping[str, Any]], findings: Sequence[Scored]) -> dict[str, Any]:
    in_scope = [lv for lv in levels if lv["in_scope"]]
    highest = None
    for level in in_scope:
        if not level["achieved"]:
            break
        highest = level["id"]
    nxt = next((lv for lv in in_scope if not lv["achieved"]), None)
    # a level with no applicable criterion is out of scope; one below an assessed level leaves a hole
    below = [lv["id"] for i, lv in enumerate(levels) if not lv["in_scope"] and any(x["in_scope"] for x in levels[i:])]
    if nxt is None and below:
        state = "partial_scope"
    elif nxt is None:
        state = "ready"
    elif len(nxt["blocked_by"]) <= 3 and nxt["gated_by"] is None and not nxt.get("excepted"):
        state = "close"
    else:
        state = "not_ready"
    name = {lv["id"]: lv["name"] for lv in levels}
    if highest:
        en = f"Achieves {highest} ({name[highest]['en']})."
        fr = f"Atteint le niveau {highest} ({name[highest]['fr']})."
    else:
        en, fr = "No level of the pyramid is achieved yet.", "Aucun niveau de la pyramide n'est encore atteint."
    if nxt is not None and nxt.get("excepted"):
        share = round(100 * nxt["excepted"]["share"])
        en += (
            f" Next: {nxt['id']} ({name[nxt['id']]['en']}); {share} % of its weight is set aside as not applicable, "
            "more than a level may be to be graded in full."
        )
        fr += (
            f" Prochaine étape : {nxt['id']} ({name[nxt['id']]['fr']}) ; {share} % de son poids est écarté comme "
            "non applicable, plus qu'un niveau ne peut l'être pour être évalué en entier."
        )
    elif nxt is not None:
        n = len(nxt["blocked_by"])
        stands, ameliorer = ("criterion stands", "critère") if n == 1 else ("criteria stand", "critères")
        en += f" Next: {nxt['id']} ({name[nxt['id']]['en']}); {n} {stands} in the way."
        fr += f" Prochaine étape : {nxt['id']} ({name[nxt['id']]['fr']}) ; {n} {ameliorer} à améliorer."
    elif below:
        ids = ", ".join(below)
        en += (
            f" Every level in scope is achieved, but {ids} below it was out of scope (no applicable criterion): "
            "the pyramid is only partly assessed, not ready for an external assessment."
        )
        fr += (
            f" Tous les niveaux évalués sont atteints, mais {ids} en dessous n'a pas été évalué (aucun critère "
            "applicable) : la pyramide n'est évaluée qu'en partie, pas prête pour une évaluation externe."
        )
    else:
        en += " Every level in scope is achieved: ready for an external assessment."
        fr += " Tous les niveaux évalués sont atteints : prêt pour une évaluation externe."
    return {
        "state": state,
        "highest_level_achieved": highest,
        "overall_score": _weighted(findings),
        "next_level": None
        if nxt is None
        else {
            "level": nxt["id"],
            "criteria": nxt["blocked_by"],
            "projected_score": nxt["projected_score"],
            "gated_by": nxt["gated_by"],
            "excepted": nxt.get("excepted"),
        },
        "statement": {"en": en, "fr": fr},
    }
