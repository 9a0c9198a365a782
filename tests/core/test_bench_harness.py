"""The benchmark harness runs (in quick mode: nothing written) and reports what BENCHMARKS.md promises.

Not a timed test: it checks that whole commands are timed in fresh processes, in turns, with min,
median, peak memory and the load average, and that a section is written only between its markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(BENCH))
    import _harness

    return _harness


def test_quick_mode_times_commands_in_turns_and_writes_nothing(harness, monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("SERVEX_BENCH_QUICK", "1")
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\n<!-- bench:demo -->\nold\n<!-- /bench:demo -->\n", encoding="utf-8")
    monkeypatch.setattr(harness, "TARGET", target)
    order: list[str] = []
    contenders = [
        harness.Contender("base", [sys.executable, "-c", "pass"], before=lambda: order.append("base")),
        harness.Contender("big", [sys.executable, "-c", "x = bytearray(80 << 20)"], before=lambda: order.append("big")),
    ]
    stats = harness.measure(contenders)
    assert order == ["base", "big"] * 3  # one warm-up each, then two runs in turns
    assert all(len(s.seconds) == 2 and s.min <= s.median for s in stats.values())
    assert stats["big"].peak_mb > stats["base"].peak_mb + 60  # the child's own peak, not this process's
    body = harness.table(stats, "base", 1.0, 2.0)
    assert "| big |" in body and "load average 1.0 at the start and 2.0 at the end" in body
    harness.publish("demo", "Demo.", body, "python bench/demo.py", 1.0)
    assert "old" in target.read_text(encoding="utf-8")  # quick mode prints, never writes
    assert "<!-- bench:demo -->" in capsys.readouterr().out


def test_a_section_is_replaced_between_its_markers_only(harness, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SERVEX_BENCH_QUICK", raising=False)
    target = tmp_path / "BENCHMARKS.md"
    target.write_text(
        "# Benchmarks\n\n<!-- bench:demo -->\nold\n<!-- /bench:demo -->\n\n<!-- bench:other -->\nkept\n"
        "<!-- /bench:other -->\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(harness, "TARGET", target)
    harness.publish("demo", "Demo.", "new figures", "python bench/demo.py", 1.0)
    text = target.read_text(encoding="utf-8")
    assert "new figures" in text and "old" not in text and "kept" in text
