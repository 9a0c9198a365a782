"""What a document shows of each requirement, kept by document hash, so a re-run does no matching.

Matching (building each document's word index, then finding every requirement's terms and claims in
it) was most of a re-run's time once the text itself came from the text cache. Its outcome depends only
on the document's text (its sha256 and the extraction settings), its language, the requirement's
content parameters and the matcher's code: a row per text and language holds each requirement's result
under its content parameters, and :data:`MATCHER_VERSION` names the database: bump it whenever matching
can give a different answer. Tags, dates and the period, which the
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
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from servex.plugins.documents._extract import EXTRACTOR_VERSION

__all__ = ["MATCHER_VERSION", "DocumentText", "MatchStore", "encode"]

#: Bump when matching (_match, _passages, _claims, _judge's content rules) can give a different result.
MATCHER_VERSION = "37"  # 2: per document and language; 3: denials; 4: drafts; 5: blanks; 6, 7: dates; 8: reach;
# 9: plans; 10: expiry dates; 11: practices that ended; 12: advice to organisations; 13: not in place;
# 14: templates; 15: decided plans; 16: statuses of an action log kept; 17: results and fees kept;
# 18: only a fee that stopped; 19: a product's capabilities offered to its buyers;
# 20: hypotheticals, a lack put first, what a writer reports, glossaries, partial only with the core subject;
# 21: agendas and job adverts; 22: events told in a year long gone;
# 23: mock-ups and audit checklists; 24: drafts for every requirement, proposals;
# 25: a title naming a year long gone; 26: proposals and tender responses;
# 27: what a regulator requires of organisations in general; 28: a consultancy's case study about a client;
# 29: opening hours are times of day, not any two numbers (dates, scales); 30: a plan titled for a later year;
# 31: what other organisations do (competitor reviews, benchmarks); 32: self-assessments;
# 33: a keyword alone (not in a statement) shows nothing, not even in part; 34: "we will introduce";
# 35: a document for staff only, where customers must see it; 36: "confidential" only as a marking;
# 37: German frequencies with adjective endings ("wöchentliche"), "zweimal im Jahr", "alle zwei Wochen"


class MatchStore:
    """One row per document text and language: what it shows of each requirement matched against it, as
    one JSON object keyed by the requirement's content key (see :meth:`._judge.Spec.content_key`).

    A row per document and requirement cost the collector a key, an encoding and an insert for each of
    300 × 49 pairs and the evaluator a key and a lookup for each again: more than judging them. A
    document's results arrive together (matched where it was extracted), so they are stored together;
    rows read from the database are decoded only when the evaluator first asks about the document."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / "documents" / f"match-v{MATCHER_VERSION}-x{EXTRACTOR_VERSION}.sqlite"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._dirty = False
        #: rows read or written in this run, by row key: JSON text until first asked about, then decoded
        self._rows: dict[str, dict[str, Any] | str] = {}
        self._absent: set[str] = set()  #: row keys the store was asked for and lacks
        self._changed: set[str] = set()  #: rows that gained results in this run, written at `flush`
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
    def key(document: str, lang: str) -> str:
        """The row of a document's text (its cache key) matched in `lang`."""
        return _key(document, lang)

    def preload(self, keys: Iterable[str]) -> None:
        """Read the rows of `keys` (see :meth:`key`) in a few queries, not one each."""
        with self._lock:
            if self._db is None:
                return
            wanted = [k for k in dict.fromkeys(keys) if k not in self._rows and k not in self._absent]
            try:
                for start in range(0, len(wanted), _BATCH):
                    chunk = wanted[start : start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(f"SELECT key, value FROM match WHERE key IN ({marks})", chunk)
                    self._rows.update(rows)
                    self._absent.update(k for k in chunk if k not in self._rows)
            except sqlite3.Error:
                return  # each row is then read on its own, as without preloading

    def _row(self, key: str) -> dict[str, Any]:
        """The row's results, decoded (empty when there is none or it is damaged); called under the lock."""
        row = self._rows.get(key)
        if row is None and self._db is not None and key not in self._absent:
            try:
                found = self._db.execute("SELECT value FROM match WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                found = None
            row = found[0] if found else None
            if row is None:
                self._absent.add(key)
        if isinstance(row, str):
            try:
                row = json.loads(row)
            except ValueError:
                row = None
        if not isinstance(row, dict):
            row = {}
        self._rows[key] = row
        return row

    def row(self, key: str) -> dict[str, Any]:
        """The row's results by requirement (empty when there is none), as the store keeps them: results
        :meth:`put` adds later appear in it. For a reader asking about many requirements of one text."""
        with self._lock:
            return self._row(key)

    def get(self, key: str, requirement: str) -> dict[str, Any] | None:
        """What the row's text shows of `requirement` (its content key), when it was matched before."""
        with self._lock:
            value = self._row(key).get(requirement)
        return value if isinstance(value, dict) else None

    def missing(self, key: str, requirements: Iterable[str]) -> list[str]:
        """Those of `requirements` the row has no result for."""
        with self._lock:
            row = self._row(key)
            return [wanted for wanted in requirements if not isinstance(row.get(wanted), dict)]

    def put_document(self, key: str, results: dict[str, dict[str, Any]]) -> None:
        """Keep a new row: every requirement of the set matched against a text not seen before (nothing
        stored is lost by replacing it). One insert per document; the run reads the results back as given."""
        with self._lock:
            self._rows[key] = results
            self._absent.discard(key)
            self._changed.discard(key)
            if self._db is None:
                return
            try:
                self._db.execute("INSERT OR REPLACE INTO match (key, value) VALUES (?, ?)", (key, encode(results)))
                self._dirty = True
            except sqlite3.Error:
                self._close()

    def put(self, key: str, requirement: str, value: dict[str, Any]) -> None:
        """Add one result to the row (written by the next :meth:`flush`)."""
        with self._lock:
            self._row(key)[requirement] = value
            self._changed.add(key)

    def flush(self) -> None:
        """Commit what was matched so far (after each requirement: a crash loses at most one)."""
        with self._lock:
            if self._db is None or not (self._dirty or self._changed):
                return
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO match (key, value) VALUES (?, ?)",
                    [(key, encode(self._row(key))) for key in sorted(self._changed)],
                )
                self._changed.clear()
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


@lru_cache(maxsize=1 << 14)
def _key(document: str, lang: str) -> str:
    """The row's key; cached because the collector and the evaluator each ask for every one."""
    return hashlib.sha256(f"{document}\0{lang}".encode()).hexdigest()


def encode(results: Mapping[str, Any]) -> str:
    """A row's value: each requirement's result (JSON-native: see `Content.to_json`) by content key."""
    return json.dumps(results, separators=(",", ":"), sort_keys=True)  # ASCII: see `_cache.TextCache.put`


class DocumentText(tuple):  # type: ignore[type-arg]
    """A document's (locator, text) segments, plus where its match results are kept and under what key."""

    store: MatchStore | None
    key: str
    row: dict[str, Any] | None  #: the store's row for this text, once the evaluator has read it

    def __new__(cls, segments: tuple[tuple[str, str], ...], store: MatchStore | None, key: str) -> DocumentText:
        made = super().__new__(cls, segments)
        made.store = store
        made.key = key
        made.row = None
        return made
