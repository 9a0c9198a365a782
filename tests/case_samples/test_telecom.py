"""A real `servex assess` on a copy of the telecom sample with a criteria set that extends servex-model
and grades one criterion on traced ticket files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from case_support import Cli, read_csv, write_csv

REPO = Path(__file__).resolve().parents[2]
CRITERIA = """format_version: "1"
id: telecom-cases
version: "1.0.0"
extends: servex-model
title: {en: Traced tickets, fr: Tickets tracés}
criteria:
  - id: TEL-CASE-01
    level: L1
    elements: [E8]
    title: {en: Promised callbacks are made, fr: Les rappels promis sont faits}
    statement:
      en: When an agent promises a callback, the customer is called back on time.
      fr: Quand un conseiller promet un rappel, le client est rappelé à temps.
    guidance: {en: Trace a sample of tickets., fr: Tracer un échantillon de tickets.}
    recommendation: {en: Keep every callback promise., fr: Tenir chaque promesse de rappel.}
    weight: 1
    scale: compliance
    evidence:
      - id: callbacks
        type: case_sample
        role: show
        description: {en: Traced tickets show callbacks made on time., fr: Les tickets tracés le montrent.}
        params:
          dataset: tickets
          sample_size: 12
          seed: 2025
          practice: {en: "A promised callback was made on time.", fr: "Un rappel promis a été fait à temps."}
          target: 90
          partial_target: 70
          min_traced: 10
    grading:
      rules:
        - {when: {req: callbacks, is: satisfied}, then: compliance}
        - {when: {req: callbacks, is: partial}, then: partial}
      otherwise: non_compliance
"""


def test_assess_grades_a_case_sample_on_the_telecom_sample(
    servex_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    org = tmp_path / "telecom"
    shutil.copytree(REPO / "evidence_samples" / "telecom-operator", org)
    # the sample's observations name pyramid criteria; this run grades a set of its own
    manifest = org / "servex.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: text.index("\n# What the assessor saw")] + "\n", encoding="utf-8")
    (org / "telecom-cases.yaml").write_text(CRITERIA, encoding="utf-8")
    cases = str(org / "telecom-cases.yaml")  # command-line paths are relative to the working folder
    drawn = servex_cli("cases", "draw", org, "--criteria", cases, "--criterion", "TEL-CASE-01")
    assert drawn.code == 0, drawn.err
    assert "drew 12 of 3245 cases (seed 2025) from data/tickets.csv" in drawn.err
    sheet = org / "cases" / "TEL-CASE-01-callbacks.csv"
    rows = read_csv(sheet)
    answers = ["yes"] * 10 + ["no", "n.a."]
    write_csv(
        sheet,
        [
            [r["case_id"], r["practice"], a, "", "Sample Assessor", "2026-01-12"]
            for r, a in zip(rows, answers, strict=True)
        ],
    )
    out = tmp_path / "result.json"
    done = servex_cli("assess", org, "--criteria", cases, "-o", f"json:{out}", "--fail-on", "never")
    assert done.code == 0, done.err
    result = json.loads(out.read_text(encoding="utf-8"))
    finding = next(f for f in result["findings"] if f["criterion_id"] == "TEL-CASE-01")
    req = finding["requirements"][0]
    assert (req["type"], req["state"], finding["status"]) == ("case_sample", "satisfied", "met")
    assert req["message"]["en"].startswith("10 of 11 traced cases followed the practice (90.9 %)")
    assert req["details"]["sample"]["drawn"] == [r["case_id"] for r in rows]
    assert req["details"]["sample"]["population"] == 3245
