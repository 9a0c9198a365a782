"""Inputs and helpers of the case-sample tests: a complaints register, criteria sets, worksheets.

A module of its own (not conftest.py) so the tests can import it by a name no other test folder uses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from servex.testing import CliRun

_CRITERION = """  - id: {cid}
    level: L2
    elements: [E8]
    title: {{en: Complaints acknowledged in practice, fr: Réclamations accusées en pratique}}
    statement: {{en: Each complaint is acknowledged within two working days., fr: Chaque réclamation reçoit un accusé.}}
    guidance: {{en: Trace a sample of complaint files., fr: Tracer un échantillon de dossiers de réclamation.}}
    recommendation: {{en: Acknowledge every complaint quickly., fr: Accuser réception de chaque réclamation.}}
    weight: 1
    scale: compliance
    evidence:
      - id: trace
        type: case_sample
        role: show
        description: {{en: Traced complaint files show a timely acknowledgement., fr: Les dossiers tracés le montrent.}}
        params:
          {source}
          sample_size: {size}
          seed: {seed}
          practice: {{en: "Acknowledged within two working days.", fr: "Accusé de réception sous deux jours ouvrés."}}
          target: 90
          partial_target: 70
          min_traced: 8
    grading:
      rules:
        - {{when: {{req: trace, is: satisfied}}, then: compliance}}
        - {{when: {{req: trace, is: partial}}, then: partial}}
      otherwise: non_compliance
"""
_HEAD = """format_version: "1"
id: test-cases
version: "1.0.0"
extends: servex-model
title: {en: Case sampling, fr: Échantillonnage de dossiers}
criteria:
  - id: OBS-01
    level: L2
    elements: [E8]
    title: {en: No case sample here, fr: Pas d'échantillon ici}
    statement: {en: A criterion without case sampling., fr: Un critère sans échantillon.}
    guidance: {en: None., fr: Aucune.}
    recommendation: {en: None., fr: Aucune.}
    weight: 1
    scale: compliance
    evidence:
      - {id: obs, type: observation, role: show, description: {en: An observation., fr: Une observation.}}
    grading:
      rules:
        - {when: {req: obs, is: satisfied}, then: compliance}
      otherwise: non_compliance
"""


def criteria_yaml(*criteria: str, source: str = "dataset: complaints", seed: int = 7, size: int = 10) -> str:
    """A criteria set with OBS-01 and one case_sample criterion per id given (all drawing alike)."""
    body = "".join(_CRITERION.format(cid=c, source=source, seed=seed, size=size) for c in criteria)
    return _HEAD + body


MANIFEST = """format_version: "1"
organisation: {name: Case Ltd}
assessor: {name: Ann Assessor}
criteria: cases.yaml
period: {start: "2025-01-01", end: "2025-12-31"}
sources:
  - name: complaints-register
    collector: datasets
    config:
      files:
        - {path: data/complaints.csv, dataset: complaints}
"""

#: 40 complaints in the assessment period, 5 in the year before (never drawn).
IN_PERIOD = [f"C{n:03d}" for n in range(1, 41)]
BEFORE = [f"B{n:03d}" for n in range(1, 6)]


def complaints_csv(order: Sequence[str] | None = None) -> str:
    lines = ["id,received_at,acknowledged_at"]
    dates = {case: f"2025-{1 + i % 12:02d}-{1 + i % 27:02d} 10:00" for i, case in enumerate(IN_PERIOD)}
    dates.update({case: f"2024-06-{10 + i:02d} 10:00" for i, case in enumerate(BEFORE)})
    for case in order or [*BEFORE, *IN_PERIOD]:
        lines.append(f"{case},{dates[case]},{dates[case]}")
    return "\n".join(lines) + "\n"


Cli = Callable[..., CliRun]


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_id", "practice", "followed", "note", "assessor", "date"])
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")


def requirement(result: dict[str, Any], criterion: str = "CASE-01", req: str = "trace") -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == criterion)
    found: dict[str, Any] = next(r for r in finding["requirements"] if r["id"] == req)
    return found
