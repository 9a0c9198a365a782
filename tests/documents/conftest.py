"""Fixtures for the documents plugin: real files of every supported format, built in tmp folders.

PDFs come from WeasyPrint (the renderer organisations' own tooling often uses) once per session,
because rendering is the slow part; every other format is written directly.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from docfiles import CHARTE_FR, POLICY_EN, render_pdf, write_docx, write_odt, write_xlsx
from servex import CollectContext, EvaluationContext, EvidenceItem, Period, Requirement

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="session")
def pdf_bytes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """policy-en.pdf (3 pages), charte-fr.pdf (2 pages) and a password-protected copy."""
    from pypdf import PdfReader, PdfWriter

    policy = render_pdf(POLICY_EN, "Customer service policy", "2025-06-30", "en")
    charte = render_pdf(CHARTE_FR, "Charte d'accueil", "2023-01-15", "fr")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(policy)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    return {"policy-en.pdf": policy, "charte-fr.pdf": charte, "locked.pdf": locked.getvalue()}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)


@pytest.fixture
def collect(tmp_path: Path) -> Callable[..., tuple[list[EvidenceItem], CollectContext]]:
    """Run the documents collector on a folder, as servex does, returning its items and log."""
    from servex.plugins.documents import servex_collectors

    collector = servex_collectors()[0]

    def run(
        folder: Path, manifest: dict[str, Any] | None = None, config: dict[str, Any] | None = None
    ) -> tuple[list[EvidenceItem], CollectContext]:
        ctx = CollectContext(
            evidence_dir=folder,
            source="documents",
            config=config or {},
            manifest=manifest or {},
            period=PERIOD,
            collected_at="2026-01-01T00:00:00Z",
            cache_dir=tmp_path / "cache",
            offline=True,
            criteria_set=None,  # type: ignore[arg-type]  # the collector never reads it
        )
        return list(collector.collect(ctx)), ctx

    return run


@pytest.fixture
def evaluate() -> Callable[..., Any]:
    """Judge one `document` requirement with these params against these items."""
    from servex.plugins.documents import servex_evaluators

    evaluator = servex_evaluators()[0]

    def run(items: list[EvidenceItem], params: dict[str, Any]) -> Any:
        ctx = EvaluationContext(
            criteria_set=None,  # type: ignore[arg-type]
            criterion=SimpleNamespace(id="TEST-DOC-01"),  # type: ignore[arg-type]
            evidence=tuple(items),
            kpis={},
            manifest={},
            period=PERIOD,
            evidence_dir=Path("."),
        )
        requirement = Requirement("docs", "document", "show", {"en": "", "fr": ""}, params, "TEST-DOC-01")
        outcome = evaluator.evaluate(requirement, ctx)
        json.dumps(dict(outcome.details))  # details must stay JSON-safe for the result file
        return outcome

    return run


@pytest.fixture
def evidence(tmp_path: Path, pdf_bytes: dict[str, bytes]) -> Path:
    """An evidence folder with one document of each supported format, in English and French."""
    root = tmp_path / "evidence"
    (root / "policies").mkdir(parents=True)
    (root / "procedures").mkdir()
    (root / "policies" / "policy-en.pdf").write_bytes(pdf_bytes["policy-en.pdf"])
    (root / "policies" / "charte-fr.pdf").write_bytes(pdf_bytes["charte-fr.pdf"])
    write_docx(
        root / "procedures" / "escalation.docx",
        [
            ("Heading1", "Escalation procedure"),
            ("Normal", "Front-line staff log every case."),
            ("Heading1", "Ombudsman"),
            ("Normal", "Unresolved complaints are escalated to the ombudsman after fifteen days."),
            ("Table", "Referral to the ombudsman | 15 days"),
        ],
        title="Escalation procedure",
        modified="2025-09-01",
    )
    write_xlsx(
        root / "procedures" / "improvement-plan.xlsx",
        {
            "Plan": [["Action", "Owner"], ["Publish the complaint leaflet", "Quality"]],
            "Budget": [["Item", 100]],
        },
        title="Improvement plan",
    )
    write_odt(
        root / "procedures" / "accueil.odt",
        "Accueil téléphonique",
        ["Décrocher avant la troisième sonnerie."],
    )
    (root / "notes.md").write_text(
        "# Team notes\n\nWe review feedback monthly.\n\n## Actions\n\nNew leaflet.\n"
    )
    (root / "site.html").write_text(
        "<html><head><title>Contact us</title><style>p{color:red}</style></head>"
        "<body><h1>Contact</h1><p>Call us any weekday.</p><script>var x = 'complaint';</script></body></html>"
    )
    (root / "lisez-moi.txt").write_bytes(
        "Procédure de réclamation : écrire au service qualité.\n".encode("latin-1")
    )
    return root
