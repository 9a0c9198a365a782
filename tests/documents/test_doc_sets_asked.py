"""servex-complaints and servex-digital ask for what their criteria are about, not for a word beside it.

Each test takes the shipped requirement's own params and one document alone in a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_doc_public import _params


def _alone(
    collect: Any, evaluate: Any, folder: Path, text: str, requirement: tuple[str, str], source: str = "complaints.yaml"
) -> str:
    """The state of a shipped requirement on this text alone in a folder."""
    folder.mkdir()
    (folder / "doc.md").write_text(text, encoding="utf-8")
    items, _ = collect(folder)
    return str(evaluate(items, _params(*requirement, source)).state)


def test_complaint_information_must_say_complaining_is_free(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Observed (a rejected example of CMP-PRN-02's rubric, "a premium-rate complaints line"): "How to
    complain: call our complaints line on 0891 65 43 21 (EUR 0.80 per minute + call charge)" satisfied
    "public complaint information that explains how to complain or states that complaining is free",
    the criterion whose point is that complaining is free. The information must now say so."""
    premium = (
        "# How to complain\n\nCall our complaints line on 0891 65 43 21 (EUR 0.80 per minute + call charge), "
        "Monday to Friday 9:00 to 18:00.\n"
    )
    free = (
        "# How to complain\n\nMaking a complaint is free of charge: call 0800 65 43 21, write to us or use the "
        "form on our website.\n"
    )
    info = ("CMP-PRN-02", "info")
    assert _alone(collect, evaluate, tmp_path / "premium", premium, info) != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "free", free, info) == "satisfied"


def test_an_improvement_plan_must_follow_up_complaints(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Observed (a rejected example of CMP-IMP-05's rubric, "a generic quality plan with no link to
    complaints"): an owned, approved "Quality plan 2025" (ISO 9001 renewal, audit findings, supplier audits)
    satisfied "an improvement plan ... in which the actions arising from complaints are followed up"."""
    plan = (
        "# Quality plan 2025\n\nOwner: Quality Manager. Approved 15 January 2025.\n\n"
        "Objectives: renew ISO 9001 certification; cut internal audit findings by 20 %.\n"
        "Improvement actions decided: new document management system; supplier audits twice a year.\n"
    )
    linked = plan + "Improvement actions decided after the complaints review: clearer delivery dates on invoices.\n"
    assert _alone(collect, evaluate, tmp_path / "generic", plan, ("CMP-IMP-05", "plan")) != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "linked", linked, ("CMP-IMP-05", "plan")) == "satisfied"


@pytest.mark.parametrize(
    ("requirement", "rejected", "accepted"),
    [
        (
            ("DIG-L3-02", "incentives"),
            "# Branch bonus scheme 2025\n\nBranch staff earn a bonus of 3 % of in-branch sales above the monthly "
            "target. Sales made online or by phone do not count towards the branch bonus.\n",
            "# Branch bonus scheme 2025\n\nBranch staff earn a bonus of 3 % of the sales of their customers above "
            "the monthly target, counted on all channels.\n",
        ),
        (
            ("DIG-L3-03", "strategy"),
            "# Digital-first plan 2025\n\nFrom 1 April 2025 the customer phone line closes. Customers are directed "
            "to the app and web chat, which handle 100 % of contacts. Channel strategy owner: Digital Director.\n",
            "# Channel strategy\n\nCustomer preference, from our 2025 survey of 1,200 customers: 62 % prefer the "
            "phone for a complex request, 48 % the app for a simple one.\n",
        ),
    ],
    ids=["DIG-L3-02 a bonus on in-branch sales only", "DIG-L3-03 a digital-first plan closing phone lines"],
)
def test_digital_rejected_examples_do_not_meet_their_requirement(
    collect: Any, evaluate: Any, tmp_path: Path, requirement: tuple[str, str], rejected: str, accepted: str
) -> None:
    """Observed (rejected examples of DIG-L3-02's and DIG-L3-03's rubrics): a branch bonus on in-branch sales
    only met "incentives that unite channels" (the bonus and a figure were enough, channels optional); a
    digital-first plan closing the phone line met "customers choose their channel" (its "channel strategy
    owner" beside "100 % of contacts"). The plan must now credit every channel; the strategy must state
    what was measured of customers' preferences."""
    assert _alone(collect, evaluate, tmp_path / "r", rejected, requirement, "digital.yaml") != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "a", accepted, requirement, "digital.yaml") == "satisfied"


def test_a_service_innovation_budget_must_be_about_customers(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """Observed (a rejected example of PYR-L4-11's rubric, "an IT modernisation budget presented as service
    innovation"): a "Service innovation budget 2025" of an ERP upgrade, a server migration and new laptops,
    owned and approved, satisfied "a budget that gives a figure to service innovation or delight". The
    innovation must now be about customers somewhere in the document."""
    it = (
        "# Service innovation budget 2025\n\nOwner: CIO. Approved by the Board on 20 January 2025.\n\n"
        "| Item | Budget |\n|---|---|\n| ERP upgrade to version 12 | EUR 640,000 |\n"
        "| Server migration to the cloud | EUR 380,000 |\n"
        "Total service innovation investment: EUR 1.17 million (2 % of revenue).\n"
    )
    customers = it + "\nEvery project is chosen for what it changes for customers: shorter waits, fewer forms.\n"
    funded = ("PYR-L4-11", "funded")
    assert _alone(collect, evaluate, tmp_path / "it", it, funded, "pyramid.yaml") != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "customers", customers, funded, "pyramid.yaml") == "satisfied"


def test_a_route_to_escalate_is_what_customers_are_told(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """CMP-PRC-07 ("escalation kept exceptional") was met on a low escalation rate alone, which is also what
    a service that discourages escalation shows (its rubric's rejected example). It now asks too for the
    complaint information that tells customers how to take a complaint further."""
    silent = (
        "# How to complain\n\nTell us about your complaint by phone, e-mail or in a branch. We acknowledge every "
        "complaint within two working days and answer within 15 days.\n"
    )
    route = silent + (
        "If our answer does not settle your complaint, ask for a review by our Customer Relations Director; if "
        "you are still not satisfied after eight weeks you can refer your complaint to the Energy Ombudsman, free "
        "of charge.\n"
    )
    assert _alone(collect, evaluate, tmp_path / "silent", silent, ("CMP-PRC-07", "route")) != "satisfied"
    assert _alone(collect, evaluate, tmp_path / "route", route, ("CMP-PRC-07", "route")) == "satisfied"
