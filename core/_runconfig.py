"""What a plugin learns about a run before it contributes anything: `servex_configure(config)`.

Contributions (collectors, evaluators, report formats) are objects a plugin returns once; some depend on
the run: a threshold an organisation sets for a plugin's evaluator, a language, whether the run is
offline. Rather than have plugins read the manifest file themselves, servex hands each one the run's
configuration, read-only, after the manifest is validated and before any evidence is collected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from servex._context import Period
from servex._record import frozen

__all__ = ["RunConfig"]


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


@frozen
class RunConfig:
    """The run a plugin is about to take part in (read-only).

    `settings` holds each plugin's own block from the manifest's `plugins.settings`, keyed by plugin
    (entry-point) name; `settings_for(name)` returns one block, empty when the manifest gives none.
    """

    evidence_dir: Path
    period: Period
    criteria: tuple[str, ...]
    lang: str
    offline: bool = False
    manifest: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "manifest", _frozen(self.manifest))
        object.__setattr__(self, "settings", _frozen(self.settings))

    def settings_for(self, plugin: str) -> Mapping[str, Any]:
        block: Mapping[str, Any] = self.settings.get(plugin, MappingProxyType({}))
        return block
