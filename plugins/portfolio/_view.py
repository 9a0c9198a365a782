"""The portfolio, computed from site results alone: levels per site, criteria across sites, shared gaps,
and each site's distance to its next level.

Every figure here is read from a result, never recomputed: the level a site achieved, the criteria in the
way of its next level and the projected score are the engine's own, so the portfolio can never disagree
with a site's own report. A portfolio compares one criteria set; results graded on different sets are
refused (exit 3) rather than put side by side as if their criteria were the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import InvalidInputError, Problem

__all__ = ["GAP_STATUSES", "Portfolio", "SiteView", "build_portfolio", "load_results"]

GAP_STATUSES = ("not_met", "partially_met")
RESULT_FORMAT = "1"


@dataclass
class SiteView:
    name: str  #: the result file's name without .json (the batch names it after the site's folder)
    organisation: str
    highest: str | None
    score: float | None
    state: str
    next_level: str | None
    in_the_way: list[str]
    gated_by: str | None
    level_scores: dict[str, float | None]
    projected: float | None
    needed: float | None  #: the score a level needs (the lowest of the achieving verdict's band)
    cells: dict[str, tuple[str, float | None]]  #: criterion id -> (status, score)


@dataclass
class Portfolio:
    set_id: str
    set_version: str
    set_title: Any
    levels: list[tuple[str, Any]]  #: (id, name text)
    criteria: list[tuple[str, str, Any]]  #: (id, level, title text), in the set's order
    sites: list[SiteView] = field(default_factory=list)
    generated_at: str | None = None

    def shared_gaps(self) -> list[tuple[str, int, int, int]]:
        """(criterion, sites not met, sites partially met, sites with a gap), most shared first."""
        rows = []
        for cid, _level, _title in self.criteria:
            not_met = sum(1 for s in self.sites if s.cells.get(cid, ("",))[0] == "not_met")
            partial = sum(1 for s in self.sites if s.cells.get(cid, ("",))[0] == "partially_met")
            if not_met + partial:
                rows.append((cid, not_met, partial, not_met + partial))
        return sorted(rows, key=lambda r: (-r[3], -r[1], r[0]))

    def level_counts(self) -> list[tuple[str | None, int]]:
        """How many sites stand at each highest level (None: no level achieved), lowest first."""
        order = [None, *[lid for lid, _ in self.levels]]
        return [(lid, sum(1 for s in self.sites if s.highest == lid)) for lid in order]


def load_results(files: Sequence[Path]) -> list[tuple[str, Mapping[str, Any]]]:
    """Each file's result, named after the file; anything that is not a servex result is exit 3."""
    loaded: list[tuple[str, Mapping[str, Any]]] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            raise InvalidInputError([Problem(str(path), line, None, f"not a result JSON: {exc}")]) from None
        if not isinstance(data, dict) or data.get("format_version") != RESULT_FORMAT or "findings" not in data:
            raise InvalidInputError([Problem(str(path), None, None, "not a servex result (format_version 1)")])
        name = path.name.removesuffix(".json")
        if name in seen:
            message = f"two results are named {name!r} ({seen[name]} and {path}); sites are named by file"
            raise InvalidInputError([Problem(str(path), None, None, message)])
        seen[name] = path
        loaded.append((name, data))
    return sorted(loaded, key=lambda item: item[0])


def _site(name: str, result: Mapping[str, Any]) -> SiteView:
    readiness = result.get("readiness") or {}
    nxt = readiness.get("next_level") or {}
    return SiteView(
        name=name,
        organisation=str((result.get("organisation") or {}).get("name") or ""),
        highest=readiness.get("highest_level_achieved"),
        score=readiness.get("overall_score"),
        state=str(readiness.get("state") or ""),
        next_level=nxt.get("level"),
        in_the_way=list(nxt.get("criteria") or []),
        gated_by=nxt.get("gated_by"),
        level_scores={lv["id"]: lv.get("score") for lv in result.get("levels") or []},
        projected=nxt.get("projected_score"),
        needed=_needed(result.get("model") or {}),
        cells={f["criterion_id"]: (f["status"], f.get("score")) for f in result.get("findings") or []},
    )


def _needed(model: Mapping[str, Any]) -> float | None:
    bands = {b.get("verdict"): b.get("min") for b in model.get("verdict_bands") or []}
    value = bands.get(model.get("achieve_verdict"))
    return float(value) if isinstance(value, int | float) else None


def build_portfolio(results: Sequence[tuple[str, Mapping[str, Any]]], files: Sequence[str] = ()) -> Portfolio:
    if not results:
        raise InvalidInputError("a portfolio needs at least one site result")
    first_name, first = results[0]
    cset = first["criteria_set"]
    for name, result in results[1:]:
        other = result["criteria_set"]
        if (other["id"], other["version"]) != (cset["id"], cset["version"]):
            message = (
                f"{name} is graded on {other['id']} {other['version']} but {first_name} on {cset['id']} "
                f"{cset['version']}: a portfolio compares sites on one criteria set"
            )
            raise InvalidInputError([Problem(name + ".json", None, None, message)])
    levels = [(lv["id"], lv["name"]) for lv in first.get("levels") or []]
    rank = {lid: i for i, (lid, _) in enumerate(levels)}
    titles: dict[str, tuple[str, Any]] = {}
    for _name, result in results:
        for finding in result.get("findings") or []:
            titles.setdefault(finding["criterion_id"], (finding["level"], finding["title"]))
    criteria = sorted(
        ((cid, level, title) for cid, (level, title) in titles.items()), key=lambda c: (rank.get(c[1], 99), c[0])
    )
    stamps = sorted(str(r.get("generated_at") or "") for _, r in results)
    return Portfolio(
        set_id=cset["id"],
        set_version=cset["version"],
        set_title=cset.get("title"),
        levels=levels,
        criteria=criteria,
        sites=[_site(name, result) for name, result in results],
        generated_at=stamps[-1] or None,
    )
