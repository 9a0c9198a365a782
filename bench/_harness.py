"""Time whole commands as users run them: fresh processes, contenders interleaved, min and median, peak RSS.

Why: a figure measured inside one warm process (imports done, caches hot, no start-up) is not what a user
waits for. Every benchmark in bench/ therefore runs the real command line of servex and of its baseline in
a new process each time, in turns (A, B, A, B...) so a machine that gets busier mid-run slows both alike,
at least RUNS times each, and reports the minimum (the machine's best), the median (what a user sees) and
the peak resident memory of the process tree (`wait4`'s rusage: the child and every descendant it waited
for). The load average at start and end is printed with every table, because two cores shared with other
work can triple the seconds while leaving the ratios usable.

Each benchmark publishes its own section of BENCHMARKS.md between `<!-- bench:NAME -->` markers
(:func:`publish`); nothing between the markers is written by hand. `SERVEX_BENCH_QUICK=1` runs everything
small and twice, prints the Markdown and writes nothing: a smoke test that the harness works.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "REPO",
    "Contender",
    "Stats",
    "load",
    "measure",
    "publish",
    "quick",
    "runs",
    "servex_bin",
    "table",
]

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "BENCHMARKS.md"
MIN_RUNS = 5


def quick() -> bool:
    """Smoke-test mode: small inputs, two runs, nothing written."""
    return os.environ.get("SERVEX_BENCH_QUICK", "") not in ("", "0")


def runs(default: int = MIN_RUNS) -> int:
    return 2 if quick() else max(MIN_RUNS, int(os.environ.get("SERVEX_BENCH_RUNS", default)))


def servex_bin() -> str:
    """The `servex` console script of the interpreter running the benchmark (the project's venv)."""
    candidate = Path(sys.executable).with_name("servex")
    return str(candidate) if candidate.exists() else "servex"


def load() -> float:
    return os.getloadavg()[0]


@dataclass
class Contender:
    """One command line. `before` runs untimed before each timed run (e.g. empty a cache for a cold run)."""

    name: str
    argv: Sequence[str]
    env: dict[str, str] | None = None
    cwd: Path | None = None
    before: Callable[[], None] | None = None
    stdout: Path | None = None  #: where the command's output goes (default: discarded)
    ok_codes: tuple[int, ...] = (0,)


@dataclass
class Stats:
    name: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


def run_once(contender: Contender) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process tree; a failing command stops the benchmark."""
    if contender.before is not None:
        contender.before()
    env = {**os.environ, **(contender.env or {})}
    out = open(contender.stdout, "wb") if contender.stdout else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(contender.argv), env=env, cwd=contender.cwd, stdout=out, stderr=subprocess.PIPE
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if contender.stdout:
            out.close()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in contender.ok_codes:
        tail = err.decode("utf-8", "replace")[-1500:]
        raise SystemExit(f"{contender.name}: exit {proc.returncode}\n{' '.join(contender.argv)}\n{tail}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def measure(contenders: Sequence[Contender], count: int | None = None, warmup: bool = True) -> dict[str, Stats]:
    """Every contender `count` times, interleaved; one untimed warm-up each (OS file cache, .pyc files)."""
    count = count or runs()
    stats = {c.name: Stats(c.name) for c in contenders}
    if warmup:
        for contender in contenders:
            run_once(contender)
    for _ in range(count):
        for contender in contenders:
            seconds, rss = run_once(contender)
            stats[contender.name].seconds.append(seconds)
            stats[contender.name].rss_mb.append(rss)
    return stats


def table(stats: dict[str, Stats], baseline: str, load_start: float, load_end: float) -> str:
    """Markdown rows: min, median, ratio of medians to the baseline, peak RSS; then runs and load."""
    base = stats[baseline].median
    lines = [
        "| command | min (s) | median (s) | × baseline (median) | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in stats.values():
        lines.append(
            f"| {s.name} | {s.min:.3f} | {s.median:.3f} | {s.median / base:.2f} | {s.peak_mb:.0f} |"
        )
    count = len(next(iter(stats.values())).seconds)
    lines.append("")
    lines.append(
        f"{count} runs of each in turns, each in a fresh process, after one untimed warm-up run; "
        f"load average {load_start:.1f} at the start and {load_end:.1f} at the end, on {os.cpu_count()} CPUs."
    )
    return "\n".join(lines)


def _title(doc: str | None, name: str) -> str:
    return (doc or name).strip().splitlines()[0].rstrip(".")


_ANY = r"^<!-- bench:{name} -->$.*?^<!-- /bench:{name} -->$"


def publish(name: str, doc: str | None, body: str, command: str, seconds: float) -> None:
    """Print the section; outside quick mode, also replace (or add) it in BENCHMARKS.md."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = (
        f"<!-- bench:{name} -->\n## {_title(doc, name)}\n\n`{command}` ({seconds:.0f} s, {stamp})\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->"
    )
    print(section)
    if quick():
        return
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else "# Benchmarks\n"
    pattern = re.compile(_ANY.format(name=re.escape(name)), re.M | re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _m: section, old, count=1)
    else:
        new = old.rstrip() + "\n\n" + section + "\n"
    TARGET.write_text(new, encoding="utf-8")
