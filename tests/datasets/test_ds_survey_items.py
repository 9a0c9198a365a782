"""Issue 23, observation 8: survey items beyond the canonical fields ("felt valued", "made it easy" on
1-7), mapped in the manifest under `scores:` with their declared scale and read by KPIs defined as data,
run end to end through `servex assess` and checked in the result JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from servex import ExitCode
from servex.testing import run_cli

SET = """\
format_version: "1"
id: acme-care
version: 1.0.0
title: {en: Care, fr: Soin}
scales:
  compliance:
    title: {en: Compliance, fr: Conformité}
    values:
      - {id: non_compliance, label: {en: Non-compliance, fr: Non-conformité}, score: 0, status: not_met}
      - {id: compliance, label: {en: Compliance, fr: Conformité}, score: 100, status: met}
levels:
  - {id: L1, name: {en: Core, fr: Base}}
dimensions:
  - {id: D1, name: {en: Customers, fr: Clients}}
elements:
  - {id: E1, dimension: D1, name: {en: Feeling, fr: Ressenti}}
criteria:
  - id: CARE-01
    level: L1
    elements: [E1]
    title: {en: Customers feel valued, fr: Les clients se sentent considérés}
    statement: {en: Customers feel valued., fr: Les clients se sentent considérés.}
    recommendation: {en: Value customers., fr: Considérer les clients.}
    weight: 1
    scale: compliance
    evidence:
      - {id: felt, type: kpi, role: show, description: {en: Felt valued, fr: Considéré},
         params: {kpi: felt_valued_top2, target: {op: ">=", value: 50}, min_sample: 5, min_coverage: 0}}
      - {id: easy, type: kpi, role: show, description: {en: Made it easy, fr: Facile},
         params: {kpi: made_it_easy_mean, target: {op: ">=", value: 5}, min_sample: 5, min_coverage: 0}}
      - {id: heard, type: kpi, role: show, description: {en: Was heard, fr: Écouté},
         params: {kpi: was_heard_top2, target: {op: ">=", value: 50}, min_sample: 5, min_coverage: 0}}
    grading:
      rules:
        - {when: {req: felt, is: satisfied}, then: compliance}
      otherwise: non_compliance
"""

KPIS = """\
kpis:
  - id: felt_valued_top2
    name: {en: Felt valued (top two), fr: Se sent considéré (deux meilleures notes)}
    unit: percent
    direction: higher_is_better
    dataset: survey
    formula: {type: top_box, field: felt_valued, boxes: 2}
    min_sample: 5
  - id: made_it_easy_mean
    name: {en: Made it easy (mean of 1-7), fr: Facilité (moyenne sur 1-7)}
    unit: score
    direction: higher_is_better
    dataset: survey
    scale: [1, 7]
    formula: {type: mean, field: made_it_easy}
    min_sample: 5
  - id: was_heard_top2
    name: {en: Was heard (top two), fr: Écouté (deux meilleures notes)}
    unit: percent
    direction: higher_is_better
    dataset: survey
    formula: {type: top_box, field: was_heard, boxes: 2}
    min_sample: 5
