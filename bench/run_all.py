"""Run the benchmarks in bench/ and write BENCHMARKS.md from what they measure (`make bench`).

Each `bench_*.py` publishes its own section between `<!-- bench:NAME -->` markers (see `_harness.publish`);
older scripts that only print a Markdown fragment get their section written here from their output. The
sections are then put in order under a header naming the machine. `--only NAME` (repeatable) runs a
subset and leaves every other section as it was; `--skip NAME` leaves out the long ones.
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
#: hours on two cores (20M rows; fresh clones): run them with --only
LONG = ("assess_kpis", "first_run")


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


def _publishes(script: Path) -> bool:
    return "publish(" in script.read_text(encoding="utf-8")


def _run(script: Path) -> str | None:
    """The section for an older script (from its output); None when the script wrote its own."""
    name = script.stem.removeprefix("bench_")
    start = time.perf_counter()
    if _publishes(script):
        done = subprocess.run([sys.executable, str(script)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        if done.returncode == 0:
            return None
        body = f"Failed (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```"
    else:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        failed = f"Failed (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```"
        body = done.stdout.strip() if done.returncode == 0 else failed
    took = time.perf_counter() - start
    return (
        f"<!-- bench:{name} -->\n## {_title(script)}\n\n`python bench/{script.name}` ({took:.0f} s)\n\n"
        f"{body}\n<!-- /bench:{name} -->"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="benchmark name, e.g. overhead")
    parser.add_argument("--skip", action="append", default=[], help="benchmark name to leave as it is")
    parser.add_argument("--all", action="store_true", help=f"also the long ones ({', '.join(LONG)})")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    names = {s.stem.removeprefix("bench_"): s for s in scripts}
    unknown = [n for n in args.only + args.skip if n not in names]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(names)})")
    if args.only:
        scripts = [names[n] for n in args.only]
    else:
        skip = set(args.skip) | (set() if args.all else set(LONG))
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") not in skip]
    for script in scripts:
        print(f"running {script.name}...", file=sys.stderr, flush=True)
        section = _run(script)
        old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        sections = {m["name"]: m.group(0) for m in SECTION.finditer(old)}
        if section is not None:
            sections[script.stem.removeprefix("bench_")] = section
        _write({k: v for k, v in sections.items() if k in names})  # a removed benchmark's section goes too
    if not scripts:
        return
    print(f"wrote {TARGET}", file=sys.stderr)


def _write(sections: dict[str, str]) -> None:
    head = (
        "# Benchmarks\n\nWritten by `make bench` (`bench/run_all.py`; `python bench/run_all.py --only NAME` "
        "re-measures one section); nothing between the `bench:` markers is edited by hand. Every figure is "
        "measured against its named baseline in the same run, whole commands in fresh processes, on the "
        "machine below; each section gives the load average at its start and end. Goals come from the "
        "issues; a ratio above its goal is reported as such, not hidden. Sections measured with the older "
        "in-process method say so.\n\n"
        f"Machine: {_machine()}.\n"
    )
    TARGET.write_text(head + "\n" + "\n\n".join(sections[k] for k in sorted(sections)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
