"""A document that another organisation owns is not this organisation's evidence (see `_owner`).

What was observed: another company's published complaints policy ("Acme Bank plc: complaints handling
policy", "© 2024 Acme Bank plc. All rights reserved."), dropped into the folder of Harbour Cycles, lifted
requirements of the pyramid set as if it were Harbour Cycles' own; an empty folder lifts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._owner import organisation_names, other_owner

POLICY = """# {title}

## Complaints

Every complaint is recorded in our complaints register and acknowledged within two working days. We resolve
complaints within fifteen working days and tell customers they may refer an unresolved complaint to the
ombudsman. Complaints are escalated to a manager after five days.

## Feedback

We survey customers after every resolved complaint and report the results to management each month. Root
causes of complaints are analysed every quarter and improvement actions are agreed.

{footer}
"""
MANIFEST = (
    'format_version: "1"\norganisation: {{name: Harbour Cycles{aka}}}\n'
    'period: {{start: "2025-01-01", end: "2025-12-31"}}\n'
)


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def _folder(tmp_path: Path, name: str, policy: str | None, aka: str = "") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "servex.yaml").write_text(MANIFEST.format(aka=aka), "utf-8")
    if policy is not None:
        (folder / "complaints-policy.md").write_text(policy, "utf-8")
    return folder


def test_another_companys_policy_proves_nothing_of_this_one(tmp_path: Path) -> None:
    acme = POLICY.format(title="Acme Bank plc: complaints handling policy",
                         footer="© 2024 Acme Bank plc. All rights reserved.")  # fmt: skip
    result = assess_folder(_folder(tmp_path, "acme", acme), tmp_path)
    assert _states(result) == _states(assess_folder(_folder(tmp_path, "empty", None), tmp_path))
    warnings = [e["message"] for e in result["log"] if e.get("file") == "complaints-policy.md"]
    assert any("names Acme Bank plc as its owner and never names Harbour Cycles" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("title", "footer", "aka"),
    [
        ("Complaints handling policy", "© 2025 Harbour Cycles. All rights reserved.", ""),  # its own name
        ("Complaints handling policy", "", ""),  # no owner named
        ("HC Bikes Ltd: complaints handling policy", "© 2025 HC Bikes Ltd", ", also_known_as: [HC Bikes Ltd]"),
        ("Complaints handling policy at Harbour Cycles", "© 2025 HC Bikes Ltd", ""),  # names the organisation
    ],
)
def test_the_organisations_own_policy_still_counts(tmp_path: Path, title: str, footer: str, aka: str) -> None:
    """The control: the same policy as the organisation's own, under each name it may carry."""
    own = POLICY.format(title=title, footer=footer)
    now = _states(assess_folder(_folder(tmp_path, "own", own, aka), tmp_path))
    empty = _states(assess_folder(_folder(tmp_path, "empty", None, aka), tmp_path))
    lifted = {key for key, state in now.items() if state != empty[key]}
    assert {("PYR-L2-01", "policy"), ("PYR-L2-06", "procedure")} <= lifted and len(lifted) >= 3


@pytest.mark.parametrize(
    ("texts", "owner"),
    [
        (["# Acme Bank plc — Complaints policy", "Every complaint is acknowledged."], "Acme Bank plc"),
        (["Acme Bank plc\n\n# Complaints policy", "Every complaint is acknowledged."], "Acme Bank plc"),  # letterhead
        (["# Brochure", "HelpFlow helps you.", "Copyright 2023 HelpFlow Ltd"], "HelpFlow Ltd"),
        (["# Charte client", "© 2023 Société des Eaux de Serre SAS"], "Société des Eaux de Serre SAS"),
        (["# Leitbild", "© Muster Service GmbH"], "Muster Service GmbH"),
        # a partner named in a sentence, a list item "(c)", a heading about copyright: no owner
        (["# Repairs\n\nRepairs are carried out by Bikefix Ltd on our behalf.", "x"], None),
        (["# Policy", "(c) Customer Service Manager reviews every complaint."], None),
        (["# Policy", "Copyright Notice. Copyright law applies to what we publish."], None),
        # the organisation named, as owner or anywhere
        (["# Policy", "© 2025 Harbour Cycles Ltd"], None),
        (["# Policy", "Harbour Cycles answers within two days.", "© 2025 HC Bikes Ltd"], None),
    ],
)
def test_the_owner_a_document_names(texts: list[str], owner: str | None) -> None:
    assert other_owner(texts, ["Harbour Cycles"]) == owner


def test_generic_words_do_not_make_two_organisations_one() -> None:
    """"Acme Group Services Ltd" shares only generic words with "Harbour Group Services": another owner."""
    texts = ["# Acme Group Services Ltd: complaints policy", "Every complaint is acknowledged."]
    assert other_owner(texts, ["Harbour Group Services"]) == "Acme Group Services Ltd"
    assert organisation_names({"organisation": {"name": "Harbour Cycles", "also_known_as": ["HC Bikes Ltd"]}}) == [
        "Harbour Cycles", "HC Bikes Ltd"]  # fmt: skip
    assert other_owner(texts, []) is None  # no name to compare with: nothing is set aside


def test_whose_document_a_text_is_is_worked_out_once_per_text_and_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run reads the verdict kept beside the text's matches instead of scanning the text again (a
    tenth of a warm run over 300 PDFs); another organisation name decides afresh."""
    import json

    import servex.plugins.documents._owner as owner
    from servex._cli.main import main

    calls: list[int] = []
    real = owner.other_owner
    monkeypatch.setattr(owner, "other_owner", lambda texts, names: calls.append(1) or real(texts, names))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    acme = POLICY.format(title="Acme Bank plc: complaints handling policy",
                         footer="© 2024 Acme Bank plc. All rights reserved.")  # fmt: skip
    folder = _folder(tmp_path, "acme", acme)

    def warned() -> bool:
        out = tmp_path / "result.json"
        with pytest.raises(SystemExit):
            main(["assess", str(folder), "-o", f"json:{out}", "--fail-on", "never", "-q", "--cache-dir",
                  str(tmp_path / "cache")])  # fmt: skip
        log = json.loads(out.read_text("utf-8"))["log"]
        return any("names Acme Bank plc as its owner" in e["message"] for e in log)

    assert warned() and len(calls) == 1
    assert warned() and len(calls) == 1  # kept
    (folder / "servex.yaml").write_text(MANIFEST.format(aka=", also_known_as: [Acme Bank plc]"), "utf-8")
    assert not warned() and len(calls) == 2
