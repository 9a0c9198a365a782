"""servex's own reports and exports in the evidence folder change no grade (see `_own_output`).

What was observed: the gap analysis, the findings workbook or the action plan, kept next to the policies,
were read as documents; the PDF report alone met ten criteria and lifted thirty-five more to partly met.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from servex.plugins.documents._own_output import OwnOutputs

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "evidence_samples" / "harbour-cycles"


def _servex(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SERVEX_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1764547200"}
    return subprocess.run([sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, timeout=300)


def _grades(result: dict) -> list[tuple[str, str, object]]:  # type: ignore[type-arg]
    return [(f["criterion_id"], f["status"], f.get("score")) for f in result["findings"]]


def test_reports_and_exports_in_the_folder_are_left_out_and_change_no_grade(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    shutil.copytree(SAMPLE, folder)
    first = tmp_path / "first.json"
    done = _servex("assess", str(folder), "-o", f"json:{first}", "--fail-on", "never", "-q", cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    outputs = {"gap-analysis.md": "md", "gap-analysis.html": "html", "findings.xlsx": "xlsx", "plan.xlsx": "plan-xlsx"}
    (folder / "reports").mkdir()
    rendered = [f"{kind}:{folder / 'reports' / name}" for name, kind in outputs.items()]
    done = _servex("report", str(first), "-q", *[a for r in rendered for a in ("-o", r)], cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    again = tmp_path / "again.json"
    done = _servex("assess", str(folder), "-o", f"json:{again}", "--fail-on", "never", "-q", cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    before, after = json.loads(first.read_text("utf-8")), json.loads(again.read_text("utf-8"))
    assert _grades(after) == _grades(before)
    assert [level["score"] for level in after["levels"]] == [level["score"] for level in before["levels"]]
    warned = {e["file"]: e["message"] for e in after["log"] if e["level"] == "warning" and e.get("file")}
    for name in outputs:
        assert "not used as evidence" in warned[f"reports/{name}"], warned
    assert not [e for e in after["evidence"] if e["provenance"]["source"].startswith("reports/")]


def _set(*ids: str) -> SimpleNamespace:
    return SimpleNamespace(id="demo", criteria=[SimpleNamespace(id=i) for i in ids])


def test_a_file_must_name_a_fifth_of_the_criteria_and_at_least_five() -> None:
    ids = [f"DEMO-L{n // 10}-{n % 10:02d}" for n in range(40)]  # 40 criteria: 8 must be named
    own = OwnOutputs(_set(*ids))
    assert own.reason([" ".join(ids[:7])]) is None  # minutes citing the last assessment are read
    assert own.reason([" ".join(ids[:4]), " ".join(ids[4:8])]) is not None  # across pages too
    assert own.named(["XDEMO-L0-01 DEMO-L0-01x DEMO-L0-01-b"]) == 0  # part of another token is no id
    few = OwnOutputs(_set(*ids[:4]))  # too small a set to tell
    assert few.reason([" ".join(ids[:4])]) is None


def test_ids_that_could_be_ordinary_words_do_not_count() -> None:
    own = OwnOutputs(_set("A1", "A2", "A3", "A4", "A5", "B1", "B2"))
    assert own.reason(["A1 A2 A3 A4 A5 B1 B2 paper sizes"]) is None
