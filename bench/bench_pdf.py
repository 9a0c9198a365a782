"""Text extraction from 500 generated multi-page PDFs: servex's documents collector against pdftotext.

Why: evidence folders hold hundreds of PDFs and assessors re-run servex after every change, so the
first run must keep pace with poppler's `pdftotext` (the usual command-line tool) and a re-run on
unchanged files must cost almost nothing (the text cache). Goals: cold run ≤ 1.2× a pdftotext loop
at the same parallelism; warm run ≤ 10 % of the cold run.

Both sides read the same files with the OS cache warm; servex's time includes walking the folder,
hashing every file (sha256, for provenance) and writing its cache. Prints Markdown for BENCHMARKS.md.

    python bench/bench_pdf.py [--count 500] [--workers 2]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from gen_pdfs import generate


def _pdftotext(paths: list[Path], out: Path, workers: int) -> tuple[float, int]:
    def one(path: Path) -> int:
        target = out / (path.stem + ".txt")
        subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), str(target)], check=True)
        return len(target.read_text(encoding="utf-8"))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        chars = sum(pool.map(one, paths))
    return time.perf_counter() - start, chars


def _servex(folder: Path, cache: Path, workers: int) -> tuple[float, int, int]:
    from datetime import date

    from servex import CollectContext, Period
    from servex.plugins.documents import servex_collectors

    collector = servex_collectors()[0]
    ctx = CollectContext(
        evidence_dir=folder,
        source="documents",
        config={"workers": workers},
        manifest={},
        period=Period(date(2025, 1, 1), date(2025, 12, 31)),
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=cache,
        offline=True,
        criteria_set=None,  # type: ignore[arg-type]  # the collector never reads it
    )
    start = time.perf_counter()
    items = list(collector.collect(ctx))
    elapsed = time.perf_counter() - start
    if ctx.log:
        raise SystemExit(f"unexpected collector log: {ctx.log[:3]}")
    return elapsed, len(items), sum(int(item.attributes["characters"]) for item in items)


def _row(name: str, seconds: float, base: float | None, note: str = "") -> str:
    ratio = f"{seconds / base:.2f}" if base else "–"
    return f"| {name} | {seconds:.2f} | {ratio} | {note} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="servex-bench-pdf-"))
    try:
        start = time.perf_counter()
        paths = generate(work / "evidence", args.count)
        generated = time.perf_counter() - start
        pages = sum(p.read_bytes().count(b"/Type /Page ") for p in paths)  # also warms the OS file cache
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} PDFs, {pages} pages, {size / 1e6:.1f} MB, generated in {generated:.2f} s\n")
        has_pdftotext = shutil.which("pdftotext") is not None
        results: dict[str, Any] = {}
        if has_pdftotext:
            (work / "txt").mkdir()
            results["seq"] = _pdftotext(paths, work / "txt", 1)
            results["par"] = _pdftotext(paths, work / "txt", args.workers)
        one = _servex(work / "evidence", work / "cache1", 1)
        cold = _servex(work / "evidence", work / "cache", args.workers)
        warm = _servex(work / "evidence", work / "cache", args.workers)
        if cold[1] != len(paths) or warm[2] != cold[2]:
            raise SystemExit("servex did not read every PDF, or the warm run returned different text")
        par = results["par"][0] if has_pdftotext else None
        seq = results["seq"][0] if has_pdftotext else None
        print("| run | seconds | ratio | note |")
        print("|---|---:|---:|---|")
        if has_pdftotext:
            print(_row("pdftotext loop, 1 process", results["seq"][0], seq, f"{results['seq'][1]:,} chars"))
            print(_row(f"pdftotext loop, {args.workers} processes", results["par"][0], par, "baseline"))
        else:
            print("| pdftotext | – | – | not installed: `apt-get install poppler-utils` |")
        print(_row("servex cold, 1 worker", one[0], seq, "vs the 1-process loop"))
        print(_row(f"servex cold, {args.workers} workers", cold[0], par, f"{cold[2]:,} chars; goal ≤ 1.20"))
        print(_row("servex warm (cache)", warm[0], cold[0], "vs servex cold; goal ≤ 0.10"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
