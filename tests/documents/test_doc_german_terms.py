"""German documents meet the document requirements of the shipped sets, as English and French ones do.

What was observed: most term groups of the sets' `type: document` requirements had English and French
spellings only. A German organisation's SLA ("Servicevereinbarung ... Lösungszeit"), its complaints
procedure ("Priorität", "Schweregrad", "Eskalation") or its privacy notice ("personenbezogene Daten",
"Datenschutzbeauftragter") stated nothing any requirement looked for, and left them unsatisfied. The groups
now carry the German words too (servex-pyramid 1.0.3, servex-complaints 1.0.4, servex-digital 1.0.3).

Each document is read as servex reads a German file the manifest gives no `language:` for: its language
is guessed German (see test_doc_language) and its words meet German stems; the groups also list the German
plurals ("Beschwerden", "Lösungszeiten") beside the singulars, for a document read with other stems (too
few words to tell its language, or a manifest that says otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_doc_sets_asked import _alone

HEAD = "Freigegeben am 12. März 2025. Verantwortlich: Leitung Kundenservice, Frau Weber."

#: one German document per requirement, as `== set criterion requirement` then its title and text
DOCUMENTS = """
== pyramid.yaml PYR-L1-01 charter
Unsere Versprechen an Sie
Unsere Versprechen: Wir beantworten jede Anfrage innerhalb von 2 Werktagen und rufen Sie innerhalb von
4 Stunden zurück.
== pyramid.yaml PYR-L1-02 sla_doc
Servicevereinbarung Kundenservice
Diese Servicevereinbarung legt die Lösungszeiten je Priorität fest: Die Lösungszeit für Störungen der
Priorität 1 beträgt 4 Stunden, für alle anderen höchstens 2 Werktage.
== pyramid.yaml PYR-L2-01 policy
Umgang mit Beschwerden
Ihre Beschwerde ist für Sie kostenlos. Sie erhalten innerhalb von 2 Werktagen eine Eingangsbestätigung und
innerhalb von 15 Werktagen eine Antwort auf Ihre Beschwerde.
== pyramid.yaml PYR-L2-06 procedure
Verfahren Kundenfeedback
Wir erfassen Kundenfeedback mit einer Kundenbefragung, die monatlich an alle Kunden mit abgeschlossenem
Auftrag verschickt wird.
== pyramid.yaml PYR-L2-07 rca
Ursachenanalyse Reklamationen
Für jede wiederkehrende Reklamation ermitteln wir die Grundursache. Beschlossen wurden folgende
Korrekturmaßnahmen: Schulung der Monteure, neue Checkliste.
== pyramid.yaml PYR-L3-08 governance
Steuerung der Kundenreisen
Für jede Kundenreise gibt es einen Journey-Verantwortlichen, der eine bereichsübergreifende Arbeitsgruppe
leitet. Verantwortlich für die Reise Umzug: Leitung Vertrieb.
== complaints.yaml CMP-PRC-03 procedure
Beschwerdeverfahren
Jede Beschwerde erhält eine Priorität nach Schweregrad. Beschwerden der Priorität 1 werden innerhalb von
24 Stunden bearbeitet; ist eine Beschwerde nach 5 Werktagen nicht gelöst, folgt die Eskalation an die
Teamleitung.
== complaints.yaml CMP-PRC-01 procedure
Beschwerdeverfahren
Jede Beschwerde erhält ein Aktenzeichen. Die Nachverfolgung jeder Beschwerde erfolgt bis zum Abschluss im
Beschwerderegister.
== complaints.yaml CMP-PRN-03 procedure
Beschwerdeverfahren
Jede Beschwerde wird unparteiisch bearbeitet. Die personenbezogenen Daten der Beschwerdeführer werden
vertraulich behandelt.
== complaints.yaml CMP-IMP-03 audit
Internes Audit Beschwerdemanagement
Feststellungen: Drei Beschwerden wurden nach Ablauf der Frist bestätigt; im Register fehlte bei vier
Beschwerden die Ursache.
== digital.yaml DIG-L1-03 statement
Hinweis zu unserem Chat
Sie sprechen mit unserem virtuellen Assistenten. Die Antworten werden automatisiert mit künstlicher
Intelligenz erstellt.
== digital.yaml DIG-L1-04 privacy
Datenschutzhinweise
Wir verarbeiten personenbezogene Daten nur zur Vertragserfüllung. Ihre Rechte: Sie haben ein
Auskunftsrecht. Unser Datenschutzbeauftragter ist unter datenschutz@beispiel.de erreichbar.
== digital.yaml DIG-L2-01 analysis
Analyse der Schmerzpunkte
Größtes Ärgernis ist die Wartezeit an der Hotline: 41 % der Anrufenden warten länger als 3 Minuten.
"""


def _documents() -> dict[tuple[str, str, str], str]:
    """Each requirement (set file, criterion, requirement) and its document, as Markdown."""
    found = {}
    for block in DOCUMENTS.split("\n== ")[1:]:
        head, title, text = block.split("\n", 2)
        source, criterion, requirement = head.split()
        found[(source, criterion, requirement)] = f"# {title}\n\n{HEAD}\n\n{text}"
    return found


GERMAN = _documents()
SLA = GERMAN[("pyramid.yaml", "PYR-L1-02", "sla_doc")]


@pytest.mark.parametrize(("requirement", "text"), GERMAN.items(), ids=[f"{c} {r}" for _s, c, r in GERMAN])
def test_a_german_document_meets_the_requirement(
    collect: Any, evaluate: Any, tmp_path: Path, requirement: tuple[str, str, str], text: str
) -> None:
    source, criterion, req = requirement
    assert _alone(collect, evaluate, tmp_path / "de", text, (criterion, req), source) == "satisfied"


def test_the_german_terms_are_what_meets_it(collect: Any, evaluate: Any, tmp_path: Path) -> None:
    """The control: the same SLA with its German terms replaced by unrelated words states no subject."""
    unrelated = SLA.replace("Servicevereinbarung", "Hausordnung").replace("Lösungszeit", "Lieferzeit")
    assert _alone(collect, evaluate, tmp_path / "other", unrelated, ("PYR-L1-02", "sla_doc"), "pyramid.yaml") == (
        "unsatisfied"
    )
