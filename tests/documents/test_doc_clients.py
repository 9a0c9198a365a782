"""What a consultancy did for a client, and what the client now does, is not a practice (see `_clients`).

What was observed: a consultancy's case study about a bank ("Our consultants helped the bank set up a
complaints register. Every complaint is now logged and acknowledged within two days. The bank now surveys
customers after every closed complaint, and its managers review the results each month"), alone in a
folder, lifted four requirements of the pyramid set, the complaints procedure (PYR-L2-06) to satisfied; an
empty folder lifts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._clients import client_story_spans, is_case_study_heading
from servex.plugins.documents._terms import fold_words

CASE_STUDY = """# Case study: customer care at a regional bank

Our consultants helped the bank set up a complaints register. Every complaint is now logged and acknowledged within
two days.

The bank now surveys customers after every closed complaint, and its managers review the results each month.

Results: complaint backlog down 40 % in six months.
"""

ETUDE = """# Étude de cas : la relation client dans une banque régionale

Nos consultants ont aidé la banque à mettre en place un registre des réclamations. Chaque réclamation est désormais
enregistrée et fait l'objet d'un accusé de réception sous deux jours ouvrés.

La banque interroge désormais ses clients après chaque réclamation clôturée.
"""

#: the same substance as the organisation's own case study: "we" is the organisation
OWN_CASE_STUDY = """# Case study: how we handled Mrs B's complaint

We record every complaint in our complaints register. Every complaint is logged and acknowledged within two days.

We survey customers after every closed complaint, and our managers review the results each month.

