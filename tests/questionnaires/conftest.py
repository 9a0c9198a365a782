"""Fixtures shared by the questionnaire tests: run servex as users do, on a throwaway evidence folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MANIFEST = """format_version: "1"
organisation: {name: Round Trip Ltd, sector: retail}
criteria: servex-pyramid
period: {start: "2025-01-01", end: "2025-12-31"}
"""

Run = Callable[..., subprocess.CompletedProcess[str]]
Assess = Callable[[Path], dict[str, Any]]


@pytest.fixture
def cli(tmp_path: Path) -> Run:
    """`servex ARGS...` in a subprocess, with a private cache and a fixed clock."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=180
        )

    return run


@pytest.fixture
def assess(cli: Run, tmp_path: Path) -> Assess:
    def run(org: Path) -> dict[str, Any]:
        out = tmp_path / "result.json"
        done = cli("assess", str(org), "-o", f"json:{out}", "--fail-on", "never")
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result

    return run


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """An evidence folder with a manifest for servex-pyramid and an empty answers/ folder."""
    folder = tmp_path / "org"
    (folder / "answers").mkdir(parents=True)
    (folder / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    return folder


def answered(result: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(criterion, question) -> the answers listed in the questionnaire requirement's details."""
    out = {}
    for finding in result["findings"]:
        for req in finding["requirements"]:
            if req["type"] == "questionnaire" and req["details"]:
                out[(finding["criterion_id"], req["details"]["question"])] = req["details"]["answers"]
    return out


@pytest.fixture
def answers_of() -> Callable[[dict[str, Any]], dict[tuple[str, str], list[dict[str, Any]]]]:
    return answered


@pytest.fixture
def q_log() -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    """The questionnaire collector's log entries of a result."""
    return lambda result: [e for e in result["log"] if e["source"] not in ("documents", "datasets")]


def _mini_org(tmp_path: Path) -> Path:
    """A small criteria set (set.yaml) whose questions use every type, help and `ask_if`, and an org."""
    cset = yaml.safe_load((REPO / "tests/core/data/mini-set.yaml").read_text(encoding="utf-8"))
    crit = cset["criteria"][0]
    crit["questions"] = [
        {
            "id": "q_channel",
            "type": "single",
            "roles": ["staff"],
            "text": {"en": "Main channel?", "fr": "Canal ?"},
            "help": {"en": "The channel you spend most time on.", "fr": "Le canal principal."},
            "choices": [
                {"id": c, "label": {"en": c.title(), "fr": c}, "score": s}
                for c, s in (("phone", 50), ("email", 75), ("chat", 100))
            ],
        },
        {"id": "q_trained", "type": "yes_no", "roles": ["staff"], "text": {"en": "Trained?", "fr": "Formé ?"}},
        {
            "id": "q_hours",
            "type": "number",
            "roles": ["staff"],
            "text": {"en": "Hours of training?", "fr": "Heures ?"},
            "number_bands": [{"min": 0, "score": 0}, {"min": 10, "score": 100}],
            "ask_if": {"question": "q_trained", "equals": True},
        },
        {
            "id": "q_tools",
            "type": "multiple",
            "roles": ["staff"],
            "text": {"en": "Tools used?", "fr": "Outils ?"},
            "choices": [
                {"id": c, "label": {"en": c.upper(), "fr": c}, "score": s}
                for c, s in (("crm", 100), ("kb", 50), ("wiki", 0))
            ],
        },
        {"id": "q_mgmt", "type": "yes_no", "roles": ["management"], "text": {"en": "Reviewed?", "fr": "Revu ?"}},
        {"id": "q_note", "type": "text", "roles": ["staff"], "text": {"en": "Anything else?", "fr": "Autre ?"}},
    ]
    crit["evidence"].append(
        {
            "id": "asked",
            "type": "questionnaire",
            "role": "tell",
            "description": {"en": "Asked", "fr": "Demandé"},
            "params": {"question": "q_channel", "target": {"op": ">=", "value": 75}},
        }
    )
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(cset, allow_unicode=True), encoding="utf-8")
    org = tmp_path / "org"
    (org / "answers").mkdir(parents=True)
    manifest = (REPO / "tests/core/data/mini-org/servex.yaml").read_text(encoding="utf-8")
    (org / "servex.yaml").write_text(manifest.replace("mini-set.yaml", "set.yaml"), encoding="utf-8")
    (org / "set.yaml").write_bytes((tmp_path / "set.yaml").read_bytes())  # a manifest names files inside only
    return org


@pytest.fixture
def mini_org() -> Callable[[Path], Path]:
    return _mini_org
