"""The servex.testing fixtures as a plugin author uses them (pytest loads them through `pytest11`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import vk_bad_collectors as bad
import yaml
from servex import Collector, ExitCode, hookimpl
from servex.testing import AssessRun, CliRun

Folder = Callable[..., Path]
Criteria = Callable[..., Path]
Assess = Callable[..., AssessRun]


def _notes_plugin(api: str | None = None) -> SimpleNamespace:
    """An in-memory plugin contributing the reference `notes` collector."""
    plugin = SimpleNamespace(servex_collectors=hookimpl(lambda: [Collector("notes", ("note",), bad.good)]))
    if api is not None:
        plugin.servex_api = api
    return plugin


def test_evidence_folder_writes_files_and_a_valid_manifest(servex_evidence_folder: Folder) -> None:
    folder = servex_evidence_folder(
        {"a/b.txt": "text", "c.bin": b"\x00\x01"},
        sources=[{"name": "n", "collector": "notes"}],
        criteria="servex-pyramid",
        manifest={"organisation": {"name": "Acme"}},
    )
    assert (folder / "a" / "b.txt").read_text() == "text" and (folder / "c.bin").read_bytes() == b"\x00\x01"
    manifest = yaml.safe_load((folder / "servex.yaml").read_text(encoding="utf-8"))
    assert manifest["organisation"] == {"name": "Acme"} and manifest["criteria"] == "servex-pyramid"
    assert manifest["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_criteria_set_is_valid_and_graded(
    servex_evidence_folder: Folder, servex_criteria_set: Criteria, servex_assess: Assess
) -> None:
    criteria = servex_criteria_set(
        {"observation": {}, "document": {"tags": ["charter"], "content": {"any": ["charter"]}}}, set_id="my-set"
    )
    folder = servex_evidence_folder(
        {"charter.md": "# Charter\n"},
        criteria=criteria,
        manifest={
            "observations": [
                {"criterion": "T-01", "requirement": "req", "result": "satisfied", "note": "Seen.",
                 "observed_by": "A. Assessor", "date": "2025-11-02"}
            ],
            "files": [{"path": "charter.md", "tags": ["charter"]}],
        },
    )
    assert not Path(yaml.safe_load((folder / "servex.yaml").read_text())["criteria"]).is_absolute()
    run = servex_assess(folder)
    assert run.exit_code == 0, run.log
    assert run.result["criteria_set"]["id"] == "my-set"
    assert run.finding("T-01")["status"] == "met"
    assert run.finding("T-02")["requirements"][0]["type"] == "document"
    assert run.evidence(kind="document")[0]["provenance"]["source"] == "charter.md"


def test_assess_with_an_uninstalled_plugin(servex_evidence_folder: Folder, servex_assess: Assess) -> None:
    folder = servex_evidence_folder(
        {"notes.txt": "one\ntwo\n"}, sources=[{"name": "notes", "collector": "notes", "required": True}]
    )
    run = servex_assess(folder, plugins=[("notes_plugin", _notes_plugin(">=1.0,<2"))])
    assert [item["title"] for item in run.evidence(collector="notes")] == ["Note 1", "Note 2"]
    assert run.result["generated_at"] == "2026-01-01T00:00:00Z"  # SOURCE_DATE_EPOCH


def test_errors_come_back_as_exit_codes(
    servex_evidence_folder: Folder, servex_criteria_set: Criteria, servex_assess: Assess
) -> None:
    criteria = servex_criteria_set(["no.such.type"])
    run = servex_assess(servex_evidence_folder({}, criteria=criteria))
    assert run.exit_code == ExitCode.INVALID_INPUT and run.result == {}
    assert any("no.such.type" in message for message in run.messages("error"))
    failing = servex_evidence_folder({}, sources=[{"name": "notes", "collector": "notes", "required": True}])
    broken = SimpleNamespace(servex_collectors=hookimpl(lambda: [Collector("notes", ("note",), bad.raises)]))
    run = servex_assess(failing, plugins=[("notes_plugin", broken)])
    assert run.exit_code == ExitCode.COLLECTOR_FAILED
    assert any("notes service unreachable" in message for message in run.messages("error"))


def test_incompatible_plugin_is_skipped_and_exit_4_when_required(
    servex_evidence_folder: Folder, servex_assess: Assess
) -> None:
    future = [("notes_plugin", _notes_plugin(">=2"))]
    run = servex_assess(servex_evidence_folder({"notes.txt": "one\n"}), plugins=future)
    assert run.exit_code == ExitCode.OK
    assert any("needs servex plugin API >=2" in message for message in run.messages("error"))
    required = servex_evidence_folder({"notes.txt": "one\n"}, manifest={"plugins": {"required": ["notes_plugin"]}})
    run = servex_assess(required, plugins=future)
    assert run.exit_code == ExitCode.PLUGIN_ERROR
    assert "required plugin(s) not available: notes_plugin" in run.log[-1]["message"]


def test_incompatible_installed_plugin_never_crashes_the_cli(tmp_path: Path, servex_evidence_folder: Folder) -> None:
    """The same through the command line, with the plugin given as a module (`-p`)."""
    import sys

    from servex._cli.main import main

    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "vk_future_plugin.py").write_text('servex_api = ">=2"\n', encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "mods"))
    try:
        folder = servex_evidence_folder({}, manifest={"plugins": {"required": ["vk_future_plugin"]}})
        with pytest.raises(SystemExit) as ended:
            main(["-p", "vk_future_plugin", "assess", str(folder)])
        assert ended.value.code == ExitCode.PLUGIN_ERROR
    finally:
        sys.path.remove(str(tmp_path / "mods"))
        sys.modules.pop("vk_future_plugin", None)


def test_servex_cli_runs_the_real_command_line(
    servex_cli: Callable[..., CliRun], servex_evidence_folder: Folder
) -> None:
    """Plugin authors test their commands and report formats the way users run them."""
    listed = servex_cli("plugins", "--format", "json")
    assert listed.code == 0 and "questionnaires" in {p["name"] for p in listed.json()["data"]["plugins"]}
    missing = servex_cli("assess", servex_evidence_folder() / "nope")
    assert missing.code == 2 and missing.err.startswith("error:") and "nope" in missing.err
    assert servex_cli("no-such-command").code == 2


def test_a_plugin_command_loads_criteria_sets_through_the_public_api(
    servex_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docs/plugins.md example: a third-party command sees the same sets as `servex criteria`."""
    import click
    from servex import criteria_set_ids, load_criteria_set

    @click.command(name="count")
    @click.argument("set_id")
    @click.pass_context
    def count(ctx: click.Context, set_id: str) -> None:
        cset = load_criteria_set(set_id, ctx)
        for level in cset.levels:
            click.echo(f"{level.id}: {sum(1 for c in cset.criteria if c.level == level.id)}")

    import sys
    from types import ModuleType

    plugin = ModuleType("count_plugin")
    plugin.servex_cli_commands = hookimpl(lambda: [count])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "count_plugin", plugin)  # what `-p count_plugin` imports
    run = servex_cli("-p", "count_plugin", "count", "servex-pyramid")
    assert run.code == 0, run.err
    cset = load_criteria_set("servex-pyramid")
    expected = [f"{lv.id}: {sum(1 for c in cset.criteria if c.level == lv.id)}" for lv in cset.levels]
    assert run.out.splitlines() == expected and len(expected) == 4 and all(not e.endswith(": 0") for e in expected)
    unknown = servex_cli("-p", "count_plugin", "count", "no-such-set")
    assert unknown.code == ExitCode.INVALID_INPUT and "no-such-set" in unknown.err
    assert "servex-pyramid" in criteria_set_ids() and "servex-model" not in criteria_set_ids()
