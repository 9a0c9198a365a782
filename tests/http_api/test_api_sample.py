"""The `service-desk-apis` sample organisation: two prebuilt connectors (Intercom, Qualtrics) whose
evidence the findings cite with provenance; its shipped replay grades offline exactly as the live
emulations do (a stale recording fails here: re-record with `api_sample.py --record`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from api_sample import ENV, EPOCH, SAMPLE, serving


def _assess(out: Path, cache: Path, *extra: str) -> dict[str, Any]:
    from servex._cli.main import main

    try:
        main(
            [
                "assess",
                str(SAMPLE),
                "--cache-dir",
                str(cache),
                "-o",
                f"json:{out}",
                "-o",
                f"md:{out.with_suffix('.md')}",
                "--fail-on",
                "never",
                *extra,
            ]
        )
    except SystemExit as exc:
        assert not exc.code, exc.code
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_the_sample_cites_its_api_evidence_and_replays_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for key in ENV:
        monkeypatch.delenv(key, raising=False)
    shutil.copytree(SAMPLE / "replay", tmp_path / "replay")
    offline = _assess(tmp_path / "offline.json", tmp_path / "replay", "--offline")

    datasets = {e["provenance"]["collector"]: e for e in offline["evidence"] if e["kind"] == "dataset"}
    assert sorted(datasets) == ["intercom", "qualtrics"]
    for collector, port, dataset in (("intercom", 47811, "tickets"), ("qualtrics", 47812, "survey")):
        item = datasets[collector]
        assert item["provenance"]["source"] == f"http://127.0.0.1:{port}" and len(item["provenance"]["sha256"]) == 64
        assert item["attributes"]["dataset"] == dataset and item["attributes"]["rows"] > 200
        cited = [f["criterion_id"] for f in offline["findings"] if item["id"] in f["evidence_ids"]]
        assert cited, f"no finding cites the {collector} evidence"
    statuses = {f["criterion_id"]: f["status"] for f in offline["findings"]}
    assert any(statuses[c] in ("met", "partially_met", "not_met") for c in statuses if c.startswith("PYR-L1"))
    report = (tmp_path / "offline.md").read_text(encoding="utf-8")
    assert "http://127.0.0.1:47811" in report and "http://127.0.0.1:47812" in report

    # Live, against the emulations: the same result, byte for byte.
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    with serving():
        _assess(tmp_path / "online.json", tmp_path / "fresh")
    assert (tmp_path / "online.json").read_bytes() == (tmp_path / "offline.json").read_bytes()
    for path in (tmp_path / "online.json", tmp_path / "online.md", tmp_path / "offline.md"):
        assert not any(secret in path.read_text(encoding="utf-8") for secret in ENV.values())
