"""The terminal interview under a real pseudo-terminal: help, back, skip, `ask_if`, validation, Ctrl-C
saving progress atomically to a side file, resuming, and an answers file that `servex assess` reads."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import yaml

Run = Callable[..., Any]  # fixtures from conftest.py
Assess = Callable[[Path], dict[str, Any]]


def _ctrl_c_acts() -> None:
    """In the child before it runs servex: Ctrl-C interrupts, as in a person's terminal, even when the tests
    run as a background job (whose commands inherit SIGINT ignored, and then never see the Ctrl-C)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(tmp_path: Path) -> pexpect.spawn:
    env = {**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "120"}
    args = ["-m", "servex", "questionnaire", "fill", "--criteria", "set.yaml", "-o", "org/answers/interview.yaml"]
    return pexpect.spawn(
        sys.executable, args, cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30, preexec_fn=_ctrl_c_acts
    )


def _answer(child: pexpect.spawn, expect: str, send: str) -> None:
    child.expect_exact(expect)
    child.sendline(send)


def test_interview_with_interrupt_and_resume(
    tmp_path: Path,
    mini_org: Callable[[Path], Path],
    assess: Assess,
    answers_of: Callable[..., Any],
    q_log: Callable[..., Any],
) -> None:
    mini_org(tmp_path)
    out = tmp_path / "org/answers/interview.yaml"
    partial = out.with_name("interview.yaml.partial")

    child = _spawn(tmp_path)
    _answer(child, "Role [1 Management, 2 Staff, 3 Customer]:", "staff")
    _answer(child, "Name or pseudonym:", "Zoé Martin")
    _answer(child, "Date [", "2025-11-12")
    child.expect_exact("[1/5] MINI-L1-01")  # five questions for staff, q_mgmt is not asked of them
    _answer(child, "> ", "?")
    _answer(child, "The channel you spend most time on.", "9")
    _answer(child, "! ", "2")
    _answer(child, "[2/5]", "yes")
    _answer(child, "[3/5]", "lots")
    _answer(child, "expected a number", "b")  # back to the yes/no question
    _answer(child, "[2/5]", "no")  # ... so q_hours (ask_if q_trained = yes) is not asked
    _answer(child, "[4/5]", "s")  # skip the tools
    child.expect_exact("[5/5]")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("Run the same command again to resume.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    assert not out.exists()
    saved = yaml.safe_load(partial.read_text(encoding="utf-8"))
    assert saved["responses"][0]["answers"] == {"MINI-L1-01": {"q_channel": "email", "q_trained": False}}
    assert saved["responses"][0]["respondent"]["name"] == "Zoé Martin"
    assert saved["fill"]["position"] == 4 and saved["fill"]["skipped"] == ["MINI_L1_01__q_tools"]
    assert not [p for p in partial.parent.iterdir() if p.suffix == ".tmp"]

    child = _spawn(tmp_path)
    child.expect_exact("Resuming interview.yaml.partial: 2 answer(s) so far.")
    _answer(child, "[5/5]", "b")
    _answer(child, "[4/5]", "1, 3")
    _answer(child, "[5/5]", "Good")
    child.expect_exact("Thank you.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    assert not partial.exists()
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["criteria_set"] == "test-mini" and data["criteria_version"] == "1.0.0"
    assert data["responses"] == [
        {
            "respondent": {"id": "zoe-martin", "name": "Zoé Martin", "role": "staff"},
            "answered_at": "2025-11-12",
            "answers": {
                "MINI-L1-01": {
                    "q_channel": "email",
                    "q_trained": False,
                    "q_tools": ["crm", "wiki"],
                    "q_note": "Good",
                }
            },
        }
    ]
    result = assess(tmp_path / "org")
    assert q_log(result) == []
    assert answers_of(result)[("MINI-L1-01", "q_channel")] == [
        {"respondent": "Zoé Martin", "role": "staff", "value": "email", "score": 75.0, "date": "2025-11-12"}
    ]
    item = next(e for e in result["evidence"] if e["kind"] == "answers")
    assert item["provenance"]["source"] == "answers/interview.yaml"


def test_partial_from_other_options_is_refused(tmp_path: Path, mini_org: Callable[[Path], Path]) -> None:
    mini_org(tmp_path)
    partial = tmp_path / "org/answers/interview.yaml.partial"
    partial.write_text(
        'format_version: "1"\ncriteria_set: test-mini\nfill: {level: L2, role_option: null, position: 0}\n'
        "responses: [{respondent: {id: x, name: A, role: staff}, answers: {}}]\n",
        encoding="utf-8",
    )
    child = _spawn(tmp_path)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert "was started with level=L2" in (child.before or "")


def test_piped_input_appends_respondents_and_end_of_input_keeps_progress(
    tmp_path: Path, cli: Run, mini_org: Callable[[Path], Path]
) -> None:
    """Without a terminal (input from a pipe) the same prompts work; end of input acts like Ctrl-C."""
    import subprocess

    mini_org(tmp_path)
    out = tmp_path / "org/answers/round.yaml"
    args = [sys.executable, "-m", "servex", "questionnaire", "fill", "--criteria", "set.yaml", "--role", "staff"]
    args += ["--lang", "fr", "-o", str(out)]

    def fill(text: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, input=text, capture_output=True, text=True, cwd=tmp_path, timeout=60)

    assert fill("Ann\n2025-11-03\n3\nnon\n2\nRAS\n").returncode == 0
    stopped = fill("Ann\n\n1\n")
    assert stopped.returncode == 130 and "round.yaml.partial" in stopped.stdout
    partial = yaml.safe_load(out.with_name("round.yaml.partial").read_text(encoding="utf-8"))
    assert partial["responses"][0]["answers"] == {"MINI-L1-01": {"q_channel": "phone"}}
    resumed = fill("oui\n12\ns\ns\n")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Reprise de round.yaml.partial : 1 réponse(s)" in resumed.stdout and "[3/5]" in resumed.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [r["respondent"]["id"] for r in data["responses"]] == ["ann", "ann-2"]
    assert data["responses"][0]["answers"]["MINI-L1-01"] == {
        "q_channel": "chat",
        "q_trained": False,
        "q_tools": ["kb"],
        "q_note": "RAS",
    }
    assert data["responses"][1]["answers"]["MINI-L1-01"] == {"q_channel": "phone", "q_trained": True, "q_hours": 12}
    assert not out.with_name("round.yaml.partial").exists()
