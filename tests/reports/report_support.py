"""Helpers for the HTML/PDF report tests: a small hand-made result (fast to render, and it carries hostile
evidence text on purpose) and a way to run the servex CLI as users do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"

_BI = dict[str, str]


def _bi(en: str, fr: str) -> _BI:
    return {"en": en, "fr": fr}


def _finding(
    cid: str, level: str, status: str, score: float | None, requirements: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    finding = {
        "criterion_id": cid,
        "level": level,
        "status": status,
        "score": score,
        "weight": 2.0,
        "required": False,
        "title": _bi(f"Title of {cid}", f"Intitulé de {cid}"),
        "statement": _bi("What is expected.", "Ce qui est attendu."),
        "elements": ["E1"],
        "rationale": [_bi("Because.", "Parce que.")],
        "requirements": requirements,
        "evidence_ids": ["ev-doc"],
        "gap": [],
        "recommendation": None,
        "not_applicable_justification": None,
    }
    finding.update(extra)
    return finding


def synthetic(snippet: str = "Our promise: answer within 2 days.") -> dict[str, Any]:
    """Two levels, three elements, one finding per kind of evidence; `snippet` goes into a document citation."""
    values = (70, 72, 75, 71, 78, 80)
    monthly = [{"month": f"2025-{m:02d}", "n": 100, "value": v} for m, v in enumerate(values, start=1)]
    doc = {
        "id": "charter",
        "type": "document",
        "state": "satisfied",
        "description": _bi("Charter", "Charte"),
        "message": _bi("1 matching document.", "1 document correspondant."),
        "evidence_ids": ["ev-doc"],
        "gap": None,
        "details": {
            "documents": [
                {
                    "status": "match",
                    "file": "policies/charter.md",
                    "title": "Charter",
                    "citations": [{"locator": "line 3", "snippet": snippet}],
                }
            ]
        },
    }
    kpi = {
        "id": "csat",
        "type": "kpi",
        "state": "unsatisfied",
        "description": _bi("", ""),
        "message": _bi("CSAT 74.3 (target >= 80).", "CSAT 74,3 (cible >= 80)."),
        "evidence_ids": ["ev-data"],
        "gap": _bi("Raise CSAT.", "Relever la CSAT."),
        "details": {
            "kpi": "csat_top2",
            "value": 74.3333,
            "unit": "percent",
            "sample": 600,
            "target": {"op": ">=", "value": 80.0},
            "monthly": monthly,
        },
    }
    survey = {
        "id": "q",
        "type": "questionnaire",
        "state": "partial",
        "description": _bi("", ""),
        "message": _bi("Roles disagree.", "Les rôles divergent."),
        "evidence_ids": [],
        "gap": None,
        "details": {
            "question": "q_listen",
            "median": 50.0,
            "answers": [],
            "by_role": {
                "management": {"count": 2, "median": 100.0, "typical": "always"},
                "staff": {"count": 4, "median": 25.0, "typical": "rarely"},
            },
            "disagreement": [{"roles": ["management", "staff"], "medians": [100.0, 25.0]}],
        },
    }
    findings = [
        _finding("T-L1-01", "L1", "met", 100.0, [doc], required=True),
        _finding(
            "T-L1-02",
            "L1",
            "not_met",
            0.0,
            [kpi],
            weight=3.0,
            gap=[_bi("Raise CSAT.", "Relever la CSAT.")],
            recommendation=_bi("Survey every month.", "Sonder chaque mois."),
            elements=["E2"],
        ),
        _finding(
            "T-L2-01",
            "L2",
            "partially_met",
            40.0,
            [survey],
            elements=["E3"],
            recommendation=_bi("Listen to staff.", "Écouter les équipes."),
        ),
        _finding("T-L2-02", "L2", "not_applicable", None, [], not_applicable_justification="No shops."),
    ]
    evidence = [
        {
            "id": "ev-doc",
            "kind": "document",
            "title": "Charter",
            "attributes": {},
            "supports": [],
            "tags": [],
            "provenance": {
                "collector": "documents",
                "source": "policies/charter.md",
                "locator": "",
                "sha256": "a" * 64,
                "size": 1234,
                "media_type": "text/markdown",
                "collected_at": "2026-01-01T00:00:00Z",
            },
        },
        {
            "id": "ev-data",
            "kind": "dataset",
            "title": "Survey",
            "attributes": {},
            "supports": [],
            "tags": [],
            "provenance": {
                "collector": "datasets",
                "source": "data/survey.csv",
                "locator": "",
                "sha256": "b" * 64,
                "size": 99,
                "media_type": "text/csv",
                "collected_at": "2026-01-01T00:00:00Z",
            },
        },
    ]
    level = {
        "blocked_by": [],
        "capped_by": [],
        "gated_by": None,
        "in_scope": True,
        "projected_score": None,
        "criteria": 2,
    }
    bands = [
        ("not_evidenced", 0.0, "Not evidenced", "Non démontré"),
        ("developing", 35.0, "Developing", "En développement"),
        ("established", 50.0, "Established", "Établi"),
        ("excellent", 75.0, "Excellent", "Excellent"),
    ]
    return {
        "format_version": "1",
        "id": "00000000-0000-5000-8000-000000000001",
        "lang": "en",
        "generated_at": "2026-11-27T09:30:00Z",
        "organisation": {"name": "Acme <Services> & Co"},
        "assessor": {"name": "A. Assessor", "organisation": "Audit Ltd"},
        "period": {"start": "2026-01-01", "end": "2026-06-30"},
        "criteria_set": {
            "id": "test-set",
            "version": "2.1.0",
            "sha256": "c" * 64,
            "title": _bi("Test set", "Jeu test"),
        },
        "readiness": {
            "statement": _bi("Achieves L1.", "Atteint L1."),
            "highest_level_achieved": "L1",
            "overall_score": 66.6667,
            "state": "close",
            "next_level": {"level": "L2", "criteria": ["T-L2-01"], "gated_by": None, "projected_score": 61.25},
        },
        "levels": [
            {
                **level,
                "id": "L1",
                "name": _bi("Core", "Base"),
                "score": 66.6667,
                "verdict": "established",
                "raw_verdict": "established",
                "achieved": True,
                "counts": {"met": 1, "not_met": 1},
            },
            {
                **level,
                "id": "L2",
                "name": _bi("Feedback", "Retours"),
                "score": 40.0,
                "verdict": "developing",
                "raw_verdict": "developing",
                "achieved": False,
                "counts": {"partially_met": 1},
                "blocked_by": ["T-L2-01"],
                "projected_score": 61.25,
            },
        ],
        "dimensions": [
            {"id": "A", "name": _bi("Leadership", "Leadership"), "score": 70.0, "verdict": "established"},
            {"id": "B", "name": _bi("Culture", "Culture"), "score": 40.0, "verdict": "developing"},
        ],
        "elements": [
            {"id": "E1", "dimension": "A", "name": _bi("Vision", "Vision"), "score": 100.0, "verdict": "excellent"},
            {
                "id": "E2",
                "dimension": "A",
                "name": _bi("Leaders", "Dirigeants"),
                "score": 0.0,
                "verdict": "not_evidenced",
            },
            {"id": "E3", "dimension": "B", "name": _bi("Culture", "Culture"), "score": 40.0, "verdict": "developing"},
        ],
        "findings": findings,
        "evidence": evidence,
        "not_applicable": [{"criterion_id": "T-L2-02", "justification": "We run no shops <b>at all</b>."}],
        "log": [],
        "plugins": [{"name": "reports", "version": "", "distribution": "servex"}],
        "tool": {"name": "servex", "version": "0.0.0"},
        "model": {
            "achieve_verdict": "established",
            "knockout_cap": "developing",
            "verdict_bands": [{"verdict": v, "min": m, "label": _bi(en, fr)} for v, m, en, fr in bands],
            "scales": {
                "compliance": {
                    "title": _bi("Compliance", "Conformité"),
                    "values": [
                        {"id": "no", "label": _bi("No", "Non"), "score": 0.0, "status": "not_met"},
                        {"id": "yes", "label": _bi("Yes", "Oui"), "score": 100.0, "status": "met"},
                    ],
                }
            },
            "references": [{"id": "iso-23592", "title": "ISO 23592:2021 Service excellence"}],
        },
    }


def run_servex(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=180
    )
