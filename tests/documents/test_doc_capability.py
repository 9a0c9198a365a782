"""What a product lets its buyers do is not what the organisation does (see `_capability`).

What was observed: a helpdesk vendor's brochure ("HelpFlow helps you acknowledge every complaint within
two working days", "With HelpFlow, your team can record every complaint in one register", "Our platform lets
you escalate unresolved complaints to a manager after five days", "Book a demo today"), alone in a folder,
lifted five requirements of the pyramid set, the escalation procedure (PYR-L2-06) to satisfied; an empty
folder lifts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._capability import document_capability
from servex.plugins.documents._terms import fold_words

BROCHURE = """# HelpFlow: the complaint management platform

HelpFlow helps you acknowledge every complaint within two working days, automatically.

With HelpFlow, your team can record every complaint in one register, classify it by cause and track it until it
is resolved.

Our platform lets you escalate unresolved complaints to a manager after five days and tell customers about the
ombudsman.

HelpFlow enables organisations to survey every customer after a resolved ticket and analyse the results each
month.

Agents can be trained with built-in modules, and managers can review root causes every quarter with ready-made
dashboards.

Book a demo today.
"""


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def _blanked(*texts: str) -> list[list[tuple[int, int]]]:
    return document_capability(list(texts), [fold_words(text)[1] for text in texts])


def test_a_vendors_brochure_proves_no_practice(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "brochure").mkdir()
    (tmp_path / "brochure" / "helpflow-brochure.md").write_text(BROCHURE, "utf-8")
    brochure, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("brochure", "empty"))
    assert brochure == empty


def test_the_same_practices_in_the_organisations_own_words_still_count(tmp_path: Path) -> None:
    """The control: the brochure rewritten as what the organisation does with the tool lifts requirements."""
    own = BROCHURE.replace("Book a demo today.", "")
    for pitch, practice in [
        ("HelpFlow helps you acknowledge", "We acknowledge"),
        ("With HelpFlow, your team can record", "Our team records"),
        ("Our platform lets you escalate", "We escalate"),
        ("HelpFlow enables organisations to survey", "We survey"),
        ("and analyse the results", "and analyse the results"),
        ("Agents can be trained", "Agents are trained"),
        ("managers can review", "managers review"),
    ]:
        own = own.replace(pitch, practice)
    (tmp_path / "own").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "own" / "procedure.md").write_text(own.replace("the complaint management platform", "how we work"))
    now, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("own", "empty"))
    lifted = {key for key, state in now.items() if state != empty[key]}
    assert ("PYR-L2-06", "procedure") in lifted and len(lifted) >= 4


@pytest.mark.parametrize(
    "text",
    [
        "HelpFlow helps support teams acknowledge every complaint within two working days.",
        "Our software enables organisations to survey every customer after each ticket.",
        "The platform allows agents to escalate a complaint to a manager in one click.",
        "With HelpFlow, your team can record every complaint in one register.",
        "SurveyPro gives businesses the tools to measure satisfaction every month.",
        "HelpFlow permet aux équipes de répondre à chaque réclamation sous 48 heures.",
        "Avec HelpFlow, vos équipes peuvent suivre chaque réclamation.",
        "HelpFlow hilft Unternehmen, jede Beschwerde innerhalb von zwei Tagen zu bestätigen.",
        "Mit HelpFlow können Ihre Teams jede Beschwerde erfassen.",
    ],
)
def test_a_capability_offered_to_buyers_is_blanked(text: str) -> None:
    assert _blanked(text) == [[(0, len(text))]]


@pytest.mark.parametrize(
    "text",
    [
        # the organisation's service to its customers, its own tool in its own words
        "Our online portal lets you track your complaint at any time.",
        "You can contact the ombudsman if you are not satisfied with our answer.",
        "Our advisers will help you make a complaint.",
        "We will let you know within two working days.",
        "Our staff help customers with their claims every day.",
        "The new system allows us to answer every complaint within two days.",
        "Notre portail vous permet de suivre votre réclamation.",
        "Unser Kundenportal ermöglicht Ihnen, Ihre Beschwerde zu verfolgen.",
        # "can" outside a brochure
        "Customers can complain by phone, email or letter.",
    ],
)
def test_what_the_organisation_offers_its_own_customers_is_kept(text: str) -> None:
    assert _blanked(text) == [[]]


def test_in_a_brochure_every_can_and_the_call_to_buy_are_blanked_too() -> None:
    pitch = "HelpFlow helps teams acknowledge every complaint. HelpFlow enables organisations to survey customers."
    can, call = "Agents can be trained with built-in modules.", "Book a demo today."
    first = pitch.index(". ") + 1
    assert _blanked(pitch, can, call) == [[(0, first), (first + 1, len(pitch))], [(0, len(can))], [(0, len(call))]]
    # one offer to buyers and a call to buy make a brochure too; the offer to "you" is then a pitch as well
    you = "HelpFlow lets you escalate complaints after five days."
    assert _blanked(pitch[:first], you, call)[1] == [(0, len(you))]
    # without a call to buy, one offer is blanked alone and "can" is kept
    assert _blanked(pitch[:first], can) == [[(0, first)], []]
    # a price list or a booking page offers nothing: nothing is blanked
    assert _blanked("Book a demo today.", can) == [[], []]
