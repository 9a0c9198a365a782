"""Documents: `servex assess` on 300 generated PDFs, cold and warm, against a `pdftotext` loop 2 at a time.

Why: evidence folders hold hundreds of PDFs and assessors re-run servex after every change. A competent
user without servex would run poppler's `pdftotext` over the folder with the same parallelism
(`xargs -P 2`); servex's first run should keep pace with that although it also hashes every file, detects
languages and dates, and grades every criterion of the shipped set, and a re-run on unchanged files
should cost almost nothing (text, index and match results are cached). Goals (issue 21): cold ≤ 1.2× the
`pdftotext` loop; warm ≤ 10 % of cold. Cold runs start with an empty cache directory every time; warm
runs reuse the cache the untimed warm-up run filled. With SERVEX_BENCH_BEFORE=COMMIT, servex as it was at
that commit runs in the same turns. A second table gives each cold command's CPU time (all its processes):
on two cores shared with other work it moves far less than wall time, and two busy cores divide it.

    python bench/bench_documents.py [--count 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _harness import REPO, Contender, before_commit, checkout, load, measure, publish, quick, servex_bin, table
from gen_pdfs import generate

COLD_GOAL, WARM_GOAL = 1.2, 0.10


def _document_specs(pdf: Path, work: Path) -> list[Any]:
    """The shipped set's `document` requirements as the collector matches them: captured from an
    in-process `servex assess` of one PDF (the set is chosen and loaded exactly as in the timed runs)."""
    from servex._cli.main import main
    from servex.plugins.documents import _prematch

    folder = work / "one"
    folder.mkdir()
    shutil.copy(pdf, folder / pdf.name)
    captured: list[Any] = []
    real = _prematch.document_specs

    def capture(criteria_set: Any, horizon: int | None = None) -> list[Any]:
        captured[:] = real(criteria_set, horizon)
        return captured

    _prematch.document_specs = capture  # type: ignore[assignment]
    try:
        main(["assess", str(folder), "-o", f"json:{work / 'one.json'}", "--fail-on", "never", "-q",
              "--cache-dir", str(work / "one-cache")])  # fmt: skip
    except SystemExit:
        pass
    finally:
        _prematch.document_specs = real  # type: ignore[assignment]
    return captured


def stages(paths: list[Path], work: Path) -> str:
    """Where a cold run's work goes: each stage over every PDF in this one process, in CPU seconds (a
    cold run spreads extraction and matching over the worker processes)."""
    import hashlib
    import os

    from servex.plugins.documents import _prematch
    from servex.plugins.documents._extract import Limits, extract
    from servex.plugins.documents._extract_pdf import check_inflation
    from servex.plugins.documents._model import Extracted

    specs = _document_specs(paths[0], work)
    limits = Limits(max_chars=2_000_000, max_unzipped=256 << 20)
    rows: list[tuple[str, float]] = []

    def timed(label: str, work_: Any) -> Any:
        start = time.process_time()
        out = work_()
        rows.append((label, time.process_time() - start))
        return out

    timed("sha256 of every file", lambda: [hashlib.sha256(p.read_bytes()).digest() for p in paths])
    timed("of which: the inflate-bomb pre-check", lambda: [check_inflation(p, limits.max_pdf_inflated) for p in paths])
    results = timed("text extraction (pre-check, PDFium, language)", lambda: [extract(str(p), limits) for p in paths])
    texts = [Extracted.from_json(r["text"]) for r in results if "text" in r]
    _prematch.init_worker(specs)
    timed(
        f"matching against the set's {len(specs)} document requirements",
        lambda: [_prematch.match_document(("", t.meta.get("language") or "en", t.segments, specs)) for t in texts],
    )
    lines = ["| stage, over all files in one process | CPU (s) |", "|---|---:|"]
    order = [rows[0], rows[2], rows[1], rows[3]]
    lines += [f"| {label} | {seconds:.2f} |" for label, seconds in order]
    lines.append("")
    lines.append(
        f"In-process component timings (after the timed runs, {os.cpu_count()} CPUs shared): a cold "
        "`servex assess` does the extraction and matching in worker processes, two at a time."
    )
    return "\n".join(lines)


def cpu_seconds(contender: Contender) -> float:
    """User + system CPU of one fresh run of the contender's whole process tree (every process it waited
    for: servex's workers, each `pdftotext` of the loop)."""
    import os

    if contender.before is not None:
        contender.before()
    env = {**os.environ, **(contender.env or {})}
    proc = subprocess.Popen(list(contender.argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{contender.name}: exit {os.waitstatus_to_exitcode(status)}")
    return float(usage.ru_utime + usage.ru_stime)


def cpu_table(contenders: list[Contender], base: str, rounds: int = 3) -> str:
    """CPU seconds of each cold contender, median of `rounds` interleaved runs: on two shared cores the wall
    times move with the other work on the machine, CPU time much less (it is what two busy cores divide)."""
    import statistics

    seconds: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(rounds):
        for contender in contenders:
            seconds[contender.name].append(cpu_seconds(contender))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    lines = ["| command | CPU (s), whole process tree | × baseline |", "|---|---:|---:|"]
    lines += [f"| {name} | {value:.2f} | {value / medians[base]:.2f} |" for name, value in medians.items()]
    lines.append("")
    lines.append(f"Median of {rounds} runs of each in turns (user + system time of all the processes of each run).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20 if quick() else 300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdftotext is not installed (apt-get install poppler-utils)")
    started = time.perf_counter()
    # bytecode as an installed package has it (pip compiles on install; `checkout` compiles the before
    # commit): with PYTHONDONTWRITEBYTECODE set, an editable checkout would compile every module per run
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "core"), str(REPO / "plugins")], check=True)
    work = Path(tempfile.mkdtemp(prefix="servex-bench-docs-"))
    try:
        folder = work / "evidence"
        paths = generate(folder, args.count)
        pages = sum(p.read_bytes().count(b"/Type /Page ") for p in paths)
        cold_cache, warm_cache = work / "cold-cache", work / "warm-cache"
        out = work / "result.json"
        env = {"SOURCE_DATE_EPOCH": "1767225600"}
        assess = [servex_bin(), "assess", str(folder), "-o", f"json:{out}", "--fail-on", "never", "-q"]
        loop = (
            f"find {folder} -name '*.pdf' -print0 | "
            f"xargs -0 -P {args.workers} -I{{}} pdftotext -q -enc UTF-8 {{}} - > /dev/null"
        )
        contenders = [
            Contender(f"`pdftotext` loop, {args.workers} at a time (baseline)", ["sh", "-c", loop]),
            Contender(
                "`servex assess` cold",
                [*assess, "--cache-dir", str(cold_cache)],
                env=env,
                before=lambda: shutil.rmtree(cold_cache, ignore_errors=True),
            ),
            Contender("`servex assess` warm", [*assess, "--cache-dir", str(warm_cache)], env=env),
        ]
        commit = before_commit()
        if commit:
            old = [*checkout(commit, work / "before"), *assess[1:]]
            old_cold, old_warm = work / "old-cold", work / "old-warm"
            contenders += [
                Contender(
                    f"`servex assess` cold at {commit} (before)",
                    [*old, "--cache-dir", str(old_cold)],
                    env=env,
                    before=lambda: shutil.rmtree(old_cold, ignore_errors=True),
                ),
                Contender(f"`servex assess` warm at {commit} (before)", [*old, "--cache-dir", str(old_warm)], env=env),
            ]
        before = load()
        stats = measure(contenders)
        after = load()
        cpu = cpu_table([c for c in contenders if "warm" not in c.name], contenders[0].name)
        where = stages(paths, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = f"`pdftotext` loop, {args.workers} at a time (baseline)"
    cold = stats["`servex assess` cold"].median / stats[base].median
    warm = stats["`servex assess` warm"].median / stats["`servex assess` cold"].median
    body = f"{len(paths)} PDFs, {pages:,} pages.\n\n" + table(stats, base, before, after)
    body += (
        f"\n\nGoals: cold ≤ {COLD_GOAL}× the loop: **{'met' if cold <= COLD_GOAL else 'missed'}** ({cold:.2f}×); "
        f"warm ≤ {WARM_GOAL:.0%} of cold: **{'met' if warm <= WARM_GOAL else 'missed'}** ({warm:.0%})."
    )
    body += "\n\n" + cpu + "\n\n" + where
    publish("documents", __doc__, body, "python bench/bench_documents.py", time.perf_counter() - started)


if __name__ == "__main__":
    main()
