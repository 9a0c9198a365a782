"""The certification cycle on a copy of a sample organisation: assess, declare exceptions, edit one
document, assess again against the first result, and check that every explanation of change matches
the edit that was made (the file and both its sha256, the exceptions and their approvers)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from servex import ExitCode
from servex._schemas import schema

SAMPLE = Path(__file__).resolve().parents[2] / "evidence_samples" / "telecom-operator"
EDITED = "procedures/training-plan-2025.md"
EXCEPTIONS = """
exceptions:
  - {criterion: PYR-L4-06, kind: not_applicable, reason: "No partner ecosystem in scope this year.",
     approver: Head of CX, expires: "2026-12-31"}
  - {criterion: PYR-L3-06, kind: accepted_risk, reason: "New CRM in Q3; the gap is accepted until then.",
     approver: COO, expires: "2026-09-30"}
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the whole cycle once (two assessments) and keep every file it wrote."""
    from servex.testing import run_cli

    tmp = tmp_path_factory.mktemp("cycle")
    org = tmp / "org"
    shutil.copytree(SAMPLE, org)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
    mp.setenv("SERVEX_CACHE_DIR", str(tmp / "cache"))
    try:
        first = run_cli("assess", org, "-o", f"json:{tmp / 'a.json'}", "--fail-on", "never", "-q")
        (org / "servex.yaml").write_text((org / "servex.yaml").read_text() + EXCEPTIONS)
        old_sha = _sha(org / EDITED)
        (org / EDITED).write_text("# Customer Care Training Plan 2025\n\nBeing rewritten; see HR.\n")
        new_sha = _sha(org / EDITED)
        outputs = [f"{fmt}:{tmp / ('b.' + fmt)}" for fmt in ("json", "md", "html")]
        second = run_cli("assess", org, "--baseline", tmp / "a.json", *[a for o in outputs for a in ("-o", o)], "-q")
        diffs = {}
        for fmt in ("json", "md", "html"):
            code = run_cli("diff", tmp / "a.json", tmp / "b.json", "--format", fmt, "-o", tmp / f"diff.{fmt}")
            assert code == 0
            diffs[fmt] = (tmp / f"diff.{fmt}").read_text(encoding="utf-8")
    finally:
        mp.undo()
    return {
        "codes": (first, second),
        "old_sha": old_sha,
        "new_sha": new_sha,
        "a": json.loads((tmp / "a.json").read_text()),
        "b": json.loads((tmp / "b.json").read_text()),
        "md": (tmp / "b.md").read_text(),
        "html": (tmp / "b.html").read_text(),
        "diff": diffs,
    }


def test_both_assessments_ran_and_the_results_are_valid(cycle: dict[str, Any]) -> None:
    assert cycle["codes"][0] == ExitCode.OK
    # the second run's only not-met criteria beyond the first's are excepted or changed by the edit
    assert cycle["codes"][1] in (ExitCode.OK, ExitCode.GAPS_FOUND)
    validator = jsonschema.Draft202012Validator(schema("result"), format_checker=jsonschema.FormatChecker())
    for name in ("a", "b"):
        assert not list(validator.iter_errors(cycle[name])), name


def test_the_result_carries_the_same_changes_as_diff(cycle: dict[str, Any]) -> None:
    assert cycle["b"]["since_baseline"] == json.loads(cycle["diff"]["json"])
    assert cycle["b"]["since_baseline"]["baseline"]["id"] == cycle["a"]["id"]


def test_every_explanation_matches_the_edit_made(cycle: dict[str, Any]) -> None:
    changes = json.loads(cycle["diff"]["json"])
    assert changes["run_causes"] == []  # same servex, plugins, criteria set and period
    by_id = {c["criterion_id"]: c for c in changes["criteria"]}
    # the edited training plan: the criteria that cite it, with the file's sha256 before and after
    edited = {"kind": "evidence_changed", "source": EDITED, "old_sha256": cycle["old_sha"],
              "new_sha256": cycle["new_sha"]}
    cited_edit = [cid for cid, c in by_id.items() if any(edited.items() <= cause.items() for cause in c["causes"])]
    assert cited_edit, "no criterion explained by the edited document"
    for cid in cited_edit:
        old = next(f for f in cycle["a"]["findings"] if f["criterion_id"] == cid)
        ids = {e["id"] for e in cycle["a"]["evidence"] if e["provenance"]["source"] == EDITED}
        assert ids & set(old["evidence_ids"]), cid  # it really cited the edited file
    # the exceptions: added, with kind and approver as declared
    assert by_id["PYR-L4-06"]["new"] == {"status": "not_applicable", "score": None}
    assert by_id["PYR-L4-06"]["causes"] == [
        {"kind": "exception_added", "old": None, "new": next(e for e in cycle["b"]["exceptions"]
                                                             if e["criterion_id"] == "PYR-L4-06")}
    ]
    risk = by_id["PYR-L3-06"]
    assert not risk["graded_differently"] and risk["causes"][0]["new"]["approver"] == "COO"
    # nothing else: every listed criterion is explained by the edit or an exception
    for cid, item in by_id.items():
        kinds = {c["kind"] for c in item["causes"]}
        assert item["explained"] and kinds <= {"evidence_changed", "exception_added"}, (cid, item["causes"])
        assert all(c["source"] == EDITED for c in item["causes"] if c["kind"] == "evidence_changed"), cid
    # levels: each changed level names its changed criteria or the level it is gated by
    for level in changes["levels"]:
        assert level["explained"], level


def test_reports_show_the_changes_and_the_exceptions(cycle: dict[str, Any]) -> None:
    for text in (cycle["md"], cycle["html"], cycle["diff"]["md"], cycle["diff"]["html"]):
        assert "Since the last assessment" in text
        assert cycle["new_sha"] in text and cycle["old_sha"] in text
        assert "approved by COO" in text
    for text in (cycle["md"], cycle["html"]):
        assert "Exceptions" in text and "Head of CX" in text and "31 December 2026" in text
