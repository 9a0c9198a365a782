"""Cold start of `servex --help` and `servex criteria list` against a bare `python -c "import click"`, one run.

Why: auditors call servex from scripts and CI many times; heavy libraries (WeasyPrint, DuckDB, PDF
engines) must load only when a command needs them. Goals (issue 20): `servex --help` within 1.5x of
importing click, `servex criteria list` within 3x of `servex --help`. The commands are timed in turns
(A, B, C, A, B, C...) so a busy machine slows every contender alike, and the median is reported.
Prints a Markdown fragment; `make bench` collects it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 21


def _once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    # pip compiles installed packages to .pyc; an editable checkout (and PYTHONDONTWRITEBYTECODE, set on
    # some CI images) would make servex pay for compiling its sources on every run, click not.
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repo / "core"), str(repo / "plugins")], check=True)
    servex = str(Path(sys.executable).with_name("servex"))
    contenders = {
        "`python -c pass`": [sys.executable, "-c", "pass"],
        '`python -c "import click"` (baseline)': [sys.executable, "-c", "import click"],
        "`servex --version`": [servex, "--version"],
        "`servex --help`": [servex, "--help"],
        "`servex criteria list`": [servex, "criteria", "list"],
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for cmd in contenders.values():  # warm the OS file cache and servex's caches: we measure Python, not disk
        _once(cmd)
    for _ in range(RUNS):
        for name, cmd in contenders.items():
            times[name].append(_once(cmd))
    median = {name: statistics.median(values) for name, values in times.items()}
    baseline = median['`python -c "import click"` (baseline)']
    print("| measurement | median (ms) | ratio to `import click` |")
    print("|---|---:|---:|")
    for name, value in median.items():
        print(f"| {name} | {value * 1000:.0f} | {value / baseline:.2f} |")
    print()
    help_ratio = median["`servex --help`"] / baseline
    list_ratio = median["`servex criteria list`"] / median["`servex --help`"]
    print(f"{RUNS} runs of each, in turns. Goals: `servex --help` ≤ 1.5x `import click`: "
          f"**{'met' if help_ratio <= 1.5 else 'missed'}** ({help_ratio:.2f}x); `servex criteria list` ≤ 3x "
          f"`servex --help`: **{'met' if list_ratio <= 3 else 'missed'}** ({list_ratio:.2f}x). "
          "`--help` lists the commands from a cache of their names and help (keyed like the entry-point cache, "
          "plus the times of the files they come from), so it imports no plugin; no report, PDF or data engine "
          "is imported by either (a test checks it). `criteria list` reads the sets from a cache keyed by each set "
          "file's size and checksum (warmed before timing, as after any first run), so it parses no YAML. "
          f"Load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
