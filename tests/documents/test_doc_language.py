"""A document's language is guessed among English, French and German, so its words meet the right stems.

What was observed: a German procedure was guessed English, so "Beschwerden" (complaints) was stemmed as an
English word and did not meet "Beschwerde" in a criterion, although the matcher has German stems.
"""

from __future__ import annotations

import pytest
from servex.plugins.documents._language import guess_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Unsere Versprechen: Wir beantworten jede Anfrage der Kunden innerhalb von 2 Werktagen.", "de"),
        ("Die Beschwerden werden mit einer Priorität erfasst und sind für das Team nicht optional.", "de"),
        ("Our commitments: we answer every request of the customer within 2 days, and this is our promise.", "en"),
        ("Nos engagements : nous répondons à chaque demande du client sous 2 jours, et c'est notre promesse.", "fr"),
        ("SLA 2025 / Priorität P1 4 h", None),  # too few words to tell
    ],
)
def test_english_french_and_german_are_told_apart(text: str, language: str | None) -> None:
    assert guess_language((("p1", text),)) == language


def test_a_german_plural_meets_the_singular_a_criterion_lists() -> None:
    from servex.plugins.documents._terms import stem

    assert stem("beschwerden", "de") == stem("beschwerde", "de")
    assert stem("beschwerden", "en") != stem("beschwerde", "en")  # as a German document was read
