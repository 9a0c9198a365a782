"""The conformance check: built-in collectors pass it, and each deliberately bad collector fails the
check it breaks (and only the checks it should), so every check is shown able to fail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import vk_bad_collectors as bad
import yaml
from servex.testing import (
    ConformanceReport,
    Secret,
    assert_conformant,
    check_collector,
    make_criteria_set,
    make_evidence_folder,
)

ALL_CHECKS = {
    "runs", "yields_items", "schema", "provenance", "ids", "deterministic", "secrets", "timeout", "empty_source"
}  # fmt: skip


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return make_evidence_folder(tmp_path / "notes", {"notes.txt": "Called back\nApologised\nRefunded\n"})


@pytest.fixture
def release() -> Iterator[None]:
    bad.RELEASE.clear()
    yield
    bad.RELEASE.set()  # let the hanging collector's threads end


def _failed(report: ConformanceReport) -> set[str]:
    return {check.name for check in report.failures}


def test_documents_collector_is_conformant(tmp_path: Path) -> None:
    folder = make_evidence_folder(
        tmp_path / "docs",
        {"charter.md": "# Service charter\n\nWe answer within 5 days.\n", "policy/complaints.txt": "Policy.\n"},
    )
    report = check_collector("documents", folder, workdir=tmp_path)
    assert report.passed, str(report)
    assert {check.name for check in report.checks} == ALL_CHECKS
    assert "2 item(s)" in report["yields_items"].reason


def test_datasets_collector_is_conformant(tmp_path: Path) -> None:
    export = "id,received_at,category,timely_response\n1,2025-03-01 10:00,Billing,yes\n2,2025-04-02 11:30,Delay,no\n"
    folder = make_evidence_folder(tmp_path / "ds", {"exports/complaints.csv": export})
    config = {"files": [{"path": "exports/complaints.csv", "dataset": "complaints"}]}
    assert_conformant("datasets", folder, config, workdir=tmp_path)


def test_questionnaires_collector_is_conformant(tmp_path: Path) -> None:
    path = make_criteria_set(tmp_path / "set.yaml", ["observation"])
    cset = yaml.safe_load(path.read_text(encoding="utf-8"))
    criterion = cset["criteria"][0]
    criterion["questions"] = [
        {"id": "q_called", "type": "yes_no", "roles": ["staff"], "text": {"en": "Called back?", "fr": "Rappelé ?"}}
    ]
    criterion["evidence"].append(
        {"id": "asked", "type": "questionnaire", "role": "tell",
         "params": {"question": "q_called", "target": {"op": ">=", "value": 50}}}
    )  # fmt: skip
    path.write_text(yaml.safe_dump(cset, allow_unicode=True), encoding="utf-8")
    responses = [
        {"respondent": {"id": f"s{n}", "role": "staff"}, "answers": {"T-01": {"q_called": answer}}}
        for n, answer in enumerate(["yes", "no", "yes"])
    ]
    answers = {"format_version": "1", "criteria_set": "test-set", "criteria_version": "1.0.0", "responses": responses}
    folder = make_evidence_folder(tmp_path / "org", {"answers/round1.yaml": yaml.safe_dump(answers)}, criteria=path)
    report = check_collector("questionnaires", folder, workdir=tmp_path)
    assert report.passed, str(report)


@pytest.mark.parametrize(
    ("collect", "options", "expected"),
    [
        (bad.random_ids, {}, {"deterministic"}),
        (bad.shuffled, {}, {"deterministic"}),
        (bad.leaky, {"config": {"token": Secret("tok-5ecret")}}, {"secrets"}),
        (bad.leaky, {"secret_env": {"NOTES_KEY": "k3y/with space"}}, {"secrets"}),
        (bad.no_sha, {}, {"schema", "provenance"}),
        (bad.wrong_sha, {}, {"provenance"}),
        (bad.wall_clock, {"epoch": 1000000000}, {"provenance"}),
        (bad.absolute_source, {}, {"provenance", "deterministic"}),  # the path changes with the folder
        (bad.same_locator, {}, {"provenance"}),
        (bad.duplicate_ids, {}, {"ids"}),
        (bad.wrong_kind, {}, {"schema"}),
        (bad.not_items, {}, {"schema"}),
        (bad.unsafe_attributes, {}, {"schema"}),
        (bad.crashes_when_empty, {}, {"empty_source"}),
        (bad.raises, {}, {"runs", "yields_items", "schema", "provenance", "ids", "deterministic", "empty_source"}),
        (bad.nothing, {}, {"yields_items"}),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_bad_collector_fails_the_check_it_breaks(
    notes: Path, tmp_path: Path, collect: Callable[..., Any], options: dict[str, Any], expected: set[str]
) -> None:
    config = options.pop("config", None)
    report = check_collector(bad.collector(collect.__name__, collect), notes, config, workdir=tmp_path, **options)
    assert _failed(report) == expected, str(report)
    assert all(check.reason for check in report.checks)


def test_good_reference_collector_passes(notes: Path, tmp_path: Path) -> None:
    report = check_collector(
        bad.collector("good", bad.good), notes, {"token": Secret("tok-5ecret")}, secret_env={"NOTES_KEY": "k3y"},
        workdir=tmp_path,
    )  # fmt: skip
    assert report.passed, str(report)
    assert "none of 2 secret(s)" in report["secrets"].reason


def test_hanging_collector_fails_the_timeout(notes: Path, tmp_path: Path, release: None) -> None:
    report = check_collector(bad.collector("hanging", bad.hanging), notes, timeout=0.3, workdir=tmp_path)
    assert report["timeout"].passed is False
    assert "did not finish within 0.3s" in report["timeout"].reason
    assert not report["runs"].passed and not report["empty_source"].passed


def test_leak_reasons_never_show_the_secret(notes: Path, tmp_path: Path) -> None:
    report = check_collector(
        bad.collector("leaky", bad.leaky), notes, {"api_token": "tok-by-key-name"}, workdir=tmp_path
    )
    assert not report["secrets"].passed
    assert "tok-by-key-name" not in str(report) and "to…(15 chars)" in report["secrets"].reason


def test_assert_conformant_lists_every_failure(notes: Path, tmp_path: Path) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_conformant(bad.collector("no_sha", bad.no_sha), notes, workdir=tmp_path)
    message = str(raised.value)
    assert message.startswith("collector no_sha is not conformant:")
    assert "FAIL schema:" in message and "FAIL provenance:" in message and "PASS" not in message


def test_the_fixture_form(notes: Path, servex_check_collector: Callable[..., ConformanceReport]) -> None:
    report = servex_check_collector(bad.collector("good", bad.good), notes)
    assert report.passed, str(report)
    assert str(report).splitlines()[0] == "conformance of collector good:"


def test_unknown_collector_or_invalid_config_is_a_clear_error(notes: Path) -> None:
    with pytest.raises(LookupError, match="no installed collector named 'nope'"):
        check_collector("nope", notes)
    with pytest.raises(ValueError, match="config does not match collector datasets's config_schema"):
        check_collector("datasets", notes, {"files": []})
