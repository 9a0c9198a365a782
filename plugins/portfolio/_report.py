"""The portfolio report as HTML, PDF (WeasyPrint, through the reports plugin's restricted fetcher and
fonts) and CSV, rendered from the site results alone.

Jinja2 runs with autoescape on: site and organisation names come from the sites' folders and manifests.
The heat map puts criteria in rows and sites in columns, numbered as in the level table, in blocks of
`COLUMNS` sites, so a hundred sites stay readable on landscape pages instead of shrinking to nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex.plugins.portfolio._i18n import N_, Words, words
from servex.plugins.portfolio._view import Portfolio, build_portfolio

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["COLUMNS", "render_csv", "render_html", "render_pdf"]

COLUMNS = 18
TEMPLATES = Path(__file__).parent / "templates"
MOST = 0.5  #: a gap "most sites share" is one at more than half of the sites

LABELS = {
    "title": N_("Service excellence portfolio"),
    "criteria_set": N_("Criteria set"),
    "sites": N_("Sites"),
    "generated": N_("Latest result"),
    "levels": N_("Levels by site"),
    "site": N_("Site"),
    "organisation": N_("Organisation"),
    "highest": N_("Highest level achieved"),
    "overall": N_("Overall score"),
    "next": N_("Next level"),
    "in_the_way": N_("Criteria in the way"),
    "none": N_("none"),
    "distribution": N_("Sites by highest level"),
    "no_level": N_("No level achieved"),
    "heatmap": N_("Criteria across sites"),
    "heatmap_note": N_("Columns are the sites, numbered as in the level table; a cell gives the criterion's score."),
    "criterion": N_("Criterion"),
    "shared": N_("Gaps most sites share"),
    "shared_none": N_("No gap is shared by more than half of the sites; the most shared are listed."),
    "not_met": N_("Not met"),
    "partial": N_("Partially met"),
    "with_gap": N_("Sites with a gap"),
    "distance": N_("Distance to the next level"),
    "score_now": N_("Level score now"),
    "needed": N_("Score needed"),
    "projected": N_("Projected once these are met"),
    "gated": N_("first achieve"),
    "all_achieved": N_("every level in scope achieved"),
    "source": N_("Rendered from the site results alone; each site's own report gives the evidence and the findings."),
    "page": N_("Page"),
    "of": N_("of"),
}
STATUSES = ("met", "partially_met", "not_met", "not_applicable", "not_assessed", "error")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup
    from servex.plugins.reports._html import css_string

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    env.filters["css_string"] = lambda value: Markup(css_string(value))
    return env


def _cell(w: Words, status: str, score: float | None) -> str:
    if status in ("not_applicable", "not_assessed") or score is None:
        return "–"
    return w.t.integer(round(score))


def _context(p: Portfolio, w: Words) -> dict[str, Any]:
    t = w.t
    total = len(p.sites)
    gaps = p.shared_gaps()
    most = [g for g in gaps if g[3] > total * MOST]
    titles = {cid: t.criteria_text(title) for cid, _level, title in p.criteria}
    level_names = {lid: t.criteria_text(name) for lid, name in p.levels}
    no_level = w._(LABELS["no_level"])
    sites = [
        {
            "number": i,
            "name": s.name,
            "organisation": s.organisation,
            "highest": f"{s.highest} {level_names.get(s.highest, '')}".strip() if s.highest else no_level,
            "score": t.decimal(s.score, 1),
            "next": s.next_level or "",
            "in_the_way": s.in_the_way,
            "gated_by": s.gated_by,
            "score_now": t.decimal(s.level_scores.get(s.next_level or ""), 1) if s.next_level else "",
            "projected": t.decimal(s.projected, 1) if s.projected is not None else "",
            "needed": t.decimal(s.needed, 1) if s.needed is not None and s.next_level else "",
            "cells": {cid: (st, _cell(w, st, sc)) for cid, (st, sc) in s.cells.items()},
        }
        for i, s in enumerate(p.sites, start=1)
    ]
    chunks = [sites[i : i + COLUMNS] for i in range(0, len(sites), COLUMNS)]
    return {
        "L": {key: w._(text) for key, text in LABELS.items()},
        "lang": w.code,
        "set_title": t.criteria_text(p.set_title) or p.set_id,
        "set_ref": f"{p.set_id} {p.set_version}",
        "site_count": t.integer(total),
        "generated": t.date(p.generated_at),
        "sites": sites,
        "chunks": chunks,
        "criteria": [(cid, level, titles[cid]) for cid, level, _title in p.criteria],
        "statuses": [(s, w.status(s)) for s in STATUSES],
        "status_names": {s: w.status(s) for s in STATUSES},
        "distribution": [
            (
                f"{lid} {level_names.get(lid, '')}" if lid else w._(LABELS["no_level"]),
                t.integer(n),
                round(100 * n / total) if total else 0,
            )
            for lid, n in p.level_counts()
        ],
        "gaps": [
            {
                "id": cid,
                "title": titles.get(cid, ""),
                "not_met": t.integer(nm),
                "partial": t.integer(pm),
                "share": w._(
                    "{n} of {total} ({percent})",
                    n=t.integer(g),
                    total=t.integer(total),
                    percent=t.percent(100 * g / total, 0),
                ),
            }
            for cid, nm, pm, g in (most or gaps[:5])
        ],
        "gaps_are_most": bool(most),
    }


def render_html(results: Sequence[tuple[str, Mapping[str, Any]]], lang: str, *, for_pdf: bool = False) -> str:
    w = words(lang)
    view = build_portfolio(results)
    return _environment().get_template("portfolio.html.j2").render(**_context(view, w), for_pdf=for_pdf)


def render_pdf(results: Sequence[tuple[str, Mapping[str, Any]]], lang: str) -> bytes:
    """Landscape PDF; its identifier and dates come from the results, so the same results give the same bytes."""
    from servex.plugins.reports._pdf import html_to_pdf

    html = render_html(results, lang, for_pdf=True)
    ids = ",".join(f"{name}:{r.get('id', '')}" for name, r in results)
    identifier = hashlib.sha256(f"servex-portfolio:{ids}:{lang}".encode()).hexdigest()[:32].encode()
    latest = build_portfolio(results).generated_at or "1970-01-01T00:00:00Z"
    try:
        created = datetime.fromisoformat(latest.replace("Z", "+00:00"))
    except ValueError:
        created = datetime(1970, 1, 1, tzinfo=UTC)
    return html_to_pdf(html, identifier=identifier, created=created)


def render_csv(results: Sequence[tuple[str, Mapping[str, Any]]]) -> bytes:
    """One row per site; column names and status codes are the result's own (for spreadsheets and scripts)."""
    p = build_portfolio(results)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    fixed = [
        "site",
        "organisation",
        "criteria_set",
        "highest_level",
        "overall_score",
        "readiness",
        "next_level",
        "criteria_in_the_way",
        "in_the_way",
        "gated_by",
        "projected_score",
    ]
    writer.writerow(fixed + [cid for cid, _level, _title in p.criteria])
    for s in p.sites:
        row: list[Any] = [
            s.name,
            s.organisation,
            f"{p.set_id} {p.set_version}",
            s.highest or "",
            _num(s.score),
            s.state,
            s.next_level or "",
            len(s.in_the_way),
            " ".join(s.in_the_way),
            s.gated_by or "",
            _num(s.projected),
        ]
        writer.writerow(row + [s.cells.get(cid, ("",))[0] for cid, _level, _title in p.criteria])
    return out.getvalue().encode("utf-8")


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
