"""A criteria author's mistakes come back all at once, located, one line each, exit 3."""

from __future__ import annotations

import re
from pathlib import Path

from core_support import DATA
from servex import ExitCode

LOCATED = re.compile(r"^error: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \(at (?P<path>\$[^)]*)\)$")


def _broken_set(tmp_path: Path) -> Path:
    text = (DATA / "mini-set.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    recommendation: {en: Write the promise down.", "    recomendation: {en: Write the promise down.", 1
    )
    text = text.replace("    weight: 2\n", "    weight: heavy\n", 1)
    last = text.rindex("type: observation")
    text = text[:last] + "type: obsevation" + text[last + len("type: observation") :]
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_three_mistakes_give_three_located_errors(servex, tmp_path: Path) -> None:
    broken = _broken_set(tmp_path)
    lines = broken.read_text(encoding="utf-8").splitlines()
    run = servex("criteria", "validate", broken)
    assert run.code == ExitCode.INVALID_INPUT
    assert "Traceback" not in run.err
    errors = [LOCATED.match(line) for line in run.err.splitlines()]
    assert all(errors), run.err
    assert len(errors) == 3, run.err
    by_path = {m["path"]: m for m in errors if m}
    assert "did you mean 'recommendation'" in by_path["$.criteria[0].recomendation"]["msg"]
    assert "expected number" in by_path["$.criteria[0].weight"]["msg"]
    assert "unknown requirement type 'obsevation'" in by_path["$.criteria[2].evidence[0].type"]["msg"]
    for match in errors:
        assert match is not None
        line = lines[int(match["line"]) - 1]
        key = match["path"].rsplit(".", 1)[-1].split("[")[0]
        assert key in line, (match["path"], line)


def test_assess_with_a_broken_set_exits_3_and_writes_nothing(servex, mini_org: Path, tmp_path: Path) -> None:
    _broken_set(mini_org)
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text().replace("mini-set.yaml", "broken.yaml"))
    out = tmp_path / "r.json"
    run = servex("assess", mini_org, "-o", f"json:{out}")
    assert run.code == ExitCode.INVALID_INPUT
    assert "broken.yaml:" in run.err and "recomendation" in run.err
    assert not out.exists()


def test_duplicate_keys_are_an_error(servex, tmp_path: Path) -> None:
    text = (
        (DATA / "mini-set.yaml")
        .read_text(encoding="utf-8")
        .replace("version: 1.0.0\n", "version: 1.0.0\nversion: 1.0.1\n", 1)
    )
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT
    assert "dup.yaml:6:" in run.err and "duplicate key 'version'" in run.err


def test_cross_references_are_checked(servex, tmp_path: Path) -> None:
    text = (DATA / "mini-set.yaml").read_text(encoding="utf-8")
    text = text.replace("    level: L2\n", "    level: L7\n", 1).replace("elements: [E2]", "elements: [E9]", 1)
    text = text.replace("then: partial}", "then: halfway}", 1)
    path = tmp_path / "xref.yaml"
    path.write_text(text, encoding="utf-8")
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT
    assert "unknown level 'L7'" in run.err
    assert "unknown element 'E9'" in run.err
    assert "'halfway' is not a value of scale 'compliance'" in run.err


def test_yaml_syntax_error_is_located(servex, tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("format_version: '1'\nid: [unclosed\n", encoding="utf-8")
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT
    assert run.err.startswith("error: ") and "syntax.yaml:" in run.err
    assert "Traceback" not in run.err


def test_kpi_files_are_validated_as_kpi_definitions(servex, tmp_path: Path) -> None:
    """`criteria validate criteria/*.yaml` must not call the shipped KPI file a broken criteria set."""
    shipped = Path(__file__).resolve().parents[2] / "criteria" / "kpis.yaml"
    ok = servex("criteria", "validate", shipped)
    assert ok.code == ExitCode.OK, ok.err
    assert re.search(r"ok: .*kpis\.yaml \(\d+ KPIs\)", ok.err)
    bad = tmp_path / "my-kpis.yaml"
    bad.write_text('format_version: "1"\nkpis:\n  - {id: callback_rate, unit: percent}\n', encoding="utf-8")
    run = servex("criteria", "validate", bad)
    assert run.code == ExitCode.INVALID_INPUT
    errors = [LOCATED.match(line) for line in run.err.splitlines() if line.startswith("error:")]
    assert errors and all(m and m["line"] == "3" and m["path"] == "$.kpis[0]" for m in errors)
    assert any(m and "'formula'" in m["msg"] for m in errors)
