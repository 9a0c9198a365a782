"""Two criteria met on a figure alone now ask for what shows the figure means what it says.

- PYR-L2-03 "Solved at the first contact". What was observed (a rejected example of its rubric, "FCR
  declared by agents at the end of the call with no later check"): a call wrap-up export (ticket, time,
  channel, the agent's yes/no, the agent) with 85 % "yes" met the criterion, and nothing in it could show
  the flag was right. It now also asks for the check servex can make itself: of the tickets flagged as
  solved at the first contact, how many were followed by another ticket of the same customer within 7
  days (`fcr_came_back_7d`). Without a customer id that cannot be measured and the criterion stays partial.
- CMP-PRC-07 "Escalation kept exceptional". What was observed (its rubric's rejected example, "a low
  escalation rate because escalation is discouraged"): a log of 300 complaints, 3 escalated, met it on the
  rate alone, and a service that never tells customers they may take a complaint further shows the same
  rate. It now also asks for the complaint information that says how to escalate.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

ROUTE = (
    "# Complaints: how to complain and what happens next\n\n"
    "Complaining is free: call us, write to us or use the form on our website. We acknowledge every complaint "
    "within two working days and answer within 15 days.\n\n"
    "If our answer does not settle your complaint, ask for a review by our Customer Relations Director. If you "
    "are still not satisfied, you can refer your complaint to the independent Ombudsman, free of charge.\n"
)


def _finding(folder: Path, set_id: str, files: str, criterion: str) -> dict[str, Any]:
    """The criterion's finding in a `servex assess` of the folder with the shipped set and these data files."""
    from servex._cli.main import main

    out = folder.with_name("result.json")
    (folder / "servex.yaml").write_text(
        f'format_version: "1"\norganisation: {{name: Probe Ltd}}\ncriteria: {set_id}\n'
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n  - name: docs\n    collector: documents\n"
        f"  - name: data\n    collector: datasets\n    config:\n      files:\n        - {files}\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        main(["assess", str(folder), "-o", f"json:{out}", "--fail-on", "never", "-q"])
    result = json.loads(out.read_text(encoding="utf-8"))
    return next(f for f in result["findings"] if f["criterion_id"] == criterion)


def _states(finding: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["state"] for r in finding["requirements"]}


def _tickets(path: Path, customers: bool, come_back: bool, rows: int = 600) -> None:
    """Tickets through 2025, 85 % flagged as solved at the first contact. With `come_back`, every flagged
    ticket's customer opens another ticket the next day (the flag did not hold)."""
    start = datetime(2025, 1, 2, 9, 0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "created_at", "channel", "first_contact_resolution", "assignee"]
                     + (["customer_id"] if customers else []))  # fmt: skip
        for i in range(rows):
            created = start + timedelta(hours=14 * i)
            flagged = i % 20 < 17
            # pairs of tickets 14 hours apart share a customer; else a customer comes back every 87 days
            customer = f"C{i // 2}" if come_back else f"C{i % 150}"
            row = [f"T{i}", created.strftime("%Y-%m-%d %H:%M"), "phone", "yes" if flagged else "no", f"A{i % 9}"]
            out.writerow(row + ([customer] if customers else []))


@pytest.mark.parametrize(
    ("customers", "come_back", "status", "held"),
    [
        (False, False, "partially_met", "insufficient"),  # observed: met on the agents' word alone
        (True, True, "partially_met", "unsatisfied"),  # the customers came back: the flag did not hold
        (True, False, "met", "satisfied"),  # checked, and it held
    ],
)
def test_first_contact_resolution_is_met_only_when_customers_did_not_come_back(
    evidence: Path, monkeypatch: pytest.MonkeyPatch, customers: bool, come_back: bool, status: str, held: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _tickets(evidence / "wrapup.csv", customers, come_back)
    finding = _finding(evidence, "servex-pyramid", "{path: wrapup.csv, dataset: tickets}", "PYR-L2-03")
    states = _states(finding)
    assert states["fcr"] == "satisfied"  # 85 % flagged either way
    assert (finding["status"], states["fcr_held"]) == (status, held)
    message = next(r for r in finding["requirements"] if r["id"] == "fcr_held")["message"]["en"]
    if not customers:
        assert "no customer_id field" in message


def _complaints(path: Path, rows: int = 300) -> None:
    start = datetime(2025, 1, 2, 9, 0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "received_at", "acknowledged_at", "resolved_at", "escalated", "category"])
        for i in range(rows):
            received = start + timedelta(hours=29 * i)
            acknowledged, resolved = received + timedelta(hours=20), received + timedelta(days=6)
            out.writerow([
                f"CP{i}", f"{received:%Y-%m-%d %H:%M}", f"{acknowledged:%Y-%m-%d %H:%M}", f"{resolved:%Y-%m-%d %H:%M}",
                "yes" if i % 100 == 0 else "no", ("billing", "delivery", "staff")[i % 3],
            ])  # fmt: skip


@pytest.mark.parametrize(("told", "status"), [(False, "partially_met"), (True, "met")])
def test_a_low_escalation_rate_is_met_where_customers_are_told_how_to_escalate(
    evidence: Path, monkeypatch: pytest.MonkeyPatch, told: bool, status: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _complaints(evidence / "complaints.csv")
    if told:
        (evidence / "complaints-information.md").write_text(ROUTE, encoding="utf-8")
    finding = _finding(evidence, "servex-complaints", "{path: complaints.csv, dataset: complaints}", "CMP-PRC-07")
    states = _states(finding)
    assert states["escalation"] == "satisfied"  # 1 % escalated either way
    assert (finding["status"], states["route"]) == (status, "satisfied" if told else "unsatisfied")
