"""KPI values on real NYC 311 service requests agree with an independent pandas computation.

The export is read as a user would map it (US month-first times with AM/PM, local New York time, upper
case channel names); the checks cover durations (median and 90th percentile), a "within N hours" share
where an unclosed request counts as not within, a category share, and a breakdown by agency.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ds_support import Collect
from servex import Period
from servex.plugins.datasets._engine import compute_kpi

DATA = Path(__file__).parent / "data" / "nyc311_2022-05-01_first_hour.csv"
DAY = Period(date(2022, 5, 1), date(2022, 5, 1))
ZONE = "America/New_York"
US = "%m/%d/%Y %I:%M:%S %p"  # 05/01/2022 12:00:03 AM
MAPPING = {
    "id": "Unique Key",
    "created_at": "Created Date",
    "resolved_at": "Closed Date",
    "channel": "Open Data Channel Type",
    "category": "Complaint Type",
    "agency": "Agency",
    "status": "Status",
}


def _kpi(kpi_id: str, unit: str, formula: dict[str, Any]) -> dict[str, Any]:
    return {"id": kpi_id, "dataset": "tickets", "unit": unit, "formula": formula}


@pytest.fixture
def nyc(evidence: Path, collect: Collect) -> list[Path]:
    (evidence / "311.csv").write_bytes(DATA.read_bytes())
    spec = {"path": "311.csv", "dataset": "tickets", "timezone": ZONE, "mapping": MAPPING, "date_format": US}
    items, ctx = collect(spec, period=DAY)
    assert [e for e in ctx.log if e.level == "error"] == []
    assert items[0].attributes["rows"] == 924
    return [items[0].payload]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    df = pd.read_csv(DATA, dtype=str)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    df["created"] = pd.to_datetime(df["Created Date"], format=fmt).dt.tz_localize(ZONE)
    df["closed"] = pd.to_datetime(df["Closed Date"], format=fmt).dt.tz_localize(ZONE)
    df["hours"] = (df["closed"] - df["created"]).dt.total_seconds() / 3600
    return df


def test_resolution_time_median_and_p90_match_pandas(nyc: list[Path], frame: pd.DataFrame) -> None:
    closed = frame["hours"].dropna()
    for stat, expected in (("median", closed.median()), ("p90", closed.quantile(0.9))):
        formula = {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": stat}
        got = compute_kpi(_kpi(f"resolution_{stat}", "hours", formula), nyc, DAY, zone=ZONE)
        assert got["sample"] == len(closed) == 480
        assert got["value"] == pytest.approx(expected, abs=1e-3), stat


def test_within_one_hour_counts_open_requests_as_not_within(nyc: list[Path], frame: pd.DataFrame) -> None:
    within = (frame["hours"] <= 1).fillna(False)
    expected = 100 * within.sum() / len(frame)
    formula = {"type": "within", "start": "created_at", "end": "resolved_at", "limit_hours": 1}
    got = compute_kpi(_kpi("within_1h", "percent", formula), nyc, DAY, zone=ZONE)
    assert got["sample"] == 924
    assert got["value"] == pytest.approx(expected, abs=1e-3)
    # by agency: segments in lower case, each with its own n
    by_agency = {
        a.lower(): (pytest.approx(100 * (g["hours"] <= 1).fillna(False).mean(), abs=1e-3), len(g))
        for a, g in frame.groupby("Agency")
    }
    assert {b["segment"]: (b["value"], b["n"]) for b in got["breakdowns"]["agency"]} == by_agency


def test_phone_share_compares_channels_without_case(nyc: list[Path], frame: pd.DataFrame) -> None:
    formula = {"type": "share", "condition": {"field": "channel", "in": ["phone"]}}
    got = compute_kpi(_kpi("phone_share", "percent", formula), nyc, DAY, zone=ZONE)
    expected = 100 * (frame["Open Data Channel Type"] == "PHONE").mean()
    assert got["value"] == pytest.approx(expected, abs=1e-3) and got["sample"] == 924


def test_the_period_is_counted_in_the_manifest_time_zone(nyc: list[Path]) -> None:
    """The requests were made between midnight and 1 AM in New York, which is still 30 April in
    Honolulu: the same instants fall in a different day depending on the organisation's time zone."""
    formula = {"type": "share", "condition": {"field": "channel", "in": ["phone"]}}
    kpi = _kpi("phone_share", "percent", formula)
    april_30 = Period(date(2022, 4, 30), date(2022, 4, 30))
    assert compute_kpi(kpi, nyc, DAY, zone=ZONE)["sample"] == 924
    assert compute_kpi(kpi, nyc, april_30, zone=ZONE)["sample"] == 0
    assert compute_kpi(kpi, nyc, april_30, zone="Pacific/Honolulu")["sample"] == 924
    assert compute_kpi(kpi, nyc, DAY, zone="Pacific/Honolulu")["sample"] == 0


def test_without_a_date_format_the_ambiguous_dates_are_refused(evidence: Path, collect: Collect) -> None:
    """Every request is dated 05/01/2022: May 1st or January 5th cannot be told from the data, so the
    export is refused with a message that names date_format, never read one way without a word."""
    (evidence / "311.csv").write_bytes(DATA.read_bytes())
    items, ctx = collect({"path": "311.csv", "dataset": "tickets", "timezone": ZONE, "mapping": MAPPING}, period=DAY)
    errors = [e for e in ctx.log if e.level == "error"]
    assert items == [] and errors
    assert "created_at" in errors[0].message and "date_format" in errors[0].message and errors[0].file == "311.csv"
