"""A level with more than a fifth of its weight set aside as not applicable is capped (see _engine/levels).

What was observed: seven exceptions Harbour Cycles signed itself ("Not relevant to a small bike shop this
year.") took its seven failing L1 criteria out of the average, and L1 went from developing (40.0, not
achieved) to established (60.7) and achieved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXCEPTED = [f"PYR-L1-{n}" for n in range(12, 19)]


def _assess(folder: Path, tmp_path: Path, *outputs: str) -> dict[str, Any]:
    out = tmp_path / f"{folder.name}.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "uc")}
    done = subprocess.run(
        [sys.executable, "-m", "servex", "assess", str(folder), "-o", f"json:{out}", *outputs, "--fail-on", "never",
         "-q", "--cache-dir", str(tmp_path / f"c-{folder.name}")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def padded(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    tmp = tmp_path_factory.mktemp("excepted")
    folder = tmp / "harbour"
    shutil.copytree(REPO / "evidence_samples/harbour-cycles", folder)
    manifest = folder / "servex.yaml"
    entries = "".join(
        f'  - {{criterion: {cid}, kind: not_applicable, reason: "Not relevant to a small bike shop this year.", '
        'approver: Jo Penhale, expires: "2026-12-31"}\n'
        for cid in EXCEPTED
    )
    manifest.write_text(manifest.read_text("utf-8").replace("files:\n", f"exceptions:\n{entries}\nfiles:\n", 1))
    return _assess(folder, tmp, "-o", f"md:{tmp / 'report-fr.md'}", "--lang", "fr"), tmp


def test_self_signed_exceptions_do_not_lift_a_level(padded: tuple[dict[str, Any], Path]) -> None:
    result, _ = padded
    l1 = next(level for level in result["levels"] if level["id"] == "L1")
    assert (l1["score"], l1["verdict"], l1["achieved"]) == (60.7, "developing", False)
    assert l1["excepted"] == {"share": 0.3721, "limit": 0.2, "criteria": ["PYR-L1-11", *EXCEPTED]}
    assert l1["blocked_by"] == []  # raising criteria lifts no cap the exceptions set
    readiness = result["readiness"]
    assert readiness["state"] == "not_ready" and readiness["next_level"]["excepted"] == l1["excepted"]
    assert "37 % of its weight is set aside as not applicable" in readiness["statement"]["en"]


def test_the_report_says_why_in_the_readers_language(padded: tuple[dict[str, Any], Path]) -> None:
    _, tmp = padded
    report = " ".join((tmp / "report-fr.md").read_text("utf-8").split())  # French puts no-break spaces
    assert "Plafonné : 37 % du poids de ce niveau est non applicable (PYR-L1-11, PYR-L1-12" in report
    assert "Prochaine étape : L1, Proposition de service de base ; 37 % de son poids est écarté" in report


def test_a_level_with_one_justified_exclusion_is_graded_in_full(tmp_path: Path) -> None:
    result = _assess(REPO / "evidence_samples/harbour-cycles", tmp_path)
    assert all(level.get("excepted") is None for level in result["levels"])  # PYR-L1-11 is 5 % of L1
