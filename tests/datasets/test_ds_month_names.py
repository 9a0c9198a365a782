"""Months of an aggregate export named as French and German systems write them.

What was observed: a German management-information export whose month column reads "Januar 2025",
"Mär 2025", "Dez. 2025" (or "01.2025") had no readable date: strptime knows English month names only, and
the file was refused as unreadable, so reachability went unassessed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ds_support import Collect, write_csv

HEADER = ["month", "offered", "answered", "answered_in_target", "abandoned"]
GERMAN = ["Januar 2025", "Feb. 2025", "Mär 2025", "April 2025", "Mai 2025", "Juni 2025", "Juli 2025",
          "Aug. 2025", "Sept. 2025", "Okt. 2025", "Nov. 2025", "Dez. 2025"]  # fmt: skip
FRENCH = ["janvier 2025", "févr. 2025", "mars 2025", "avr. 2025", "mai 2025", "juin 2025", "juil. 2025",
          "août 2025", "sept. 2025", "oct. 2025", "nov. 2025", "déc. 2025"]  # fmt: skip
DOTTED = [f"{m:02d}.2025" for m in range(1, 13)]


@pytest.mark.parametrize("months", [GERMAN, FRENCH, DOTTED, [f"Mrz-{y}" for y in ("24", "25")]])
def test_month_names_in_french_and_german_are_months(evidence: Path, collect: Collect, months: list[str]) -> None:
    rows = [[m, "1000", "950", "800", "50"] for m in months]
    items, ctx = collect({"path": write_csv(evidence, "mi.csv", HEADER, rows), "dataset": "calls_monthly"})
    assert [e for e in ctx.log if e.level == "error"] == []
    if months[0].startswith("Mrz"):
        assert items[0].attributes["months"] == {"2024-03": 1, "2025-03": 1}
    else:
        assert items[0].attributes["months"] == {f"2025-{m:02d}": 1 for m in range(1, 13)}
    assert items[0].attributes["invalid"] == {}


def test_a_word_that_is_no_month_stays_unreadable(evidence: Path, collect: Collect) -> None:
    rows = [[m, "1000", "950", "800", "50"] for m in [*GERMAN[:11], "Summe 2025"]]
    items, ctx = collect({"path": write_csv(evidence, "mi.csv", HEADER, rows), "dataset": "calls_monthly"})
    assert items == [] and any("'Summe 2025'" in e.message for e in ctx.log)
