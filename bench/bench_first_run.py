"""First run: a fresh `git clone` + `make demo` until the level table, before and after issue 20, one run.

Why: the first thing a new user does is `make demo`; it used to install the test extras (Django, pandas,
pyarrow, mypy) before printing anything and to print pages of setuptools warnings. Goal (issue 20): no
warning from our packaging, and the level table in less than half the time of the commit before.

Both checkouts are cloned from this repository into a temporary folder and run the same way, with pip's
cache off (each downloads or reads from the local wheel folders alike), the older one first. The time
is measured until the level table's header line appears on stderr. Packaging warnings are counted in a
verbose `pip wheel` of each checkout (`make demo` itself keeps pip quiet, so it would hide them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BEFORE = "4dfc440"  # main just before issue 20
WARNING = re.compile(r"BuildBackendWarning|SetuptoolsDeprecationWarning|Package would be ignored|is deprecated")


def _clone(ref: str, into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(REPO), str(into)], check=True)
    subprocess.run(["git", "-C", str(into), "checkout", "-q", ref], check=True)
    return into


def _demo(checkout: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds to the level table, seconds in all, lines printed."""
    start = time.perf_counter()
    to_table = float("nan")
    lines = 0
    proc = subprocess.Popen(
        ["make", "demo"], cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        lines += 1
        if line.startswith("Level ") and to_table != to_table:
            to_table = time.perf_counter() - start
    if proc.wait() != 0:
        raise SystemExit(f"make demo failed in {checkout}")
    return to_table, time.perf_counter() - start, lines


def _packaging_warnings(checkout: Path, env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(checkout / "dist"), str(checkout)],
        env=env, capture_output=True, text=True,
    )
    return sum(1 for line in (done.stdout + done.stderr).splitlines() if WARNING.search(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="the commit to compare with (default: %(default)s)")
    parser.add_argument("--after", default="HEAD")
    args = parser.parse_args()
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
    env.pop("VIRTUAL_ENV", None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="servex-first-run-") as tmp:
        for label, ref in (("before", args.before), ("after", args.after)):
            checkout = _clone(ref, Path(tmp) / label)
            ref = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True, check=True).stdout.strip()
            env["SERVEX_CACHE_DIR"] = str(Path(tmp) / f"cache-{label}")
            to_table, total, lines = _demo(checkout, env)
            warnings = _packaging_warnings(checkout, env)
            rows.append((label, ref, to_table, total, lines, warnings))
            shutil.rmtree(checkout / ".venv", ignore_errors=True)
    print("| checkout | commit | to the level table (s) | whole `make demo` (s) | lines printed | packaging warnings |")
    print("|---|---|---:|---:|---:|---:|")
    for label, ref, to_table, total, lines, warnings in rows:
        print(f"| {label} | `{ref}` | {to_table:.0f} | {total:.0f} | {lines} | {warnings} |")
    ratio = rows[1][2] / rows[0][2]
    print()
    print(f"Level table after {ratio:.2f}x the time of before (goal < 0.5: **{'met' if ratio < 0.5 else 'missed'}**); "
          f"packaging warnings after: {rows[1][5]} (goal 0: **{'met' if rows[1][5] == 0 else 'missed'}**). "
          "Fresh clones, pip cache off for both, older first, same machine and run.")


if __name__ == "__main__":
    main()
