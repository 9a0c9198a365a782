"""Outputs never replace evidence or inputs, and special files are written to, not replaced."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from servex import ExitCode


@pytest.mark.parametrize("target", ["servex.yaml", "policies/charter.md", "new-report.md"])
def test_an_output_inside_the_evidence_folder_is_refused_before_the_run(servex, mini_org: Path, target: str) -> None:
    (mini_org / "policies").mkdir()
    (mini_org / "policies" / "charter.md").write_text("# Charter\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in mini_org.rglob("*") if p.is_file()}
    run = servex("assess", mini_org, "-o", f"md:{mini_org / target}")
    assert run.code == ExitCode.USAGE_ERROR, run.err
    assert "inside the evidence folder" in run.err and "Traceback" not in run.err
    assert {p: p.read_bytes() for p in mini_org.rglob("*") if p.is_file()} == before


def test_a_symlink_into_the_evidence_folder_is_seen_through(servex, mini_org: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(mini_org)
    run = servex("assess", mini_org, "-o", f"json:{tmp_path / 'link' / 'servex.yaml'}")
    assert run.code == ExitCode.USAGE_ERROR and "inside the evidence folder" in run.err


def test_report_refuses_to_overwrite_its_input(servex, mini_org: Path, tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    servex("assess", mini_org, "-o", f"json:{result}", "--fail-on", "never")
    before = result.read_bytes()
    run = servex("report", result, "-o", f"json:{result}")
    assert run.code == ExitCode.USAGE_ERROR and "would overwrite the input" in run.err
    assert result.read_bytes() == before


def test_dev_null_is_written_to_not_replaced(servex, mini_org: Path) -> None:
    run = servex("assess", mini_org, "-o", "json:/dev/null", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(Path("/dev").glob(".null.*"))


def test_dev_full_is_one_line_and_exit_2(servex, mini_org: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    run = servex("assess", mini_org, "-o", "json:/dev/full", "--fail-on", "never")
    assert run.code == ExitCode.USAGE_ERROR, run.err
    assert "cannot write /dev/full" in run.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_output_is_streamed_into(servex, mini_org: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = servex("assess", mini_org, "-o", f"json:{fifo}", "--fail-on", "never")
    reader.join(timeout=30)
    assert run.code == ExitCode.OK, run.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["criteria_set"]["id"] == "test-mini"


def test_dev_stdout_redirected_to_a_file_is_written_through(mini_org: Path, tmp_path: Path) -> None:
    """`-o json:/dev/stdout > file`: the bytes land in the file; the /dev/stdout link is left alone."""
    import subprocess
    import sys

    if not Path("/dev/stdout").is_symlink():
        pytest.skip("no /dev/stdout link here")
    link = os.readlink("/dev/stdout")
    target = tmp_path / "out.json"
    with open(target, "wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "servex", "assess", str(mini_org), "-o", "json:/dev/stdout", "--fail-on", "never"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text())["criteria_set"]["id"] == "test-mini"
    assert os.readlink("/dev/stdout") == link


def test_a_result_file_nested_thousands_deep_is_exit_3(servex, tmp_path: Path) -> None:
    crafted = tmp_path / "deep.json"
    crafted.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = servex("report", crafted, "-o", "md:-")
    assert run.code == ExitCode.INVALID_INPUT and "nested too deeply" in run.err
