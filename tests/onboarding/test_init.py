"""`servex init`: a first manifest that validates, says what it inferred, and never overwrites by accident."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from servex import ExitCode
from servex.testing import run_cli

SERVEX = str(Path(sys.executable).with_name("servex"))


def _manifest(folder: Path) -> dict:
    return yaml.safe_load((folder / "servex.yaml").read_text(encoding="utf-8"))


def _datasets(manifest: dict) -> dict[str, dict]:
    out = {}
    for source in manifest["sources"]:
        for entry in (source.get("config") or {}).get("files") or []:
            out[entry["path"]] = entry
    return out


def test_yes_writes_a_manifest_that_assess_accepts(first_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("init", str(first_folder), "--yes") == ExitCode.OK
    said = capsys.readouterr().out
    manifest = _manifest(first_folder)
    files = _datasets(manifest)
    # the vendor layout and the canonical names are recognised, with the mapping written out
    assert files["exports/zendesk-tickets.csv"]["dataset"] == "tickets"
    assert files["exports/zendesk-tickets.csv"]["mapping"]["created_at"] == "Created at"
    assert files["exports/survey.csv"]["dataset"] == "survey"
    assert "exports/rota.csv" not in files and "exports/rota.csv" in said
    text = (first_folder / "servex.yaml").read_text(encoding="utf-8")
    assert "layout recognised: Zendesk" in text
    assert "columns no field takes (map one if it is a field): Requester, Internal note" in text
    assert "# not declared: exports/rota.csv (its dataset could not be told)" in text
    # the period proposed is the last whole year the data covers, not the year before the clock
    assert manifest["period"] == {"start": "2025-01-01", "end": "2025-12-31", "timezone": "UTC"}
    assert manifest["organisation"]["name"] == "acme-care"
    # the manifest validates and grades: the declared exports are read, nothing is refused
    out = first_folder.parent / "r.json"
    code = run_cli("assess", str(first_folder), "-o", f"json:{out}", "--fail-on", "never")
    assert code == ExitCode.OK, capsys.readouterr().err
    result = json.loads(out.read_text(encoding="utf-8"))
    sources = {s["name"]: s for s in result["sources"]}
    assert sources["tickets-export"]["status"] == "ok" and sources["tickets-export"]["items"] == 1
    assert sources["survey-export"]["status"] == "ok"


def test_documents_are_listed_with_the_criteria_their_passages_bear_on(first_folder: Path) -> None:
    assert run_cli("init", str(first_folder), "--yes") == ExitCode.OK
    text = (first_folder / "servex.yaml").read_text(encoding="utf-8")
    entry = text.split("- path: policies/service-charter.md", 1)[1].split("\n  - ", 1)[0]
    assert "may bear on:" in entry and "PYR-L1-01 (charter)" in entry
    # tags or a file name prove nothing: a file that only says "charter" in its name bears on nothing
    (first_folder / "policies" / "charter-draft.md").write_text("# Draft\n\nTo be written.\n", encoding="utf-8")
    assert run_cli("init", str(first_folder), "--yes", "--force") == ExitCode.OK
    text = (first_folder / "servex.yaml").read_text(encoding="utf-8")
    draft = text.split("- path: policies/charter-draft.md", 1)[1].split("\n  - ", 1)[0]
    assert "no passage matched a requirement" in draft


def test_an_existing_manifest_is_kept_without_force(first_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (first_folder / "servex.yaml").write_text("# mine\n", encoding="utf-8")
    assert run_cli("init", str(first_folder), "--yes") == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert "already exists; use --force" in err and "Traceback" not in err
    assert (first_folder / "servex.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_dry_run_prints_and_writes_nothing(first_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("init", str(first_folder), "--dry-run") == ExitCode.OK
    printed = capsys.readouterr().out
    assert yaml.safe_load(printed)["format_version"] == "1"
    assert not (first_folder / "servex.yaml").exists()
    assert not [p for p in first_folder.iterdir() if p.name.startswith(".servex")]


def test_force_reads_the_folder_without_the_manifest_it_replaces(first_folder: Path) -> None:
    # an old manifest that declares nothing must not hide the exports from the new proposal
    (first_folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Old}\nperiod: {start: "2024-01-01", end: "2024-12-31"}\n',
        encoding="utf-8",
    )
    assert run_cli("init", str(first_folder), "--yes", "--force", "--name", "Acme Care") == ExitCode.OK
    manifest = _manifest(first_folder)
    assert manifest["organisation"]["name"] == "Acme Care"
    assert "exports/zendesk-tickets.csv" in _datasets(manifest)


def test_a_bad_time_zone_is_a_usage_error(first_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("init", str(first_folder), "--yes", "--timezone", "Paris") == ExitCode.USAGE_ERROR
    assert "not an IANA time zone" in capsys.readouterr().err
    assert not (first_folder / "servex.yaml").exists()


def test_a_sample_organisation_round_trips(tmp_path: Path) -> None:
    """The telecom sample without its manifest: init proposes, assess grades without a configuration error."""
    folder = tmp_path / "telecom"
    shutil.copytree(Path(__file__).parents[2] / "evidence_samples" / "telecom-operator", folder)
    (folder / "servex.yaml").unlink()
    assert run_cli("init", str(folder), "--yes") == ExitCode.OK
    files = _datasets(_manifest(folder))
    assert files["data/complaints.csv"]["dataset"] == "complaints"
    code = run_cli("assess", str(folder), "-o", f"json:{tmp_path / 'r.json'}", "--fail-on", "never")
    assert code == ExitCode.OK


@pytest.mark.skipif(not Path(SERVEX).exists(), reason="the servex script is installed with the package")
def test_on_a_terminal_it_asks_and_checks_each_answer(first_folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    child = pexpect.spawn(SERVEX, ["init", str(first_folder)], env=env, encoding="utf-8", timeout=120)
    child.expect("Organisation name")
    child.sendline("Acme Care Ltd")
    child.expect("Sector")
    child.sendline("water utility")
    child.expect("Language of reports")
    child.sendline("fr")
    child.expect("Time zone")
    child.sendline("Paris")
    child.expect("not an IANA time zone")
    child.expect("Time zone")
    child.sendline("Europe/Paris")
    child.expect("First day")
    child.sendline("")
    child.expect("Last day")
    child.sendline("2025-12-31")
    child.expect("What does exports/rota.csv hold")
    child.sendline("skip")
    child.expect("Declare exports/survey.csv as survey")
    child.sendline("n")
    child.expect("Declare exports/zendesk-tickets.csv as tickets")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    manifest = _manifest(first_folder)
    assert manifest["organisation"] == {"name": "Acme Care Ltd", "sector": "water utility", "language": "fr"}
    assert manifest["period"]["timezone"] == "Europe/Paris" and manifest["lang"] == "fr"
    assert set(_datasets(manifest)) == {"exports/zendesk-tickets.csv"}
    assert _datasets(manifest)["exports/zendesk-tickets.csv"]["timezone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("last", "today", "expected"),
    [
        ("2025-12-27", "2026-01-01", ("2025-01-01", "2025-12-31")),  # December has ended: it is whole
        ("2026-01-01", "2026-01-15", ("2025-01-01", "2025-12-31")),  # January is still running
        ("2025-06-03", "2026-01-01", ("2024-07-01", "2025-06-30")),
        ("", "2026-03-10", ("2025-03-01", "2026-02-28")),  # no dated data: the twelve months before now
    ],
)
def test_the_proposed_period_is_twelve_whole_months(last: str, today: str, expected: tuple[str, str]) -> None:
    from datetime import date

    from servex.plugins.onboarding._command import propose_period

    assert propose_period(last, date.fromisoformat(today)) == expected
