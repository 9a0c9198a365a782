"""Advice to organisations in general is not a practice (see `_advice`).

What was observed: a good-practice guide from a business advice service ("Organisations should record,
categorise and track every complaint in a complaints register", "Good practice is to acknowledge complaints
within 2 working days", "Firms should run customer satisfaction surveys", "Employees should be empowered to
resolve issues"), alone in a folder, lifted fifteen requirements of the pyramid set, two to satisfied; an
empty folder lifts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._advice import advice_spans, gives_general_advice, is_template
from servex.plugins.documents._judge import Spec, content_of
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._terms import fold_words

GUIDE = """# Complaint handling: a good practice guide for small businesses

Published by the Regional Business Advice Service, 2024.

## Complaints

Organisations should record, categorise and track every complaint in a complaints register. Good practice is to
acknowledge complaints within 2 working days and to escalate them to a manager. Businesses are recommended to
analyse the root causes of complaints every quarter. Ideally, every complaint should be answered within 10
working days.

## Customer feedback

Firms should run customer satisfaction surveys and measure NPS and CSAT each month. We recommend that customer
feedback is collected, analysed and reported to management each month. Improvement actions should be taken on
feedback and customers should be told what changed.

## Staff

Companies should give staff training in customer service every year. Employees should be empowered to resolve
issues and offer goodwill gestures, and a recognition scheme for excellent service is recommended.

## Service promise

A business should publish a service promise and service standards. Response times and resolution times should
be monitored against targets every month. Organisations are advised to map the customer journey.

## Delight

The best organisations surprise customers and go beyond what they expect. Personal, unexpected gestures should
be reviewed by a manager each month.
"""


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def test_a_good_practice_guide_proves_no_practice(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "good-practice-guide.md").write_text(GUIDE, "utf-8")
    guide, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("guide", "empty"))
    assert guide == empty


def test_the_same_practices_as_the_organisations_own_rules_still_count(tmp_path: Path) -> None:
    """The control: the guide rewritten as the organisation's own policy lifts requirements."""
    own = GUIDE
    for advice, rule in [
        ("Organisations should record", "We record"),
        ("Good practice is to\nacknowledge", "We\nacknowledge"),
        ("Businesses are recommended to\nanalyse", "Managers\nanalyse"),
        ("Firms should run", "We run"),
        ("We recommend that customer\nfeedback is", "Customer\nfeedback is"),
    ]:
        own = own.replace(advice, rule)
    (tmp_path / "own").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "own" / "policy.md").write_text(own.replace("good practice guide for small businesses", "policy"))
    now, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("own", "empty"))
    lifted = {key for key, state in now.items() if state != empty[key]}
    assert {("PYR-L2-01", "policy"), ("PYR-L2-06", "procedure")} <= lifted


