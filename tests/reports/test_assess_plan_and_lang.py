"""`servex assess --lang de` writes every report in German, and an assessor's plan file (`--plan` or the
manifest's `plan:`) gives owners, due dates, effort and priorities to the action plan; a bad plan is one
located error line, exit 3, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
    # the PDF takes the same language through the same call (its German rendering: test_accessible_pdf.py)
    outputs = ["json:r.json", "md:r.md", "html:r.html", "plan-csv:p.csv", "plan-xlsx:p.xlsx"]
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
    rows = (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Priorität,Stufe,Kriterium")
    planned = next(r for r in rows if ",PYR-L3-01," in r)
    assert planned.startswith("Hoch,") and "Head of Customer Experience,2026-06-30,Mittel," in planned
    cfo = next(r for r in rows if ",PYR-L4-09," in r)
    assert cfo.startswith("Niedrig,") and ",CFO," in cfo
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "p.xlsx").active.title == "Maßnahmenplan"
    # rendering again later keeps the plan: it is in the result
    again = run_servex("report", "r.json", "-o", "plan-csv:again.csv", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "again.csv").read_text(encoding="utf-8-sig").splitlines() == rows


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (  # every schema problem at once, each where it is
            PLAN.replace('"2026-06-30"', '"2026-02-30"').replace("priority: high", "priority: urgent")
            .replace("    owner: Head", "    ownr: Head"),
            ["plan.yaml:4:5: unknown key 'ownr'; did you mean 'owner'?", "plan.yaml:5:10: '2026-02-30' is not a "
             "'date'", 'plan.yaml:7:15: "urgent" is not one of high, medium, low, 1, 2, 3'],
        ),
        (  # then the criteria, against the graded sets
            PLAN.replace("PYR-L4-09", "PYR-L9-99") + "  - {criterion: PYR-L3-01}\n",
            ["plan.yaml:9:17: unknown criterion 'PYR-L9-99'", "plan.yaml:10:17: PYR-L3-01 is already planned in "
             "entry 1"],
        ),
        ("actions: [\n", ["plan.yaml:2:1: invalid YAML"]),
    ],
)
def test_a_bad_plan_is_one_located_line_each_and_nothing_is_written(
    tmp_path: Path, text: str, where: list[str]
) -> None:
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_servex("assess", str(TELECOM), "--plan", "plan.yaml", "-o", "json:r.json", "-o", "html:r.html",
                      cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == len(where) and "Traceback" not in done.stderr
    assert all(wanted in line for wanted, line in zip(where, lines, strict=True)), lines
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.html").exists()


def test_the_manifest_names_a_plan_inside_the_evidence_folder_and_german(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    shutil.copytree(TELECOM, folder)
    manifest = folder / "servex.yaml"
    original = manifest.read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    assert "\nlang: en\n" in original
    manifest.write_text(original.replace("\nlang: en\n", "\nlang: de\n") + "plan: plan.yaml\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    done = run_servex("assess", str(folder), "-o", "json:out/r.json", "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert result["action_plan"][1]["owner"] == "CFO" and result["lang"] == "de" and "Stufe" in done.stderr
    (tmp_path / "elsewhere.yaml").write_text(PLAN, encoding="utf-8")
    manifest.write_text(original + "plan: ../elsewhere.yaml\n", encoding="utf-8")
    refused = run_servex("assess", str(folder), "-o", "json:out/r2.json", cwd=tmp_path)
    assert refused.returncode == 3 and "servex.yaml:" in refused.stderr
    assert "the plan file must be inside the evidence folder" in refused.stderr and not (out / "r2.json").exists()
