"""A document whose text says it expired, or was due for review, before the period began is not current.

What was observed: Harbour Cycles' complaints policy with its approval line undated and "Valid until:
31 December 2022" (or "Next review: January 2020") on it, saved as a Word file in October 2025, satisfied
the knock-out PYR-L2-01, which asks for a policy approved within 730 days: its age came from the file's
"modified" stamp, and the date its text gives was left out as one that looks forward (see `_stated_date`).
An assessor reads that line and sees a policy that lapsed years before the period.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder, write_docx
from servex.plugins.documents._match import fold
from servex.plugins.documents._stated_date import expiry_date

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "evidence_samples/harbour-cycles/shop/how-to-complain.md"
APPROVAL = "Approved by Jo Penhale, owner, on 14 January 2025. Owner: Jo Penhale."
#: the French policy an organisation in Quebec or Brittany would write (its status line is appended)
POLITIQUE = """# Politique de traitement des réclamations

Approuvée par la direction. Responsable : Jo Penhale.

## Déposer une réclamation

Toute réclamation est gratuite et peut être faite au comptoir, par courriel ou par le formulaire du site.
Chaque réclamation reçoit un accusé de réception sous 2 jours ouvrés, avec son numéro.
"""


def _policy_text(status: str) -> str:
    """The sample's complaints policy with its dated approval replaced by an undated one and `status`."""
    return POLICY.read_text("utf-8").replace(APPROVAL, f"Approved by Jo Penhale, owner. Owner: Jo Penhale. {status}")


def _docx(folder: Path, text: str) -> Path:
    """`text` (Markdown) as a Word file saved inside the period (its own stamp: 2025-10-01)."""
    folder.mkdir()
    paragraphs = []
    for block in text.split("\n\n"):
        line = " ".join(block.split())
        paragraphs.append(("Heading1", line.lstrip("# ")) if line.startswith("#") else ("Normal", line))
    write_docx(folder / "complaints-policy.docx", paragraphs, title="How to complain", modified="2025-10-01")
    return folder


def _policy_outcome(result: dict[str, Any]) -> dict[str, Any]:
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "policy")


@pytest.mark.parametrize(
    "status,expired_on",
    [("Valid until: 31 December 2022.", "2022-12-31"), ("Next review: January 2020.", "2020-01-31")],
)
def test_a_word_policy_past_its_expiry_is_not_current(tmp_path: Path, status: str, expired_on: str) -> None:
    outcome = _policy_outcome(assess_folder(_docx(tmp_path / "lapsed", _policy_text(status)), tmp_path))
    assert outcome["state"] == "partial"
    assert f"expired or overdue for review on {expired_on}, by the date its text states" in outcome["message"]["en"]
    assert "selon la date que son texte indique" in outcome["message"]["fr"]
    document = outcome["details"]["documents"][0]
    assert (document["status"], document["expired_on"]) == ("expired", expired_on)


def test_a_markdown_policy_past_its_expiry_is_said_expired_not_undated(tmp_path: Path) -> None:
    (tmp_path / "lapsed").mkdir()
    (tmp_path / "lapsed" / "complaints-policy.md").write_text(_policy_text("Valid until: 31 December 2022."), "utf-8")
    outcome = _policy_outcome(assess_folder(tmp_path / "lapsed", tmp_path))
    assert outcome["state"] == "partial"
    assert "expired or overdue for review on 2022-12-31, by the date its text states" in outcome["message"]["en"]
    assert "Undated" not in outcome["message"]["en"]
    assert outcome["details"]["documents"][0]["expired_on"] == "2022-12-31"


def test_a_french_policy_past_its_expiry_is_not_current(tmp_path: Path) -> None:
    text = POLITIQUE.replace(
        "Responsable : Jo Penhale.", "Responsable : Jo Penhale. Valable jusqu'au 31 décembre 2022."
    )
    outcome = _policy_outcome(assess_folder(_docx(tmp_path / "echue", text), tmp_path))
    assert outcome["state"] == "partial"
    assert "expiré ou à réviser depuis le 2022-12-31, selon la date que son texte indique" in outcome["message"]["fr"]


