"""What every vendor connector must do against its local emulation (test helper): every record exactly
once with the vendor's values in canonical form despite injected faults, the same bytes on offline
replay without credentials, and no secret in anything written or logged."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from servex import EvidenceItem
from vendor_server import Vendor, VendorFaults, running

__all__ = ["FAST", "FAULTS", "canonical_rows", "check_connector", "stamp"]

FAST = {"timeout": 2.0, "backoff": 0.002, "max_backoff": 0.05, "retries": 12, "seed": 3, "concurrency": 1}
FAULTS = VendorFaults(seed=11, error_5xx=0.08, rate_429=0.05, reset=0.05, truncated=0.05, invalid_json=0.05)


def stamp(moment: datetime | None) -> str | None:
    """A UTC datetime as the canonical timestamp text the datasets hold."""
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def canonical_rows(parquet: Path) -> dict[str, dict[str, Any]]:
    """Every row of a dataset by id, timestamps as canonical text."""
    import duckdb

    con = duckdb.connect()
    try:
        cursor = con.execute("SELECT * FROM read_parquet(?)", [str(parquet)])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        clean = {k: stamp(v) if isinstance(v, datetime) else v for k, v in row.items()}
        assert clean["id"] not in out, f"duplicate id {clean['id']}"
        out[clean["id"]] = clean
    return out


def _scan(root: Path, secrets: list[str], log: list[str]) -> None:
    assert secrets and all(secrets)
    written = [p for p in root.rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        leaked = [s for s in secrets if s.encode() in data]
        assert not leaked, f"{path} holds a secret"
    for message in log:
        assert not any(s in message for s in secrets), message


def check_connector(
    collect: Collect,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *,
    name: str,
    config: Mapping[str, Any] | Callable[[str], Mapping[str, Any]],
    vendor: Callable[[VendorFaults], Vendor],
    env: Mapping[str, str],
    expected: Mapping[str, Mapping[str, Mapping[str, Any]]],
    faults: VendorFaults = FAULTS,
) -> tuple[dict[str, EvidenceItem], Vendor]:
    """Run `name` against `vendor(faults)` and check every record of every dataset in `expected`
    ({dataset: {id: {field: value}}}); returns the items by dataset and the vendor (for its counters)."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    api = vendor(faults)
    with running(api) as url:
        settings = {**FAST, **(config(url) if callable(config) else config), "base_url": url}
        items, ctx = collect(name, settings)
    by_dataset = {str(item.attributes["dataset"]): item for item in items}
    assert sorted(by_dataset) == sorted(expected)
    for dataset, truth in expected.items():
        item = by_dataset[dataset]
        rows = canonical_rows(Path(item.payload))
        assert sorted(rows) == sorted(truth), f"{dataset}: ids differ"
        assert item.attributes["rows"] == len(truth)
        for record_id, values in truth.items():
            got = {k: rows[record_id].get(k) for k in values}
            assert got == dict(values), f"{dataset} {record_id}: got {got}, expected {dict(values)}"
        assert item.provenance.collector == name and item.provenance.source == url
    if faults.error_5xx or faults.reset:
        assert api.injected, "no fault was injected: the test proves nothing"

    # Offline: no server, no credentials, the same bytes.
    for key in env:
        monkeypatch.delenv(key)
    replayed, _ = collect(name, settings, offline=True)
    again = {str(item.attributes["dataset"]): item for item in replayed}
    for dataset, item in by_dataset.items():
        assert Path(again[dataset].payload).read_bytes() == Path(item.payload).read_bytes()
        assert again[dataset].provenance == item.provenance

    issued = [*api.oauth.issued, *api.oauth.rotated] if api.oauth else []
    _scan(tmp_path, [*env.values(), *issued], [entry.message for entry in ctx.log])
    return by_dataset, api
