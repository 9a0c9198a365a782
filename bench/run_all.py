"""Run every benchmark in bench/ and write BENCHMARKS.md from what they print.

Each `bench_*.py` prints a Markdown fragment (tables of figures and ratios against its named baseline,
measured in the same run). Writing the file from the scripts keeps the published numbers reproducible:
`make bench` on the same machine gives the same document. `--only NAME` runs a subset and updates just
those sections.
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE.parent / "BENCHMARKS.md"
SECTION = re.compile(r"^<!-- bench:(?P<name>[a-z_]+) -->$.*?^<!-- /bench:(?P=name) -->$", re.M | re.S)


def _title(script: Path) -> str:
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    return doc.strip().splitlines()[0].rstrip(".")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


def _run(script: Path) -> str:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    took = time.perf_counter() - start
    failed = f"Failed (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```"
    body = done.stdout.strip() if done.returncode == 0 else failed
    name = script.stem.removeprefix("bench_")
    return (
        f"<!-- bench:{name} -->\n## {_title(script)}\n\n`python bench/{script.name}` ({took:.0f} s)\n\n"
        f"{body}\n<!-- /bench:{name} -->"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="benchmark name, e.g. cli_startup")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    sections = {m["name"]: m.group(0) for m in SECTION.finditer(old)}
    for script in scripts:
        print(f"running {script.name}...", file=sys.stderr, flush=True)
        sections[script.stem.removeprefix("bench_")] = _run(script)
    head = (
        "# Benchmarks\n\nWritten by `make bench` (`bench/run_all.py`); every figure is measured against its named "
        "baseline in the same run, on the machine below. Goals come from the issues; a ratio above its goal is "
        f"reported as such, not hidden.\n\nMachine: {_machine()}.\n"
    )
    TARGET.write_text(head + "\n" + "\n\n".join(sections[k] for k in sorted(sections)) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main()
