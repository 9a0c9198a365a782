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
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "REPO",
    "Contender",
    "Stats",
    "before_commit",
    "checkout",
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
_TIME = "/usr/bin/time"


def quick() -> bool:
    """Smoke-test mode: small inputs, two runs, nothing written."""
    return os.environ.get("SERVEX_BENCH_QUICK", "") not in ("", "0")


def runs(default: int = MIN_RUNS) -> int:
    return 2 if quick() else max(MIN_RUNS, int(os.environ.get("SERVEX_BENCH_RUNS", default)))


def servex_bin() -> str:
    """The `servex` console script of the interpreter running the benchmark (the project's venv)."""
    candidate = Path(sys.executable).with_name("servex")
    return str(candidate) if candidate.exists() else "servex"


def checkout(commit: str, into: Path) -> list[str]:
    """The command line of servex as it was at `commit` (e.g. the code before a change), run by this
    interpreter: the sources are unpacked with `git archive` into `into` and laid out as the installed
    package (`servex` = core/, `servex.plugins` = plugins/), found first on PYTHONPATH. Same
    dependencies and entry points as the current checkout: only servex's own code differs."""
    tree = into / "src"
    tree.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    package = into / "lib" / "servex"
    package.parent.mkdir(parents=True, exist_ok=True)
    package.symlink_to(tree / "core")
    for name in ("plugins", "criteria"):
        link = tree / "core" / name
        if not link.exists():
            link.symlink_to(tree / name)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=True)
    return ["env", f"PYTHONPATH={into / 'lib'}", sys.executable, "-m", "servex"]


def before_commit() -> str | None:
    """SERVEX_BENCH_BEFORE=COMMIT adds servex as it was at COMMIT as one more contender, in the same run."""
    return os.environ.get("SERVEX_BENCH_BEFORE") or None


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
    argv = list(contender.argv)
    # ru_maxrss survives exec: a child forked from this (large) process would report our size. GNU time
    # is small, and reports its child's peak (its tree's, for the processes that child waited for).
    report = Path(tempfile.mkstemp(prefix="servex-bench-rss-")[1]) if Path(_TIME).exists() else None
    if report is not None:
        argv = [_TIME, "-q", "-f", "%M", "-o", str(report), *argv]
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=contender.cwd, stdout=out, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        with proc.stderr:
            err = proc.stderr.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak_kb = float(usage.ru_maxrss)
        if report is not None:
            lines = report.read_text(encoding="utf-8").split()
            peak_kb = float(lines[-1]) if lines and lines[-1].isdigit() else peak_kb
    finally:
        if contender.stdout:
            out.close()  # type: ignore[union-attr]
        if report is not None:
            report.unlink(missing_ok=True)
    if proc.returncode not in contender.ok_codes:
        tail = err.decode("utf-8", "replace")[-1500:]
        raise SystemExit(f"{contender.name}: exit {proc.returncode}\n{' '.join(contender.argv)}\n{tail}")
    return seconds, peak_kb / 1024  # kilobytes on Linux


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
