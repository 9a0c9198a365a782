"""Opening hours are times of day, not any two numbers joined by a dash or "to" (principle 4).

What was observed: "Issued 2025-10-09. Complaints fell from 14 to 9. Most came by email.", alone in a
folder, satisfied "customer information that gives both the opening hours and the ways to contact the
organisation" (PYR-L1-06): "10-09" of the date, and "14 to 9", were read as opening hours. In the sample
folders, 45 passages (dates, answer scales such as "0-10", a team size "10-40") stated opening hours.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder
from servex.plugins.documents._claims import CLAIMS, find_claim
from servex.plugins.documents._terms import fold

HOURS = {
    "Issued 2025-10-09.": False,
    "Complaints fell from 14 to 9 this year.": False,
    "Recommend (0-10) and satisfaction (1-5) answers.": False,
    "8 of a team of 10-40 is a large share.": False,
    "Complaints received on 30–31 August.": False,
    "Reviewed 12/03/2025 by the board.": False,
    "Ease (1-7, mean): 5.6": False,
    "Phone and chat from 8:00 to 21:00 every day.": True,
    "Reservations: 7am to 11pm every day.": True,
    "Opening hours: Tuesday to Saturday, 9:00 to 18:00.": True,
    "We are open 9-5, Monday to Friday.": True,
    "Monday to Friday 9 to 5.": True,
    "Accueil téléphonique du lundi au vendredi de 8 h à 18 h.": True,
    "Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h.": True,
    "Montag bis Freitag 8 bis 17 Uhr.": True,
    "Receptions are open around the clock.": True,
    "Urgences : 24 heures sur 24.": True,
}


@pytest.mark.parametrize(("text", "states"), HOURS.items())
def test_opening_hours_are_times_of_day(text: str, states: bool) -> None:
    assert (find_claim(CLAIMS["opening_hours"], fold(text)) is not None) is states


def _info(folder: Path, tmp_path: Path, text: str) -> str:
    folder.mkdir()
    (folder / "doc.md").write_text(text, encoding="utf-8")
    result = assess_folder(folder, tmp_path)
    (finding,) = [f for f in result["findings"] if f["criterion_id"] == "PYR-L1-06"]
    return str(next(r["state"] for r in finding["requirements"] if r["id"] == "info"))


def test_a_date_and_a_count_beside_a_contact_word_are_no_customer_information(tmp_path: Path) -> None:
    text = "# Complaints log summary\n\nIssued 2025-10-09. Complaints fell from 14 to 9. Most came by email.\n"
    assert _info(tmp_path / "log", tmp_path, text) != "satisfied"
    hours = (  # customer information must be dated within two years of the period end (2025-11-30)
        "# Visit and contact us\n\nLast updated: 1 October 2025\n\n"
        "Opening hours: Tuesday to Saturday, 9:00 to 18:00. Call or email us.\n"
    )
    assert _info(tmp_path / "contact", tmp_path, hours) == "satisfied"


FAQ = (
    "# Frequently asked questions\n\nLast updated: {updated}\n\n## How do I contact you?\n"
    "Call us on 01 23 45 67 89, Monday to Friday from 9:00 to 17:30, or use the web form.\n"
)


def test_customer_information_last_updated_three_years_ago_is_not_current(tmp_path: Path) -> None:
    """What was observed (a rejected example of PYR-L1-06's rubric): a FAQ "Last updated: 14 March 2022",
    alone in a folder, satisfied the customer-information requirement of a 2025 assessment: information
    customers rely on was not asked to be current at all. It now must be dated within two years of the
    period end (`max_age_days: 730`); the same FAQ updated this year still counts, and one with no date at
    all is partial, with a message asking for one."""
    assert _info(tmp_path / "old", tmp_path, FAQ.format(updated="14 March 2022")) == "partial"
    assert _info(tmp_path / "new", tmp_path, FAQ.format(updated="14 March 2025")) == "satisfied"
    undated = FAQ.replace("Last updated: {updated}\n\n", "")
    assert _info(tmp_path / "undated", tmp_path, undated) == "partial"
