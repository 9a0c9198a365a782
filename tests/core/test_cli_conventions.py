"""Command-line conventions users script against (issue 20): one JSON envelope, usage errors that say
where they looked, paths relative to the working folder, outputs checked first, -q/-v everywhere and
the language order --lang > manifest > SERVEX_LANG > locale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from servex import ExitCode

BROKEN_SET = """format_version: "1"
id: broken
version: "1.0"
kind: criteria-set
extends: servex-model
title: {en: Broken}
criteria:
  - id: B-1
    level: L9
"""


@pytest.fixture
def envelope_schema(servex) -> dict:  # type: ignore[no-untyped-def, type-arg]
    schema: dict = servex("schema", "envelope").json()  # type: ignore[type-arg]
    return schema


@pytest.mark.parametrize(
    "args",
    [
        ("criteria", "list"),
        ("criteria", "show", "servex-complaints"),
        ("criteria", "show", "PYR-L1-01"),
        ("criteria", "validate", "servex-digital"),
        ("plugins",),
    ],
)
def test_every_format_json_is_the_same_envelope(servex, envelope_schema: dict, args: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    run = servex(*args, "--format", "json")
    assert run.code == 0, run.err
    doc = run.json()
    jsonschema.validate(doc, envelope_schema)
    assert doc["command"] == " ".join(a for a in args if a.islower() and not a.startswith("servex-"))
    assert doc["ok"] is True and doc["problems"] == []


def test_criteria_list_json_names_sets_and_gives_no_count_for_a_model(servex) -> None:
    sets = {s["id"]: s for s in servex("criteria", "list", "--format", "json").json()["data"]["sets"]}
    assert sets["servex-pyramid"]["criteria"] == 57
    assert sets["servex-model"]["kind"] == "model" and sets["servex-model"]["criteria"] is None
    text = servex("criteria", "list").out
    model_line = next(line for line in text.splitlines() if line.startswith("servex-model"))
    assert "0 criteria" not in model_line


def test_validate_problems_are_in_the_envelope_and_on_stderr(
    servex, envelope_schema: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[type-arg]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_text(BROKEN_SET, encoding="utf-8")
    run = servex("criteria", "validate", "broken.yaml", "--format", "json")
    assert run.code == ExitCode.INVALID_INPUT
    doc = run.json()
    jsonschema.validate(doc, envelope_schema)
    assert doc["ok"] is False and doc["problems"]
    assert all(p["file"].endswith("broken.yaml") for p in doc["problems"])
    assert doc["problems"][0]["message"] in run.err


def test_validate_a_missing_file_says_file_not_found_and_where(
    servex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = servex("criteria", "validate", "nonexistent.yaml")
    assert run.code == ExitCode.USAGE_ERROR
    assert run.err.splitlines() == [f"error: criteria file not found: nonexistent.yaml (looked in {tmp_path})"]


def test_criteria_path_is_relative_to_the_working_folder(
    servex, mini_org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest names mini-set.yaml (inside the folder); on the command line it is mini-org/mini-set.yaml."""
    monkeypatch.chdir(tmp_path)
    (mini_org / "servex.yaml").write_text(
        (mini_org / "servex.yaml").read_text().replace("criteria: mini-set.yaml\n", ""), encoding="utf-8"
    )
    run = servex(
        "assess", "mini-org", "--criteria", "mini-org/mini-set.yaml", "-o", "json:result.json", "--fail-on", "never"
    )
    assert run.code == 0, run.err
    assert json.loads(Path("result.json").read_text())["criteria_set"]["id"] == "test-mini"
    missing = servex("assess", "mini-org", "--criteria", "nope.yaml")
    assert missing.code == ExitCode.USAGE_ERROR
    assert missing.err.splitlines() == [f"error: criteria file not found: nope.yaml (looked in {tmp_path})"]


def test_outputs_are_checked_before_collecting(servex, mini_org: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert servex("assess", mini_org, "--fail-on", "never").code == 0
    assert {p.name for p in cache.iterdir()} - {"entry-points", "commands"}  # a real run leaves collector caches
    shutil.rmtree(cache)
    run = servex("assess", mini_org, "-o", f"json:{tmp_path / 'typo' / 'result.json'}")
    assert run.code == ExitCode.USAGE_ERROR
    assert run.err.splitlines() == [
        f"error: output json:{tmp_path / 'typo' / 'result.json'}: folder not found: {tmp_path / 'typo'}; "
        "create it first"
    ]
    assert not (tmp_path / "typo").exists()
    collected = {p.name for p in cache.iterdir()} - {"entry-points", "commands"} if cache.exists() else set()
    assert not collected  # no collector ran (they cache what they read)
    same = servex("assess", mini_org, "-o", f"json:{tmp_path / 'r.json'}", "-o", f"md:{tmp_path / 'r.json'}")
    assert same.code == ExitCode.USAGE_ERROR and "same path" in same.err


def test_quiet_and_verbose_work_before_and_after_the_command(servex, mini_org: Path, tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    assert servex("assess", mini_org, "-o", f"json:{result}", "--fail-on", "never").code == 0
    for args in (("-q", "report", result), ("report", result, "-q")):
        run = servex(*args, "-o", f"md:{tmp_path / 'r.md'}")
        assert run.code == 0, run.err
        assert run.err == ""
    loud = servex("report", result, "-v", "-o", f"md:{tmp_path / 'r.md'}")
    assert loud.code == 0 and f"wrote {tmp_path / 'r.md'}" in loud.err


@pytest.mark.parametrize(
    ("cli", "manifest", "env", "expected"),
    [
        (None, None, {}, "en"),
        (None, None, {"SERVEX_LANG": "fr"}, "fr"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "fr"),
        (None, None, {"SERVEX_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, "en", {"SERVEX_LANG": "fr"}, "en"),
        ("fr", "en", {"SERVEX_LANG": "en"}, "fr"),
    ],
)
def test_language_order(
    servex, mini_org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    cli: str | None, manifest: str | None, env: dict[str, str], expected: str,
) -> None:
    for name in ("SERVEX_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if manifest:
        path = mini_org / "servex.yaml"
        path.write_text(path.read_text() + f"lang: {manifest}\n", encoding="utf-8")
    out = tmp_path / "result.json"
    run = servex("assess", mini_org, "-o", f"json:{out}", "--fail-on", "never", *(["--lang", cli] if cli else []))
    assert run.code == 0, run.err
    assert json.loads(out.read_text())["lang"] == expected


def test_plugins_text_has_no_doubled_brackets(servex) -> None:
    text = servex("plugins").out
    assert "servex.cli (in-process)" in text and "((" not in text


def test_a_json_without_format_version_is_named_plainly(servex, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    run = servex("report", other, "-o", f"md:{tmp_path / 'r.md'}")
    assert run.code == ExitCode.INVALID_INPUT
    assert "None" not in run.err and "no format_version" in run.err
