"""PDF gap-analysis reports of 40, 150 and 500 criteria: render time per 10 pages and peak memory.

Why: the PDF is what boards and certifiers read, and consultants render it for every client and every
re-assessment, often in CI; a report that takes minutes or eats the runner's memory gets skipped.
Goal (issue 7): a 150-criterion report renders at ≤ 1 s per 10 pages with a peak RSS ≤ 400 MB.

The results are made from the telecom sample's real result by replicating its findings under new ids
(so every finding keeps its real evidence, KPI series and answers). Each render runs in a fresh
subprocess, so peak RSS (getrusage) is that render's alone, imports included; the time is the render
call only, after WeasyPrint is imported. The HTML column is the same report rendered as HTML (Jinja2
and our SVG only): the baseline that shows how much of the time is WeasyPrint's layout. Pages are
counted with pypdf. Prints Markdown for BENCHMARKS.md.

    python bench/bench_report.py [--sizes 40,150,500]
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1767225600"
GOAL_SECONDS_PER_10_PAGES = 1.0
GOAL_RSS_MB = 400.0


def _child(result_path: str, fmt: str, out_path: str) -> None:
    """Runs in the subprocess: render once, print seconds and peak RSS as JSON."""
    import warnings

    from servex import RenderOptions
    from servex.plugins.reports import servex_report_formats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint  # noqa: F401  (import time is not render time)
    result = json.loads(Path(result_path).read_text(encoding="utf-8"))
    render = {f.name: f for f in servex_report_formats()}[fmt].render
    start = time.perf_counter()
    data = render(result, RenderOptions(lang="en"))
    seconds = time.perf_counter() - start
    Path(out_path).write_bytes(data)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "rss_mb": peak_kb / 1024}))


def _measure(result_path: Path, fmt: str, out_path: Path) -> dict[str, float]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(result_path), fmt, str(out_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _base_result(work: Path) -> dict[str, Any]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(work / "cache")}
    target = work / "telecom.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "servex",
            "assess",
            str(REPO / "evidence_samples/telecom-operator"),
            "-o",
            f"json:{target}",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        env=env,
        check=True,
    )
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def scaled(result: dict[str, Any], criteria: int) -> dict[str, Any]:
    """`result` with `criteria` findings: the real ones, then copies under new ids, level by level."""
    base = result["findings"]
    out = copy.deepcopy(result)
    findings = []
    for i in range(criteria):
        finding = copy.deepcopy(base[i % len(base)])
        if i >= len(base):
            finding["criterion_id"] = f"{finding['criterion_id']}-R{i // len(base)}"
            finding["id"] = f"{finding['id'][:-4]}{i:04d}"
        findings.append(finding)
    out["findings"] = sorted(findings, key=lambda f: (f["level"], f["criterion_id"]))
    out["statistics"] = {**out["statistics"], "criteria": criteria}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,150,500")
    parser.add_argument("--child", nargs=3, metavar=("RESULT", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    import pypdf

    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="servex-bench-report-") as tmp:
        work = Path(tmp)
        base = _base_result(work)
        for size in sizes:
            path = work / f"result-{size}.json"
            path.write_text(json.dumps(scaled(base, size)), encoding="utf-8")
            html = _measure(path, "html", work / f"report-{size}.html")
            pdf = _measure(path, "pdf", work / f"report-{size}.pdf")
            pages = len(pypdf.PdfReader(io.BytesIO((work / f"report-{size}.pdf").read_bytes())).pages)
            rows.append((size, pages, html, pdf))
    print("| criteria | pages | HTML render (s, baseline) | PDF render (s) | s per 10 pages | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, pages, html, pdf in rows:
        per10 = pdf["seconds"] / pages * 10
        figures = f"{html['seconds']:.2f} | {pdf['seconds']:.2f} | {per10:.2f} | {pdf['rss_mb']:.0f}"
        print(f"| {size} | {pages} | {figures} |")
    print()
    goal = next((r for r in rows if r[0] == 150), None)
    if goal is not None:
        size, pages, _, pdf = goal
        per10 = pdf["seconds"] / pages * 10
        verdict = "met" if per10 <= GOAL_SECONDS_PER_10_PAGES and pdf["rss_mb"] <= GOAL_RSS_MB else "missed"
        print(
            f"Goal: a 150-criterion report at ≤ {GOAL_SECONDS_PER_10_PAGES:.0f} s per 10 pages and ≤ "
            f"{GOAL_RSS_MB:.0f} MB peak RSS: **{verdict}** ({per10:.2f} s per 10 pages, {pdf['rss_mb']:.0f} MB). "
            "Fonts are subset with fontTools when the system lacks libharfbuzz-subset0 (as here), which is slower."
        )


if __name__ == "__main__":
    main()
