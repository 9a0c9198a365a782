"""Locators are stable English keys in the result; French readers see them in French."""

from __future__ import annotations

import pytest
from servex import locator_label


@pytest.mark.parametrize(
    ("locator", "french"),
    [
        ("page 2", "page 2"),
        ('paragraph 4 (under "Objet")', "paragraphe 4 (sous « Objet »)"),
        ('sheet "Plan", row 12', "feuille « Plan », ligne 12"),
        ('line 3 (under "Scope")', "ligne 3 (sous « Scope »)"),
        ('a.md (line 1 (under "A")), b.docx (paragraph 3)', "a.md (ligne 1 (sous « A »)), b.docx (paragraphe 3)"),
        ("pipeline 3 and timeline 4 stay as written", "pipeline 3 and timeline 4 stay as written"),
    ],
)
def test_locators_read_in_french(locator: str, french: str) -> None:
    assert locator_label(locator, "fr") == french
    assert locator_label(locator, "en") == locator


def test_unit_symbols_for_kpi_values() -> None:
    from servex import unit_symbol

    assert [unit_symbol(u, "en") for u in ("percent", "hours", "days", "score", None)] == ["%", "h", "d", "", ""]
    assert unit_symbol("days", "fr") == "j" and unit_symbol("furlongs", "fr") == "furlongs"
