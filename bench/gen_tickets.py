"""Generate a synthetic ticket export (CSV) of any size for the KPI benchmark.

Deterministic (seeded), streamed to disk in blocks, so a 3 GB file costs no more memory than a small one.
Usage: gen_tickets.py OUT.csv ROWS [--pad N]  (--pad adds N characters of free text per row, to reach a
target file size with fewer rows).
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta

__all__ = ["generate"]

_CHANNELS = ("email", "phone", "chat", "web", "social")
_PRIORITIES = ("low", "normal", "high", "urgent")
_FMT = "%Y-%m-%dT%H:%M:%SZ"


def generate(path: str, rows: int, pad: int = 0, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1)
    filler = "x" * pad
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(
            "id,created_at,first_reply_at,resolved_at,due_at,channel,priority,status,reopened,"
            "customer_id,satisfaction_score,first_contact_resolution,subject\n"
        )
        block: list[str] = []
        for i in range(rows):
            created = start + timedelta(seconds=rnd.randrange(365 * 86400))
            reply = created + timedelta(minutes=rnd.expovariate(1 / 240))
            resolved = created + timedelta(hours=rnd.expovariate(1 / 30)) if rnd.random() < 0.93 else None
            due = created + timedelta(hours=48)
            score = str(rnd.choice((1, 2, 3, 4, 4, 5, 5, 5))) if rnd.random() < 0.3 else ""
            block.append(
                ",".join(
                    (
                        str(i + 1),
                        created.strftime(_FMT),
                        reply.strftime(_FMT),
                        resolved.strftime(_FMT) if resolved else "",
                        due.strftime(_FMT),
                        rnd.choice(_CHANNELS),
                        rnd.choice(_PRIORITIES),
                        "solved" if resolved else "open",
                        "true" if rnd.random() < 0.08 else "false",
                        f"c{rnd.randrange(rows // 3 + 1)}",
                        score,
                        "true" if rnd.random() < 0.7 else "false",
                        filler,
                    )
                )
            )
            if len(block) == 50_000:
                out.write("\n".join(block) + "\n")
                block = []
        if block:
            out.write("\n".join(block) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("rows", type=int)
    parser.add_argument("--pad", type=int, default=0)
    args = parser.parse_args()
    generate(args.out, args.rows, args.pad)
