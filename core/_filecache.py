"""Small derived values (parsed YAML, a passed validation) kept in the user's cache by a file's content hash.

Why: every `servex assess` used to parse every shipped criteria set and validate it against its JSON
Schema, most of a run's fixed cost, although those files change only when servex is upgraded. The key
is the file's sha256 plus whatever else changes the value (servex's version, the Python version,
limits, the schema's own hash), so an edited file, an upgrade or another interpreter never reads a stale
entry. Values are stored with :mod:`marshal` (plain data only: a cache file can never run code) and
written to a temporary file then renamed, so concurrent runs never see half a file; any unreadable or
unwritable cache is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from servex.__about__ import __version__

__all__ = ["cache_root", "file_sha256", "get", "key_of", "put"]

_FORMAT = 1
_SALT = f"{_FORMAT}|{__version__}|{sys.version_info[:3]}|{marshal.version}"


def cache_root() -> Path | None:
    """$SERVEX_CACHE_DIR or the XDG cache; None when SERVEX_NO_CACHE is set (e.g. to time a first run)."""
    if os.environ.get("SERVEX_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("SERVEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "servex"


def key_of(*parts: str | bytes) -> str:
    """One hex key from the parts (content hashes, settings) and servex's and Python's versions."""
    digest = hashlib.sha256(_SALT.encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
    return digest.hexdigest()


def _file(kind: str, key: str) -> Path | None:
    root = cache_root()
    return None if root is None else root / kind / key[:2] / f"{key}.marshal"


def get(kind: str, key: str) -> Any:
    """The stored value, or None when there is none (or it cannot be read)."""
    path = _file(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    paused = gc.isenabled()
    gc.disable()  # a parsed criteria set is tens of thousands of containers: no collection pass mid-load
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if paused:
            gc.enable()


def put(kind: str, key: str, value: Any) -> None:
    """Store `value` (dicts, lists, tuples, strings, numbers, None only) atomically; failures are ignored."""
    path = _file(kind, key)
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        data = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, remembered by its identity and timestamps (as git's index does).

    Why: the shipped criteria sets are looked up by content hash on every run, and reading and hashing
    half a megabyte of YAML was a tenth of an `assess` on a small folder. The key holds the path, device,
    inode, size, and modification and change times in nanoseconds; a file edited in place changes its
    change time, which no program can set back. A file modified in the last two seconds is hashed and not
    remembered, so a write landing within the clock's resolution after the entry cannot be missed."""
    import time

    stat = os.stat(path)
    identity = (
        f"{os.path.abspath(path)}|{stat.st_dev}|{stat.st_ino}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}"
    )
    key = key_of("file-sha256", identity)
    cached = get("file-sha256", key)
    if isinstance(cached, str):
        return cached
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > 2_000_000_000:
        put("file-sha256", key, digest)
    return digest
