"""Files of one source that hold the same records: overlapping exports are said, never merged silently.

The check (see :func:`._duplicates.overlaps`) runs when a source has two or more files of one dataset
with ids; its counts are kept in the cache under the files' conversion keys, so a warm run reads no
record for it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from servex import CollectContext, EvidenceItem
from servex.plugins.datasets._duplicates import ID_FIELD, overlaps

__all__ = ["with_overlaps"]


def with_overlaps(ctx: CollectContext, items: Sequence[EvidenceItem], db: Any, cache: Path) -> list[EvidenceItem]:
    """`items`, with each file whose ids an earlier file of the same dataset already holds warned about
    and its `repeated_ids` raised by that many (so its KPIs say so)."""
    from servex.plugins.datasets._live import Table

    out = list(items)
    groups: dict[str, list[int]] = {}
    for number, item in enumerate(items):
        if isinstance(item.payload, Table) and ID_FIELD in (item.attributes.get("columns") or ()):
            groups.setdefault(str(item.attributes["dataset"]), []).append(number)
    for members in groups.values():
        if len(members) < 2:
            continue
        tables = [items[n].payload for n in members]
        counts = _counts(tables, db, cache)
        for at, (number, count) in enumerate(zip(members, counts, strict=True)):
            if not count:
                continue
            item = items[number]
            earlier = ", ".join(str(items[n].provenance.source) for n in members[:at])
            ctx.warn(
                f"{count} record id(s) are also in {earlier} (overlapping exports): every copy is counted; "
                "export each record once, or list only one of the files",
                file=str(item.provenance.source),
                field=ID_FIELD,
            )
            repeated = int(item.attributes.get("repeated_ids") or 0) + count
            out[number] = replace(item, attributes={**item.attributes, "repeated_ids": repeated})
    return out


def _counts(tables: list[Any], db: Any, cache: Path) -> list[int]:
    """The overlap counts, from the cache when these very files were compared before."""
    from servex.plugins.datasets._convert import save_meta

    key = hashlib.sha256(json.dumps([str(t.key) for t in tables]).encode()).hexdigest()
    path = cache / f"overlaps-{key}.json"
    try:
        kept = json.loads(path.read_text("utf-8"))
        if isinstance(kept, dict) and isinstance(kept.get("counts"), list) and len(kept["counts"]) == len(tables):
            return [int(c) for c in kept["counts"]]
    except (OSError, ValueError):
        pass
    counts = _compare(tables, db)
    save_meta(path, {"counts": counts})
    return counts


def _compare(tables: list[Any], db: Any) -> list[int]:
    if db is not None:
        with db.lock:
            names = [t.in_db(db) for t in tables]
            sources = [f'"{n}"' if n else _parquet(t) for n, t in zip(names, tables, strict=True)]
            return overlaps(db.con(), sources)
    import duckdb

    with duckdb.connect() as con:
        return overlaps(con, [_parquet(t) for t in tables])


def _parquet(table: Any) -> str:
    path: str = os.fspath(table)
    return "read_parquet('" + path.replace("'", "''") + "')"
