"""`servex assess --lang de` writes every report in German, and an assessor's plan file (`--plan` or the
manifest's `plan:`) gives owners, due dates, effort and priorities to the action plan; a bad plan is one
located error line, exit 3, and nothing written."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest
from report_support import REPO, run_servex
from servex._schemas import schema

TELECOM = REPO / "evidence_samples" / "telecom-operator"
PLAN = """\
format_version: "1"
actions:
  - criterion: PYR-L3-01          # the next level's blocker
    owner: Head of Customer Experience
    due: "2026-06-30"
    effort: medium
    priority: high
    action: Map the moving-home journey with customers and staff.
  - {criterion: PYR-L4-09, owner: CFO, priority: 3}
"""


def _validate_result(data: dict[str, object]) -> None:
    import jsonschema

    jsonschema.Draft202012Validator(schema("result"), format_checker=jsonschema.FormatChecker()).validate(data)


def test_assess_in_german_with_a_plan_writes_every_report_in_german(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    outputs = ["json:r.json", "md:r.md", "html:r.html", "pdf:r.pdf", "plan-csv:p.csv", "plan-xlsx:p.xlsx"]
    done = run_servex("assess", str(TELECOM), "--lang", "de", "--plan", "plan.yaml", "--fail-on", "never",
                      *[arg for out in outputs for arg in ("-o", out)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Stufe" in done.stderr and "Erreicht" in done.stderr  # the level table on the terminal
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    _validate_result(result)
    assert result["lang"] == "de"
    assert result["action_plan"] == [
        {"criterion_id": "PYR-L3-01", "owner": "Head of Customer Experience", "due": "2026-06-30",
         "effort": "medium", "priority": 1, "action": "Map the moving-home journey with customers and staff."},
        {"criterion_id": "PYR-L4-09", "owner": "CFO", "priority": 3},
    ]
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Maßnahmenplan" in md and "Feststellungen" in md
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html and "Feststellungen filtern" in html
    pdf = pypdf.PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes()))
    assert pdf.trailer["/Root"]["/Lang"] == "de" and "Maßnahmenplan" in pdf.pages[1].extract_text()
    rows = (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Priorität,Stufe,Kriterium")
    planned = next(r for r in rows if ",PYR-L3-01," in r)
    assert planned.startswith("Hoch,") and "Head of Customer Experience,2026-06-30,Mittel," in planned
    cfo = next(r for r in rows if ",PYR-L4-09," in r)
    assert cfo.startswith("Niedrig,") and ",CFO," in cfo
    assert (tmp_path / "p.xlsx").stat().st_size > 0
    # rendering again later keeps the plan: it is in the result
    again = run_servex("report", "r.json", "-o", "plan-csv:again.csv", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "again.csv").read_text(encoding="utf-8-sig").splitlines() == rows


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (PLAN.replace("PYR-L4-09", "PYR-L9-99"), "plan.yaml:9:17: unknown criterion 'PYR-L9-99'"),
        (PLAN.replace('"2026-06-30"', '"2026-02-30"'), "plan.yaml:5:10: '2026-02-30' is not a 'date'"),
        (PLAN.replace("priority: high", "priority: urgent"), 'plan.yaml:7:15: "urgent" is not one of'),
        (PLAN.replace("    owner: Head", "    ownr: Head"), "plan.yaml:4:5: unknown key 'ownr'; did you mean 'owner'?"),
        (PLAN + "  - {criterion: PYR-L3-01}\n", "plan.yaml:10:17: PYR-L3-01 is already planned in entry 1"),
        ("actions: [\n", "plan.yaml:2:1: invalid YAML"),
    ],
)
def test_a_bad_plan_is_one_located_line_and_nothing_is_written(tmp_path: Path, text: str, where: str) -> None:
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_servex("assess", str(TELECOM), "--plan", "plan.yaml", "-o", "json:r.json", "-o", "html:r.html",
                      cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert where in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.html").exists()


def test_the_manifest_names_a_plan_inside_the_evidence_folder(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    shutil.copytree(TELECOM, folder)
    manifest = folder / "servex.yaml"
    original = manifest.read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    manifest.write_text(original + "plan: plan.yaml\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    done = run_servex("assess", str(folder), "-o", "json:out/r.json", "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "r.json").read_text(encoding="utf-8"))["action_plan"][1]["owner"] == "CFO"
    (tmp_path / "elsewhere.yaml").write_text(PLAN, encoding="utf-8")
    manifest.write_text(original + "plan: ../elsewhere.yaml\n", encoding="utf-8")
    refused = run_servex("assess", str(folder), "-o", "json:out/r2.json", cwd=tmp_path)
    assert refused.returncode == 3 and "servex.yaml:" in refused.stderr
    assert "the plan file must be inside the evidence folder" in refused.stderr and not (out / "r2.json").exists()
