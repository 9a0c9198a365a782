"""Hostile answers: each bad file is its own located error, the good answers next to it still count,
nothing outside the evidence folder is listed, and memory stays bounded (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_q_answers import _org, _who

GOOD = [
    {
        "respondent": _who("m1", "management"),
        "answered_at": "2025-10-01",
        "answers": {"MINI-L2-01": {"q_often": "always"}},
    },
    {"respondent": _who("s1", "staff"), "answered_at": "2025-10-02", "answers": {"MINI-L2-01": {"q_often": "often"}}},
    {"respondent": _who("s2", "staff"), "answered_at": "2025-10-02", "answers": {"MINI-L2-01": {"q_often": "always"}}},
]

PROBE = (
    "import json, resource, subprocess, sys\n"
    "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps([run.returncode, run.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024]))\n"
)


def _assess(org: Path, tmp_path: Path, **env: str) -> tuple[dict[str, Any], str, int]:
    """Run the real command in a subprocess: (result, stderr, peak RSS in MiB of the servex process)."""
    out = tmp_path / "r.json"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "cache"), **env}
    command = [sys.executable, "-m", "servex", "assess", str(org), "-o", f"json:{out}", "--fail-on", "never"]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, env=environ, timeout=120, check=True
    )
    code, err, peak = json.loads(done.stdout)
    assert code == 0, err
    assert "Traceback" not in err
    return json.loads(out.read_text(encoding="utf-8")), err, peak


def _errors(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in result["log"] if e["source"] in ("questionnaires", "q") and e["level"] == "error"]


def _respondents(result: dict[str, Any]) -> int:
    items = [e for e in result["evidence"] if e["kind"] == "answers"]
    return sum(int(e["attributes"]["respondents"]) for e in items)


def _bomb() -> str:
    lines = ["x:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    return "\n".join(lines) + "\nresponses: []\n"


def test_an_anchor_bomb_costs_only_its_own_file(tmp_path: Path) -> None:
    org = _org(tmp_path, GOOD)
    (org / "answers" / "bomb.yaml").write_text(_bomb(), encoding="utf-8")
    result, _err, peak = _assess(org, tmp_path)
    errors = _errors(result)
    assert [(e["file"], "SERVEX_MAX_YAML_NODES" in e["message"]) for e in errors] == [("answers/bomb.yaml", True)]
    assert errors[0]["line"] is not None
    assert _respondents(result) == 3 and peak < 1024, peak


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_answers_nested_3000_deep_are_one_files_error(tmp_path: Path, suffix: str) -> None:
    org = _org(tmp_path, GOOD)
    body = '{"responses": [' + "[" * 3000 + "]" * 3000 + "]}"
    (org / "answers" / f"deep{suffix}").write_text(body, encoding="utf-8")
    result, _err, _peak = _assess(org, tmp_path)
    errors = _errors(result)
    assert len(errors) == 1 and errors[0]["file"] == f"answers/deep{suffix}", errors
    assert "nest" in errors[0]["message"]
    assert _respondents(result) == 3


def test_a_fifo_in_answers_is_refused_without_hanging(tmp_path: Path) -> None:
    org = _org(tmp_path, GOOD)
    os.mkfifo(org / "answers" / "pipe.yaml")
    result, _err, _peak = _assess(org, tmp_path)
    errors = _errors(result)
    assert [e["file"] for e in errors] == ["answers/pipe.yaml"] and "not a regular file" in errors[0]["message"]
    assert _respondents(result) == 3


@pytest.mark.parametrize("folder", ["../elsewhere", "/", "link"])
def test_the_answers_folder_cannot_lead_outside(tmp_path: Path, folder: str) -> None:
    org = _org(tmp_path, GOOD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret-name-of-a-file.yaml").write_text("responses: []\n", encoding="utf-8")
    (org / "link").symlink_to(elsewhere)
    manifest = yaml.safe_load((org / "servex.yaml").read_text(encoding="utf-8"))
    manifest["sources"] = [{"name": "q", "collector": "questionnaires", "config": {"folder": folder}}]
    (org / "servex.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    result, err, _peak = _assess(org, tmp_path)
    errors = _errors(result)
    assert len(errors) == 1 and "must be inside the evidence folder" in errors[0]["message"]
    assert "secret-name-of-a-file" not in json.dumps(result) and "secret-name-of-a-file" not in err


def _xlsx_bomb(path: Path, sheet_bytes: int) -> None:
    """A workbook whose one sheet inflates to `sheet_bytes` (written in chunks: the test stays small)."""
    row = b'<row><c t="inlineStr"><is><t>lol</t></is></c></row>'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            chunk = row * (1 << 14)
            for _ in range(sheet_bytes // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def test_an_xlsx_bomb_in_answers_is_refused_before_inflating(tmp_path: Path) -> None:
    org = _org(tmp_path, GOOD)
    _xlsx_bomb(org / "answers" / "export.xlsx", 300 << 20)
    result, _err, peak = _assess(org, tmp_path)
    errors = _errors(result)
    assert [e["file"] for e in errors] == ["answers/export.xlsx"], errors
    assert "SERVEX_MAX_UNZIPPED_MB" in errors[0]["message"] or "zip bomb" in errors[0]["message"]
    assert _respondents(result) == 3 and peak < 1024, peak


def test_the_row_limit_is_a_setting(tmp_path: Path) -> None:
    org = _org(tmp_path, GOOD)
    (org / "answers" / "big.csv").write_text("role,q\n" + "staff,often\n" * 20, encoding="utf-8")
    manifest = yaml.safe_load((org / "servex.yaml").read_text(encoding="utf-8"))
    files = [
        {"path": "answers/big.csv", "format": "csv", "role_column": "role", "mapping": {"q": "MINI-L2-01.q_often"}}
    ]
    manifest["sources"] = [{"name": "q", "collector": "questionnaires", "config": {"files": files}}]
    (org / "servex.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    result, _err, _peak = _assess(org, tmp_path, SERVEX_MAX_ANSWER_ROWS="10")
    errors = _errors(result)
    assert [e["file"] for e in errors] == ["answers/big.csv"] and "SERVEX_MAX_ANSWER_ROWS" in errors[0]["message"]
    assert _respondents(result) == 3


def test_an_answers_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    """The issue's 1 GB answers YAML took 2.1 GB; the size limit refuses it before parsing (here shrunk)."""
    org = _org(tmp_path, GOOD)
    (org / "answers" / "huge.yaml").write_text("responses:\n" + "  - {}\n" * 20_000, encoding="utf-8")
    result, _err, _peak = _assess(org, tmp_path, SERVEX_MAX_YAML_MB="0.05")
    errors = _errors(result)
    assert [e["file"] for e in errors] == ["answers/huge.yaml"] and "SERVEX_MAX_YAML_MB" in errors[0]["message"]
    assert _respondents(result) == 3
