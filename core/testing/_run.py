"""Running an assessment in-process from a test, with plugins that need not be installed.

A subprocess per test would be slow and would hide the plugin's traceback; calling the same
`servex._assess.assess` the CLI calls keeps the test honest and quick.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["AssessRun", "PluginSpec", "load_test_plugins", "run_assessment"]

#: A plugin to load in-process: an importable module name, a module/object, or (name, module/object).
PluginSpec = str | ModuleType | object | tuple[str, object]


@dataclass
class AssessRun:
    """What `servex assess` would have produced: the result JSON (parsed), the exit code and the log."""

    result: dict[str, Any]
    exit_code: int
    log: list[dict[str, Any]] = field(default_factory=list)

    def evidence(self, *, collector: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Evidence items of the result, optionally only one collector's or one kind's."""
        return [
            item
            for item in self.result.get("evidence", [])
            if (collector is None or item["provenance"]["collector"] == collector)
            and (kind is None or item["kind"] == kind)
        ]

    def finding(self, criterion_id: str) -> dict[str, Any]:
        for found in self.result.get("findings", []):
            if found["criterion_id"] == criterion_id:
                return dict(found)
        raise KeyError(f"no finding for {criterion_id}")

    def messages(self, level: str | None = None) -> list[str]:
        """The log's messages (only `level`'s: error, warning or info), a list you may read twice."""
        return [entry["message"] for entry in self.log if level is None or entry["level"] == level]


def _named(spec: PluginSpec) -> tuple[str, object]:
    if isinstance(spec, tuple):
        return spec
    if isinstance(spec, str):
        return spec, importlib.import_module(spec)
    if isinstance(spec, ModuleType):
        return spec.__name__, spec
    return type(spec).__name__, spec


def load_test_plugins(
    plugins: Iterable[PluginSpec] = (), *, entry_points: bool = True, disabled: Iterable[str] = ()
) -> Any:
    """Installed plugins (unless `entry_points=False`) plus `plugins`, registered in-process."""
    from servex._entrypoints import find_entry_points
    from servex._plugins import ENTRY_POINT_GROUP, load_plugins

    extra = [_named(spec) for spec in plugins]
    if entry_points:
        # An installed plugin passed again in-process would be registered twice: keep the installed one.
        installed = {(ep.name, ep.value.partition(":")[0].strip()) for ep in find_entry_points(ENTRY_POINT_GROUP)}
        extra = [(name, obj) for name, obj in extra if (name, getattr(obj, "__name__", "")) not in installed]
    return load_plugins(extra=extra, entry_points=entry_points, disabled=disabled)


def run_assessment(
    evidence_dir: Path,
    *,
    plugins: Iterable[PluginSpec] = (),
    entry_points: bool = True,
    disabled: Iterable[str] = (),
    criteria: str | Path | None = None,
    fail_on: str = "never",
    lang: str | None = None,
    offline: bool = True,
    cache_dir: Path | None = None,
) -> AssessRun:
    """Assess `evidence_dir` like `servex assess` does and return the parsed result.

    Errors servex raises on purpose (invalid input: 3, plugin problems: 4) come back as the exit code
    with an empty result and the error in the log, exactly what a user would see, never as an exception.
    """
    from servex._assess import assess
    from servex._errors import ServexError
    from servex._result import dumps

    loaded = load_test_plugins(plugins, entry_points=entry_points, disabled=disabled)
    try:
        run = assess(
            Path(evidence_dir),
            loaded,
            criteria=str(criteria) if criteria is not None else None,
            lang=lang,
            fail_on=fail_on,
            offline=offline,
            cache_dir=cache_dir,
        )
    except ServexError as exc:
        log = [
            {"level": "error", "source": "servex", "message": line, "file": "", "line": None, "field": ""}
            for line in (str(exc).splitlines() or [type(exc).__name__])
        ]
        return AssessRun({}, int(exc.exit_code), log)
    result: dict[str, Any] = json.loads(dumps(run.result))
    return AssessRun(result, int(run.exit_code), list(result.get("log", [])))
