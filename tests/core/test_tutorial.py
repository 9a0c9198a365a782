"""The tutorial in docs/plugins.md must work as written: its code is run here, unchanged."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from core_support import DATA

REPO = Path(__file__).resolve().parents[2]


def _tutorial_module() -> str:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    tutorial = text.split("## Tutorial", 1)[1]
    return "\n\n".join(re.findall(r"```python\n(.*?)```", tutorial, re.S))


def test_tutorial_plugin_runs(servex, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "acme_servex_nps.py").write_text(_tutorial_module(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    cset = (DATA / "mini-set.yaml").read_text(encoding="utf-8")
    last = cset.rindex("type: observation")
    cset = cset[:last] + "type: acme.nps" + cset[last + len("type: observation") :]
    cset = cset.replace(
        "description: {en: Seen on site, fr: Vu sur site}}\n    grading:\n      rules:\n"
        "        - {when: {req: seen, is: satisfied}, then: compliance}\n      otherwise",
        "description: {en: NPS, fr: NPS}, params: {min_nps: 20, min_sample: 10}}\n    grading:\n"
        "      rules:\n        - {when: {req: seen, is: satisfied}, then: compliance}\n      otherwise",
    )
    org = tmp_path / "org"
    shutil.copytree(DATA / "mini-org", org)
    (org / "mini-set.yaml").write_text(cset, encoding="utf-8")
    (org / "exports").mkdir()
    question = "How likely are you to recommend Acme to a friend?"
    rows = ["10"] * 8 + ["9"] * 4 + ["7"] * 3 + ["3"] * 2 + ["eleven"]
    (org / "exports" / "nps.csv").write_text(
        f"Response ID,{question}\n" + "".join(f"r{i},{v}\n" for i, v in enumerate(rows))
    )
    manifest = org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "sources:\n  - {name: typeform, collector: acme_nps, required: true, "
        "config: {file: exports/nps.csv}}\n"
    )
    out = tmp_path / "r.json"
    run = servex("-p", "acme_servex_nps", "assess", org, "-o", f"json:{out}", "--fail-on", "never")
    assert run.code == 0, run.err
    result = json.loads(out.read_text())
    finding = next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")
    assert finding["status"] == "met"
    details = finding["requirements"][0]["details"]
    assert details["nps"] == round(100 * (12 - 2) / 17, 1)
    assert details["show"][0] == {
        "kind": "metric",
        "label": "NPS",
        "value": 58.8,
        "target": {"op": ">=", "value": 20.0},
        "met": True,
    }
    assert any("eleven" in e["message"] and e["line"] == 19 for e in result["log"])
    export = next(e for e in result["evidence"] if e["kind"] == "nps-responses")
    assert export["id"] in finding["evidence_ids"] and len(export["provenance"]["sha256"]) == 64


def _tutorial_yaml(start: str) -> str:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text.split("## Tutorial", 1)[1], re.S)
    return next(block for block in blocks if block.startswith(start))


def test_tutorial_extends_the_pyramid_and_reports_show_the_details(servex, tmp_path: Path, monkeypatch) -> None:
    """Issue 15: two criteria added to the shipped pyramid through `extends:`, details in HTML and PDF."""
    from pypdf import PdfReader

    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "acme_servex_nps.py").write_text(_tutorial_module(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    (tmp_path / "acme-pyramid.yaml").write_text(_tutorial_yaml("format_version"), encoding="utf-8")
    check = servex("-p", "acme_servex_nps", "criteria", "validate", tmp_path / "acme-pyramid.yaml")
    assert check.code == 0, check.err
    org = tmp_path / "org"
    (org / "exports").mkdir(parents=True)
    (org / "acme-pyramid.yaml").write_text(_tutorial_yaml("format_version"), encoding="utf-8")
    question = "How likely are you to recommend Acme to a friend?"
    rows = ["10"] * 8 + ["9"] * 4 + ["7"] * 3 + ["3"] * 2
    (org / "exports" / "nps.csv").write_text(
        f"Response ID,{question}\n" + "".join(f"r{i},{v}\n" for i, v in enumerate(rows))
    )
    (org / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Acme}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        + _tutorial_yaml("criteria:")
        + "observations:\n  - {criterion: ACME-L3-01, requirement: seen, result: satisfied, note: Call-back log.,\n"
        + '     observed_by: A. Assessor, date: "2025-11-02"}\n',
        encoding="utf-8",
    )
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "html", "pdf")}
    args = [a for fmt, path in out.items() for a in ("-o", f"{fmt}:{path}")]
    run = servex("-p", "acme_servex_nps", "assess", org, *args, "--fail-on", "never")
    assert run.code == 0, run.err
    result = json.loads(out["json"].read_text())
    ids = [f["criterion_id"] for f in result["findings"]]
    from servex import load_criteria_set

    pyramid = len(load_criteria_set("servex-pyramid").criteria)
    assert len(ids) == pyramid + 2 and {"ACME-L2-01", "ACME-L3-01", "PYR-L1-01"} <= set(ids)
    assert next(f for f in result["findings"] if f["criterion_id"] == "ACME-L2-01")["status"] == "met"
    shown = "NPS = 58.8 (target ≥ 20) ✓"
    page = out["html"].read_text(encoding="utf-8")
    assert shown in page and "<td>12</td><td>3</td><td>2</td>" in page
    assert "Typeform NPS export (17 answers)" in page  # the evidence title
    pdf_text = " ".join((p.extract_text() or "") for p in PdfReader(out["pdf"]).pages)
    assert "NPS = 58.8 (target ≥ 20)" in " ".join(pdf_text.split())