The customer was called back within two hours.
"""


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def _lifted(tmp_path: Path, name: str, text: str) -> dict[tuple[str, str], str]:
    """The requirements a folder holding `text` alone grades above an empty folder."""
    (tmp_path / "empty").mkdir(exist_ok=True)
    (tmp_path / name).mkdir()
    (tmp_path / name / f"{name}.md").write_text(text, "utf-8")
    now, empty = (_states(assess_folder(tmp_path / folder, tmp_path)) for folder in (name, "empty"))
    return {key: state for key, state in now.items() if state != empty[key]}


def _blanked(*texts: str, headings: list[str | None] | None = None) -> list[list[str]]:
    """What is blanked in each segment, as text."""
    found = client_story_spans(
        list(texts), [fold_words(text)[1] for text in texts], headings or [None] * len(texts)
    )
    return [[text[start:end] for start, end in spans] for text, spans in zip(texts, found, strict=True)]


def test_a_consultancys_case_study_about_a_client_proves_no_practice(tmp_path: Path) -> None:
    assert _lifted(tmp_path, "study", CASE_STUDY) == {}


def test_a_french_case_study_proves_no_practice(tmp_path: Path) -> None:
    assert _lifted(tmp_path, "etude", ETUDE) == {}


def test_the_organisations_own_case_study_still_counts(tmp_path: Path) -> None:
    """The control: the same practices, stated by the organisation as its own in a case study of its own."""
    lifted = _lifted(tmp_path, "own", OWN_CASE_STUDY)
    assert lifted.get(("PYR-L2-06", "procedure")) == "satisfied" and len(lifted) >= 3


def test_the_organisations_sentences_beside_a_partner_still_count(tmp_path: Path) -> None:
    """The control: a report that also says whom the organisation helped keeps its own practice."""
    report = (
        "# Complaints report\n\nWe helped Northshire Council set up a joint complaints line. The council now answers "
        "calls on Saturdays.\n\n" + OWN_CASE_STUDY.split("\n", 2)[2]
    )
    lifted = _lifted(tmp_path, "report", report)
    assert lifted.get(("PYR-L2-06", "procedure")) == "satisfied" and len(lifted) >= 3


@pytest.mark.parametrize(
    "title, body",
    [
        ("Client story: a national retailer", "We helped the retailer cut its backlog. Every complaint is now logged."),
        ("Success story", "Our team supported Acme Retail Ltd to introduce a complaints register."),
        ("Case study", "Client: a regional insurer\nEvery complaint is now acknowledged within two days."),
        ("Case study", "The client's customers are now surveyed after every complaint."),
        ("Case study", "Acme Ltd now logs every complaint in a register."),
        ("Case study", "Our client now surveys customers after every closed complaint."),
        ("Case study", "Our consultants worked with the client to redesign its complaints process."),
        ("Étude de cas", "Nous avons accompagné l'enseigne dans la refonte de son service client."),
        ("Cas client : une mutuelle", "Notre cabinet a aidé la mutuelle à mettre en place un registre."),
        ("Fallstudie", "Unsere Berater haben der Bank geholfen, ein Beschwerderegister einzuführen."),
        ("Erfolgsgeschichte", "Wir haben die Stadtverwaltung bei der Einführung eines Registers unterstützt."),
    ],
)
def test_a_case_study_about_a_client_is_blanked_whole(title: str, body: str) -> None:
    assert _blanked(title, body, "Every complaint is logged.") == [[title], [body], ["Every complaint is logged."]]


@pytest.mark.parametrize(
    "title, body",
    [
        # the organisation's own case study: "we", its customer, a person it served
        ("Case study: how we handled Mrs B's complaint", "We logged it and called her back within two hours."),
        ("Case study", "The customer was called back within two hours."),
        ("Case study: a billing complaint", "Client: Mr A\nThe client complained on 3 March. We replied in two days."),
        ("Case study", "We helped the client set up a payment plan. We helped the customer make a complaint."),
        ("Case study", "Our advisers helped the client claim a refund."),
        ("Case study: Mr C's repair", "We worked with the council to rehouse Mr C. Every repair is logged."),
        ("Fallstudie: wie wir Frau B geholfen haben", "Wir haben dem Kunden geholfen, die Beschwerde einzureichen."),
        ("Étude de cas", "Nous avons aidé le client à déposer sa réclamation."),
        # a case study in the organisation's own words about its customers
        ("Customer stories", "The customer now receives a text message when the engineer is on the way."),
    ],
)
def test_the_organisations_own_case_study_is_kept(title: str, body: str) -> None:
    assert _blanked(title, body) == [[], []]


def test_a_case_study_section_is_blanked_and_the_rest_of_the_report_kept() -> None:
    texts = (
        "# Annual report",
        "Every complaint is logged in our register.",
        "## Case study: our work for Acme Bank plc",
        "Our consultants helped the bank set up a complaints register.",
        "Every complaint is now acknowledged within two days.",
        "## Our service",
        "We answer every call within 30 seconds.",
    )
    headings = [
        "Annual report", "Annual report", "Case study: our work for Acme Bank plc",
        "Case study: our work for Acme Bank plc", "Case study: our work for Acme Bank plc", "Our service",
        "Our service",
    ]  # fmt: skip
    assert _blanked(*texts, headings=list(headings)) == [[], [], [texts[2]], [texts[3]], [texts[4]], [], []]


def test_outside_a_case_study_whom_the_organisation_helped_and_what_that_client_does_are_blanked() -> None:
    text = (
        "We helped Northshire Council set up a joint complaints line. The council now answers calls on Saturdays. "
        "Every complaint is logged in our register."
    )
    assert _blanked(text) == [
        ["We helped Northshire Council set up a joint complaints line.", "The council now answers calls on Saturdays."]
    ]
    # without anyone helped, "the council" is the organisation itself
    council = "The council now answers calls on Saturdays. We worked with the police on a joint hotline."
    assert _blanked(council) == [[]]


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("Case study: customer care at a regional bank", True),
        ("Client success story", True),
        ("## 3. Case studies", True),
        ("Étude de cas", True),
        ("Témoignage client : une mutuelle", True),
        ("Fallstudie: Kundenservice", True),
        ("Complaints report 2025", False),
        ("Studying the case for a new register", False),
    ],
)
def test_case_study_headings(heading: str, expected: bool) -> None:
    assert is_case_study_heading(heading) is expected
