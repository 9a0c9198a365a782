"""A dataset item's rows, kept typed in memory between collecting and grading instead of in a Parquet copy.

On a cold run, writing the canonical Parquet copy of a clean CSV cost more CPU than the whole query an
analyst would write by hand. So a CSV that DuckDB's strict typed reader accepts whole (see _native), and
that fits well within the memory limit, is loaded once into a table of a DuckDB connection shared by the
source's files; the values are checked in that same pass and the KPIs are computed from the table.
The Parquet copy is written only if something asks for a file (`os.fspath(table)`, as the case sampler
and third-party plugins do); warm runs take their KPI figures from the result cache (_kpicache) and load
the rows again only when that misses. Files that need the text path keep their checked Parquet copy.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from servex.plugins.datasets._settings import EngineSettings

__all__ = ["LiveDb", "Table", "fits_in_memory", "memory_bytes", "records"]

_UNITS = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}
#: A typed table takes about as many bytes as its CSV (0.8x for a typical ticket export); a quarter of
#: the memory limit leaves room for the KPI queries (4M tickets: 1 GB peak under 2GB). Larger files are
#: written to Parquet, which spills.
_SHARE = 4


def memory_bytes(limit: str) -> int:
    """Bytes of a DuckDB size setting such as 2GB or 512MiB."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*", limit, flags=re.IGNORECASE)
    return int(float(found.group(1)) * _UNITS[found.group(2).lower()]) if found else 0


def fits_in_memory(path: Path, settings: EngineSettings) -> bool:
    return path.stat().st_size * _SHARE <= memory_bytes(settings.memory_limit)


def _close(con: Any, spill: Path) -> None:
    con.close()
    shutil.rmtree(spill, ignore_errors=True)


class LiveDb:
    """One in-memory DuckDB connection per datasets source and run, opened when first needed and closed
    (its spill folder removed) when the last table in it is no longer referenced."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.lock = threading.RLock()  # a DuckDB connection serves one statement at a time
        self._con: Any = None
        self._count = 0

    def con(self) -> Any:
        import duckdb

        if self._con is None:
            base = self.settings.temp_directory
            base.mkdir(parents=True, exist_ok=True)
            spill = Path(tempfile.mkdtemp(prefix="live-", dir=base))
            config: dict[str, str | bool | int | float | list[str]] = {
                "memory_limit": self.settings.memory_limit,
                "threads": self.settings.threads,
                "temp_directory": str(spill),
            }
            self._con = duckdb.connect(":memory:", config=config)
            self._con.execute("SET TimeZone = 'UTC'")
            # Row order means nothing to a KPI; not keeping it lets DuckDB load and aggregate in parallel.
            self._con.execute("SET preserve_insertion_order = false")
            weakref.finalize(self, _close, self._con, spill)
        return self._con

    def new_name(self) -> str:
        self._count += 1
        return f"live_{self._count}"


class Table(os.PathLike[str]):
    """The payload of a dataset item from a file: its canonical records, where `os.fspath` (or `Path(...)`)
    gives the Parquet file, written from memory the first time a file is asked for.

    `key` is the conversion's cache key (content hash, format, settings, zone, version): figures computed
    from the records depend on nothing else of the file, so it keys the KPI result cache too."""

    def __init__(
        self,
        parquet: Path,
        key: str,
        db: LiveDb | None = None,
        name: str | None = None,
        reload: Callable[[LiveDb], str] | None = None,
    ) -> None:
        self.parquet, self.key, self.db, self.name, self._reload = parquet, key, db, name, reload

    def __repr__(self) -> str:
        return f"Table({str(self.parquet)!r}, in memory={self.name is not None})"

    def in_db(self, db: LiveDb) -> str | None:
        """The table's name in `db`, loading the rows again if neither they nor a Parquet copy are there;
        None when the rows are only in the Parquet copy (or in another connection)."""
        if self.db is not db:
            return None
        if self.name is None and self._reload is not None and not self.parquet.is_file():
            with db.lock:
                self.name = self._reload(db)
        return self.name

    def __fspath__(self) -> str:
        if not self.parquet.is_file():
            if self.db is None:
                return str(self.parquet)  # nothing to write from: the caller finds no file, as before
            name = self.in_db(self.db)
            if name is None:
                return str(self.parquet)
            partial = self.parquet.with_name(f"{self.parquet.name}.{os.getpid()}-{secrets.token_hex(6)}.part")
            with self.db.lock:
                try:
                    self.db.con().execute(
                        f"COPY {name} TO '{str(partial).replace(chr(39), chr(39) * 2)}' "
                        "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"
                    )
                    os.replace(partial, self.parquet)
                finally:
                    partial.unlink(missing_ok=True)
        return str(self.parquet)

    def __str__(self) -> str:
        return self.__fspath__()

    def __getattr__(self, attr: str) -> Any:
        # Path's own methods (stat, is_file, name, ...) on the written file, for plugins that treat the
        # payload as a `pathlib.Path`; anything else is missing, as on a Path.
        if attr.startswith("_") or not hasattr(Path, attr):
            raise AttributeError(attr)
        return getattr(Path(self.__fspath__()), attr)


def _quote_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


@contextmanager
def records(paths: Sequence[Path | Table], settings: EngineSettings | None) -> Iterator[tuple[Any, str]]:
    """A connection and the SQL of the records: the tables a cold run loaded into memory,
    queried where they are, or the Parquet copies (written now for tables held in different connections)."""
    from servex.plugins.datasets._duck import duck

    tables = sorted((p for p in paths if isinstance(p, Table)), key=lambda t: t.key)
    db = tables[0].db if tables and len(tables) == len(paths) else None
    if db is not None and all(t.db is db for t in tables):
        with db.lock:
            names = [t.in_db(db) for t in tables]
            if any(names):
                parts = [
                    f'SELECT * FROM "{n}"' if n else f"SELECT * FROM read_parquet({_quote_list([t.parquet])})"
                    for n, t in zip(names, tables, strict=True)
                ]
                yield db.con(), "(" + " UNION ALL BY NAME ".join(parts) + ")"
                return
    files = sorted(Path(p) for p in paths)
    with duck(settings=settings) as con:
        yield con, f"read_parquet({_quote_list(files)}, union_by_name=true)"
