"""A record of activity from years ago says nothing of the period assessed: such requirements carry an age.

What was observed: a root-cause analysis of complaints dated 14 March 2016 satisfied PYR-L2-07's `rca`
requirement ("Root causes removed") in a 2025 assessment, as it would have in 2016: the requirement had no
age limit. Nor had ten other requirements that ask for a record of what was done (team briefings, an
experience dashboard, delight initiatives, co-creation records, customer stories, implemented ideas) or for
a plan that must be current (a training plan, a measurement plan, a renewal roadmap), and four more in the
complaints and digital sets (a corrective-action log, a failure-demand analysis, usability test records, a
training plan).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from docfiles import assess_folder

ROOT = Path(__file__).resolve().parents[2]
#: requirement -> the age limit it carries (days before the period's end)
AGED = {
    ("PYR-L2-07", "rca"): 400, ("PYR-L2-10", "briefings"): 400, ("PYR-L3-10", "dashboard"): 400,
    ("PYR-L4-01", "initiatives"): 400, ("PYR-L4-05", "records"): 400, ("PYR-L4-07", "stories"): 400,
    ("PYR-L4-08", "ideas"): 400, ("PYR-L1-08", "plan"): 730, ("PYR-L1-09", "dashboard"): 730,
    ("PYR-L3-05", "plan"): 730, ("PYR-L4-06", "roadmap"): 730,
    ("CMP-IMP-05", "plan"): 400, ("DIG-L2-02", "analysis"): 400, ("DIG-L4-01", "tests"): 400,
    ("DIG-L3-01", "plan"): 730,
}  # fmt: skip
SETS = {"PYR": "pyramid", "CMP": "complaints", "DIG": "digital"}
RCA = """# Complaints root cause analysis

Date: 14 March {year}. Management review. Present: Jo Penhale (owner), Sam Treloar.

We analysed the root cause of the 12 complaints of February {year}: late wheel builds on Saturdays. Corrective
action decided: wheel builds are no longer booked for Saturday collection (owner Sam).
"""


def _rca(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-07")
    return next(r for r in finding["requirements"] if r["id"] == "rca")  # type: ignore[no-any-return]


def test_a_root_cause_analysis_from_2016_does_not_satisfy_a_2025_assessment(tmp_path: Path) -> None:
    for year in ("2016", "2025"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "rca.md").write_text(RCA.format(year=year), "utf-8")
    old, current = (_rca(assess_folder(tmp_path / year, tmp_path)) for year in ("2016", "2025"))
    assert current["state"] == "satisfied"
    assert old["state"] != "satisfied"
    assert "Older than 400 days at the period end" in old["message"]["en"]
    assert "2016-03-14" in old["message"]["en"]


@pytest.mark.parametrize(("criterion", "requirement"), sorted(AGED))
def test_a_record_of_activity_or_a_current_plan_carries_its_age_limit(criterion: str, requirement: str) -> None:
    """And its description says so, in both languages, as the report shows it to the reader."""
    name = SETS[criterion.split("-")[0]]
    sets = yaml.safe_load((ROOT / "criteria" / f"{name}.yaml").read_text("utf-8"))["criteria"]
    req = next(r for c in sets if c["id"] == criterion for r in c["evidence"] if r["id"] == requirement)
    age = AGED[(criterion, requirement)]
    assert req["params"]["max_age_days"] == age
    said = {400: ("no more than 400 days", "moins de 400 jours"), 730: ("within the last two years", "deux ans")}[age]
    assert said[0] in req["description"]["en"] and said[1] in req["description"]["fr"]