@pytest.mark.parametrize(
    "text",
    [
        "Organisations should record every complaint in a register.",
        "Businesses are recommended to analyse the root causes of complaints every quarter.",
        "A business should publish a service promise.",
        "Service providers must acknowledge complaints within 2 working days.",
        "Good practice is to acknowledge complaints within 2 working days.",
        "It is good practice to survey customers every quarter.",
        "It is recommended that complaints are answered within 10 working days.",
        "A recognition scheme for excellent service is recommended.",
        "We recommend that customer feedback is reported to management each month.",
        "Ideally, every complaint should be answered within 10 working days.",
        "The best organisations surprise customers and go beyond what they expect.",
        "Les entreprises devraient mesurer la satisfaction chaque trimestre.",
        "Il est recommandé de répondre à chaque réclamation sous 10 jours.",
        "Unternehmen sollten Beschwerden innerhalb von 2 Tagen bestätigen.",
        "Es wird empfohlen, die Kundenzufriedenheit jedes Quartal zu messen.",
        # what a regulator requires of organisations in general
        "The regulator requires every firm to record each complaint in a complaints register.",
        "Firms are required to escalate unresolved complaints to a senior manager after five days.",
        "The rules oblige providers to analyse the root causes of complaints every quarter.",
        "Les entreprises sont tenues de répondre sous deux mois.",
        "Das Gesetz verpflichtet Unternehmen, Beschwerden zu erfassen.",
    ],
)
def test_a_sentence_that_advises_organisations_is_blanked(text: str) -> None:
    assert advice_spans(text, fold_words(text)[1]) == [(0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        # an organisation's own rule, written with "should" or "must"
        "Complaints should be acknowledged within 2 working days.",
        "Staff should escalate a complaint to a manager after 5 days.",
        "Every adviser must log the complaint in the register.",
        "You should hear from us within 2 working days.",
        "We must reply to every complaint within 10 working days.",
        "Toute réclamation doit recevoir une réponse sous 10 jours.",
        "Beschwerden sollten innerhalb von 2 Tagen bestätigt werden.",
        "We aim to be one of the best hotel companies in the region.",
        # a measured result, and a benchmark that says where the organisation stands
        "Our hotel is recommended by 95 % of guests.",
        "Leading companies answer within 24 hours, and so do we.",
        # its own obligations
        "Staff are required to log every complaint in the register.",
        "Our policy requires staff to log every complaint.",
        "We are required to acknowledge complaints within two working days.",
    ],
)
def test_an_organisations_own_rule_is_kept(text: str) -> None:
    assert advice_spans(text, fold_words(text)[1]) == []


def test_in_a_guide_every_should_is_advice() -> None:
    texts = [
        "Organisations should record every complaint. Firms should survey customers each month.",
        "Customers should be told what changed within 10 days.",
    ]
    words = [fold_words(text)[1] for text in texts]
    assert gives_general_advice(texts, words)
    assert advice_spans(texts[1], words[1], guide=True) == [(0, len(texts[1]))]
    one = ["Organisations should record every complaint.", texts[1]]
    assert not gives_general_advice(one, [fold_words(text)[1] for text in one])


def test_a_policy_that_quotes_advice_once_keeps_its_own_rules() -> None:
    spec = Spec.parse({"content": {"any": ["complaint"], "claims": ["time_commitment"]}})
    segments = (
        ('line 1 (under "Complaints policy")', "# Complaints policy"),
        ('line 3 (under "Complaints policy")', "The ombudsman says organisations should reply within 8 weeks."),
        ('line 5 (under "Complaints policy")', "Complaints should be acknowledged within 2 working days."),
    )
    assert content_of(DocIndex.build(segments), spec).complete
    advice = (segments[0], segments[1], ('line 5 (under "Complaints policy")', "Organisations should be quick."))
    assert not content_of(DocIndex.build(advice), spec).complete


TEMPLATE = """# Complaints policy template

A model policy for small businesses. Adapt it to your business before you adopt it.

## Complaints

Every complaint is recorded, categorised and tracked in a complaints register. We acknowledge complaints within
2 working days and escalate them to a manager. Root causes of complaints are analysed every quarter. Every
complaint is answered within 10 working days.

## Customer feedback

We run customer satisfaction surveys and measure NPS and CSAT each month. Customer feedback is collected,
analysed and reported to management each month. Improvement actions are taken on feedback and customers are
told what changed.
"""


