"""Criteria sets for plugin code: what `servex criteria` and `servex assess` see, through a public door.

A plugin that adds a command (questionnaires, exports, a vendor's own tooling) needs the same criteria
sets servex itself would load, under the same `--disable-plugin` and `-p` options, without reaching
into private modules.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click
    from servex._criteria.model import CriteriaSet
    from servex._criteria.registry import CriteriaRegistry
    from servex._plugins import Plugins

__all__ = ["criteria_set_ids", "load_criteria_set"]


def _registry(ctx: click.Context | None) -> CriteriaRegistry:
    """One registry per loaded plugin set: indexing parses every shipped YAML, so do it once."""
    from servex._criteria.registry import CriteriaRegistry

    if ctx is not None:
        from servex._cli.state import plugins_of

        plugins = plugins_of(ctx)
    else:
        plugins = _default_plugins()
    return plugins._memo("criteria_registry", lambda: CriteriaRegistry(plugins))


@functools.cache
def _default_plugins() -> Plugins:
    from servex._plugins import load_plugins

    return load_plugins()


def criteria_set_ids(ctx: click.Context | None = None) -> list[str]:
    """Ids of the criteria sets the loaded plugins provide (models left out), sorted."""
    return sorted(e.id for e in _registry(ctx).entries() if e.kind == "criteria-set")


def load_criteria_set(
    ref: str | Sequence[str], ctx: click.Context | None = None, base_dir: Path | None = None
) -> CriteriaSet:
    """A criteria set by id, or by path relative to `base_dir` (default: the current folder).

    A list of refs (a manifest's `criteria: [a, b]`) gives the sets combined, when they share a model.
    Pass the click context from inside a command so the user's plugin options apply. An unknown id, a
    model given as a set, or an invalid file raises :class:`servex.InvalidInputError` (exit 3).
    """
    from servex._errors import InvalidInputError

    registry = _registry(ctx)
    kinds = {e.id: e.kind for e in registry.entries()}
    refs = [ref] if isinstance(ref, str) else list(ref)
    for one in refs:
        if kinds.get(one, "criteria-set") != "criteria-set":
            raise InvalidInputError(f"{one} is a {kinds[one]}, not a criteria set")
    return registry.load_many(refs, base_dir=base_dir or Path.cwd())
