"""Cold start of `servex --help` against a bare `python -c "import click"`, measured in the same run.

Why: auditors call servex from scripts and CI many times; heavy libraries (WeasyPrint, DuckDB, PDF
engines) must load only when a command needs them. Goal (issue 2): servex --help within 2x of importing click.
Prints a Markdown table row set; `make bench` collects it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15


def _median_seconds(cmd: list[str]) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the OS file cache: we measure Python, not disk
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    # pip compiles installed packages to .pyc; an editable checkout (and PYTHONDONTWRITEBYTECODE, set on
    # some CI images) would make servex pay for compiling its sources on every run, click not.
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repo / "core"), str(repo / "plugins")], check=True)
    servex = str(Path(sys.executable).with_name("servex"))
    baseline = _median_seconds([sys.executable, "-c", "import click"])
    bare = _median_seconds([sys.executable, "-c", "pass"])
    help_time = _median_seconds([servex, "--help"])
    version_time = _median_seconds([servex, "--version"])
    print("| measurement | median (ms) | ratio to `import click` |")
    print("|---|---:|---:|")
    print(f"| `python -c pass` | {bare * 1000:.0f} | {bare / baseline:.2f} |")
    print(f'| `python -c "import click"` (baseline) | {baseline * 1000:.0f} | 1.00 |')
    print(f"| `servex --version` | {version_time * 1000:.0f} | {version_time / baseline:.2f} |")
    print(f"| `servex --help` | {help_time * 1000:.0f} | {help_time / baseline:.2f} |")
    print()
    verdict = "met" if help_time / baseline <= 2 else "missed"
    print(
        f"Goal: `servex --help` within 2x of `import click`: **{verdict}** ({help_time / baseline:.2f}x). "
        "`--help` must load the plugins (every command comes from one); their entry points are cached by "
        "`sys.path` folder times, and no report, PDF or data engine is imported (a test checks it)."
    )


if __name__ == "__main__":
    main()