def test_a_policy_template_proves_no_practice(tmp_path: Path) -> None:
    """What was observed: a "Complaints policy template" lifted four requirements, one to satisfied."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "template").mkdir()
    (tmp_path / "template" / "complaints-policy-template.md").write_text(TEMPLATE, "utf-8")
    template, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("template", "empty"))
    assert template == empty
    adopted = TEMPLATE.replace("Complaints policy template", "Complaints policy").replace(
        "A model policy for small businesses. Adapt it to your business before you adopt it.", "Owner: Jo Penhale."
    )
    (tmp_path / "adopted").mkdir()
    (tmp_path / "adopted" / "complaints-policy.md").write_text(adopted, "utf-8")
    own = _states(assess_folder(tmp_path / "adopted", tmp_path))
    assert own[("PYR-L2-06", "procedure")] == "satisfied" != empty[("PYR-L2-06", "procedure")]


@pytest.mark.parametrize(
    ("head", "template"),
    [
        ("# Complaints policy template", True),
        ("# Sample complaints procedure", True),
        ("Service standards template (v2)", True),
        ("# Modèle de charte d'accueil", True),
        ("# Muster-Beschwerdeverfahren", True),
        ("# Mustervorlage Beschwerdemanagement", True),
        ("Replace the bracketed text with your own details.", True),
        ("# Reply templates", False),
        ("# Our service model", False),
        ("# Survey sample plan 2025", False),
        ("# Beschwerdemuster 2025", False),
        ("# Complaints policy", False),
    ],
)  # fmt: skip
def test_which_opening_lines_say_a_template(head: str, template: bool) -> None:
    assert is_template([head]) is template


MOCKUP = """# Complaints dashboard: illustrative example

The figures below are illustrative only and do not describe real results.

In March, 98 % of complaints were acknowledged within two working days and recorded in the complaints register.

Unresolved complaints were escalated to a manager after five days; root causes were analysed each quarter and
reported to management each month.
"""
CHECKLIST = """# Internal audit checklist: complaints

| Item | What to check | Evidence to look for |
|---|---|---|
| 1 | Every complaint is recorded in the complaints register | Register extract |
| 2 | Complaints are acknowledged within two working days | Acknowledgement letters |
| 3 | Unresolved complaints are escalated to a manager after five days | Escalation log |
| 4 | Root causes are analysed every quarter and actions agreed | RCA minutes |
"""


REGULATOR = """# What the regulator requires

The regulator requires every firm to record each complaint in a complaints register and to acknowledge it within
two working days.

Firms are required to escalate unresolved complaints to a senior manager after five days and to tell customers
about the ombudsman.

The rules oblige providers to analyse the root causes of complaints every quarter and to report customer
satisfaction to the board each month.
"""


@pytest.mark.parametrize(
    ("name", "text"), [("mockup", MOCKUP), ("checklist", CHECKLIST), ("regulator", REGULATOR)]
)
def test_a_mock_up_and_an_audit_checklist_prove_no_practice(tmp_path: Path, name: str, text: str) -> None:
    """What was observed: a dashboard mock-up whose figures were "illustrative only" lifted four
    requirements, the escalation procedure to satisfied; an internal audit checklist of what to check
    lifted three, one to satisfied; a summary of what the regulator requires of firms lifted two."""
    (tmp_path / "empty").mkdir()
    (tmp_path / name).mkdir()
    (tmp_path / name / f"{name}.md").write_text(text, "utf-8")
    assert _states(assess_folder(tmp_path / name, tmp_path)) == _states(assess_folder(tmp_path / "empty", tmp_path))


@pytest.mark.parametrize(
    ("texts", "model"),
    [
        (["# Complaints dashboard: illustrative example"], True),
        (["# Report", "The figures below are illustrative only and do not describe real results."], True),
        (["# Tableau de bord", "Données fictives, à titre d'exemple."], True),
        (["# Internal audit checklist: complaints", "| 1 | Every complaint is recorded | Register extract |"], True),
        # real results, an audit's record, the organisation's own ticked checklist
        (["# Mystery shopping test results 2025"], False),
        (["# Sample of 200 tickets reviewed"], False),
        (["# Internal audit checklist: complaints", "| 1 | Every complaint is recorded | Seen: March |"], False),
        (["# Daily opening checklist", "- [x] Complaints register checked"], False),
    ],
)
def test_which_documents_are_models_rather_than_records(texts: list[str], model: bool) -> None:
    assert is_template(texts) is model
