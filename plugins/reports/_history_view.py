"""Level scores over time (`servex report --history`): a line chart for HTML and PDF, a table for all.

Drawn from the result's `history` alone. The chart is hand-written SVG like the report's other charts
(see `_svg.py` for why): fixed precision, escaped texts, same bytes for the same result. A point graded
by another criteria set than the one before is marked (a dashed segment and a note), because a score
under another set is not progress on the same scale.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from servex.plugins.reports._ctx import Ctx

__all__ = ["history_chart", "history_view"]

_COLOURS = ("#1565c0", "#2e7d32", "#ef8f00", "#c62828", "#6a1b9a", "#00838f", "#5d4037")
_FONT = "font-family=\"'Servex Sans', 'DejaVu Sans', sans-serif\""


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def history_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], changed: Sequence[bool], title: str
) -> str:
    """One line per level over the points (0 to 100 on the y axis); `changed[i]` dashes the segment
    that leads to point i (another criteria set)."""
    width, height = 520.0, 240.0
    left, right, top, bottom = 34.0, 90.0, 10.0, 34.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i: int, score: float) -> tuple[float, float]:
        return left + i * step, top + (100.0 - score) / 100.0 * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}"'
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-label="{_attr(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        tick_y = _n(top + (100 - tick) / 100 * plot_h)
        parts.append(f'<line x1="{_n(left)}" y1="{tick_y}" x2="{_n(left + plot_w)}" y2="{tick_y}" '
                     'stroke="#e0e0e0" stroke-width="0.6"/>')
        parts.append(f'<text x="{_n(left - 4)}" y="{tick_y}" font-size="8" text-anchor="end" '
                     f'dominant-baseline="middle" {_FONT} fill="#607d8b">{tick}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{_n(left + i * step)}" y="{_n(top + plot_h + 14)}" font-size="8" '
                     f'text-anchor="middle" {_FONT} fill="#37474f">{escape(label)}</text>')
    ends: list[tuple[float, float, str, str]] = []  # end labels, moved apart below so none overlaps
    for index, (name, values) in enumerate(series):
        colour = _COLOURS[index % len(_COLOURS)]
        known = [(i, v) for i, v in enumerate(values) if v is not None]
        for (i0, v0), (i1, v1) in itertools.pairwise(known):
            (x0, y0), (x1, y1) = xy(i0, v0), xy(i1, v1)
            dash = ' stroke-dasharray="4,3"' if any(changed[i0 + 1:i1 + 1]) else ""
            parts.append(f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" y2="{_n(y1)}" stroke="{colour}" '
                         f'stroke-width="1.6"{dash}/>')
        for i, v in known:
            x, y = xy(i, v)
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.4" fill="{colour}"/>')
        if known:
            x, y = xy(*known[-1])
            ends.append((y, x, name, colour))
    placed: list[float] = []
    for y, x, name, colour in sorted(ends):
        y = max(y, placed[-1] + 10.0) if placed else y
        placed.append(y)
        parts.append(f'<text x="{_n(x + 6)}" y="{_n(y)}" font-size="8.5" dominant-baseline="middle" {_FONT} '
                     f'fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def history_view(c: Ctx, history: Mapping[str, Any]) -> dict[str, Any]:
    """Headings, the table (one row per point, one column per level) and the chart's SVG text."""
    tr = c.tr
    points = history["points"]
    level_ids = list(dict.fromkeys(lv["id"] for p in points for lv in p["levels"]))
    labels = [tr.date(p["generated_at"], "medium") for p in points]
    scores = [{lv["id"]: lv for lv in p["levels"]} for p in points]
    series = [(lid, [s[lid]["score"] if lid in s else None for s in scores]) for lid in level_ids]
    changed = [bool(p["criteria_set_changed"]) for p in points]
    rows = []
    for point, label, by_id in zip(points, labels, scores, strict=True):
        cset = point["criteria_set"]
        rows.append({
            "date": label,
            "period": f"{tr.date(point['period']['start'])} – {tr.date(point['period']['end'])}",
            "set": f"{cset['id']} {cset['version']}".strip() + (" *" if point["criteria_set_changed"] else ""),
            "scores": [c.num(by_id[lid]["score"]) if lid in by_id else "–" for lid in level_ids],
            "highest": point.get("highest_level_achieved") or "–",
        })
    title = tr._("Level scores over {n} assessments: {levels}.", n=tr.integer(len(points)), levels=tr.join(
        f"{lid} {c.num(values[0])} → {c.num(values[-1])}" for lid, values in series))
    return {
        "heading": tr._("Level scores over time"),
        "intro": tr._("Each assessment's level scores, oldest first; the last is this report's."),
        "note": tr._("* graded by another criteria set than the assessment before: its scores are not "
                     "on the same scale (dashed in the chart).") if any(changed) else "",
        "columns": [tr._("Assessed"), tr._("Assessment period"), tr._("Criteria set"), *level_ids,
                    tr._("Highest level achieved")],
        "rows": rows,
        "chart": history_chart(labels, series, changed, title),
        "chart_alt": title,
    }
