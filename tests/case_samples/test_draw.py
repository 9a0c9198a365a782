"""`servex cases draw`: the sample is reproducible, follows the documented algorithm, and never
overwrites an assessor's work."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from case_support import BEFORE, IN_PERIOD, Cli, complaints_csv, criteria_yaml, read_csv
from servex.plugins.case_samples._sample import draw as draw_ids

EXPECTED = sorted(random.Random(7).sample(sorted(IN_PERIOD), 10))


def test_same_seed_and_data_draw_the_same_cases_whatever_the_export_order(
    draw: Callable[..., list[str]], org: Path
) -> None:
    # The documented algorithm: ids in the period, sorted, random.Random(seed).sample, sorted.
    assert draw() == EXPECTED
    (org / "data" / "complaints.csv").write_text(complaints_csv([*reversed(IN_PERIOD), *BEFORE]), encoding="utf-8")
    assert draw("--force") == EXPECTED
    rows = read_csv(org / "cases" / "CASE-01-trace.csv")
    assert list(rows[0]) == ["case_id", "practice", "followed", "note", "assessor", "date"]
    assert {r["practice"] for r in rows} == {"Acknowledged within two working days."}
    assert {r["assessor"] for r in rows} == {"Ann Assessor"} and {r["followed"] for r in rows} == {""}


def test_the_draw_depends_on_the_seed_and_the_population_only() -> None:
    population = [f"T{n:04d}" for n in range(500)]
    assert draw_ids(population, 20, 1) == draw_ids(list(reversed(population)), 20, 1)
    assert draw_ids(population, 20, 1) != draw_ids(population, 20, 2)
    assert draw_ids(population[:5], 20, 1) == tuple(population[:5])  # a small population is drawn whole


def test_cases_outside_the_assessment_period_are_never_drawn(servex_cli: Cli, org: Path) -> None:
    (org / "cases.yaml").write_text(criteria_yaml("CASE-01", size=100), encoding="utf-8")
    done = servex_cli("cases", "draw", org, "--criterion", "CASE-01", "-o", "-")
    assert done.code == 0, done.err
    assert [line.split(",")[0] for line in done.out.splitlines()[1:]] == IN_PERIOD  # nothing from 2024
    assert "drew 40 of 40 cases (seed 7) from data/complaints.csv" in done.err


def test_an_existing_worksheet_is_not_overwritten(servex_cli: Cli, draw: Callable[..., list[str]], org: Path) -> None:
    draw()
    sheet = org / "cases" / "CASE-01-trace.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "traced,work\n", encoding="utf-8")
    before = sheet.read_bytes()
    done = servex_cli("cases", "draw", org, "--criterion", "CASE-01")
    assert done.code == 2 and "--force" in done.err
    assert sheet.read_bytes() == before


def test_xlsx_worksheet_in_french_is_byte_stable(servex_cli: Cli, org: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    for name in ("a.xlsx", "b.xlsx"):
        done = servex_cli("cases", "draw", org, "--criterion", "CASE-01", "--lang", "fr", "-o", tmp_path / name)
        assert done.code == 0, done.err
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    sheet = load_workbook(tmp_path / "a.xlsx")["Cases"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == EXPECTED
    assert {r[1] for r in rows} == {"Accusé de réception sous deux jours ouvrés."}
    assert sheet.data_validations.dataValidation[0].formula1 == '"yes,no,n.a."'


def test_usage_mistakes_are_one_line(servex_cli: Cli, org: Path, tmp_path: Path) -> None:
    wrong = servex_cli("cases", "draw", org, "--criterion", "CASE-01", "-o", tmp_path / "x.pdf")
    assert wrong.code == 2 and "csv or .xlsx" in wrong.err
    unknown = servex_cli("cases", "draw", org, "--criterion", "NOPE-01")
    assert unknown.code == 3 and unknown.err.strip() == "error: test-cases has no criterion 'NOPE-01'"
    none = servex_cli("cases", "draw", org, "--criterion", "OBS-01")
    assert none.code == 3 and none.err.strip() == "error: OBS-01 (test-cases) has no case_sample requirement"
    assert not (org / "cases").exists()


def test_no_export_to_draw_from(servex_cli: Cli, org: Path) -> None:
    manifest = org / "servex.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").split("sources:")[0], encoding="utf-8")
    (org / "data" / "complaints.csv").unlink()  # an undeclared export would be recognised and used
    done = servex_cli("cases", "draw", org, "--criterion", "CASE-01")
    assert done.code == 3 and "no complaints export in the evidence" in done.err
    assert not (org / "cases").exists()


def test_draw_from_a_case_list(servex_cli: Cli, org: Path) -> None:
    (org / "cases.yaml").write_text(criteria_yaml("CASE-01", source="cases_file: cases/files.txt"), encoding="utf-8")
    (org / "cases").mkdir()
    listed = [f"F{n:02d}" for n in range(1, 13)]
    (org / "cases" / "files.txt").write_text("\n".join(reversed(listed)) + "\n", encoding="utf-8")
    done = servex_cli("cases", "draw", org, "--criterion", "CASE-01")
    assert done.code == 0, done.err
    drawn = [r["case_id"] for r in read_csv(org / "cases" / "CASE-01-trace.csv")]
    assert drawn == sorted(random.Random(7).sample(listed, 10))


def test_no_case_in_the_assessment_period(servex_cli: Cli, org: Path) -> None:
    manifest = org / "servex.yaml"
    text = manifest.read_text(encoding="utf-8").replace(
        '"2025-01-01", end: "2025-12-31"', '"2023-01-01", end: "2023-12-31"'
    )
    manifest.write_text(text, encoding="utf-8")
    done = servex_cli("cases", "draw", org, "--criterion", "CASE-01")
    assert done.code == 3
    assert done.err.strip().endswith("no case of data/complaints.csv falls within 2023-01-01 to 2023-12-31")
    assert not (org / "cases").exists()


def test_an_export_without_case_ids_is_said_not_failed(servex_cli: Cli, org: Path, tmp_path: Path) -> None:
    """Observed: a complaints export with no `id` column failed the case-sample evaluator with a database
    error ("Referenced column id not found"), the criterion was marked `error` and the run exited 5."""
    lines = (org / "data" / "complaints.csv").read_text(encoding="utf-8").splitlines()
    (org / "data" / "complaints.csv").write_text(
        "\n".join(line.split(",", 1)[1] for line in lines) + "\n", encoding="utf-8"
    )  # the same register without its id column
    drawn = servex_cli("cases", "draw", org, "--criterion", "CASE-01", "-o", "-")
    assert drawn.code == 3 and "has no id column; no case can be drawn" in drawn.err
    out = tmp_path / "result.json"
    done = servex_cli("assess", org, "-o", f"json:{out}", "--fail-on", "never")
    assert done.code == 0, done.err
    (finding,) = [f for f in json.loads(out.read_text())["findings"] if f["criterion_id"] == "CASE-01"]
    (trace,) = finding["requirements"]
    assert finding["status"] != "error" and trace["state"] == "insufficient"
    assert "has no id column" in trace["message"]["en"]
