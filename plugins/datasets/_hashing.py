"""An export's sha256 computed beside its first read, instead of before it.

Why: a conversion is cached under the export's content hash, so the hash was computed first, alone,
before a cold run read the file: 0.13 s of a 1M-row run and 2.4 s of a 20M-row one with a core idle.
The hash cannot be skipped (every evidence item carries it, and a warm run trusts nothing but it), but
hashlib and file reads release the GIL, so it can run on a thread while DuckDB reads the same file.

Hashing first still pays when the conversion is likely cached: a file seen at this path with the same
size, modification time and inode, whose conversion is in the cache. The memo of what was seen only
orders the work; the key is always the hash of the bytes read now, so a file changed behind an unchanged
modification time is converted again, not mistaken for the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from servex import sha256_file

__all__ = ["Hashing", "hash_aside", "remember", "seen_before"]


class Hashing:
    """A file's sha256 being computed on a daemon thread (a Ctrl-C never waits for it)."""

    def __init__(self, path: Path) -> None:
        self._digest: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._digest = sha256_file(path)
        except BaseException as exc:  # raised again in the caller's thread by `result`
            self._error = exc

    def result(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return self._digest


def hash_aside(path: Path) -> Hashing:
    return Hashing(path)


def _memo(cache: Path, path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache / f"seen-{name}.json"


def _stat(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def seen_before(cache: Path, path: Path, key_of: Callable[[str], str]) -> bool:
    """Whether the file is unchanged on disk since a run that cached its conversion (as far as its size,
    modification time and inode tell)."""
    try:
        seen = json.loads(_memo(cache, path).read_text("utf-8"))
        return bool(seen["stat"] == _stat(path) and (cache / f"{key_of(str(seen['sha256']))}.json").is_file())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remember(cache: Path, path: Path, digest: str) -> None:
    """Note the file as seen with this hash (written under a unique name, then renamed into place)."""
    memo = _memo(cache, path)
    try:
        text = json.dumps({"stat": _stat(path), "sha256": digest})
        if memo.is_file() and memo.read_text("utf-8") == text:
            return
        partial = memo.with_name(f"{memo.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
        partial.write_text(text, "utf-8")
        os.replace(partial, memo)
    except OSError:  # the memo only orders work: a read-only cache loses nothing but the order
        pass
