"""Find `servex` entry points, with a small cache so startup need not import `importlib.metadata`.

Scanning installed distributions costs more than the rest of `servex --help` (the metadata module
alone pulls in the email parser). The cache is keyed by `sys.path` and the modification time of each
of its folders: installing, upgrading or removing a distribution changes a folder's listing, so the
key, and the cache is rebuilt. Any problem with the cache simply falls back to scanning.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FoundEntryPoint", "find_entry_points"]

_FORMAT = 1


@dataclass(frozen=True)
class FoundEntryPoint:
    name: str
    value: str  #: "module" or "module:attribute"
    dist_name: str
    dist_version: str

    def load(self) -> Any:
        module, _, attr = self.value.partition(":")
        loaded = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            loaded = getattr(loaded, part)
        return loaded


def _cache_file() -> Path:
    base = os.environ.get("SERVEX_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "servex")
    return Path(base) / "entry-points.json"


def _key(group: str) -> list[Any]:
    stamps: list[Any] = []
    for entry in sys.path:
        try:
            stamps.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            stamps.append([entry, None])
    return [_FORMAT, group, sys.executable, stamps]


def _scan(group: str) -> list[FoundEntryPoint]:
    from importlib import metadata

    found = []
    for ep in metadata.entry_points(group=group):
        dist = ep.dist
        found.append(FoundEntryPoint(ep.name, ep.value, dist.name if dist else "", dist.version if dist else ""))
    return sorted(found, key=lambda e: e.name)


def find_entry_points(group: str) -> list[FoundEntryPoint]:
    path, key = _cache_file(), _key(group)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return [FoundEntryPoint(**e) for e in cached["entry_points"]]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    found = _scan(group)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry-points.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "entry_points": [e.__dict__ for e in found]}, handle)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home is fine: we just scan next time
    return found
