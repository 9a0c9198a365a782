"""Loading the shipped criteria sets: servex's YAML reader against PyYAML's pure-Python and C loaders.

Why (issue 20): criteria commands spent most of their time in the pure-Python YAML loader. servex now
builds its data (with a position for every value, duplicate-key checks and the anchor/nesting limits
of docs/security.md) from libyaml's event stream. Each measurement is a whole process, median of
several runs, in the same run: loading every shipped set with `servex.parse_yaml`, with PyYAML's
pure-Python `SafeLoader` (what servex's loader was built on), and with PyYAML's `CSafeLoader` (no
positions, no checks: the floor); then the criteria commands themselves.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
REPO = Path(__file__).resolve().parents[1]
LOAD = "import glob, yaml\ntexts = [open(p, encoding='utf-8').read() for p in sorted(glob.glob({pattern!r}))]\n{body}\n"
BODIES = {
    "servex.parse_yaml (positions, checks, limits)": "from servex import parse_yaml\n"
    "for i, t in enumerate(texts): parse_yaml(t, str(i))",
    "PyYAML SafeLoader, pure Python (baseline)": "for t in texts: yaml.load(t, Loader=yaml.SafeLoader)",
    "PyYAML CSafeLoader (no positions)": "for t in texts: yaml.load(t, Loader=yaml.CSafeLoader)",
    "`import yaml` only": "pass",
}


def _median(cmd: list[str]) -> float:
    subprocess.run(cmd, capture_output=True, check=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    pattern = str(REPO / "criteria" / "*.yaml")
    sizes = sum(p.stat().st_size for p in (REPO / "criteria").glob("*.yaml"))
    timed = {
        name: _median([sys.executable, "-c", LOAD.format(pattern=pattern, body=body)]) for name, body in BODIES.items()
    }
    base = timed["`import yaml` only"]
    baseline = timed["PyYAML SafeLoader, pure Python (baseline)"] - base
    print(f"Loading the {len(list((REPO / 'criteria').glob('*.yaml')))} shipped YAML files ({sizes / 1024:.0f} KB):\n")
    print("| loader | process (ms) | loading alone (ms) | speed-up on the baseline |")
    print("|---|---:|---:|---:|")
    for name, seconds in timed.items():
        alone = seconds - base
        ratio = f"{baseline / alone:.1f}x" if alone > 0.001 and name != "`import yaml` only" else ""
        print(f"| {name} | {seconds * 1000:.0f} | {max(alone, 0) * 1000:.0f} | {ratio} |")
    servex = str(Path(sys.executable).with_name("servex"))
    print("\n| command | median (ms) |")
    print("|---|---:|")
    for args in (["criteria", "list"], ["criteria", "validate", str(REPO / "criteria" / "pyramid.yaml")]):
        print(
            f"| `servex {' '.join(a if '/' not in a else 'criteria/pyramid.yaml' for a in args)}` "
            f"| {_median([servex, *args]) * 1000:.0f} |"
        )


if __name__ == "__main__":
    main()
