"""Exact percentiles from a histogram (plugins/warehouse/_ranks) equal the database's own quantile_cont to
the last bit, on data made to reach every way a position is found: the edge of a bucket, a bucket of
equal values, a bucket whose records are fetched, negative and zero durations, groups of one and two
records, an empty breakdown value; and when the records to fetch are too many, the caller is told to
ask the database's percentile instead, which gives the same KPI."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from servex import Period
from servex.plugins.warehouse import _ranks
from servex.plugins.warehouse._compute import compute
from servex.plugins.warehouse._formulas import Plan

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")


def _records(n: int = 4000) -> list[dict[str, Any]]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        kind = i % 4
        if kind == 0:  # microseconds: a bucket's records differ, the middle ones are fetched
            seconds = round(rng.expovariate(1 / 20000), 6)
        elif kind == 1:  # whole minutes from a short list: buckets of equal values
            seconds = 60.0 * rng.choice([5, 30, 30, 120, 600])
        elif kind == 2:
            seconds = rng.choice([0.0, -3600.0, -0.5, 1e-6])  # bad data and nothing at all
        else:
            seconds = rng.uniform(3000, 3100) if i % 8 == 3 else rng.uniform(60000, 60300)  # crowded buckets
        channel = rng.choice(["a", "b", None]) if not 1 <= i <= 3 else ["solo", "pair", "pair"][i - 1]
        out.append({"_m": f"2025-0{1 + i % 3}", "channel": channel, "_s0": i % 11 != 0, "_d0": seconds / 3600})
    return out


def _keys() -> list[tuple[str, Any]]:
    import ibis

    return [
        ("total", lambda v: ibis.null("string")),
        ("_m", lambda v: v["_m"]),
        ("channel", lambda v: v["channel"].cast("string")),
    ]


@pytest.mark.parametrize("q", [0.5, 0.9])
def test_histogram_percentiles_are_quantile_cont_bit_for_bit(q: float, monkeypatch: pytest.MonkeyPatch) -> None:
    import ibis
    import pyarrow as pa

    con = ibis.duckdb.connect()
    con.con.register("records", pa.Table.from_pylist(_records()))
    con.raw_sql("CREATE TABLE u AS SELECT * FROM records")
    u = con.table("u")
    fetched: list[int] = []
    real_fetch = _ranks._fetch

    def counting(*args: Any) -> bool:
        fetched.append(len(args[3]))
        return real_fetch(*args)

    monkeypatch.setattr(_ranks, "_fetch", counting)
    got = _ranks.exact_values(u, [Plan("0", rank=(q, 3600))], _keys())
    assert got is not None and fetched and fetched[0] > 0  # some records were fetched
    expected: dict[tuple[str, str, Any], float] = {}
    for name, column in (("total", "NULL"), ("_m", "_m"), ("channel", "channel")):
        sql = f"SELECT {column} AS k, quantile_cont(_d0, {q}) FROM records WHERE _s0 GROUP BY ALL"
        for k, value in con.con.execute(sql).fetchall():
            expected[("0", name, k)] = value
    assert got == expected  # floats compared exactly
    assert {("0", "channel", c) for c in ("solo", "pair", None)} <= set(got)


def test_too_many_records_to_fetch_falls_back_to_the_database_percentile(monkeypatch: pytest.MonkeyPatch) -> None:
    import ibis
    import pyarrow as pa
    import yaml
    from wh_data import KPIS_FILE, generate

    kpi = next(k for k in yaml.safe_load(KPIS_FILE.read_text("utf-8"))["kpis"] if k["id"] == "resolution_time")
    con = ibis.duckdb.connect()
    con.con.register("records", pa.Table.from_pylist(generate("tickets", 600, seed=3)))
    con.raw_sql("CREATE TABLE tickets AS SELECT * FROM records")
    t = con.table("tickets")
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    histogram = compute(t, set(t.columns), [kpi], period, None, "UTC", "duckdb")
    monkeypatch.setattr(_ranks, "_FETCH_LIMIT", 0)
    con.raw_sql("CREATE TABLE few AS SELECT i % 2 = 0 AS _s0, 1000 + i / 1e6 AS _d0 FROM range(30) AS r(i)")
    total = [("total", lambda v: ibis.null("string"))]
    assert _ranks.exact_values(con.table("few"), [Plan("0", rank=(0.5, 1))], total) is None
    direct = compute(t, set(t.columns), [kpi], period, None, "UTC", "duckdb")
    assert direct == histogram and histogram["resolution_time"]["sample"] > 100
