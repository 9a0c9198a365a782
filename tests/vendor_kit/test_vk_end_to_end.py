"""The vendor kit end to end: scaffold a plugin, pip-install it, run its own tests, check its collector,
then assess its example evidence with `servex` and find the plugin's evidence in the result.

The distribution is installed with `pip --target` into a temporary folder put on PYTHONPATH of the
subprocesses (and on sys.path of this process for the conformance check), so the test environment is
never modified and nothing needs uninstalling.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from servex.testing import check_collector

pytestmark = pytest.mark.slow


def _run(
    *cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_scaffold_install_test_check_and_assess(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    servex,  # type: ignore[no-untyped-def]
) -> None:
    source, site = tmp_path / "acme-e2e", tmp_path / "site"
    made = servex("plugin", "new", "acme-e2e", "--dir", source, "--with", "evaluator,criteria,report")
    assert made.code == 0, made.err

    done = _run(
        sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
        "--target", site, source,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SERVEX_", "PYTEST_"))}
    env.update(PYTHONPATH=str(site), SERVEX_CACHE_DIR=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1767225600")

    tests = _run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=source, env=env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "skipped" not in tests.stdout

    monkeypatch.syspath_prepend(str(site))
    try:
        plugin = importlib.import_module("acme_e2e")
        [collector] = plugin.servex_collectors()
        report = check_collector(
            collector, source / "example" / "evidence", {"file": "exports/nps.csv"}, workdir=tmp_path
        )
        assert report.passed, str(report)
    finally:
        for name in [m for m in sys.modules if m == "acme_e2e" or m.startswith("acme_e2e.")]:
            del sys.modules[name]

    listing = json.loads(_run(sys.executable, "-m", "servex", "plugins", "--format", "json", env=env).stdout)
    entry = next(p for p in listing["data"]["plugins"] if p["name"] == "acme_e2e")
    assert (entry["distribution"], entry["version"]) == ("acme-e2e", "0.1.0")
    assert entry["contributes"]["collectors"] == ["acme_e2e.nps"]
    assert entry["contributes"]["evaluators"] == ["acme_e2e.nps"]
    assert entry["contributes"]["report_formats"] == ["acme_e2e-findings"]

    out = tmp_path / "result.json"
    assessed = _run(
        sys.executable, "-m", "servex", "assess", source / "example" / "evidence",
        "-o", f"json:{out}", "-o", f"acme_e2e-findings:{tmp_path / 'findings.csv'}", env=env,
    )  # fmt: skip
    assert assessed.returncode == 0, assessed.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    [evidence] = [e for e in result["evidence"] if e["provenance"]["collector"] == "acme_e2e.nps"]
    assert evidence["provenance"]["source"] == "exports/nps.csv"
    assert evidence["provenance"]["collected_at"] == "2026-01-01T00:00:00Z"
    assert evidence["attributes"]["responses"] == 12
    assert result["criteria_set"]["id"] == "acme-e2e-nps"
    finding = next(f for f in result["findings"] if f["criterion_id"] == "NPS-01")
    assert finding["status"] == "met" and evidence["id"] in finding["evidence_ids"]
    assert {"name": "acme_e2e", "version": "0.1.0", "distribution": "acme-e2e"} in result["plugins"]
    assert (tmp_path / "findings.csv").read_text().startswith("criterion_id,level,status,score,title\nNPS-01,L1,met,")
