"""`servex assess` with a warehouse source on a real PostgreSQL: the same findings as from a CSV export of
the same records, the database URL (and its password) nowhere in what servex writes, and an offline
replay from the recorded aggregates without the URL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pg_server import PASSWORD, PostgresServer
from wh_data import generate, load_postgres, write_csv

DATA = Path(__file__).parent / "data"
HEAD = (
    'format_version: "1"\n'
    "organisation: {name: Test Org}\n"
    "criteria: wh-set.yaml\n"
    'period: {start: "2025-01-01", end: "2025-12-31", timezone: Europe/Paris}\n'
    "sources:\n"
)
WAREHOUSE = (
    "  - name: warehouse\n"
    "    collector: warehouse\n"
    "    required: true\n"
    "    config:\n"
    "      url_env: SERVEX_WAREHOUSE_URL\n"
    "      tables:\n"
    "        - {table: helpdesk, dataset: tickets, mapping: {created_at: opened}}\n"
)
FILES = (
    "  - name: export\n"
    "    collector: datasets\n"
    "    config:\n"
    "      files:\n"
    "        - {path: tickets.csv, dataset: tickets}\n"
)


def _assess(folder: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    from servex._cli.main import main

    try:
        main(
            [
                "assess",
                str(folder),
                "-o",
                f"json:{out}",
                "-o",
                f"html:{out.with_suffix('.html')}",
                "--fail-on",
                "never",
                *extra,
            ]
        )
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text()) if out.is_file() else {}


def _kpis(result: dict[str, Any]) -> dict[str, Any]:
    return {f["criterion_id"]: f["requirements"][0]["details"] for f in result["findings"]}


@pytest.fixture(scope="module")
def helpdesk(pg: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tickets as a `helpdesk` table (its date column named `opened`) and as a CSV export."""
    folder = tmp_path_factory.mktemp("exports")
    records = generate("tickets", 1500, seed=11)
    write_csv(folder / "tickets.csv", "tickets", records)
    load_postgres(pg.url(), "helpdesk", "tickets", records)
    import psycopg

    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute("ALTER TABLE helpdesk RENAME COLUMN created_at TO opened")
    return folder


def _folder(tmp_path: Path, name: str, sources: str, helpdesk: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(DATA / "wh-set.yaml", folder / "wh-set.yaml")
    shutil.copy(helpdesk / "tickets.csv", folder / "tickets.csv")
    (folder / "servex.yaml").write_text(HEAD + sources)
    return folder


def test_warehouse_findings_equal_the_exports_and_the_url_is_written_nowhere(
    pg: PostgresServer,
    helpdesk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_WAREHOUSE_URL", pg.url())
    cache = tmp_path / "cache"
    files = _folder(tmp_path, "files", FILES, helpdesk)
    warehouse = _folder(tmp_path, "warehouse", WAREHOUSE, helpdesk)
    code, local = _assess(files, tmp_path / "local.json", "--cache-dir", str(cache))
    assert code == 0, capsys.readouterr().err
    (warehouse / "tickets.csv").unlink()  # the warehouse folder holds no export at all
    code, remote = _assess(warehouse, tmp_path / "remote.json", "--cache-dir", str(cache))
    streams = capsys.readouterr()
    assert code == 0, streams.err
    assert _kpis(remote) == _kpis(local)
    assert [f["status"] for f in remote["findings"]] == [f["status"] for f in local["findings"]]
    assert _kpis(remote)["WH-L1-04"]["sample"] > 0
    item = next(e for e in remote["evidence"] if e["kind"] == "dataset")
    assert item["provenance"]["collector"] == "warehouse"
    assert item["provenance"]["source"] == f"postgresql://127.0.0.1:{pg.port}/postgres table helpdesk"
    assert item["attributes"]["query"] == "SELECT * FROM helpdesk"
    assert item["attributes"]["rows"] == 1500 and item["attributes"]["snapshot"]
    # The password (and the whole URL) appear in no output, no log line and no cache file.
    written = [tmp_path / "remote.json", tmp_path / "remote.html", *sorted(p for p in cache.rglob("*") if p.is_file())]
    for path in written:
        text = path.read_bytes().decode("utf-8", "replace")
        assert PASSWORD not in text and pg.url() not in text, path
    assert PASSWORD not in streams.out + streams.err

    # Offline: no URL, no connection; the recorded aggregates give the same findings.
    monkeypatch.delenv("SERVEX_WAREHOUSE_URL")
    code, replay = _assess(warehouse, tmp_path / "replay.json", "--cache-dir", str(cache), "--offline")
    assert code == 0, capsys.readouterr().err
    assert _kpis(replay) == _kpis(remote)
    assert replay["evidence"] == remote["evidence"]


def test_a_refused_connection_fails_the_source_without_revealing_the_password(
    pg: PostgresServer,
    helpdesk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = pg.url().replace(PASSWORD, PASSWORD + "-wrong")
    monkeypatch.setenv("SERVEX_WAREHOUSE_URL", wrong)
    warehouse = _folder(tmp_path, "warehouse", WAREHOUSE, helpdesk)
    code, result = _assess(warehouse, tmp_path / "r.json", "--cache-dir", str(tmp_path / "cache"))
    streams = capsys.readouterr()
    assert code == 5  # a required source failed
    everything = streams.out + streams.err + json.dumps(result)
    assert "cannot connect to the warehouse" in everything
    assert PASSWORD not in everything and "Traceback" not in everything


def test_offline_without_a_recording_says_so(
    helpdesk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SERVEX_WAREHOUSE_URL", raising=False)
    warehouse = _folder(tmp_path, "warehouse", WAREHOUSE, helpdesk)
    code, result = _assess(warehouse, tmp_path / "r.json", "--cache-dir", str(tmp_path / "cache"), "--offline")
    assert code == 5  # a required source failed
    assert "was never read online for this period" in json.dumps(result) + capsys.readouterr().err
