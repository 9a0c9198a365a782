"""The Markdown gap analysis: every section, in both languages, from the result alone, with evidence
text that cannot inject markup."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECTIONS = {
    "en": [
        "# Service excellence gap analysis",
        "## Executive summary",
        "### Criteria not met",
        "## L1 ",
        "## L2 ",
        "## ISO 23592 elements",
        "## Findings",
        "## Action plan",
        "## Appendix: evidence inventory",
    ],
    "fr": [
        "# Analyse des écarts d'excellence de service",
        "## Synthèse",
        "### Critères non satisfaits",
        "## L1 ",
        "## Éléments de l'ISO 23592",
        "## Constats",
        "## Plan d'action",
        "## Annexe\u00a0: inventaire des preuves",
    ],
}


def _servex(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


@pytest.fixture(scope="module")
def result_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("md")
    shutil.copytree(REPO / "tests/core/data/mini-org", tmp / "org")
    shutil.copy(REPO / "tests/core/data/mini-set.yaml", tmp / "org" / "mini-set.yaml")
    manifest = tmp / "org" / "servex.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "note: No change log.",
            "note: 'No change log <img src=\"http://evil.example/x.png\"> | see file:///etc/passwd'",
        )
    )
    done = _servex("assess", "org", "-o", "json:result.json", "--fail-on", "never", cwd=tmp)
    assert done.returncode == 0, done.stderr
    return tmp / "result.json"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_section_in_each_language(result_file: Path, lang: str) -> None:
    done = _servex("report", str(result_file), "-o", "md:-", "--lang", lang, cwd=result_file.parent)
    assert done.returncode == 0, done.stderr
    for heading in SECTIONS[lang]:
        assert heading in done.stdout, heading
    assert "Mini Org" in done.stdout and "MINI-L2-01" in done.stdout
    if lang == "fr":
        assert "Non satisfait" in done.stdout and "Organisation\u00a0: Mini Org" in done.stdout


def test_untrusted_evidence_text_is_escaped(result_file: Path) -> None:
    text = _servex("report", str(result_file), "-o", "md:-", cwd=result_file.parent).stdout
    assert not re.search(r"(?<!\\)<img", text) and '\\<img src="http://evil.example/x.png"\\>' in text
    assert "\\| see file:///etc/passwd" in text


def test_same_result_same_bytes_and_every_gap_in_the_summary(result_file: Path) -> None:
    first = _servex("report", str(result_file), "-o", "md:-", cwd=result_file.parent).stdout
    assert first == _servex("report", str(result_file), "-o", "md:-", cwd=result_file.parent).stdout
    result = json.loads(result_file.read_text())
    summary = first[first.index("## Executive summary") : first.index("\n## L1 ")]
    gaps = [f["criterion_id"] for f in result["findings"] if f["status"] not in ("met", "not_applicable")]
    assert gaps and all(f"**{cid}**" in summary for cid in gaps)


def test_criteria_set_text_is_escaped_too(result_file: Path, tmp_path: Path) -> None:
    """A criteria set from the evidence folder, or a crafted result.json, is as untrusted as evidence."""
    payload = "[x](javascript:alert(1)) <script>alert(1)</script> `code` **bold**"
    result = json.loads(result_file.read_text())
    both = {"en": payload, "fr": payload}
    for level in result["levels"]:
        level["name"] = both
    for element in result["elements"]:
        element["name"] = both
    for finding in result["findings"]:
        finding["title"] = both
        for requirement in finding["requirements"]:
            if requirement.get("details"):
                requirement["details"]["question"] = payload
    result["readiness"]["statement"] = both
    result["criteria_set"]["version"] = payload
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(result), encoding="utf-8")
    done = _servex("report", str(crafted), "-o", "md:-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("javascript") >= len(result["levels"]) + len(result["findings"])
    assert not re.search(r"(?<!\\)\[x(?<!\\)\]\(", done.stdout)
    assert not re.search(r"(?<!\\)<script", done.stdout)


def test_german_report(result_file: Path) -> None:
    done = _servex("report", str(result_file), "-o", "md:-", "--lang", "de", cwd=result_file.parent)
    assert done.returncode == 0, done.stderr
    assert "# Lückenanalyse Service-Exzellenz — Mini Org" in done.stdout and "## Maßnahmenplan" in done.stdout


def test_a_kpi_requirement_on_a_segment_renders() -> None:
    """A `segment:` KPI requirement carries its segment as a mapping; merging KPI lines must not hash it."""
    from servex.plugins.reports._view import merge_kpis

    seg = {
        "id": "phone",
        "type": "kpi",
        "state": "satisfied",
        "details": {"kpi": "fcr", "segment": {"channel": "phone"}, "value": 70.0, "target": {"op": ">=", "value": 60}},
    }
    other = {**seg, "id": "all", "details": {**seg["details"], "segment": None}}
    assert [r["id"] for r in merge_kpis([seg, dict(seg, id="again"), other])] == ["phone", "all"]
