"""Every KPI of kpis.yaml computed inside PostgreSQL equals the one computed locally from a CSV export of
the same records (the file path: DuckDB over the canonical Parquet), with its monthly series and
breakdowns, in UTC and in a zone with summer time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from pg_server import PostgresServer
from servex import CollectContext, CollectionError, EvidenceItem, Period
from servex.plugins.datasets._collect import collect as collect_files
from servex.plugins.datasets._engine import compute_kpis
from servex.plugins.datasets._fields import FIELDS, SCALES
from servex.plugins.warehouse._collect import collect as collect_warehouse
from wh_data import close, generate, load_postgres, write_csv

KPIS = yaml.safe_load((Path(__file__).resolve().parents[2] / "criteria/kpis.yaml").read_text("utf-8"))["kpis"]
PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
ROWS = 2000


@pytest.fixture(scope="module")
def loaded(pg: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One table per dataset in PostgreSQL and the same records as CSV exports in an evidence folder;
    tickets.created_at is a `timestamptz` column, the other times are naive."""
    folder = tmp_path_factory.mktemp("evidence")
    for dataset in FIELDS:
        records = generate(dataset, ROWS)
        aware = ("created_at",) if dataset == "tickets" else ()
        write_csv(folder / f"{dataset}.csv", dataset, records, aware)
        load_postgres(pg.url(), dataset, dataset, records, aware)
    yield folder


def _collect(
    run: Any, folder: Path, name: str, config: dict[str, Any], zone: str, cache: Path
) -> dict[str, EvidenceItem]:
    ctx = CollectContext(
        evidence_dir=folder,
        source=name,
        config=config,
        manifest={"period": {"timezone": zone}},
        period=PERIOD,
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=cache,
        offline=False,
        criteria_set=cast(Any, None),
    )
    items = {i.attributes["dataset"]: i for i in run(ctx)}
    assert not [e for e in ctx.log if e.level == "error"], ctx.log
    return items



@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris"])
def test_every_kpi_in_postgres_equals_the_local_duckdb_value(
    loaded: Path, pg: PostgresServer, zone: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", pg.url())
    files = _collect(
        collect_files, loaded, "data", {"files": [{"path": f"{d}.csv", "dataset": d} for d in FIELDS]}, zone, tmp_path
    )
    tables = _collect(
        collect_warehouse,
        loaded,
        "warehouse",
        {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": d, "dataset": d} for d in FIELDS]},
        zone,
        tmp_path,
    )
    for dataset in FIELDS:
        for key in ("months", "first", "last", "invalid", "scales", "rows"):  # what a file's conversion says
            if key == "invalid":  # a file also counts unreadable dates; a typed column has none
                file_side = {k: v for k, v in files[dataset].attributes[key].items() if k in SCALES}
                assert tables[dataset].attributes[key] == file_side, dataset
                continue
            assert tables[dataset].attributes[key] == files[dataset].attributes[key], (dataset, key)
    batches: dict[tuple[str, str], list[dict[str, Any]]] = {}  # as the evaluator batches them
    for kpi in KPIS:
        batches.setdefault((kpi["dataset"], kpi.get("date_field", "")), []).append(kpi)
    compared = 0
    for (dataset, _), batch in sorted(batches.items()):
        local = compute_kpis(batch, [Path(files[dataset].payload)], PERIOD, zone=zone)
        remote = tables[dataset].payload.compute_kpis(batch, PERIOD, zone=zone)
        for kpi in batch:
            mine, theirs = remote[kpi["id"]], local[kpi["id"]]
            assert "approximate" not in mine  # PostgreSQL's percentile_cont is exact
            assert theirs["sample"] > 100 and theirs["value"] is not None, kpi["id"]  # the data exercises it
            assert close(mine, theirs), (kpi["id"], mine, theirs)
            # a sampled mean answer carries its spread, from which its margin is told (see datasets/_margin)
            sampled = kpi["formula"]["type"] == "nps" or kpi["id"] in ("ces_mean", "training_hours_mean")
            assert (theirs["spread"] is not None) == sampled, kpi["id"]
            compared += 1
    assert compared == len(KPIS) >= 30
    assert os.environ["SERVEX_TEST_WAREHOUSE"] == pg.url()


def test_segments_match_too(loaded: Path, pg: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment of the data (a category as spelt in the criteria), and one that matches nothing."""
    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", pg.url())
    files = _collect(
        collect_files, loaded, "data", {"files": [{"path": "tickets.csv", "dataset": "tickets"}]}, "UTC", tmp_path
    )
    tables = _collect(
        collect_warehouse,
        loaded,
        "warehouse",
        {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": "tickets", "dataset": "tickets"}]},
        "UTC",
        tmp_path,
    )
    kpi = next(k for k in KPIS if k["id"] == "first_reply_time")
    for segment in ({"channel": "Téléphone"}, {"channel": "fax"}):
        local = compute_kpis([kpi], [Path(files["tickets"].payload)], PERIOD, segment)
        remote = tables["tickets"].payload.compute_kpis([kpi], PERIOD, segment)
        assert close(remote, local), segment


def test_a_query_from_the_manifest_cannot_write(
    loaded: Path, pg: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest travels with the evidence: its query runs in a read-only session."""
    import psycopg

    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", pg.url())
    query = "WITH gone AS (DELETE FROM survey RETURNING *) SELECT * FROM gone"
    ctx = CollectContext(
        evidence_dir=loaded,
        source="warehouse",
        config={"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"query": query, "dataset": "survey"}]},
        manifest={},
        period=PERIOD,
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=tmp_path,
        offline=False,
        criteria_set=cast(Any, None),
    )
    with pytest.raises(CollectionError, match="no usable record"):  # its only query: the source fails
        list(collect_warehouse(ctx))
    assert any("read-only transaction" in e.message for e in ctx.log if e.level == "error"), ctx.log
    with psycopg.connect(pg.url()) as con:
        assert con.execute("SELECT count(*) FROM survey").fetchone() == (ROWS,)
