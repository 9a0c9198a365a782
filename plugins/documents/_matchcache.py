"""What a document shows of a requirement, kept by document hash and requirement, so a re-run does no matching.

Matching (building each document's word index, then finding every requirement's terms and claims in
it) was most of a re-run's time once the text itself came from the text cache. Its outcome depends only
on the document's text (its sha256 and the extraction settings), its language, the requirement's
content parameters and the matcher's code, so that is the key, and :data:`MATCHER_VERSION` names the
database: bump it whenever matching can give a different answer. Tags, dates and the period, which the
manifest or the run decide, are judged afresh every time.

The collector opens the store and hands it to the evaluator inside the item's payload
(:class:`DocumentText`, still the tuple of segments every reader expects). One SQLite database, like the
text cache, for the same reasons: atomic writes, safe sharing between concurrent runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from servex.plugins.documents._extract import EXTRACTOR_VERSION

__all__ = ["MATCHER_VERSION", "DocumentText", "MatchStore"]

#: Bump when matching (_match, _passages, _claims, _judge's content rules) can give a different result.
MATCHER_VERSION = "1"


class MatchStore:
    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / "documents" / f"match-v{MATCHER_VERSION}-x{EXTRACTOR_VERSION}.sqlite"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._dirty = False
        self._fresh: dict[str, dict[str, Any]] = {}  #: matched in this run (read back without JSON)
        self._stored: dict[str, str] = {}  #: stored results read in bulk by `preload`, as JSON text
        self._absent: set[str] = set()  #: keys `preload` found missing
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS match (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            # documents x requirements all matched (see mark_complete); a folder's outcomes (see ._outcomes)
            self._db.execute("CREATE TABLE IF NOT EXISTS complete (key TEXT PRIMARY KEY)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS folder (slot TEXT PRIMARY KEY, state TEXT NOT NULL, value TEXT NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error):
            self._close()  # no store: every run matches, as before (the text cache already warned)

    @staticmethod
    def key(document: str, lang: str, requirement: str) -> str:
        return _key(document, lang, requirement)

    def preload(self, keys: Iterable[str]) -> None:
        """Read the stored results of `keys` in a few queries: a re-run asks for every document and
        requirement (thousands of keys), and one query each cost more than the rest of the run."""
        with self._lock:
            if self._db is None:
                return
            wanted = [k for k in dict.fromkeys(keys) if k not in self._fresh and k not in self._stored]
            try:
                for start in range(0, len(wanted), _BATCH):
                    chunk = wanted[start : start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(f"SELECT key, value FROM match WHERE key IN ({marks})", chunk)
                    self._stored.update(rows)
                    self._absent.update(k for k in chunk if k not in self._stored)
            except sqlite3.Error:
                return  # each key is then looked up on its own, as without preloading

    def has(self, key: str) -> bool:
        with self._lock:
            if key in self._fresh or key in self._stored:
                return True
            if self._db is None or key in self._absent:
                return False
            try:
                return self._db.execute("SELECT 1 FROM match WHERE key = ?", (key,)).fetchone() is not None
            except sqlite3.Error:
                return False

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            if key in self._fresh:
                return self._fresh[key]
            if self._db is None or key in self._absent:
                return None
            try:
                if key in self._stored:
                    value = json.loads(self._stored[key])
                else:
                    row = self._db.execute("SELECT value FROM match WHERE key = ?", (key,)).fetchone()
                    value = json.loads(row[0]) if row else None
            except (sqlite3.Error, ValueError):
                return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self.put_many([(key, value)])

    def put_many(self, entries: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Keep results: a new document's, one per requirement, go in one statement."""
        rows = [
            (key, json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
            for key, value in entries
        ]
        with self._lock:
            # JSON-native already (Content.to_json): what a later run reads back
            self._fresh.update(entries)
            if self._db is None:
                return
            try:
                self._db.executemany("INSERT OR REPLACE INTO match (key, value) VALUES (?, ?)", rows)
                self._dirty = True
            except sqlite3.Error:
                self._close()

    def flush(self) -> None:
        """Commit what was matched so far (after each requirement: a crash loses at most one)."""
        with self._lock:
            if self._db is None or not self._dirty:
                return
            try:
                self._db.commit()
                self._dirty = False
            except sqlite3.Error:
                self._close()

    def is_complete(self, key: str) -> bool:
        """Whether every document of a run was matched against every requirement of its set (`key`
        names both): a re-run then skips looking up thousands of results one by one."""
        with self._lock:
            if self._db is None:
                return False
            try:
                return self._db.execute("SELECT 1 FROM complete WHERE key = ?", (key,)).fetchone() is not None
            except sqlite3.Error:
                return False

    def mark_complete(self, key: str) -> None:
        """Record `key` as complete; committed with the results by the next :meth:`flush`."""
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute("INSERT OR REPLACE INTO complete (key) VALUES (?)", (key,))
                self._dirty = True
            except sqlite3.Error:
                self._close()

    def folder_outcomes(self, slot: str, state: str) -> dict[str, Any] | None:
        """The outcomes kept for `slot` (a folder and criteria set) when they were made in `state`."""
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute("SELECT state, value FROM folder WHERE slot = ?", (slot,)).fetchone()
                value = json.loads(row[1]) if row and row[0] == state else None
            except (sqlite3.Error, ValueError):
                return None
        return value if isinstance(value, dict) else None

    def put_folder_outcomes(self, slot: str, state: str, value: dict[str, Any]) -> None:
        """Replace the outcomes of `slot` (one row per folder and set: an edited folder does not pile up
        rows) and commit."""
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO folder (slot, state, value) VALUES (?, ?, ?)", (slot, state, data)
                )
                self._dirty = True
            except sqlite3.Error:
                self._close()
        self.flush()

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None


_BATCH = 500  #: keys per query (SQLite allows 32,766 parameters; smaller batches keep each query quick)


@lru_cache(maxsize=1 << 16)
def _key(document: str, lang: str, requirement: str) -> str:
    """The store's key; cached because the collector and the evaluator each ask for every one."""
    return hashlib.sha256(f"{document}\0{lang}\0{requirement}".encode()).hexdigest()


class DocumentText(tuple):  # type: ignore[type-arg]
    """A document's (locator, text) segments, plus where its match results are kept and under what key."""

    store: MatchStore | None
    key: str

    def __new__(cls, segments: tuple[tuple[str, str], ...], store: MatchStore | None, key: str) -> DocumentText:
        made = super().__new__(cls, segments)
        made.store = store
        made.key = key
        return made
