"""What customers must see cannot be a document for staff only (`public: true`).

What was observed (a rejected example of PYR-L2-01's rubric, "a policy that is only on the intranet"):
"# Complaints policy (intranet - staff only)", owned, approved in 2025 and promising an acknowledgement
within 2 working days, alone in a folder, satisfied "a complaints policy ..." of the criterion whose
point is that the policy tells customers how to complain. A requirement for what customers see (the
service charter, customer information, published results, the complaints policy and public complaint
information, the statement on chatbots) now reads the document's title lines: one that says it is for
staff only, internal or confidential is partial, with a message saying so. Each test takes the shipped
requirement's own params.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"


def _params(criterion: str, requirement: str, source: str = "pyramid.yaml") -> dict[str, Any]:
    data = yaml.safe_load((CRITERIA / source).read_text(encoding="utf-8"))
    found = next(c for c in data["criteria"] if c["id"] == criterion)
    params: dict[str, Any] = next(r for r in found["evidence"] if r["id"] == requirement)["params"]
    return params


POLICY = """# Complaints policy{title}

{status}Owner: Head of Customer Care. Approved by the Executive Committee on 3 March 2025.

Complaints are free of charge for the customer.
We acknowledge every complaint within 2 working days and give a final answer within 15 working days.
"""


def _state(collect: Any, evaluate: Any, folder: Path, text: str, name: str = "policy.md") -> Any:
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    items, _ = collect(folder)
    return evaluate(items, _params("PYR-L2-01", "policy"))


@pytest.mark.parametrize(
    ("title", "status", "internal"),
    [
        (" (intranet - staff only)", "", True),
        ("", "INTERNAL USE ONLY\n\n", True),
        ("", "Confidential - not for distribution\n\n", True),
        ("", "CONFIDENTIAL\n\n", True),
        (" (confidentiel)", "", True),
        (" - usage interne", "", True),
        ("", "Nur für den internen Gebrauch\n\n", True),
        # the same policy for everyone
        ("", "", False),
        ("", "Published on our website and on the staff intranet.\n\n", False),
        ("", "Public document\n\n", False),
        ("", "Your complaint is handled fairly and kept confidential.\n\n", False),  # how, not for whom
        ("", "Confidential handling of your complaint\n\n", False),
    ],
)
def test_a_complaints_policy_for_staff_only_does_not_tell_customers_how_to_complain(
    collect: Any, evaluate: Any, tmp_path: Path, title: str, status: str, internal: bool
) -> None:
    outcome = _state(collect, evaluate, tmp_path / "org", POLICY.format(title=title, status=status))
    said = "a version customers can see (the document says it is for staff only" in outcome.message["en"]
    assert (outcome.state, said) == (("partial", True) if internal else ("satisfied", False)), outcome.message["en"]


def test_a_file_name_saying_internal_counts_as_saying_it(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    text = POLICY.format(title="", status="")
    assert _state(collect, evaluate, tmp_path / "a", text, "complaints-policy-internal-only.md").state == "partial"


def test_a_procedure_for_staff_still_shows_an_internal_practice(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Only what customers must see asks for it: a staff procedure may well be internal."""
    params = _params("PYR-L2-01", "policy")
    del params["public"]
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "policy.md").write_text(POLICY.format(title=" (intranet - staff only)", status=""), encoding="utf-8")
    items, _ = collect(folder)
    assert evaluate(items, params).state == "satisfied"


@pytest.mark.parametrize(
    ("criterion", "requirement", "source"),
    [
        ("PYR-L1-01", "charter", "pyramid.yaml"),
        ("PYR-L1-06", "info", "pyramid.yaml"),
        ("PYR-L1-16", "published", "pyramid.yaml"),
        ("PYR-L2-01", "policy", "pyramid.yaml"),
    ],
)
def test_every_requirement_for_what_customers_see_asks_for_it(criterion: str, requirement: str, source: str) -> None:
    assert _params(criterion, requirement, source).get("public") is True


def test_the_complaints_and_digital_sets_ask_for_it_too() -> None:
    for source in ("complaints.yaml", "digital.yaml"):
        data = yaml.safe_load((CRITERIA / source).read_text(encoding="utf-8"))
        public = [r["id"] for c in data["criteria"] for r in c["evidence"] if (r.get("params") or {}).get("public")]
        assert public, source
