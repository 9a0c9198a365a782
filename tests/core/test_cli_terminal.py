"""servex on a real terminal (a pseudo-terminal, through pexpect) against the same command in a pipe.

What users rely on: a progress display with counts on a terminal and none in a pipe or a CI log, no
colour under NO_COLOR, and Tab completing a criterion id in a real shell.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

SERVEX = str(Path(sys.executable).with_name("servex"))
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m")  # a foreground colour escape


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SERVEX_LANG", "LC_ALL", "LANG")}
    env.update(SERVEX_CACHE_DIR=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1767225600", TERM="xterm", **extra)
    return env


def _on_terminal(args: list[str], env: dict[str, str]) -> str:
    child = pexpect.spawn(SERVEX, args, env=env, encoding="utf-8", timeout=120, dimensions=(30, 120))
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_progress_on_a_terminal_with_counts(mini_org: Path, tmp_path: Path) -> None:
    out = _on_terminal(["assess", str(mini_org), "--fail-on", "never"], _env(tmp_path))
    assert re.search(r"grading\s.*(?<!\d)3/3(?!\d)", out), out[-2000:]  # the mini set has 3 criteria
    assert re.search(r"collecting\s.*(?<!\d)\d+/\d+(?!\d)", out)
    assert "left" in out  # time left
    assert "Level" in out  # the summary still follows


def test_no_progress_and_no_escape_codes_in_a_pipe(mini_org: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [SERVEX, "assess", str(mini_org), "--fail-on", "never"], env=_env(tmp_path), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "grading" not in done.stderr and "\x1b" not in done.stderr
    assert done.stderr.startswith("Level")


def test_quiet_on_a_terminal_shows_neither_progress_nor_summary(mini_org: Path, tmp_path: Path) -> None:
    out = _on_terminal(["-q", "assess", str(mini_org), "--fail-on", "never"], _env(tmp_path))
    assert "grading" not in out and "Level" not in out


def test_no_color_turns_colour_off(mini_org: Path, tmp_path: Path) -> None:
    coloured = _on_terminal(["assess", str(mini_org), "--fail-on", "never"], _env(tmp_path))
    assert COLOUR.search(coloured)  # the same run without NO_COLOR does colour: the check can fail
    plain = _on_terminal(["assess", str(mini_org), "--fail-on", "never"], _env(tmp_path, NO_COLOR="1"))
    assert not COLOUR.search(plain), repr(plain[-1500:])
    assert "grading" in plain and "Level" in plain  # still a progress display and a summary


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_tab_completes_a_criterion_id_in_bash(tmp_path: Path) -> None:
    env = _env(tmp_path, PATH=f"{Path(SERVEX).parent}{os.pathsep}{os.environ.get('PATH', '')}", PS1="$ ")
    shell = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=60)
    try:
        shell.sendline('eval "$(_SERVEX_COMPLETE=bash_source servex)"; echo READY')
        shell.expect("READY\r\n")
        shell.send("servex criteria show PYR-L2-0\t\t")
        shell.expect(r"PYR-L2-01\s+PYR-L2-0\d")  # two Tabs list the candidates
        shell.send("4\t")  # PYR-L2-04 is unique: Tab completes it in place
        shell.expect("PYR-L2-04 ")
    finally:
        shell.sendcontrol("c")
        shell.close(force=True)
