"""Documentation that cannot drift: every hook, every command and every exit code is documented.

`docs/cli.md` embeds the `--help` of every command; regenerate it with
`SERVEX_UPDATE_DOCS=1 .venv/bin/pytest tests/core/test_docs.py`.
"""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path

import click
import pytest
from servex import ExitCode, _hookspecs

REPO = Path(__file__).resolve().parents[2]
START, END = "<!-- help:start -->", "<!-- help:end -->"


def test_every_hook_is_documented() -> None:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [name for name, fn in inspect.getmembers(_hookspecs, inspect.isfunction) if name.startswith("servex_")]
    assert hooks
    missing = [h for h in hooks if not re.search(rf"^#+ `?{h}`?", text, re.M)]
    assert not missing, f"hooks missing from docs/plugins.md: {missing}"


def _all_commands(servex) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    from servex._cli.main import cli
    from servex._cli.state import CliState

    ctx = click.Context(cli, obj=CliState())
    found: list[tuple[str, ...]] = []

    def walk(group: click.Group, prefix: tuple[str, ...], gctx: click.Context) -> None:
        for name in group.list_commands(gctx):
            command = group.get_command(gctx, name)
            if command is None or command.hidden:
                continue
            found.append((*prefix, name))
            if isinstance(command, click.Group):
                walk(command, (*prefix, name), click.Context(command, parent=gctx))

    walk(cli, (), ctx)
    return found


def _rendered(servex) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for path in [(), *_all_commands(servex)]:
        run = servex(*path, "--help")
        assert run.code == 0, (path, run.err)
        title = " ".join(("servex", *path))
        parts.append(f"### `{title}`\n\n```text\n{run.out.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_matches_help(servex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    doc = REPO / "docs" / "cli.md"
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{START}\n{_rendered(servex)}{END}{tail}"
    if os.environ.get("SERVEX_UPDATE_DOCS"):
        doc.write_text(fresh, encoding="utf-8")
    assert text == fresh, "docs/cli.md is out of date: run SERVEX_UPDATE_DOCS=1 pytest tests/core/test_docs.py"


def test_readme_documents_every_exit_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"^\|\s*`?{int(code)}`?\s*\|", readme, re.M), f"exit code {int(code)} missing from README"
    assert "make demo" in readme and "make test" in readme


def test_every_public_name_of_servex_details_is_documented() -> None:
    import servex.details

    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    missing = [name for name in servex.details.__all__ if f"`{name}" not in text and f"{name}(" not in text]
    assert not missing, f"servex.details names missing from docs/plugins.md: {missing}"


def test_every_built_in_evidence_kind_is_documented() -> None:
    from servex._plugins import load_plugins

    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## Built-in evidence kinds and their payloads", 1)[1].split("\n## ", 1)[0]
    for name, collector in load_plugins().collectors().items():
        assert f"`{name}`" in section, f"collector {name} missing from the evidence kinds table"
        for kind in collector.kinds:
            assert f"| `{kind}` |" in section, f"evidence kind {kind} missing from the evidence kinds table"
