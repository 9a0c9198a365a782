"""Issue 18's whole cycle on one sample organisation, through the commands a user runs, in order:
init → assess → exceptions → a changed document → assess with baseline → diff → bundle → verify.

Each step starts from what the previous one wrote (the manifest `init` proposed, the first result as
the baseline), and each explanation of change is checked against the edit this test made."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from servex import ExitCode
from servex.testing import run_cli

SAMPLE = Path(__file__).resolve().parents[2] / "evidence_samples" / "telecom-operator"
EXCEPTIONS = """
exceptions:
  - {criterion: PYR-L4-06, kind: not_applicable, reason: "No partner ecosystem in scope.", approver: Head of CX,
     expires: "2026-12-31"}
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _a_document_a_met_criterion_rests_on(result: dict) -> str:
    for finding in result["findings"]:
        if finding["status"] != "met":
            continue
        for requirement in finding["requirements"]:
            if requirement["type"] == "document" and requirement["state"] == "satisfied":
                return str(requirement["details"]["documents"][0]["file"])
    raise AssertionError("no met criterion rests on a document")


def test_init_to_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org"
    shutil.copytree(SAMPLE, org)
    (org / "servex.yaml").unlink()  # a first-time user: no manifest yet

    # 1. init proposes a manifest that validates
    assert run_cli("init", org, "--yes", "--timezone", "Europe/London") == ExitCode.OK
    assert "data/complaints.csv" in (org / "servex.yaml").read_text(encoding="utf-8")

    # 2. the first assessment, on what init wrote
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cli("assess", org, "-o", f"json:{a}", "--fail-on", "never", "-q") == ExitCode.OK

    # 3. an exception, and 4. one changed document: one that a met criterion rests on
    edited = _a_document_a_met_criterion_rests_on(json.loads(a.read_text(encoding="utf-8")))
    manifest = org / "servex.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + EXCEPTIONS, encoding="utf-8")
    old_sha = _sha(org / edited)
    (org / edited).write_text("# Service Level Agreement\n\nUnder revision.\n", encoding="utf-8")
    new_sha = _sha(org / edited)

    # 5. assess against the first result, and 6. diff the two
    assert run_cli("assess", org, "--baseline", a, "-o", f"json:{b}", "--fail-on", "never", "-q") == ExitCode.OK
    assert run_cli("diff", a, b, "--format", "json", "-o", tmp_path / "diff.json") == ExitCode.OK
    changes = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    by_id = {c["criterion_id"]: c for c in changes["criteria"]}
    assert by_id["PYR-L4-06"]["causes"][0]["kind"] == "exception_added"
    assert by_id["PYR-L4-06"]["causes"][0]["new"]["approver"] == "Head of CX"
    edit_causes = [
        cause for item in by_id.values() for cause in item["causes"] if cause["kind"] == "evidence_changed"
    ]
    assert edit_causes and all(
        (c["source"], c["old_sha256"], c["new_sha256"]) == (edited, old_sha, new_sha) for c in edit_causes
    )
    assert all(item["explained"] for item in by_id.values())

    # 7. bundle the second result with copies of the evidence, and 8. verify it offline
    bundle = tmp_path / "bundle.zip"
    capsys.readouterr()
    # the second result measures changes against the first: without that baseline it could not be proven
    assert run_cli("bundle", org, "-o", bundle, "--result", b, "--with-evidence") == ExitCode.USAGE_ERROR
    assert "--baseline" in capsys.readouterr().err
    wrong = run_cli("bundle", org, "-o", bundle, "--result", b, "--baseline", b, "--with-evidence")
    assert wrong == ExitCode.INVALID_INPUT
    assert "not the baseline the result was compared with" in capsys.readouterr().err
    assert run_cli("bundle", org, "-o", bundle, "--result", b, "--baseline", a, "--with-evidence") == ExitCode.OK
    assert run_cli("verify", bundle) == ExitCode.OK
    # a tampered copy inside the bundle is named by verify
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == f"evidence/{edited}":
                data += b"\nA line added after the assessment.\n"
            dst.writestr(info, data)
    capsys.readouterr()
    assert run_cli("verify", tampered) != ExitCode.OK
    assert edited in capsys.readouterr().err
