"""`servex assess` on folders whose data exports yield nothing: exit 5, errors shown even under -q, unused
exports listed, common exports recognised without a manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ds_support import write_csv

DATA = Path(__file__).parent / "data"
MANIFEST = (
    'format_version: "1"\n'
    "organisation: {name: Test Org}\n"
    "criteria: data-set.yaml\n"  # inside the folder, as a manifest must name it
    'period: {start: "2025-01-01", end: "2025-12-31"}\n'
    "sources:\n"
    "  - name: complaint-log\n"
    "    collector: datasets\n"
    "    config:\n"
    "      files:\n"
    "        - {path: complaints.csv, dataset: complaints, mapping: {received_at: Opened}}\n"
)


def _assess(org: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    from servex._cli.main import main

    try:
        main(["assess", str(org), "-o", f"json:{out}", "--fail-on", "never", *extra])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text())


def _complaints(evidence: Path) -> None:
    rows = [[i, f"2025-{1 + i % 12:02d}-10", "yes"] for i in range(600)]
    write_csv(evidence, "complaints.csv", ["id", "received_at", "timely_response"], rows)


def test_a_required_source_without_usable_records_exits_5_and_q_shows_why(
    evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _complaints(evidence)
    (evidence / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    shutil.copy(DATA / "data-set.yaml", evidence / "data-set.yaml")
    code, result = _assess(evidence, tmp_path / "r.json", "-q")
    err = capsys.readouterr().err
    assert code == 5
    assert "complaints.csv: complaints export unusable: mapping received_at: 'Opened'" in err
    assert "no usable record" in err
    source = result["sources"][0] if "sources" in result else None
    assert source is None or source["status"] == "failed"
    finding = {f["criterion_id"]: f for f in result["findings"]}["DATA-L1-01"]
    assert finding["status"] == "error"


def test_without_a_manifest_exports_are_recognised_or_listed_as_not_used(evidence: Path, tmp_path: Path) -> None:
    _complaints(evidence)
    (evidence / "data").mkdir()
    write_csv(evidence / "data", "misc.csv", ["a", "b"], [[1, 2]])
    code, result = _assess(evidence, tmp_path / "r.json", "--criteria", str(DATA / "data-set.yaml"))
    assert code == 0
    messages = {(e["file"], e["message"]) for e in result["log"]}
    unused = "not used: data/misc.csv (no source reads it; add it to a datasets source in servex.yaml)"
    assert ("data/misc.csv", unused) in messages
    assert any(f == "complaints.csv" and "used as a complaints export" in m for f, m in messages)
    datasets = [e for e in result["evidence"] if e["kind"] == "dataset"]
    assert [(d["provenance"]["source"], d["attributes"]["rows"]) for d in datasets] == [("complaints.csv", 600)]


def test_with_a_manifest_undeclared_exports_are_listed(evidence: Path, tmp_path: Path) -> None:
    _complaints(evidence)
    write_csv(evidence, "tickets.csv", ["id", "created_at"], [[1, "2025-01-01"]])
    (evidence / "servex.yaml").write_text(MANIFEST.replace(", mapping: {received_at: Opened}", ""), "utf-8")
    shutil.copy(DATA / "data-set.yaml", evidence / "data-set.yaml")
    code, result = _assess(evidence, tmp_path / "r.json")
    assert code == 0
    assert any(e["message"].startswith("not used: tickets.csv") for e in result["log"])
    assert not any("complaints.csv" in e["message"] for e in result["log"])


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_warnings_reach_the_terminal_and_a_long_list_is_counted(
    evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], quiet: list[str]
) -> None:
    """What was observed: warnings (rows exported twice, a file left out) were printed only with -v,
    although -q's help promises warnings and errors."""
    rows = [[i, f"2025-{1 + i % 12:02d}-10", "yes"] for i in range(600)]
    write_csv(evidence, "complaints.csv", ["id", "received_at", "timely_response"], rows + rows[:5])
    for n in range(25):  # data files no source reads: one warning each
        write_csv(evidence, f"extra-{n:02d}.csv", ["a", "b"], [[1, 2]])
    (evidence / "servex.yaml").write_text(MANIFEST.replace(", mapping: {received_at: Opened}", ""), "utf-8")
    shutil.copy(DATA / "data-set.yaml", evidence / "data-set.yaml")
    code, result = _assess(evidence, tmp_path / "r.json", *quiet)
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: complaint-log: complaints.csv: 5 row(s) repeat an earlier row exactly" in err
    warnings = [e for e in result["log"] if e["level"] == "warning"]
    assert len(warnings) == 26
    assert err.count("\nwarning: ") + err.startswith("warning: ") == 20
    assert "… and 6 more warning(s): -v prints them all, and the result's log keeps them" in err
