"""servex as users install it: a real wheel in a fresh virtual environment, used from another folder,
and a third-party plugin built and installed as its own distribution."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest
from core_support import DATA

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PLUGIN_MODULE = '''
"""Acme's servex plugin: notes exported by the Acme CRM, one evidence item per line."""
from pathlib import Path

from servex import Collector, EvidenceItem, Provenance, evidence_id, hookimpl, sha256_bytes

servex_api = ">=1.0,<2"


def _collect(ctx):
    path = ctx.evidence_dir / ctx.config["file"]
    data = path.read_bytes()
    for number, line in enumerate(data.decode().splitlines(), start=1):
        yield EvidenceItem(
            id=evidence_id("acme", ctx.config["file"], f"line {number}"), kind="crm-note", title=line,
            provenance=Provenance("acme", ctx.config["file"], sha256_bytes(data), len(data), "text/plain",
                                  ctx.collected_at, locator=f"line {number}"),
        )


@hookimpl
def servex_collectors():
    return [Collector(name="acme", kinds=("crm-note",), collect=_collect,
                      config_schema={"type": "object", "required": ["file"], "additionalProperties": False,
                                     "properties": {"file": {"type": "string"}}})]
'''

PLUGIN_PYPROJECT = """
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-servex-crm"
version = "2.3.0"
dependencies = ["servex"]

[project.entry-points.servex]
acme = "acme_servex_crm"

[tool.setuptools]
py-modules = ["acme_servex_crm"]
"""


def _run(
    *cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _wheel(source: Path, into: Path) -> Path:
    done = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", into, source)
    assert done.returncode == 0, done.stderr
    return max(into.glob("*.whl"), key=lambda p: p.stat().st_mtime)


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the servex wheel installed (not editable); dependencies come from the test venv
    through a .pth file, because the tests must not download anything."""
    root = tmp_path_factory.mktemp("dist")
    src = root / "src"
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "out", "build", "*.egg-info", "tests", "evidence_samples", "bench", "__pycache__"
        ),
    )
    wheel = _wheel(src, root / "wheels")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    site = Path(
        _run(
            env_dir / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run(
        sys.executable, "-m", "pip", "--python", env_dir / "bin" / "python", "install", "--no-deps", "-q", wheel
    )
    assert done.returncode == 0, done.stderr
    return env_dir


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVEX_")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    return env


def test_installed_wheel_works_from_any_folder(fresh_env: Path, tmp_path: Path) -> None:
    where = _run(fresh_env / "bin" / "python", "-c", "import servex; print(servex.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(fresh_env)), where.stdout + where.stderr
    listed = _run(fresh_env / "bin" / "servex", "criteria", "list", cwd=tmp_path, env=_env())
    assert listed.returncode == 0, listed.stderr
    shipped = sorted(p for p in (REPO / "criteria").glob("*.yaml") if p.name != "kpis.yaml")
    assert shipped
    for path in shipped:
        set_id = next(line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("id:"))
        assert set_id in listed.stdout
    plugins = _run(fresh_env / "bin" / "servex", "plugins", "--format", "json", cwd=tmp_path, env=_env())
    assert plugins.returncode == 0, plugins.stderr
    names = {p["name"] for p in json.loads(plugins.stdout)["data"]["plugins"]}
    assert {"criteria_sets", "json_report", "observations"} <= names
    schema = _run(fresh_env / "bin" / "servex", "schema", "criteria", cwd=tmp_path, env=_env())
    assert json.loads(schema.stdout)["$id"].endswith("criteria-1.json")
    code = "from servex.plugins.reports._i18n import lang; print(lang('de')._('Findings'), lang('fr')._('Findings'))"
    catalogues = _run(fresh_env / "bin" / "python", "-c", code, cwd=tmp_path, env=_env())
    assert catalogues.stdout.split() == ["Feststellungen", "Constats"], catalogues.stderr  # .po files are shipped


def test_third_party_plugin_distribution_is_discovered(fresh_env: Path, tmp_path: Path) -> None:
    src = tmp_path / "acme"
    src.mkdir()
    (src / "pyproject.toml").write_text(textwrap.dedent(PLUGIN_PYPROJECT))
    (src / "acme_servex_crm.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    wheel = _wheel(src, tmp_path / "wheels")
    done = _run(
        sys.executable, "-m", "pip", "--python", fresh_env / "bin" / "python", "install", "--no-deps", "-q", wheel
    )
    assert done.returncode == 0, done.stderr

    plugins = json.loads(_run(fresh_env / "bin" / "servex", "plugins", "--format", "json", env=_env()).stdout)
    acme = next(p for p in plugins["data"]["plugins"] if p["name"] == "acme")
    assert (acme["distribution"], acme["version"], acme["contributes"]) == (
        "acme-servex-crm",
        "2.3.0",
        {"collectors": ["acme"]},
    )

    org = tmp_path / "org"
    shutil.copytree(DATA / "mini-org", org)
    shutil.copy(DATA / "mini-set.yaml", org / "mini-set.yaml")
    (org / "crm-notes.txt").write_text("Called back within the hour\nApologised for the delay\n")
    manifest = org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "sources:\n  - {name: crm, collector: acme, config: {file: crm-notes.txt}}\n"
    )
    out = tmp_path / "result.json"
    run = _run(fresh_env / "bin" / "servex", "assess", org, "-o", f"json:{out}", "--fail-on", "never", env=_env())
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    notes = [e for e in result["evidence"] if e["provenance"]["collector"] == "acme"]
    assert sorted(n["title"] for n in notes) == ["Apologised for the delay", "Called back within the hour"]
    assert {n["provenance"]["locator"] for n in notes} == {"line 1", "line 2"}
    assert {"name": "acme", "version": "2.3.0", "distribution": "acme-servex-crm"} in result["plugins"]
