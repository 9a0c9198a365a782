"""Growth: `servex assess` time and peak memory at three sizes of rows, documents and criteria, with fitted slopes.

Why: a step that is quadratic hides at sample sizes and shows at a real organisation's. Each series
doubles one input while the others stay small, runs the whole command cold (empty cache) in fresh
processes, and fits time = a + b·size by least squares; the exponent k of time ∝ size^k between the
two largest sizes says whether growth is linear (k ≈ 1 or below, once fixed costs dominate less) or not
(k well above 1). Rows are generated tickets (the bench_assess_kpis generator), documents generated PDFs,
criteria copies of the shipped pyramid set's criteria under new ids.

    python bench/bench_growth.py
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _harness import REPO, Contender, load, measure, publish, quick, servex_bin

MANIFEST = 'format_version: "1"\norganisation: {name: Bench}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'


def _rows(folder: Path, size: int) -> None:
    from bench_assess_kpis import generate

    generate(folder / "tickets.csv", size)
    (folder / "servex.yaml").write_text(
        MANIFEST + "sources:\n  - name: tickets\n    collector: datasets\n    config:\n"
        "      files:\n        - {path: tickets.csv, dataset: tickets}\n",
        encoding="utf-8",
    )


def _documents(folder: Path, size: int) -> None:
    from gen_pdfs import generate

    generate(folder, size)


def _criteria(folder: Path, size: int) -> None:
    import yaml

    data: dict[str, Any] = yaml.safe_load((REPO / "criteria" / "pyramid.yaml").read_text(encoding="utf-8"))
    base = data["criteria"]
    copies = []
    for i in range(size):
        criterion = dict(base[i % len(base)])
        if i >= len(base):
            criterion["id"] = f"{criterion['id']}-R{i // len(base)}"
        copies.append(criterion)
    data["criteria"] = copies
    data["id"] = f"growth-{size}"
    (folder / "set.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "servex.yaml").write_text(MANIFEST + "criteria: set.yaml\n", encoding="utf-8")


SERIES: dict[str, tuple[Callable[[Path, int], None], tuple[int, ...], tuple[int, ...]]] = {
    "ticket rows": (_rows, (100_000, 200_000, 400_000), (2_000, 4_000, 8_000)),
    "PDF documents": (_documents, (50, 100, 200), (8, 16, 32)),
    "criteria": (_criteria, (40, 80, 160), (40, 80, 160)),
}


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares intercept and slope."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - slope * mx, slope


def main() -> None:
    started = time.perf_counter()
    lines = [
        "| input | size | median (s) | min (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    notes = []
    before = load()
    work = Path(tempfile.mkdtemp(prefix="servex-bench-growth-"))
    try:
        for name, (make, sizes, small) in SERIES.items():
            sizes = small if quick() else sizes
            medians, peaks = [], []
            for size in sizes:
                folder = work / f"{name.replace(' ', '-')}-{size}"
                folder.mkdir()
                make(folder, size)
                cache = work / "cache"
                contender = Contender(
                    f"{name} {size}",
                    [servex_bin(), "assess", str(folder), "-o", f"json:{work / 'r.json'}", "--fail-on", "never", "-q",
                     "--cache-dir", str(cache)],
                    env={"SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(work / "user-cache")},
                    before=lambda cache=cache: shutil.rmtree(cache, ignore_errors=True),  # type: ignore[misc]
                )
                stats = measure([contender], count=3 if not quick() else 1, warmup=False)[contender.name]
                medians.append(stats.median)
                peaks.append(stats.peak_mb)
                lines.append(f"| {name} | {size:,} | {stats.median:.2f} | {stats.min:.2f} | {stats.peak_mb:.0f} |")
                shutil.rmtree(folder, ignore_errors=True)
            _a, per = _fit([float(s) for s in sizes], medians)
            _b, mem = _fit([float(s) for s in sizes], peaks)
            exponent = math.log(medians[-1] / medians[-2]) / math.log(sizes[-1] / sizes[-2])
            unit = 1000 if sizes[-1] >= 10_000 else 1
            notes.append(
                f"{name}: {per * unit:.3f} s and {mem * unit:.1f} MB more per {unit:,} "
                f"(least-squares slopes); time ∝ size^{exponent:.2f} between the two largest sizes"
                f" ({'linear or better' if exponent <= 1.15 else 'faster than linear: look here'})."
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    after = load()
    body = "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes)
    body += (
        f"\n\nCold runs (empty evidence cache; the user cache of parsed criteria is kept, as after any first run), "
        f"{3 if not quick() else 1} of each size; load average {before:.1f} at the start and {after:.1f} at the end."
    )
    publish("growth", __doc__, body, "python bench/bench_growth.py", time.perf_counter() - started)


if __name__ == "__main__":
    main()
