"""Issue 23: KPI definitions as data in a criteria set or the manifest, with no Python."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from servex import ExitCode
from servex.testing import run_cli

SET = """\
format_version: "1"
id: acme-web
version: 1.0.0
title: {en: Web service, fr: Service web}
scales:
  compliance:
    title: {en: Compliance, fr: Conformité}
    values:
      - {id: non_compliance, label: {en: Non-compliance, fr: Non-conformité}, score: 0, status: not_met}
      - {id: compliance, label: {en: Compliance, fr: Conformité}, score: 100, status: met}
levels:
  - {id: L1, name: {en: Core service proposition, fr: Promesse de service de base}}
dimensions:
  - {id: D1, name: {en: Operations, fr: Opérations}}
elements:
  - {id: E1, dimension: D1, name: {en: Delivery, fr: Livraison}}
kpis:
  - id: web_fix_share
    name: {en: Web requests fixed in a day, fr: Demandes web réglées en un jour}
    unit: percent
    direction: higher_is_better
    dataset: tickets
    formula: {type: within, start: created_at, end: resolved_at, limit_hours: 24, where: {field: channel, in: [web]}}
    min_sample: 5
criteria:
  - id: WEB-L1-01
    level: L1
    elements: [E1]
    title: {en: Quick fixes, fr: Corrections rapides}
    statement: {en: Web requests are fixed within a day., fr: Les demandes web sont réglées en un jour.}
    recommendation: {en: Fix web requests faster., fr: Régler les demandes web plus vite.}
    weight: 1
    scale: compliance
    evidence:
      - id: fix
        type: kpi
        role: show
        description: {en: Share fixed in a day, fr: Part réglée en un jour}
        params: {kpi: web_fix_share, target: {op: ">=", value: 50}, min_sample: 5}
      - id: mine
        type: kpi
        role: show
        description: {en: The organisation's own measure, fr: La mesure de l'organisation}
        params: {kpi: acme_phone_share, target: {op: "<=", value: 50}, min_sample: 5}
    grading:
      rules:
        - {when: {all: [{req: fix, is: satisfied}, {req: mine, is: satisfied}]}, then: compliance}
      otherwise: non_compliance
"""

MANIFEST_KPIS = """\
kpis:
  - id: acme_phone_share
    name: {en: Share of requests by phone, fr: Part des demandes par téléphone}
    unit: percent
    direction: lower_is_better
    dataset: tickets
    formula: {type: share, condition: {field: channel, in: [phone]}}
    min_sample: 5
"""


def _folder(tmp_path: Path, manifest_extra: str = MANIFEST_KPIS, set_text: str = SET) -> Path:
    root = tmp_path / "org"
    (root / "data").mkdir(parents=True)
    rows = []
    for i in range(40):
        channel = ("web", "Web ", "phone", "email")[i % 4]
        hours = 6 if i % 3 else 30  # every third ticket takes more than a day
        rows.append(
            [
                f"T{i}",
                f"2025-03-{1 + i % 28:02d}T08:00:00Z",
                f"2025-03-{1 + i % 28:02d}T{8 + hours % 24:02d}:00:00Z"
                if hours < 24
                else f"2025-03-{2 + i % 28:02d}T14:00:00Z",
                channel,
            ]
        )
    with (root / "data" / "tickets.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "created_at", "resolved_at", "channel"])
        writer.writerows(rows)
    (root / "acme-web.yaml").write_text(set_text, encoding="utf-8")
    (root / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Acme}\ncriteria: acme-web.yaml\n'
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n  - {name: tickets, collector: datasets,\n"
        "     config: {files: [{path: data/tickets.csv, dataset: tickets}]}}\n" + manifest_extra,
        encoding="utf-8",
    )
    return root


def _expected(root: Path) -> tuple[float, float]:
    """The two KPIs computed independently from the CSV (channel compared without case or spaces)."""
    from datetime import datetime

    with (root / "data" / "tickets.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    web = [r for r in rows if r["channel"].strip().lower() == "web"]
    fast = [
        r for r in web
        if (datetime.fromisoformat(r["resolved_at"]) - datetime.fromisoformat(r["created_at"])).total_seconds() <= 86400
    ]  # fmt: skip
    phone = [r for r in rows if r["channel"].strip().lower() == "phone"]
    return 100 * len(fast) / len(web), 100 * len(phone) / len(rows)


def _values(result: dict) -> dict[str, float]:
    out = {}
    for finding in result["findings"]:
        for requirement in finding["requirements"]:
            details = requirement.get("details") or {}
            if requirement["type"] == "kpi" and details.get("value") is not None:
                out[details["kpi"]] = details["value"]
    return out


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))


def test_kpis_defined_in_the_set_and_the_manifest_are_computed(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    out = tmp_path / "r.json"
    assert run_cli("assess", str(root), "-o", f"json:{out}", "-o", f"md:{tmp_path / 'r.md'}", "--fail-on", "never") == 0
    values = _values(json.loads(out.read_text(encoding="utf-8")))
    fix, phone = _expected(root)
    assert values["web_fix_share"] == pytest.approx(fix, abs=0.05)
    assert values["acme_phone_share"] == pytest.approx(phone, abs=0.05)
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Web requests fixed in a day" in report and "Share of requests by phone" in report


def test_a_kpi_id_that_is_already_defined_is_refused_where_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _folder(tmp_path, manifest_extra=MANIFEST_KPIS.replace("acme_phone_share", "nps", 1))
    assert run_cli("assess", str(root), "--fail-on", "never") == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert "servex.yaml:" in err and "KPI 'nps' is already defined" in err and "Traceback" not in err


def test_a_malformed_kpi_in_a_set_names_the_set_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _folder(tmp_path, set_text=SET.replace("type: within,", "type: whithin,"))
    assert run_cli("assess", str(root), "--fail-on", "never") == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    line = SET.splitlines().index(next(x for x in SET.splitlines() if "type: within," in x)) + 1
    assert f"acme-web.yaml:{line}:" in err, err
