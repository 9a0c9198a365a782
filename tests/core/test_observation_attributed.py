"""An assessor observation counts only when it says who made it and when (see plugins/observations).

What was observed: `{criterion: MINI-L1-01, requirement: seen, result: satisfied, note: ok}` in the
manifest, with no one named and no date, made the criterion met. Anyone preparing an evidence folder can
write that line: it is a self-declared result, not an observation a finding can rest on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servex import ExitCode

_LINE = "  - {criterion: MINI-L1-01, requirement: seen, result: satisfied, note: Charter posted at the counter."


def _with_observation(mini_org: Path, tail: str) -> Path:
    manifest = mini_org / "servex.yaml"
    lines = [line for line in manifest.read_text().splitlines() if "MINI-L1-01" not in line]
    at = lines.index("observations:") + 1
    manifest.write_text("\n".join([*lines[:at], _LINE + tail, *lines[at:]]) + "\n")
    return mini_org


def _assess(servex, org: Path, tmp_path: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    out = tmp_path / "result.json"
    run = servex("assess", org, "-o", f"json:{out}", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def _finding(result: dict, cid: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in result["findings"] if f["criterion_id"] == cid)


@pytest.mark.parametrize(
    ("tail", "missing"),
    [("}", "observed_by"), (", observed_by: A. Assessor}", "date"), (', date: "2025-11-02"}', "observed_by")],
)
def test_an_observation_without_who_or_when_is_not_used(
    servex, mini_org: Path, tmp_path: Path, tail: str, missing: str  # type: ignore[no-untyped-def]
) -> None:
    result = _assess(servex, _with_observation(mini_org, tail), tmp_path)
    assert _finding(result, "MINI-L1-01")["status"] != "met"
    (entry,) = [e for e in result["log"] if e["source"] == "observations"]
    assert entry["level"] == "error" and entry["file"] == "servex.yaml"
    assert entry["field"] == f"observations[0].{missing}" and "not used" in entry["message"]


def test_an_observation_that_says_who_and_when_counts(servex, mini_org: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = _assess(servex, _with_observation(mini_org, ', observed_by: A. Assessor, date: "2025-11-02"}'), tmp_path)
    assert _finding(result, "MINI-L1-01")["status"] == "met"
    assert not [e for e in result["log"] if e["source"] == "observations"]


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2019-03-01", "more than a year before the period starts"),
        ("2031-06-01", "more than a year after the period ends"),
    ],
)
def test_an_observation_dated_far_from_the_period_is_not_used(
    servex, mini_org: Path, tmp_path: Path, date: str, why: str  # type: ignore[no-untyped-def]
) -> None:
    """What was observed: an observation dated 2019 made a criterion of a 2025 assessment met, like one made
    at the visit after the period."""
    result = _assess(servex, _with_observation(mini_org, f', observed_by: A. Assessor, date: "{date}"}}'), tmp_path)
    assert _finding(result, "MINI-L1-01")["status"] != "met"
    (entry,) = [e for e in result["log"] if e["source"] == "observations"]
    assert entry["level"] == "warning" and entry["field"] == "observations[0].date"
    assert why in entry["message"] and "not used" in entry["message"]


@pytest.mark.parametrize(
    ("observed_by", "why"),
    [
        ("Jo Penhale (owner)", "owner of"),  # named in the manifest as a document's owner
        ("jo  penhale", "owner of"),
        ("Sam Field, store manager", "a post in it: 'manager'"),
        ("Mini Org", "the organisation's name"),
    ],
)
def test_an_observation_by_someone_of_the_organisation_is_not_used(
    servex, mini_org: Path, tmp_path: Path, observed_by: str, why: str  # type: ignore[no-untyped-def]
) -> None:
    """What was observed: in Harbour Cycles' manifest, `{criterion: PYR-L1-02, requirement: refined, result:
    satisfied, observed_by: "Jo Penhale (owner)", ...}` took the criterion from 75 to 100, as an assessor's
    observation does: the shop's owner, who prepares the folder, observed his own shop."""
    (mini_org / "charter.md").write_text("# Charter\n\nWe answer every call within 20 seconds.\n", "utf-8")
    manifest = mini_org / "servex.yaml"
    manifest.write_text(manifest.read_text() + 'files:\n  - {path: charter.md, owner: "Jo Penhale (owner)"}\n')
    tail = f', observed_by: "{observed_by}", date: "2025-11-02"}}'
    result = _assess(servex, _with_observation(mini_org, tail), tmp_path)
    assert _finding(result, "MINI-L1-01")["status"] != "met"
    (entry,) = [e for e in result["log"] if e["source"] == "observations"]
    assert entry["level"] == "error" and entry["field"] == "observations[0].observed_by"
    assert why in entry["message"] and "not used" in entry["message"]


@pytest.mark.parametrize("observed_by", ["Lead assessor", "Marie Dupont (auditrice)", "A. Assessor"])
def test_an_observation_by_an_assessor_counts(servex, mini_org: Path, tmp_path: Path, observed_by: str) -> None:  # type: ignore[no-untyped-def]
    tail = f', observed_by: "{observed_by}", date: "2025-11-02"}}'
    result = _assess(servex, _with_observation(mini_org, tail), tmp_path)
    assert _finding(result, "MINI-L1-01")["status"] == "met"
