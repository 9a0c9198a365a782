"""Fixed overhead: `servex assess` on an empty folder against `servex --help`, whole commands.

Why: assessors and CI call servex many times; what a run costs before it reads any evidence (start-up,
plugins, the criteria set) is paid on every call. Goal (issue 21): `assess` on an empty folder within 3×
`servex --help`. `criteria list` is shown for reference (and, with SERVEX_BENCH_BEFORE=COMMIT, the same `assess` as it
was at that commit), and `python -c pass` as the
floor no Python command goes under. Both servex commands run with a warm user cache, as after any first
run (the cache is filled by the untimed warm-up run).

    python bench/bench_overhead.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _harness import REPO, Contender, before_commit, checkout, load, measure, publish, servex_bin, table

GOAL = 3.0


def main() -> None:
    started = time.perf_counter()
    # pip compiles installed packages; an editable checkout would otherwise pay for compiling on every run
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "core"), str(REPO / "plugins")], check=True)
    servex = servex_bin()
    with tempfile.TemporaryDirectory(prefix="servex-bench-overhead-") as work:
        empty = Path(work) / "empty"
        empty.mkdir()
        out = Path(work) / "out.json"
        env = {"SERVEX_CACHE_DIR": str(Path(work) / "cache"), "SOURCE_DATE_EPOCH": "1767225600"}
        contenders = [
            Contender("`python -c pass`", [sys.executable, "-c", "pass"]),
            Contender("`servex --help` (baseline)", [servex, "--help"], env=env),
            Contender(
                "`servex assess EMPTY -o json:out.json`",
                [servex, "assess", str(empty), "-o", f"json:{out}", "--fail-on", "never", "-q"],
                env=env,
            ),
            Contender("`servex criteria list`", [servex, "criteria", "list"], env=env),
        ]
        commit = before_commit()
        if commit:
            old = checkout(commit, Path(work) / "before")
            contenders.append(Contender(f"`servex assess EMPTY` at {commit} (before)",
                                        [*old, "assess", str(empty), "-o", f"json:{out}", "--fail-on", "never", "-q"],
                                        env=env))
        before = load()
        stats = measure(contenders)
        after = load()
    body = table(stats, "`servex --help` (baseline)", before, after)
    ratio = stats["`servex assess EMPTY -o json:out.json`"].median / stats["`servex --help` (baseline)"].median
    verdict = "met" if ratio <= GOAL else "missed"
    body += f"\n\nGoal: `assess` on an empty folder ≤ {GOAL:.0f}× `servex --help`: **{verdict}** ({ratio:.2f}×)."
    publish("overhead", __doc__, body, "python bench/bench_overhead.py", time.perf_counter() - started)


if __name__ == "__main__":
    main()
