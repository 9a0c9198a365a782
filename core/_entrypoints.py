"""Find `servex` entry points, with a small cache so startup need not import `importlib.metadata`.

Scanning installed distributions costs more than the rest of `servex --help` (the metadata module
alone pulls in the email parser). The cache is keyed by `sys.path` and the modification time of each
of its folders: installing, upgrading or removing a distribution changes a folder's listing, so the
key, and the cache is rebuilt. Any problem with the cache simply falls back to scanning.

Each interpreter and `sys.path` gets its own cache file: with one shared file, two virtual environments
(or `servex` next to `python -m servex`) would overwrite each other's entry and every start would scan.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from servex._record import frozen

__all__ = ["FoundEntryPoint", "find_entry_points", "read_cached", "write_cached"]

_FORMAT = 2
_DISTS = (".dist-info", ".egg-info", ".egg-link", ".pth")


@frozen
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


def _cache_file(group: str, kind: str = "entry-points") -> Path:
    base = os.environ.get("SERVEX_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "servex")
    where = zlib.crc32(json.dumps([group, sys.executable, sys.path]).encode("utf-8"))
    return Path(base) / kind / f"{where:08x}.json"


def _key(group: str) -> list[Any]:
    stamps: list[Any] = []
    here = os.getcwd()
    for entry in sys.path:
        try:
            if not entry or os.path.abspath(entry) == here:
                # the working folder (`python -m servex`): every output written there changes its time,
                # which made the cache stale on every run; only the distributions it holds matter
                stamps.append([entry, sorted(n for n in os.listdir(entry or ".") if n.endswith(_DISTS))])
            else:
                stamps.append([entry, os.stat(entry).st_mtime_ns])
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


def read_cached(group: str, kind: str) -> Any:
    """What `write_cached` stored for this interpreter, `sys.path` and installed set; None when stale."""
    try:
        cached = json.loads(_cache_file(group, kind).read_text(encoding="utf-8"))
        if cached.get("key") == _key(group):
            return cached["data"]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return None


def write_cached(group: str, kind: str, data: Any) -> None:
    """Store `data` atomically next to the entry points; a read-only home just means no cache."""
    import tempfile  # only when writing: it costs more to import than the cached read

    path = _cache_file(group, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".servex.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": _key(group), "data": data}, handle)
        os.replace(tmp, path)
    except OSError:
        pass


def find_entry_points(group: str) -> list[FoundEntryPoint]:
    cached = read_cached(group, "entry-points")
    if isinstance(cached, list):
        try:
            return [FoundEntryPoint(**e) for e in cached]
        except TypeError:
            pass
    found = _scan(group)
    write_cached(group, "entry-points", [e.__dict__ for e in found])
    return found
