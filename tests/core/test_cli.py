"""The CLI surface users script against: help, exit codes, machine output on stdout only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from servex import ExitCode

COMMANDS = ["assess", "criteria", "plugins", "report", "schema"]


def test_version(servex) -> None:
    run = servex("--version")
    assert run.code == 0
    assert run.out.startswith("servex, version ")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_builtin_command_has_help(servex, command: str) -> None:
    run = servex(command, "--help")
    assert run.code == 0, run.err
    assert f"Usage: servex {command}" in run.out


def test_top_level_help_lists_commands_and_exit_codes(servex) -> None:
    run = servex("--help")
    assert run.code == 0
    for command in COMMANDS:
        assert command in run.out
    for code in ExitCode:
        assert f"{int(code)}" in run.out


def test_unknown_command_is_usage_error(servex) -> None:
    run = servex("asses")
    assert run.code == ExitCode.USAGE_ERROR
    assert "No such command" in run.err


def test_bad_output_spec_is_usage_error(servex, mini_org: Path) -> None:
    run = servex("assess", mini_org, "-o", "nosuchformat:x.out")
    assert run.code == ExitCode.USAGE_ERROR
    assert "unknown output format 'nosuchformat'" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("name", ["criteria", "crosswalk", "envelope", "manifest", "kpis", "profile", "result"])
def test_schema_prints_a_valid_draft_2020_12_schema(servex, name: str) -> None:
    run = servex("schema", name)
    assert run.code == 0, run.err
    schema = run.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_result_matches_printed_result_schema(servex, mini_org: Path) -> None:
    run = servex("assess", mini_org, "-o", "json:-", "--fail-on", "never")
    assert run.code == 0, run.err
    schema = servex("schema", "result").json()
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(run.json())


def test_machine_output_only_on_stdout(servex, mini_org: Path, tmp_path: Path) -> None:
    run = servex("assess", mini_org, "-o", f"json:{tmp_path / 'r.json'}", "--fail-on", "never")
    assert run.out == ""
    assert "L1" in run.err and "wrote" in run.err


def test_report_rerenders_a_saved_result_identically(servex, mini_org: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert servex("assess", mini_org, "-o", f"json:{first}", "--fail-on", "never").code == 0
    again = tmp_path / "again.json"
    run = servex("report", first, "-o", f"json:{again}")
    assert run.code == 0, run.err
    assert again.read_bytes() == first.read_bytes()


def test_report_on_a_non_result_file_is_a_one_line_error(servex, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"hello": 1}')
    run = servex("report", bogus, "-o", f"json:{tmp_path / 'x.json'}")
    assert run.code == ExitCode.INVALID_INPUT
    assert run.err.count("\n") == 1 and "bogus.json" in run.err
    assert not (tmp_path / "x.json").exists()


def test_plugins_json_lists_builtins(servex) -> None:
    run = servex("plugins", "--format", "json")
    assert run.code == 0, run.err
    listed = {p["name"]: p for p in run.json()["data"]["plugins"]}
    assert {"criteria_sets", "json_report", "observations"} <= set(listed)
    assert "observation" in listed["observations"]["contributes"]["evaluators"]
    assert all(p["version"] for p in listed.values() if p["distribution"] == "servex")


def test_help_does_not_import_heavy_libraries() -> None:
    """`servex --help` must stay fast: report, PDF and data engines load only when used."""
    code = (
        "import sys\n"
        "from servex._cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ['weasyprint', 'duckdb', 'pypdfium2', 'pandas', 'openpyxl', 'httpx', 'jinja2', 'pyarrow', 'rich']\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
