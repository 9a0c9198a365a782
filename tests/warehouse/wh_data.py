"""Generated records for every canonical dataset, written both as a CSV export and as a typed table.

Values are drawn per field kind, with what real data has: empty cells, categories in several spellings
("Téléphone", " PHONE"), scores outside their scale, customers who come back within days, times across
a summer-time change. The same rows feed the file path and the warehouse, so any KPI difference is the
engines'.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from servex.plugins.datasets._fields import FIELDS, SCALES

__all__ = ["CATEGORIES", "KPIS_FILE", "close", "generate", "load_postgres", "write_csv"]

KPIS_FILE = Path(__file__).resolve().parents[2] / "criteria" / "kpis.yaml"

CATEGORIES = ("Email", " email", "Téléphone", "telephone", "Chat", "web", "N/A", "App")
_START = datetime(2024, 12, 20)


def _value(rnd: random.Random, name: str, kind: str, base: datetime, i: int) -> Any:
    if rnd.random() < 0.08 and name not in ("id",):
        return None
    if kind == "ts":
        if name in ("created_at", "received_at", "responded_at", "started_at"):
            return base
        if name == "month":
            return datetime(base.year, base.month, 1)
        return base + timedelta(seconds=rnd.randrange(-3600, 6 * 86400))
    if kind == "bool":
        return rnd.random() < 0.4
    if kind == "num":
        if name in SCALES:
            low, high = SCALES[name]
            return float(rnd.randint(low - 1 if rnd.random() < 0.004 else low, high))
        return float(rnd.randint(0, 400))
    if kind == "cat":
        return rnd.choice(CATEGORIES)
    if name == "customer_id":
        return f"c{rnd.randrange(40)}"
    return f"r{i}"


def generate(dataset: str, rows: int, seed: int = 3) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    kinds = FIELDS[dataset]
    out = []
    for i in range(rows):
        base = _START + timedelta(seconds=rnd.randrange(400 * 86400))
        record = {name: _value(rnd, name, kind, base, i) for name, kind in kinds.items()}
        if dataset == "calls_monthly" and record["offered"] is not None:  # totals that can be (see _order)
            for part in ("answered", "answered_in_target", "abandoned"):
                if record[part] is not None:
                    record[part] = min(record[part], record["offered"])
        out.append(record)
    return out


def write_csv(path: Path, dataset: str, records: list[dict[str, Any]], aware: tuple[str, ...] = ()) -> None:
    """`aware` columns are written with their offset (+00:00), as `timestamptz` columns hold instants."""
    names = list(FIELDS[dataset])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for record in records:
            writer.writerow(
                ["" if record[n] is None else _text(record[n]) + ("+00:00" if n in aware else "") for n in names]
            )


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_SQL_TYPES = {"ts": "timestamp", "bool": "boolean", "num": "double precision", "text": "text", "cat": "text"}


def load_postgres(
    url: str, table: str, dataset: str, records: list[dict[str, Any]], aware: tuple[str, ...] = ()
) -> None:
    """CREATE TABLE and COPY the records; `aware` columns are `timestamptz` (the session zone is UTC)."""
    import psycopg

    kinds = FIELDS[dataset]
    columns = ", ".join(f'"{n}" {"timestamptz" if n in aware else _SQL_TYPES[k]}' for n, k in kinds.items())
    aware_rows = [{**r, **{n: r[n].replace(tzinfo=UTC) for n in aware if r[n] is not None}} for r in records]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SET TIME ZONE 'UTC'")
        con.execute(f'DROP TABLE IF EXISTS "{table}"')
        con.execute(f'CREATE TABLE "{table}" ({columns})')
        with con.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
            for record in aware_rows:
                copy.write_row([record[n] for n in kinds])

def close(a: Any, b: Any) -> bool:
    """Equal, numbers within the last rounded digit (sums of doubles may add up in another order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-4
    return bool(a == b)
