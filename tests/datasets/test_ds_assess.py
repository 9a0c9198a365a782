"""`servex assess` end to end: a manifest source feeds a real complaint log to the `dataset` evaluator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ds_support import CFPB

DATA = Path(__file__).parent / "data"


def _assess(org: Path, out: Path) -> tuple[int, dict[str, Any]]:
    from servex._cli.main import main

    try:
        main(["assess", str(org), "-o", f"json:{out}", "--fail-on", "never"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text())


def test_assess_with_a_data_export(
    evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the run clock, so two runs can be compared
    (evidence / "complaints.csv").write_bytes(CFPB.read_bytes())
    shutil.copy(DATA / "data-set.yaml", evidence / "data-set.yaml")  # a manifest names only files inside its folder
    (evidence / "servex.yaml").write_text(
        'format_version: "1"\n'
        "organisation: {name: Test Org}\n"
        "criteria: data-set.yaml\n"
        'period: {start: "2013-08-01", end: "2013-09-30"}\n'  # October holds one token record (see _coverage)
        "sources:\n"
        "  - name: complaint-log\n"
        "    collector: datasets\n"
        "    config:\n"
        "      files:\n"
        "        - {path: complaints.csv, dataset: complaints}\n"
        "        - {path: ../elsewhere.csv, dataset: complaints}\n"
    )
    code, result = _assess(evidence, tmp_path / "a.json")
    assert code == 0, capsys.readouterr().err
    finding = {f["criterion_id"]: f for f in result["findings"]}["DATA-L1-01"]
    assert finding["status"] == "met"
    details = finding["requirements"][0]["details"]
    assert (details["rows"], details["coverage"], details["files"]) == (999, 1.0, ["complaints.csv"])
    datasets = [e for e in result["evidence"] if e["kind"] == "dataset"]
    assert [d["attributes"]["rows"] for d in datasets] == [1000]
    assert datasets[0]["provenance"]["period"] == {"start": "2013-08-30", "end": "2013-10-15"}
    assert any("outside the evidence folder" in json.dumps(entry) for entry in result["log"])
    _assess(evidence, tmp_path / "b.json")  # served from the conversion cache
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
