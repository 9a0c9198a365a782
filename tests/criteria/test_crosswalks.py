"""Crosswalks: every criterion they name exists, and `criteria show --crosswalk` tells covered from
uncovered clauses. The expected clauses are computed here from the YAML files themselves, so a rework of
the sets or the crosswalks changes what is expected rather than breaking a hard-coded list."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from servex._criteria.crosswalk import load_crosswalk
from servex._criteria.registry import CriteriaRegistry
from servex._errors import InvalidInputError
from servex._plugins import load_plugins
from servex.testing import CliRun

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"
CROSSWALKS = sorted((CRITERIA / "crosswalks").glob("*.yaml"))
STANDARDS = {"iso-23592", "iso-10002", "iso-10004", "iso-18295-1", "uk-cse"}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SERVEX_DISABLE_PLUGINS", raising=False)


def _data(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@cache
def _shipped_criteria() -> dict[str, tuple[str, ...]]:
    """Criterion id -> elements, over every criteria set the installed plugins ship."""
    registry = CriteriaRegistry(load_plugins())
    found: dict[str, tuple[str, ...]] = {}
    for entry in registry.entries():
        if entry.kind == "criteria-set":
            found.update({c.id: c.elements for c in registry.load(entry.id).criteria})
    return found


def _expected(crosswalk: dict[str, Any], criteria: dict[str, tuple[str, ...]]) -> tuple[list[str], list[str]]:
    covered: set[str] = set()
    for cid, elements in criteria.items():
        covered.update(crosswalk["criteria"].get(cid, []))
        for element in elements:
            covered.update((crosswalk.get("elements") or {}).get(element, []))
    ids = [c["id"] for c in crosswalk["clauses"]]
    return [c for c in ids if c in covered], [c for c in ids if c not in covered]


def test_the_five_standards_are_shipped() -> None:
    assert {_data(p)["id"] for p in CROSSWALKS} == STANDARDS


@pytest.mark.parametrize("path", CROSSWALKS, ids=lambda p: p.stem)
def test_every_criterion_and_element_a_crosswalk_names_exists(path: Path) -> None:
    """Renamed or removed criteria (the sets are being reworked) fail here at merge, not in a client's report."""
    shipped = _shipped_criteria()
    elements = {e for els in shipped.values() for e in els}
    data = _data(path)
    assert sorted(set(data["criteria"]) - set(shipped)) == []
    assert sorted(set(data.get("elements") or {}) - elements) == []
    load_crosswalk(path)  # schema and clause references


def test_no_crosswalk_copies_text_only_numbers_and_short_labels() -> None:
    for path in CROSSWALKS:
        for clause in _data(path)["clauses"]:
            assert len(clause["label"]["en"].split()) <= 6, (path.name, clause["id"])


def test_show_crosswalk_lists_covered_and_uncovered_clauses(servex_cli: Callable[..., CliRun]) -> None:
    pyramid = {cid: els for cid, els in _shipped_criteria().items() if cid.startswith("PYR-")}
    crosswalk = _data(CRITERIA / "crosswalks" / "iso-10002.yaml")
    covered, uncovered = _expected(crosswalk, pyramid)
    assert covered and uncovered and "7.5" in uncovered  # initial assessment: only the complaints set has it
    run = servex_cli("criteria", "show", "servex-pyramid", "--crosswalk", "iso-10002")
    assert run.code == 0, run.err
    head, tail = run.out.split("Clauses no criterion covers:")
    assert tail.startswith(f" {len(uncovered)}\n")
    listed = [line.split()[0] for line in tail.splitlines()[1:] if line.startswith("  ")]
    assert listed == uncovered
    assert f"{len(covered)} of {len(covered) + len(uncovered)} clauses covered" in head
    assert "8.3   satisfaction with complaint handling *: PYR-L2-05" in head
    assert "clause number unconfirmed" in head


def test_show_crosswalk_as_json_in_the_envelope(servex_cli: Callable[..., CliRun]) -> None:
    complaints = {cid: els for cid, els in _shipped_criteria().items() if cid.startswith("CMP-")}
    crosswalk = _data(CRITERIA / "crosswalks" / "iso-10002.yaml")
    covered, uncovered = _expected(crosswalk, complaints)
    run = servex_cli("criteria", "show", "servex-complaints", "--crosswalk", "iso-10002", "--format", "json")
    assert run.code == 0, run.err
    envelope = run.json()
    assert (envelope["command"], envelope["ok"]) == ("criteria show", True)
    coverage = envelope["data"]["coverage"]
    assert (coverage["covered"], coverage["uncovered"]) == (covered, uncovered)
    rows = {row["id"]: row for row in coverage["clauses"]}
    assert rows["7.5"]["criteria"] == ["CMP-PRC-03"] and rows["7.5"]["confirmed"] is False
    assert coverage["crosswalk"]["standard"] == "ISO 10002:2018"


def test_elements_cover_iso_23592_model_clauses(servex_cli: Callable[..., CliRun]) -> None:
    run = servex_cli("criteria", "show", "servex-pyramid", "--crosswalk", "iso-23592", "--format", "json")
    rows = {row["id"]: row["criteria"] for row in run.json()["data"]["coverage"]["clauses"]}
    for cid, elements in _shipped_criteria().items():
        if cid.startswith("PYR-"):
            for element in elements:
                assert cid in rows[f"5/{element}"], (cid, element)


def test_an_unknown_crosswalk_is_a_usage_of_known_ones(servex_cli: Callable[..., CliRun]) -> None:
    run = servex_cli("criteria", "show", "servex-pyramid", "--crosswalk", "iso-9999")
    assert run.code == 3
    assert "unknown crosswalk 'iso-9999' (known: iso-10002, iso-10004, iso-18295-1, iso-23592, uk-cse)" in run.err
    assert "Traceback" not in run.err


def test_a_clause_missing_from_the_list_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'format_version: "1"\nid: bad\nstandard: X 1\ntitle: {en: X, fr: X}\n'
        "clauses:\n  - {id: '1', label: {en: one, fr: un}}\n"
        "criteria:\n  PYR-L1-01: ['1', '2']\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as caught:
        load_crosswalk(bad)
    problem = caught.value.problems[0]
    assert (problem.line, problem.message) == (8, "clause '2' is not in this crosswalk's clauses")
