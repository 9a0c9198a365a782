"""A collector's config schema that is read from its module only when servex first looks inside it.

Why: every command registers every collector, and a schema that lives next to its collector's code
pulls that code in (HTTP clients, readers, dataclasses) just to be stored. servex looks inside a
schema only when a manifest configures that collector, so an `assess` on a folder without one
should not pay for importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from importlib import import_module
from typing import Any

__all__ = ["LazySchema"]


class LazySchema(Mapping[str, Any]):
    """`module.name` (or what `load` returns), loaded on first access and then kept."""

    def __init__(
        self, module: str = "", name: str = "CONFIG_SCHEMA", load: Callable[[], Mapping[str, Any]] | None = None
    ):
        self._module, self._name, self._load = module, name, load

    @cached_property
    def _schema(self) -> Mapping[str, Any]:
        if self._load is not None:
            return self._load()
        schema: Mapping[str, Any] = getattr(import_module(self._module), self._name)
        return schema

    def __getitem__(self, key: str) -> Any:
        return self._schema[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._schema)

    def __len__(self) -> int:
        return len(self._schema)

    def __repr__(self) -> str:
        return f"LazySchema({self._module or self._load!r}.{self._name})"