@pytest.mark.parametrize(
    "status",
    [
        "Next review: January 2027.",  # due after the period: current
        "Valid until: 31 December 2024.",  # lapsed during the period, not before it: it was current then
    ],
)
def test_a_review_due_inside_or_after_the_period_changes_nothing(tmp_path: Path, status: str) -> None:
    outcome = _policy_outcome(assess_folder(_docx(tmp_path / "current", _policy_text(status)), tmp_path))
    assert outcome["state"] == "satisfied"
    assert outcome["details"]["documents"][0]["expired_on"] is None


def test_a_renewal_stated_later_or_declared_in_the_manifest_wins(tmp_path: Path) -> None:
    renewed = _policy_text("Valid until: 31 December 2022. Renewal approved on 14 January 2025.")
    assert _policy_outcome(assess_folder(_docx(tmp_path / "renewed", renewed), tmp_path))["state"] == "satisfied"
    declared = _docx(tmp_path / "declared", _policy_text("Valid until: 31 December 2022."))
    (declared / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Probe}\nperiod: {start: "2024-12-01", end: "2025-11-30"}\n'
        'files:\n  - {path: complaints-policy.docx, approved: "2025-03-01"}\n',
        "utf-8",
    )
    assert _policy_outcome(assess_folder(declared, tmp_path))["state"] == "satisfied"


@pytest.mark.parametrize(
    "line,expires",
    [
        ("Valid until: 31 December 2022", "2022-12-31"),
        ("Next review: January 2020.", "2020-01-31"),  # due in January: overdue once January is over
        ("Approved by the board on 2019-03-12; next review due 2026-03-01.", "2026-03-01"),
        ("Review due by March 5, 2021", "2021-03-05"),
        ("This policy expires on 30 June 2023.", "2023-06-30"),
        ("Expiry date: 2023-06-30", "2023-06-30"),
        ("This charter expired on 31 December 2022.", "2022-12-31"),
        ("Valable jusqu'au 31 décembre 2022", "2022-12-31"),
        ("Valable jusqu’au 31/12/2022", "2022-12-31"),  # the day cannot be the month: no doubt
        ("Prochaine révision : janvier 2020", "2020-01-31"),
        ("Ce document expire le 1er mars 2023.", "2023-03-01"),
        ("Gültig bis 31.12.2022", "2022-12-31"),
        ("Nächste Überprüfung: Januar 2020", "2020-01-31"),
        ("Das Dokument läuft am 1. März 2023 ab.", "2023-03-01"),
        ("Läuft ab: 2023-03-01", "2023-03-01"),
        ("Valid until 03/04/2023", None),  # March or April: who wrote it decides, servex cannot
        ("Date of next meeting: 16 December 2025", None),  # a meeting, not the document's review
        ("Approved by Jo Penhale, owner, on 14 January 2019.", None),
        ("Annual review by the board: 14 January 2019", None),  # when it was reviewed, not when it lapses
        ("Date de révision : 3 mars 2023", None),  # when it was revised
        ("This policy replaces the version valid until 31 December 2022.", None),  # the old one lapsed
        ("Le processus court depuis le 1er mars 2020.", None),
        ("Das Verfahren läuft seit 1. März 2020.", None),
    ],
)
def test_the_expiry_a_status_line_states(line: str, expires: str | None) -> None:
    assert expiry_date([fold(line)]) == expires


def test_the_latest_expiry_is_the_documents_own() -> None:
    """A revision table lists each version's review date: the last one is the document's."""
    history = [
        "v1 | approved March 2018 | next review March 2020",
        "v2 | approved 14 January 2025 | next review January 2027",
    ]
    assert expiry_date([fold(row) for row in history]) == "2027-01-31"
