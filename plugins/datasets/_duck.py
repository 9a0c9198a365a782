"""One DuckDB connection per job, with the configured resources and a spill folder of its own.

Two runs on one machine must not share DuckDB's temporary files, and an interrupted query must end the
run: DuckDB turns Ctrl-C into its own exception, which `interrupted` recognises so that callers can
re-raise KeyboardInterrupt instead of reporting a broken file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from servex.plugins.datasets._settings import EngineSettings, engine_settings

__all__ = ["duck", "interrupted"]


@contextmanager
def duck(scratch: Path | None = None, settings: EngineSettings | None = None) -> Iterator[Any]:
    """A connection whose memory is bounded: large exports spill to disk instead of growing RSS."""
    import duckdb

    chosen = settings or engine_settings()
    base = scratch if scratch is not None else chosen.temp_directory
    base.mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix="spill-", dir=base))
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": chosen.memory_limit,
        "threads": chosen.threads,
        "temp_directory": str(spill),
    }
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute("SET TimeZone = 'UTC'")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def interrupted(exc: BaseException) -> bool:
    """DuckDB's renderings of Ctrl-C: InterruptException ("INTERRUPT Error: Interrupted!"), or a bare
    RuntimeError "Query interrupted" when the signal lands while results are fetched."""
    import duckdb

    if isinstance(exc, duckdb.InterruptException) or str(exc).startswith("INTERRUPT Error"):
        return True
    return type(exc) is RuntimeError and str(exc).strip() == "Query interrupted"
