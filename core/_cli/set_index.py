"""The list `servex criteria list` prints, cached by the files it was read from.

Listing sets means parsing every criteria-set YAML the plugins ship, most of the command's time; the
list only changes when one of those files does. It is stored next to the entry-point cache (same key:
interpreter, `sys.path` and its folders' times) with each file's path, size and checksum, and
rebuilt as soon as any of them differs. Shell completion of set ids uses it too.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servex._plugins import Plugins

__all__ = ["criteria_sets"]

_GROUP, _KIND = "servex", "criteria-sets"


def _files(plugins: Plugins) -> list[list[Any]] | None:
    """Each file with a checksum of its bytes: reading a few YAML files costs little next to parsing
    them, and unlike a modification time it cannot miss an edit made within the clock's resolution."""
    stamps: list[list[Any]] = []
    for plugin, path in plugins.criteria_set_paths():
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the registry reports a missing file; never cache around it
        stamps.append([plugin, str(path), len(data), zlib.crc32(data)])
    return stamps


def criteria_sets(plugins: Plugins) -> list[dict[str, Any]]:
    """id, version, kind, title, criteria (None for a model), plugin and file of every set and model."""
    from servex._entrypoints import read_cached, write_cached

    files = _files(plugins)
    cached = read_cached(_GROUP, _KIND) if files is not None and not plugins.failures else None
    if isinstance(cached, Mapping) and cached.get("files") == files and isinstance(cached.get("sets"), list):
        return list(cached["sets"])
    from servex._criteria.registry import CriteriaRegistry

    sets = [
        {
            "id": e.id,
            "version": e.version,
            "kind": e.kind,
            "title": dict(e.title) if isinstance(e.title, Mapping) else {},
            "criteria": e.criteria_count if e.kind != "model" else None,
            "plugin": e.plugin,
            "file": e.path.name,
        }
        for e in CriteriaRegistry(plugins).entries()
    ]
    if files is not None and not plugins.failures:
        write_cached(_GROUP, _KIND, {"files": files, "sets": sets})
    return sets
