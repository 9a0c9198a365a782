"""Built-in plugin: the criteria sets and KPI definitions shipped in `servex.criteria`.

It uses the same two hooks a consultancy would use to ship its own sets, which keeps those hooks
honest. `kpis.yaml` holds KPI definitions; every other YAML file there is a criteria set or a model.
Crosswalks (`crosswalks/`) and sector or size profiles (`profiles/`) are data keyed by criterion id.
"""

from __future__ import annotations

from pathlib import Path

import servex.criteria
from servex import hookimpl

__all__ = ["servex_criteria_sets", "servex_crosswalks", "servex_kpi_definitions", "servex_profiles"]

_DIR = Path(servex.criteria.__file__).parent
_KPI_FILE = "kpis.yaml"


@hookimpl
def servex_criteria_sets() -> list[Path]:
    return sorted(p for p in _DIR.glob("*.yaml") if p.name != _KPI_FILE)


@hookimpl
def servex_kpi_definitions() -> list[Path]:
    path = _DIR / _KPI_FILE
    return [path] if path.is_file() else []


@hookimpl
def servex_crosswalks() -> list[Path]:
    return sorted((_DIR / "crosswalks").glob("*.yaml"))


@hookimpl
def servex_profiles() -> list[Path]:
    return sorted((_DIR / "profiles").glob("*.yaml"))