"""

HEADER = ["Response ID", "Submitted", "I felt valued", "You made it easy"]


def _answers(top: int, n: int = 210) -> list[list[Any]]:
    """n responses over 2025; every 13th "felt valued" is NA (no answer), "made it easy" cycles the scale."""
    rows: list[list[Any]] = []
    for i in range(n):
        felt = "NA" if i % 13 == 0 else 1 + (i * 7 + i // 5) % top
        rows.append([f"R{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d} 10:00", felt, 1 + (i * 3) % top])
    return rows


def _manifest(scale: list[int], scores: str | None = None) -> str:
    scores = scores or (
        f'              felt_valued: {{column: "I felt valued", scale: {scale}}}\n'
        f'              made_it_easy: {{column: "You made it easy", scale: {scale}}}\n'
    )
    return (
        'format_version: "1"\norganisation: {name: Acme}\ncriteria: acme-care.yaml\n'
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n"
        "  - name: survey\n"
        "    collector: datasets\n"
        "    config:\n"
        "      files:\n"
        "        - path: data/survey.csv\n"
        "          dataset: survey\n"
        '          mapping: {id: "Response ID", responded_at: "Submitted"}\n'
        "          scores:\n" + scores + KPIS
    )


def _folder(tmp_path: Path, rows: list[list[Any]], scale: list[int], scores: str | None = None) -> Path:
    root = tmp_path / "org"
    (root / "data").mkdir(parents=True)
    with (root / "data" / "survey.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    (root / "acme-care.yaml").write_text(SET, encoding="utf-8")
    (root / "servex.yaml").write_text(_manifest(scale, scores), encoding="utf-8")
    return root


def _assess(root: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "r.json"
    assert run_cli("assess", str(root), "-o", f"json:{out}", "--fail-on", "never") == 0
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _requirements(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["details"]["kpi"]: r for f in result["findings"] for r in f["requirements"] if r["type"] == "kpi"}


def _column(root: Path, header: str) -> list[float]:
    """The answers of one column as an analyst reads them: NA is no answer."""
    with (root / "data" / "survey.csv").open(encoding="utf-8") as handle:
        return [float(r[header]) for r in csv.DictReader(handle) if r[header] != "NA"]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))


def test_a_top_two_box_of_a_one_to_seven_item_matches_an_independent_count(tmp_path: Path) -> None:
    root = _folder(tmp_path, _answers(7), [1, 7])
    result = _assess(root, tmp_path)
    kpis = _requirements(result)
    felt = _column(root, "I felt valued")
    expected = 100 * sum(1 for v in felt if v >= 6) / len(felt)  # top two of 1-7: 6 and 7
    assert kpis["felt_valued_top2"]["details"]["value"] == pytest.approx(expected, abs=1e-4)
    assert kpis["felt_valued_top2"]["details"]["sample"] == len(felt)
    assert kpis["felt_valued_top2"]["details"]["scale"] == [1, 7]
    easy = _column(root, "You made it easy")
    assert kpis["made_it_easy_mean"]["details"]["value"] == pytest.approx(sum(easy) / len(easy), abs=1e-4)
    # NA is no answer, not an invalid value; the clean file logs nothing about its items
    assert not [e for e in result["log"] if e.get("field") in ("felt_valued", "made_it_easy")]


def test_the_same_kpi_on_a_file_declared_one_to_five_takes_its_top_two(tmp_path: Path) -> None:
    root = _folder(tmp_path, _answers(5), [1, 5])
    kpis = _requirements(_assess(root, tmp_path))
    felt = _column(root, "I felt valued")
    expected = 100 * sum(1 for v in felt if v >= 4) / len(felt)  # top two of 1-5: 4 and 5
    assert kpis["felt_valued_top2"]["details"]["value"] == pytest.approx(expected, abs=1e-4)
    assert kpis["felt_valued_top2"]["details"]["scale"] == [1, 5]
    # a KPI whose thresholds assume 1-7 refuses the 1-5 item, with the reason, and prints no number
    easy = kpis["made_it_easy_mean"]
    assert easy["state"] == "insufficient" and easy["details"]["value"] is None
    assert "1-7" in easy["message"]["en"] and "1-5" in easy["message"]["en"]


def test_an_answer_outside_the_declared_scale_is_located_and_left_out(tmp_path: Path) -> None:
    rows = _answers(7)
    rows[40][2] = 9  # file line 42 (the header is line 1)
    root = _folder(tmp_path, rows, [1, 7])
    result = _assess(root, tmp_path)
    cited = [e for e in result["log"] if e.get("field") == "felt_valued" and e.get("line")]
    assert len(cited) == 1, result["log"]
    assert cited[0]["file"] == "data/survey.csv" and cited[0]["line"] == 42
    assert "'9'" in cited[0]["message"] and "column 'I felt valued'" in cited[0]["message"]
    summary = "1 value(s) of felt_valued are not a valid number on the 1-7 scale"
    assert any(summary in e["message"] for e in result["log"])
    felt = [v for v in _column(root, "I felt valued") if v <= 7]  # the 9 is never used
    expected = 100 * sum(1 for v in felt if v >= 6) / len(felt)
    details = _requirements(result)["felt_valued_top2"]["details"]
    assert details["value"] == pytest.approx(expected, abs=1e-4) and details["sample"] == len(felt)


def test_too_many_answers_outside_the_scale_fail_the_file(tmp_path: Path) -> None:
    rows = _answers(7)
    for row in rows[30:40]:
        row[2] = 8  # 10 of about 200 answers: more than the 1 % allowed
    root = _folder(tmp_path, rows, [1, 7])
    out = tmp_path / "r.json"
    assert run_cli("assess", str(root), "-o", f"json:{out}", "--fail-on", "never") == ExitCode.COLLECTOR_FAILED
    result = json.loads(out.read_text(encoding="utf-8"))
    error = next(e for e in result["log"] if e.get("field") == "felt_valued")
    assert error["level"] == "error" and error["file"] == "data/survey.csv" and error["line"] == 32
    present = sum(1 for row in rows if row[2] != "NA")
    assert f"10 of {present}, column 'I felt valued'" in error["message"] and "1-7 scale" in error["message"]
    assert "scale of felt_valued under `scores:`" in error["message"]
    states = {r["id"]: r for f in result["findings"] for r in f["requirements"]}
    assert states["felt"]["state"] == "error" and states["felt"]["details"].get("value") is None


def test_a_kpi_on_an_item_no_file_maps_has_no_value(tmp_path: Path) -> None:
    root = _folder(tmp_path, _answers(7), [1, 7])
    result = _assess(root, tmp_path)
    heard = _requirements(result)["was_heard_top2"]
    assert heard["state"] == "insufficient"
    assert heard["details"]["value"] is None and heard["details"]["sample"] == 0
    assert heard["details"]["missing_fields"] == ["was_heard"]
    assert "scores:" in heard["message"]["en"]


@pytest.mark.parametrize(
    ("scores", "needle"),
    [
        (
            '              channel: {column: "I felt valued", scale: [1, 7]}\n',
            "'channel' is a canonical field of survey",
        ),
        (
            '              satisfaction_score: {column: "I felt valued", scale: [1, 7]}\n',
            "'satisfaction_score' is a canonical field of survey",
        ),
    ],
)
def test_an_item_named_like_a_canonical_field_is_a_manifest_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scores: str, needle: str
) -> None:
    root = _folder(tmp_path, _answers(7), [1, 7], scores)
    assert run_cli("assess", str(root), "--fail-on", "never") == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    line = _manifest([1, 7], scores).splitlines().index(scores.rstrip("\n")) + 1
    assert f"servex.yaml:{line}:" in err and needle in err, err
    assert "Traceback" not in err


def test_only_survey_files_have_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _folder(tmp_path, _answers(7), [1, 7])
    manifest = root / "servex.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("dataset: survey", "dataset: tickets"), "utf-8")
    assert run_cli("assess", str(root), "--fail-on", "never") == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert "servex.yaml:" in err and "a tickets file has no survey items" in err, err


def test_an_item_whose_column_is_missing_or_mapped_as_a_field_is_named(tmp_path: Path) -> None:
    from servex.plugins.datasets._mapping import MappingError, resolve_mapping

    columns = ["Submitted", "I felt valued"]
    mapping = {"responded_at": "Submitted"}
    fields, _ = resolve_mapping(
        "employee_survey", columns, mapping, scores={"felt_valued": {"column": "I felt valued", "scale": [1, 7]}}
    )
    assert fields["felt_valued"] == "I felt valued"
    with pytest.raises(MappingError, match="scores felt_valued: 'I felt heard', but the file has no such column"):
        resolve_mapping("survey", columns, mapping, scores={"felt_valued": {"column": "I felt heard", "scale": [1, 7]}})
    with pytest.raises(MappingError, match="goes under `scores:`"):
        resolve_mapping("survey", columns, {**mapping, "felt_valued": "I felt valued"})
