"""Reports: `servex report` to PDF for 150 criteria against WeasyPrint on plain HTML of the same page count.

Why: the PDF is what boards and certifiers read, rendered for every client and re-assessment, often in
CI. A competent user without servex would write plain HTML (headings, paragraphs, a table) and run the
`weasyprint` command on it: that is the baseline, with as many pages as servex's report. Goals (issue
21): ≤ 1 s per 10 pages and ≤ 400 MB peak RSS for a 150-criterion report. The result is the telecom
sample's real result with its findings replicated under new ids (every finding keeps its evidence, KPI
series and answers); both commands run whole, imports included, in fresh processes.

    python bench/bench_report.py [--criteria 150]
"""

from __future__ import annotations

import argparse
import copy
import html
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _harness import REPO, Contender, load, measure, publish, quick, servex_bin, table

EPOCH = "1767225600"
GOAL_SECONDS_PER_10_PAGES, GOAL_RSS_MB = 1.0, 400.0


def _base_result(work: Path) -> dict[str, Any]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(work / "cache")}
    target = work / "telecom.json"
    sample = REPO / "evidence_samples/telecom-operator"
    subprocess.run([servex_bin(), "assess", str(sample), "-o", f"json:{target}", "--fail-on", "never", "-q"],
                   env=env, check=True)
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


def _pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def _plain_html(result: dict[str, Any], blocks: int) -> str:
    """Headings, paragraphs and a small table per finding, as a user would write them without servex."""
    parts = ["<!doctype html><html lang=en><meta charset=utf-8><title>Gap analysis</title>",
             "<style>body{font-family:sans-serif;font-size:10pt} table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:2pt 4pt}</style><h1>Gap analysis</h1>"]
    findings = result["findings"]
    for i in range(blocks):
        f = findings[i % len(findings)]
        title = f.get("title", {}).get("en", "") if isinstance(f.get("title"), dict) else str(f.get("title", ""))
        parts.append(f"<h2>{html.escape(f['criterion_id'])} {html.escape(title)}</h2>")
        parts.append(f"<p>Status: {html.escape(str(f.get('status')))}; score {html.escape(str(f.get('score')))}.</p>")
        for req in f.get("requirements", [])[:4]:
            message = req.get("message", {})
            text = message.get("en", "") if isinstance(message, dict) else str(message)
            parts.append(f"<p>{html.escape(str(req.get('id', '')))}: {html.escape(text)}</p>")
        parts.append("<table><tr><th>requirement</th><th>outcome</th></tr>" + "".join(
            f"<tr><td>{html.escape(str(r.get('id', '')))}</td><td>{html.escape(str(r.get('state', '')))}</td></tr>"
            for r in f.get("requirements", [])[:4]) + "</table>")
    return "\n".join(parts)


def _calibrated(result: dict[str, Any], target_pages: int, work: Path) -> tuple[Path, int]:
    """Plain HTML with (about) `target_pages` pages: scale the number of blocks twice from a trial render."""
    blocks = max(1, len(result["findings"]))
    path, pdf = work / "plain.html", work / "plain-trial.pdf"
    pages = 0
    for _ in range(3):
        path.write_text(_plain_html(result, blocks), encoding="utf-8")
        subprocess.run([str(Path(sys.executable).with_name("weasyprint")), "-q", str(path), str(pdf)], check=True)
        pages = _pages(pdf)
        if pages == target_pages:
            break
        blocks = max(1, round(blocks * target_pages / max(1, pages)))
    return path, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=40 if quick() else 150)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="servex-bench-report-") as tmp:
        work = Path(tmp)
        result = scaled(_base_result(work), args.criteria)
        result_path = work / "result.json"
        result_path.write_text(json.dumps(result), encoding="utf-8")
        env = {"SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(work / "cache")}
        report_pdf = work / "report.pdf"
        servex = Contender(f"`servex report` ({args.criteria} criteria) to PDF",
                           [servex_bin(), "report", str(result_path), "-o", f"pdf:{report_pdf}", "-q"], env=env)
        measure([servex], count=1, warmup=False)
        pages = _pages(report_pdf)
        plain, plain_pages = _calibrated(result, pages, work)
        baseline = Contender(f"`weasyprint` on plain HTML ({plain_pages} pages, baseline)",
                             [str(Path(sys.executable).with_name("weasyprint")), "-q", str(plain),
                              str(work / "plain.pdf")])
        before = load()
        stats = measure([baseline, servex])
        after = load()
    own = stats[servex.name]
    per10 = own.median / pages * 10
    ok = per10 <= GOAL_SECONDS_PER_10_PAGES and own.peak_mb <= GOAL_RSS_MB
    body = f"servex's report: {pages} pages.\n\n" + table(stats, baseline.name, before, after)
    body += (
        f"\n\nGoal: ≤ {GOAL_SECONDS_PER_10_PAGES:.0f} s per 10 pages and ≤ {GOAL_RSS_MB:.0f} MB peak RSS at 150 "
        f"criteria: **{'met' if ok else 'missed'}** ({per10:.2f} s per 10 pages, median; {own.min / pages * 10:.2f} "
        f"at best; {own.peak_mb:.0f} MB). The baseline takes {stats[baseline.name].median / plain_pages * 10:.2f} s "
        "per 10 pages."
    )
    publish("report", __doc__, body, "python bench/bench_report.py", time.perf_counter() - started)


if __name__ == "__main__":
    main()
