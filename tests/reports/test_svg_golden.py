"""Golden tests for the hand-drawn SVG charts: the same input must give the same bytes, forever.

`SERVEX_UPDATE_GOLDEN=1 pytest tests/reports/test_svg_golden.py` rewrites the files under golden/ after
a deliberate change to a chart; review the diff (they are small text files) before committing.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from servex.plugins.reports._svg import NO_VERDICT_COLOUR, Tier, pyramid, radar, sparkline, verdict_colour

GOLDEN = Path(__file__).parent / "golden"
ORDER = ["not_evidenced", "developing", "established", "excellent"]

CHARTS: dict[str, Callable[[], str]] = {
    "pyramid": lambda: pyramid(
        [
            Tier("L1", "66.7", verdict_colour("established", ORDER)),
            Tier("L2", "67.9", verdict_colour("established", ORDER)),
            Tier("L3", "49.3", verdict_colour("developing", ORDER)),
            Tier("L4", "27.1", verdict_colour("not_evidenced", ORDER)),
        ],
        "The pyramid <at a glance> & more",
    ),
    "radar": lambda: radar(
        [f"E{i}" for i in range(1, 10)], [49.6, 45.0, 50.6, 64.6, 51.4, 50.3, 18.6, 67.7, None], "Element scores"
    ),
    "sparkline": lambda: sparkline([94.37, 95.47, 93.41, 89.3, 91.72, 85.99], 90.0, "sla: 2025-01 – 2025-06"),
    "sparkline_flat": lambda: sparkline([5.0, 5.0, 5.0], None, "flat"),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_golden(name: str) -> None:
    svg = CHARTS[name]()
    ET.fromstring(svg)  # well-formed XML: titles are escaped
    path = GOLDEN / f"{name}.svg"
    if os.environ.get("SERVEX_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(svg + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with SERVEX_UPDATE_GOLDEN=1"
    assert svg + "\n" == path.read_text(encoding="utf-8")


def test_chart_is_deterministic_and_escapes_titles() -> None:
    assert CHARTS["pyramid"]() == CHARTS["pyramid"]()
    assert "&lt;at a glance&gt; &amp; more" in CHARTS["pyramid"]()


def test_verdict_colours_follow_band_rank() -> None:
    colours = [verdict_colour(v, ORDER) for v in ORDER]
    assert len(set(colours)) == 4
    assert verdict_colour(None, ORDER) == NO_VERDICT_COLOUR == verdict_colour("unknown", ORDER)
    assert verdict_colour("b", ["a", "b"]) == colours[-1]
