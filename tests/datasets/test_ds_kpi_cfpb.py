"""KPI values on the real CFPB complaint sample agree with an independent pandas computation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ds_support import CFPB, CFPB_PERIOD, Collect
from servex.plugins.datasets._engine import compute_kpi

TIMELY = {
    "id": "timely",
    "dataset": "complaints",
    "unit": "percent",
    "formula": {"type": "share", "condition": {"field": "timely_response", "is_true": True}},
}
DISPUTED = {
    "id": "disputed",
    "dataset": "complaints",
    "unit": "percent",
    "formula": {
        "type": "share",
        "condition": {"field": "disputed", "is_true": True},
        "where": {"field": "disputed", "present": True},
    },
}


@pytest.fixture
def cfpb(evidence: Path, collect: Collect) -> list[Path]:
    (evidence / "complaints.csv").write_bytes(CFPB.read_bytes())
    items, ctx = collect({"path": "complaints.csv", "dataset": "complaints"}, period=CFPB_PERIOD)
    assert [e for e in ctx.log if e.level == "error"] == []
    assert items[0].attributes["layout"] == "CFPB"
    return [items[0].payload]


def _pandas() -> pd.DataFrame:
    df = pd.read_csv(CFPB, dtype=str)
    df["month"] = pd.to_datetime(df["date_received"], format="%m/%d/%Y").dt.strftime("%Y-%m")
    df["timely"] = df["timely_response"].str.strip().str.lower() == "yes"
    df["disputed"] = df["consumer_disputed?"].str.strip().str.lower().map({"yes": True, "no": False})
    return df


def _expected(df: pd.DataFrame, column: str) -> tuple[float, int, dict[str, tuple[float, int]]]:
    scoped = df[df[column].notna()]
    monthly = {
        str(m): (round(100 * g[column].astype(bool).mean(), 4), len(g)) for m, g in scoped.groupby("month")
    }
    return round(100 * scoped[column].astype(bool).mean(), 4), len(scoped), monthly


@pytest.mark.parametrize(("kpi", "column"), [(TIMELY, "timely"), (DISPUTED, "disputed")])
def test_cfpb_rates_and_monthly_series_match_pandas(
    cfpb: list[Path], kpi: dict[str, Any], column: str
) -> None:
    value, n, monthly = _expected(_pandas(), column)
    got = compute_kpi(kpi, cfpb, CFPB_PERIOD)
    assert (got["value"], got["sample"]) == (value, n)
    assert {m["month"]: (m["value"], m["n"]) for m in got["monthly"] if m["n"]} == monthly
    # October holds one complaint of 1,000: a token month, not covered (see _coverage)
    assert (got["coverage"], got["thin_months"]) == (0.6667, {"2013-10": 1})


def test_cfpb_breakdown_by_channel_matches_pandas(cfpb: list[Path]) -> None:
    df = _pandas()
    # categories are compared (and grouped) in lower case: "Postal mail" is the segment "postal mail"
    channel = df["submitted_via"].str.lower()
    expected = {str(c): (round(100 * g["timely"].mean(), 4), len(g)) for c, g in df.groupby(channel)}
    got = compute_kpi(TIMELY, cfpb, CFPB_PERIOD)["breakdowns"]["channel"]
    assert {b["segment"]: (b["value"], b["n"]) for b in got} == expected
