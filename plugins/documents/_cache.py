"""Extracted text kept by content hash, outside the evidence folder.

The key is the file's sha256 plus the settings that change the output (text and inflation limits;
the extractor version names the database), so a renamed or copied file hits the cache and an edited
one never does. Evidence folders are often read-only shares; the cache lives under `ctx.cache_dir`.

One SQLite database rather than a file per document: on the overlay and network filesystems CI and
assessors use, creating hundreds of small files cost more than extracting the PDFs did. SQLite also
makes writes atomic and lets two runs share the cache safely. A cache that cannot be opened or
written only makes the next run slower, so that is reported once and otherwise ignored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from servex.plugins.documents._extract import EXTRACTOR_VERSION, Limits

__all__ = ["TextCache"]

_BATCH = 500  #: keys per query (SQLite allows 32,766 parameters)


class TextCache:
    def __init__(self, cache_dir: Path, limits: Limits) -> None:
        self.path = cache_dir / "documents" / f"text-v{EXTRACTOR_VERSION}.sqlite"
        self.suffix = f"-{limits.key}"
        self.write_error = ""
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("CREATE TABLE IF NOT EXISTS text (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        reason = getattr(exc, "strerror", None) or str(exc)
        self.write_error = f"text cache {self.path} cannot be written ({reason}); nothing cached"
        if self._db is not None:
            self._db.close()
            self._db = None

    def get(self, sha256: str) -> dict[str, Any] | None:
        return self.get_many([sha256]).get(sha256)

    def get_many(self, hashes: list[str]) -> dict[str, dict[str, Any]]:
        """The cached results of the files with these hashes (those found), in a few queries."""
        found: dict[str, dict[str, Any]] = {}
        if self._db is None:
            return found
        suffix = self.suffix
        for start in range(0, len(hashes), _BATCH):
            keys = [sha + suffix for sha in hashes[start : start + _BATCH]]
            try:
                rows = self._db.execute(f"SELECT key, value FROM text WHERE key IN ({','.join('?' * len(keys))})", keys)
                for key, data in rows.fetchall():
                    try:
                        value = json.loads(data)
                    except ValueError:
                        continue
                    if isinstance(value, dict) and {"text", "error"} & value.keys():
                        found[key[: len(key) - len(suffix)]] = value
            except sqlite3.Error:
                break
        return found

    def put(self, sha256: str, value: dict[str, Any]) -> None:
        if value.get("retry") or self._db is None:
            return
        # ASCII with escapes: JSON's encoder copies ASCII-only output in C, and writes accented text
        # (most French and German documents) half as fast; the text read back is the same
        data = json.dumps(value, separators=(",", ":"))
        try:
            key = sha256 + self.suffix
            self._db.execute("INSERT OR REPLACE INTO text (key, value) VALUES (?, ?)", (key, data))
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        """Commit what this run extracted; a crash before this only loses the run's new entries."""
        if self._db is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            self._fail(exc)
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None
