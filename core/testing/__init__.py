"""servex.testing: fixtures and a conformance check for plugin authors (a pytest plugin).

Installed with servex and loaded by pytest automatically (entry point `pytest11`), so a plugin's
tests get these fixtures without a conftest:

- ``servex_evidence_folder(files, manifest=..., sources=..., criteria=...)`` builds an evidence folder;
- ``servex_criteria_set(types_or_params, set_id=...)`` writes a minimal valid criteria set;
- ``servex_assess(folder, plugins=[...])`` runs an assessment in-process and returns an :class:`AssessRun`;
- ``servex_check_collector(collector, folder, config)`` is :func:`check_collector` with a temporary
  work folder;
- ``servex_cli("assess", folder, "-o", "json:-")`` runs the real command line in-process and returns a
  :class:`CliRun` (exit code, stdout, stderr): for plugins that add commands or report formats.

The functions work outside pytest too. docs/plugins.md explains each check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from servex.testing._checks import Secret
from servex.testing._cli import CliRun, run_cli
from servex.testing._conformance import CheckResult, ConformanceReport, assert_conformant, check_collector
from servex.testing._folders import make_criteria_set, make_evidence_folder
from servex.testing._run import AssessRun, run_assessment

__all__ = [
    "AssessRun",
    "CheckResult",
    "CliRun",
    "ConformanceReport",
    "Secret",
    "assert_conformant",
    "check_collector",
    "make_criteria_set",
    "make_evidence_folder",
    "run_assessment",
    "run_cli",
    "servex_assess",
    "servex_check_collector",
    "servex_cli",
    "servex_criteria_set",
    "servex_evidence_folder",
]


@pytest.fixture
def servex_evidence_folder(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Factory: `servex_evidence_folder({"exports/nps.csv": "..."}, sources=[...])` -> a new folder."""

    def make(files: Mapping[str, str | bytes] | None = None, **options: Any) -> Path:
        return make_evidence_folder(tmp_path_factory.mktemp("evidence"), files, **options)

    return make


@pytest.fixture
def servex_criteria_set(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Factory: `servex_criteria_set({"acme.nps": {"min_nps": 20}})` -> path of a valid criteria set."""

    def make(requirements: Iterable[str] | Mapping[str, Mapping[str, Any]], **options: Any) -> Path:
        return make_criteria_set(tmp_path_factory.mktemp("criteria") / "criteria.yaml", requirements, **options)

    return make


@pytest.fixture
def servex_assess(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., AssessRun]:
    """Run `servex assess` in-process: `servex_assess(folder, plugins=["my_plugin"])` -> AssessRun.

    SOURCE_DATE_EPOCH is fixed (unless already set) so results are byte-stable, so is the language
    (SERVEX_LANG=en unless set: the result must not follow the locale of the machine running the tests),
    and the cache lives in a temporary folder.
    """
    import os

    if not os.environ.get("SOURCE_DATE_EPOCH"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    if not os.environ.get("SERVEX_LANG"):
        monkeypatch.setenv("SERVEX_LANG", "en")
    cache = tmp_path_factory.mktemp("servex-cache")

    def run(evidence_dir: Path, **options: Any) -> AssessRun:
        options.setdefault("cache_dir", cache)
        return run_assessment(evidence_dir, **options)

    return run


@pytest.fixture
def servex_check_collector(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., ConformanceReport]:
    """:func:`check_collector` with its scratch files under pytest's temporary folder."""

    def check(
        collector: Any, folder: Path, config: Mapping[str, Any] | None = None, **options: Any
    ) -> ConformanceReport:
        options.setdefault("workdir", tmp_path_factory.mktemp("conformance"))
        return check_collector(collector, folder, config, **options)

    return check


@pytest.fixture
def servex_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run `servex ARGS...` through the real entry point: `servex_cli("plugins", "--format", "json")`."""

    def run(*args: object) -> CliRun:
        code = run_cli(*args)
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
