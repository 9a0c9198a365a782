"""DuckDB's memory limit, threads and spill folder: from the environment, then the manifest, then the machine.

A fixed 512 MB made every KPI of a 30-million-row export fail; the defaults now follow the machine
(half its memory, all its cores). The spill folder comes from the environment only: the manifest belongs
to the evidence folder, which is untrusted, and must not choose where servex writes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ENGINE_SCHEMA", "EngineSettings", "engine_settings"]

_SIZE = r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$"
ENGINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "DuckDB resources for converting exports and computing KPIs (environment variables win)",
    "properties": {
        "memory_limit": {"type": "string", "pattern": _SIZE},
        "threads": {"type": "integer", "minimum": 1, "maximum": 256},
    },
}
ENV_MEMORY, ENV_THREADS, ENV_TEMP = "SERVEX_DUCKDB_MEMORY", "SERVEX_DUCKDB_THREADS", "SERVEX_DUCKDB_TEMP"


@dataclass(frozen=True)
class EngineSettings:
    memory_limit: str
    threads: int
    temp_directory: Path


def _machine_memory() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "1GB"
    return f"{max(256, total // 2 // (1 << 20))}MiB"


def _from_manifest(manifest: Mapping[str, Any]) -> Mapping[str, Any]:
    for source in manifest.get("sources") or []:
        config = source.get("config") or {}
        if source.get("collector") == "datasets" and isinstance(config.get("engine"), Mapping):
            engine: Mapping[str, Any] = config["engine"]
            return engine
    return {}


def engine_settings(manifest: Mapping[str, Any] | None = None) -> EngineSettings:
    """Raises ValueError naming the variable when an environment setting is malformed."""
    own = _from_manifest(manifest or {})
    memory = os.environ.get(ENV_MEMORY) or own.get("memory_limit") or _machine_memory()
    if not re.fullmatch(_SIZE, str(memory), flags=re.IGNORECASE):
        raise ValueError(f"{ENV_MEMORY}={memory!r} is not a size such as 2GB or 512MB")
    raw_threads = os.environ.get(ENV_THREADS) or own.get("threads") or os.cpu_count() or 1
    try:
        threads = int(raw_threads)
        if threads < 1:
            raise ValueError
    except ValueError:
        raise ValueError(f"{ENV_THREADS}={raw_threads!r} is not a positive whole number") from None
    # Never DuckDB's default spill folder (`.tmp` in the working directory, maybe the evidence folder).
    spill = os.environ.get(ENV_TEMP) or str(Path(tempfile.gettempdir()) / "servex-duckdb")
    return EngineSettings(str(memory).replace(" ", ""), threads, Path(spill))
