"""The report's charts as hand-written SVG: pyramid, radar and sparkline.

Why our own code rather than a charting library: the charts are tiny, they must come out byte-for-byte
the same for the same result (golden tests, reproducible PDFs under SOURCE_DATE_EPOCH), and they must not
pull a heavy dependency into an auditor's install. Every coordinate is written with fixed precision, and
every text is XML-escaped even though it comes from the criteria set, not from evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["NO_VERDICT_COLOUR", "Tier", "pyramid", "radar", "sparkline", "verdict_colour"]

# From worst to best verdict; a criteria set with another number of bands is spread over these.
_PALETTE = ("#c62828", "#ef8f00", "#7cb342", "#2e7d32")
_LIGHT = ("#ffcdd2", "#ffe0b2", "#dcedc8", "#a5d6a7")
NO_VERDICT_COLOUR = "#bdbdbd"
NO_VERDICT_LIGHT = "#eeeeee"
_FONT = "font-family=\"'Servex Sans', 'DejaVu Sans', sans-serif\""


def _n(value: float) -> str:
    """One decimal, no negative zero: the same number always prints the same way."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def verdict_colour(verdict: str | None, ordered_verdicts: Sequence[str], *, light: bool = False) -> str:
    """Colour of a verdict by its rank among the criteria set's bands (worst first); light for table cells."""
    palette = _LIGHT if light else _PALETTE
    if verdict is None or verdict not in ordered_verdicts:
        return NO_VERDICT_LIGHT if light else NO_VERDICT_COLOUR
    if len(ordered_verdicts) == 1:
        return palette[-1]
    rank = ordered_verdicts.index(verdict)
    return palette[round(rank * (len(palette) - 1) / (len(ordered_verdicts) - 1))]


@dataclass(frozen=True)
class Tier:
    """One level of the pyramid, bottom first: its id, a second line (score) and its fill."""

    label: str
    sublabel: str
    colour: str


def pyramid(
    tiers: Sequence[Tier], title: str, width: float = 360.0, height: float = 250.0, links: Sequence[str] = ()
) -> str:
    """A pyramid with one horizontal band per level, the first tier at the base; `links[i]` (an `#anchor`)
    makes tier i a link, so a reader clicks a level to reach its findings."""
    pad, gap = 6.0, 3.0
    top, base = pad, height - pad
    band = (base - top) / max(len(tiers), 1)
    half_base = width / 2 - pad
    cx = width / 2

    def half_width(y: float) -> float:
        return half_base * (y - top) / (base - top)

    parts = [_open(width, height, title)]
    for i, tier in enumerate(tiers):
        y_low = base - i * band
        y_high = y_low - band + (gap if i < len(tiers) - 1 else 0.0)
        low, high = half_width(y_low), half_width(y_high)
        points = [(cx - low, y_low), (cx + low, y_low), (cx + high, y_high), (cx - high, y_high)]
        link = links[i] if i < len(links) else ""
        if link:
            parts.append(f'<a href="{escape(link, {chr(34): "&quot;"})}">')
        parts.append(f'<polygon points="{_points(points)}" fill="{tier.colour}" stroke="#ffffff" stroke-width="1.0"/>')
        middle = (y_low + y_high) / 2
        size = min(13.0, band * 0.3)
        offset = size * 0.55 if tier.sublabel else -size * 0.35
        parts.append(
            f'<text x="{_n(cx)}" y="{_n(middle - offset + size * 0.35)}" text-anchor="middle" '
            f'font-size="{_n(size)}" font-weight="bold" fill="#ffffff" {_FONT}>{escape(tier.label)}</text>'
        )
        if tier.sublabel:
            parts.append(
                f'<text x="{_n(cx)}" y="{_n(middle + offset + size * 0.35)}" text-anchor="middle" '
                f'font-size="{_n(size * 0.85)}" fill="#ffffff" {_FONT}>{escape(tier.sublabel)}</text>'
            )
        if link:
            parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def radar(axes: Sequence[str], values: Sequence[float | None], title: str, size: float = 320.0) -> str:
    """Scores 0-100 on one spoke per axis (the nine ISO 23592 elements), rings every 25 points."""
    cx = cy = size / 2
    radius = size / 2 - 34.0
    count = max(len(axes), 3)

    def at(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    parts = [_open(size, size, title)]
    for ring in (25, 50, 75, 100):
        ring_points = [at(i, ring) for i in range(count)]
        parts.append(f'<polygon points="{_points(ring_points)}" fill="none" stroke="#cfd8dc" stroke-width="0.8"/>')
    for i in range(count):
        x, y = at(i, 100)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="#cfd8dc" stroke-width="0.8"/>'
        )
    scores = [max(0.0, min(100.0, value or 0.0)) for value in values]
    data = [at(i, scores[i] if i < len(scores) else 0.0) for i in range(count)]
    parts.append(
        f'<polygon points="{_points(data)}" fill="#1565c0" fill-opacity="0.25" stroke="#1565c0" stroke-width="1.5"/>'
    )
    for x, y in data:
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="#1565c0"/>')
    for i, axis in enumerate(axes):
        x, y = at(i, 100)
        lx, ly = cx + (x - cx) * 1.16, cy + (y - cy) * 1.16
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{_n(lx)}" y="{_n(ly + 4)}" text-anchor="{anchor}" font-size="11.0" fill="#263238" '
            f"{_FONT}>{escape(axis)}</text>"
        )
    for ring in (50, 100):
        parts.append(
            f'<text x="{_n(cx + 3)}" y="{_n(cy - radius * ring / 100 - 2)}" font-size="8.0" fill="#78909c" '
            f"{_FONT}>{ring}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(
    values: Sequence[float], target: float | None, title: str, width: float = 130.0, height: float = 30.0
) -> str:
    """A monthly KPI series as a line, the target as a dashed rule, the last month as a dot."""
    pad = 3.0
    span_values = [*values, *([target] if target is not None else [])]
    low, high = min(span_values), max(span_values)
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y_of(value: float) -> float:
        return pad + (high - value) / (high - low) * (height - 2 * pad)

    points = [(pad + i * step, y_of(v)) for i, v in enumerate(values)]
    parts = [_open(width, height, title)]
    if target is not None:
        ty = _n(y_of(target))
        parts.append(
            f'<line x1="{_n(pad)}" y1="{ty}" x2="{_n(width - pad)}" y2="{ty}" stroke="#c62828" '
            'stroke-width="0.8" stroke-dasharray="3,2"/>'
        )
    parts.append(f'<polyline points="{_points(points)}" fill="none" stroke="#1565c0" stroke-width="1.2"/>')
    if points:
        x, y = points[-1]
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.0" fill="#1565c0"/>')
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>"
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
