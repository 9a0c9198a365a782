"""`servex assess` end to end: findings cite the file and page of the English and French documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


def _assess(org: Path, out: Path) -> tuple[int, dict[str, Any]]:
    from servex._cli.main import main

    try:
        main(["assess", str(org), "-o", f"json:{out}", "--fail-on", "never"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text())


def test_assess_cites_file_and_page(
    evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(DATA / "doc-set.yaml", evidence / "doc-set.yaml")  # a manifest names only files inside its folder
    (evidence / "servex.yaml").write_text(
        'format_version: "1"\n'
        "organisation: {name: Test Org}\n"
        "criteria: doc-set.yaml\n"
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "files:\n"
        "  - {path: policies, tags: [policy]}\n"
        '  - {path: policies/policy-en.pdf, approved: "2025-03-01"}\n'
        '  - {path: policies/charte-fr.pdf, issued: "2024-09-01"}\n'
    )
    code, result = _assess(evidence, tmp_path / "a.json")
    assert code == 0, capsys.readouterr().err
    findings = {f["criterion_id"]: f for f in result["findings"]}
    policy = findings["DOC-L1-01"]
    # documents show an approach only: without records or data the criterion is partially met at best
    assert policy["status"] == "partially_met"
    assert policy["evidence_classes"]["shown"] == {"approach": ["policy"]}
    assert policy["evidence_classes"]["missing"] == ["deployment"]
    assert any(c["kind"] == "evidence_classes" for c in policy["caps"])
    cited = {
        (d["file"], c["locator"], c["term"])
        for r in policy["requirements"]
        for d in r["details"]["documents"]
        for c in d["citations"]
    }
    assert ("policies/policy-en.pdf", "page 2", "complaint / réclamation / plainte") in cited
    assert ("policies/charte-fr.pdf", "page 2", "ombudsman / médiateur") in cited
    documents = {e["id"]: e for e in result["evidence"] if e["kind"] == "document"}
    assert len(documents) == 8 and set(policy["evidence_ids"]) <= set(documents)
    assert {documents[i]["provenance"]["source"] for i in policy["evidence_ids"]} == {
        "policies/policy-en.pdf",
        "policies/charte-fr.pdf",
    }
    mystery = findings["DOC-L2-01"]
    assert mystery["status"] == "not_met"
    requirement = mystery["requirements"][0]
    assert requirement["message"]["en"].startswith("No document mentioning mystery shopping / client mystère")
    assert requirement["message"]["fr"].startswith("Aucun document mentionnant mystery shopping")
    assert result["statistics"]["errors"] == 0

    warm_code, _warm = _assess(evidence, tmp_path / "b.json")  # served from the text cache
    assert warm_code == 0 and (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
