"""`servex report --history`: level scores over time, from the results alone, oldest first."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from servex import ExitCode


def _variant(base: dict[str, Any], when: str, scores: dict[str, float], path: Path, **changes: Any) -> Path:
    result = copy.deepcopy(base)
    result["generated_at"] = when
    for level in result["levels"]:
        level["score"] = scores.get(level["id"], level["score"])
    for key, value in changes.items():
        result[key] = value
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def test_history_table_chart_and_data_follow_the_results(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = [lv["id"] for lv in base_result["levels"]]
    files = [
        _variant(base_result, "2024-01-10T00:00:00Z", {ids[0]: 41.0, ids[1]: 12.5}, tmp_path / "a.json"),
        _variant(base_result, "2025-01-10T00:00:00Z", {ids[0]: 63.0, ids[1]: 30.0}, tmp_path / "b.json"),
        _variant(base_result, "2026-01-10T00:00:00Z", {ids[0]: 77.7, ids[1]: 55.5}, tmp_path / "c.json"),
    ]
    html, data = tmp_path / "h.html", tmp_path / "h.json"
    run = servex_cli("report", "--history", *files, "-o", "md:-", "-o", f"html:{html}", "-o", f"json:{data}")
    assert run.code == 0, run.err
    rows = [line for line in run.out.splitlines() if line.startswith("| 10 Jan")]
    assert [row.split(" | ")[0] for row in rows] == ["| 10 Jan 2024", "| 10 Jan 2025", "| 10 Jan 2026"]
    assert [row.split(" | ")[3:5] for row in rows] == [["41.0", "12.5"], ["63.0", "30.0"], ["77.7", "55.5"]]
    points = json.loads(data.read_text())["history"]["points"]
    assert [p["levels"][0]["score"] for p in points] == [41.0, 63.0, 77.7]
    assert not any(p["criteria_set_changed"] for p in points)
    page = html.read_text()
    assert "Level scores over time" in page and f"{ids[0]} 41.0 → 77.7" in page  # the chart's title
    assert page.count("<circle") == 3 * len(ids) and "stroke-dasharray=\"4,3\"" not in page


def test_a_change_of_criteria_set_is_flagged_not_drawn_as_progress(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other_set = {**base_result["criteria_set"], "version": "2.0.0", "sha256": "0" * 64}
    files = [
        _variant(base_result, "2025-01-10T00:00:00Z", {}, tmp_path / "a.json"),
        _variant(base_result, "2026-01-10T00:00:00Z", {}, tmp_path / "b.json", criteria_set=other_set),
    ]
    html = tmp_path / "h.html"
    run = servex_cli("report", "--history", *files, "-o", "md:-", "-o", f"html:{html}")
    assert run.code == 0, run.err
    assert "2.0.0 \\*" in run.out and "not on the same scale" in run.out
    assert 'stroke-dasharray="4,3"' in html.read_text()


def test_results_of_another_organisation_are_refused(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = _variant(base_result, "2025-01-10T00:00:00Z", {}, tmp_path / "other.json",
                     organisation={"name": "Someone Else"})
    mine = _variant(base_result, "2026-01-10T00:00:00Z", {}, tmp_path / "mine.json")
    out = tmp_path / "h.md"
    run = servex_cli("report", "--history", other, mine, "-o", f"md:{out}")
    assert run.code == ExitCode.INVALID_INPUT and not out.exists()
    assert str(other) in run.err and "Someone Else" in run.err


def test_several_results_need_history(servex_cli, base_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _variant(base_result, "2025-01-10T00:00:00Z", {}, tmp_path / "a.json")
    run = servex_cli("report", a, a, "-o", "md:-")
    assert run.code == ExitCode.USAGE_ERROR and "--history" in run.err
