"""A backend whose percentiles are estimates (Trino, BigQuery, ClickHouse...): the KPI is computed with
its approximate percentile, the result says so, and the finding's message tells the reader."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest
import yaml
from servex import EvaluationContext, Period, Requirement
from servex.plugins.datasets._evaluate import evaluate_kpi
from servex.plugins.warehouse._compute import compute
from wh_data import KPIS_FILE, generate

# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
KPIS = {k["id"]: k for k in yaml.safe_load(KPIS_FILE.read_text("utf-8"))["kpis"]}


def _table() -> Any:
    import ibis
    import pyarrow as pa

    records = pa.Table.from_pylist(generate("tickets", 800, seed=5))
    con = ibis.duckdb.connect()
    con.con.register("records", records)  # (ibis's create_table trips over the newest sqlglot)
    con.raw_sql("CREATE TABLE tickets AS SELECT * FROM records")
    return con.table("tickets")


def test_a_percentile_on_an_estimating_backend_is_flagged_and_close() -> None:
    t = _table()
    available = set(t.columns)
    kpi = KPIS["first_reply_time"]
    exact = compute(t, available, [kpi], PERIOD, None, "UTC", "duckdb")["first_reply_time"]
    estimate = compute(t, available, [kpi], PERIOD, None, "UTC", "trino")["first_reply_time"]
    assert "approximate" not in exact and estimate["approximate"] is True
    assert estimate["sample"] == exact["sample"]
    assert abs(estimate["value"] - exact["value"]) <= 0.05 * abs(exact["value"])
    share = compute(t, available, [KPIS["sla_attainment"]], PERIOD, None, "UTC", "trino")["sla_attainment"]
    assert "approximate" not in share  # a count is a count on every backend


class _Estimating:
    """A warehouse payload whose database estimates percentiles."""

    def compute_kpis(self, kpis: Any, period: Period, segment: Any = None, *, zone: str = "UTC") -> dict[str, Any]:
        return compute(_table(), set(_table().columns), kpis, period, segment, zone, "bigquery")


def test_the_finding_says_the_value_is_approximate() -> None:
    from servex import EvidenceItem, Provenance

    item = EvidenceItem(
        "ev-0000000000000000",
        "dataset",
        "tickets warehouse table tickets",
        Provenance("warehouse", "bigquery://project/dataset table tickets", "0" * 64, 800, "application/sql", ""),
        attributes={"dataset": "tickets", "scales": {}, "scale_doubts": {}},
        payload=_Estimating(),
    )
    params = {"kpi": "first_reply_time", "target": {"op": "<=", "value": 500}}
    req = Requirement("kpi", "kpi", "show", {"en": "KPI"}, params)
    ctx = EvaluationContext(cast(Any, None), cast(Any, None), (item,), KPIS, {}, PERIOD, cast(Any, None))
    outcome = evaluate_kpi(req, ctx)
    assert outcome.details["approximate"] is True
    assert "Approximate" in outcome.message["en"] and "approchée" in outcome.message["fr"]
