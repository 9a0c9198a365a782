"""Fixtures for `servex init`: a first-time user's folder, as they would have it before any manifest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def first_folder(tmp_path: Path) -> Path:
    """A Zendesk ticket export (2025), a survey with canonical names plus a free-text column, a file
    servex cannot place, and a service charter whose commitments carry times."""
    root = tmp_path / "acme-care"
    tickets = []
    for i in range(240):
        month = 1 + i % 12
        tickets.append(
            [
                str(i + 1),
                f"User {i % 40}",
                f"u{i % 40}",
                f"2025-{month:02d}-{1 + i % 27:02d} 09:00:00",
                "Mail",
                "Normal",
                f"2025-{month:02d}-{2 + i % 27:02d} 10:00:00",
                str(30 + i % 200),
                "Good",
                "Rota note",
            ]
        )
    _write_csv(
        root / "exports" / "zendesk-tickets.csv",
        [
            "Id",
            "Requester",
            "Requester id",
            "Created at",
            "Via",
            "Priority",
            "Solved at",
            "First reply time in minutes",
            "Satisfaction Score",
            "Internal note",
        ],
        tickets,
    )
    survey = [[f"r{i}", f"2025-{1 + i % 12:02d}-15", str(3 + i % 3), "fine"] for i in range(120)]
    _write_csv(root / "exports" / "survey.csv", ["id", "responded_at", "satisfaction_score", "Verbatim"], survey)
    _write_csv(root / "exports" / "rota.csv", ["Agent", "Shift", "Hours"], [["A", "early", "8"]])
    (root / "policies").mkdir(parents=True)
    (root / "policies" / "service-charter.md").write_text(
        "# Acme Care service charter\n\n## Our commitments\n\n"
        "We commit to a first reply within 4 working hours on email and within 2 minutes on chat.\n"
        "We answer the phone within 60 seconds, Monday to Friday from 8:00 to 18:00.\n",
        encoding="utf-8",
    )
    return root
