"""`servex plugin new`: what it writes for each choice of parts, and the usage errors (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from servex import PLUGIN_API_VERSION
from servex.plugins.vendor_kit._scaffold import FILES, names_for, render
from servex.testing import CliRun

Servex = Callable[..., CliRun]
BASE = {
    ".gitignore",
    "README.md",
    "pyproject.toml",
    "example/evidence/servex.yaml",
    "example/evidence/exports/nps.csv",
    "src/acme_nps/__init__.py",
    "src/acme_nps/collector.py",
    "src/acme_nps/py.typed",
    "tests/test_collector.py",
}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("parts", "extra"),
    [
        ("", set()),
        ("report", {"src/acme_nps/report.py", "tests/test_report.py"}),
        ("evaluator", {"src/acme_nps/evaluator.py", "tests/test_evaluator.py"}),
        (
            " criteria , REPORT",  # criteria implies the evaluator it grades with
            {
                "src/acme_nps/evaluator.py",
                "tests/test_evaluator.py",
                "src/acme_nps/criteria/acme-nps-nps.yaml",
                "tests/test_criteria.py",
                "src/acme_nps/report.py",
                "tests/test_report.py",
            },
        ),
    ],
)
def test_files_written_for_each_choice(servex: Servex, tmp_path: Path, parts: str, extra: set[str]) -> None:
    target = tmp_path / "out"
    run = servex("plugin", "new", "acme-nps", "--dir", target, "--with", parts)
    assert run.code == 0, run.err
    assert run.out == ""
    assert _files(target) == BASE | extra
    assert f"created {target} ({len(BASE | extra)} files)" in run.err
    for path in target.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "{{" not in text and "{%" not in text, path


def test_default_folder_is_the_name_and_an_empty_folder_is_fine(
    servex: Servex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert servex("plugin", "new", "Acme_Feedback").code == 0
    assert (tmp_path / "Acme_Feedback" / "src" / "acme_feedback" / "collector.py").is_file()
    (tmp_path / "empty").mkdir()
    assert servex("plugin", "new", "acme", "--dir", tmp_path / "empty").code == 0


@pytest.mark.parametrize("name", ["1acme", "acme nps", "acme/nps", "acme-", "acme..nps", "a-", "class", "servex", ""])
def test_invalid_names_exit_2_with_one_line(servex: Servex, tmp_path: Path, name: str) -> None:
    run = servex("plugin", "new", name, "--dir", tmp_path / "out")
    assert run.code == 2
    assert len(run.err.strip().splitlines()) == 1 and run.err.startswith("error: invalid plugin name")
    assert not (tmp_path / "out").exists()


def test_non_empty_folder_is_never_overwritten(servex: Servex, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    run = servex("plugin", "new", "acme", "--dir", tmp_path / "out")
    assert (
        run.code == 2
        and run.err.strip() == f"error: {tmp_path / 'out'} already exists and is not empty; choose another --dir"
    )
    assert _files(tmp_path / "out") == {"keep.txt"}
    (tmp_path / "file").write_text("x")
    assert servex("plugin", "new", "acme", "--dir", tmp_path / "file").code == 2


def test_unknown_part_exits_2(servex: Servex, tmp_path: Path) -> None:
    run = servex("plugin", "new", "acme", "--dir", tmp_path / "out", "--with", "evaluator,dashboard")
    assert run.code == 2 and run.err.strip().startswith("error: unknown --with part(s) dashboard")
    assert not (tmp_path / "out").exists()


def test_declared_api_and_entry_point(tmp_path: Path) -> None:
    names = names_for("acme-nps")
    files = render(names, {"evaluator", "criteria", "report"})
    pyproject = tomllib.loads(files["pyproject.toml"])
    assert pyproject["project"]["name"] == "acme-nps"
    assert pyproject["project"]["entry-points"]["servex"] == {"acme_nps": "acme_nps"}
    namespace: dict[str, object] = {}
    line = next(x for x in files["src/acme_nps/__init__.py"].splitlines() if x.startswith("servex_api ="))
    exec(line, namespace)
    assert PLUGIN_API_VERSION in SpecifierSet(str(namespace["servex_api"]))
    assert names.servex_api == f">={PLUGIN_API_VERSION},<{int(PLUGIN_API_VERSION.split('.')[0]) + 1}"


def test_templates_are_package_data_files() -> None:
    """Every template exists and matches a package-data glob of pyproject.toml (else wheels lack it)."""
    import fnmatch

    kit = Path(__file__).resolve().parents[2] / "plugins" / "vendor_kit"
    pyproject = tomllib.loads((kit.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    for template, _target, _part in FILES:
        assert (kit / "templates" / template).is_file(), template
        folder, _, name = template.rpartition("/")
        package = "servex.plugins.vendor_kit.templates" + (f".{folder.replace('/', '.')}" if folder else "")
        assert package in setuptools["packages"], template
        assert any(fnmatch.fnmatch(name, g) for g in setuptools["package-data"][package]), template
    shipped = {p.relative_to(kit / "templates").as_posix() for p in (kit / "templates").rglob("*") if p.is_file()}
    assert shipped == {template for template, _target, _part in FILES}


def test_generated_code_is_ruff_clean(servex: Servex, tmp_path: Path) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed")
    for parts in ("", "evaluator,criteria,report"):
        target = tmp_path / (parts or "bare")
        assert servex("plugin", "new", "acme-nps", "--dir", target, "--with", parts).code == 0
        for args in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
            done = subprocess.run([ruff, *args], cwd=target, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stdout + done.stderr
        for path in target.rglob("*.py"):
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_vendor_kit_is_a_listed_plugin(servex: Servex) -> None:
    import json

    listing = json.loads(servex("plugins", "--format", "json").out)
    kit = next(p for p in listing["data"]["plugins"] if p["name"] == "vendor_kit")
    assert kit["contributes"] == {"cli_commands": ["plugin"]}


def test_a_folder_that_cannot_be_made_is_one_line_and_leaves_nothing(servex: Servex, tmp_path: Path) -> None:
    here = tmp_path / "work"
    here.mkdir()
    blocker = here / "file"
    blocker.write_text("x", encoding="utf-8")
    run = servex("plugin", "new", "acme-nps", "--dir", blocker / "acme-nps")
    assert run.code == 2 and run.err.startswith(f"error: cannot create {blocker / 'acme-nps'}:")
    assert "Traceback" not in run.err and [p.name for p in here.iterdir()] == ["file"]
