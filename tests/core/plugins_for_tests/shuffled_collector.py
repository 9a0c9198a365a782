"""Yields the same evidence in an order chosen by the test, to prove order never matters."""

import os
import random

from servex import Collector, EvidenceItem, Provenance, evidence_id, hookimpl, sha256_bytes


def _collect(ctx):  # type: ignore[no-untyped-def]
    items = []
    for index in range(6):
        data = f"note {index}".encode()
        items.append(
            EvidenceItem(
                id=evidence_id("shuffled", f"notes/{index}.txt"),
                kind="note",
                title=f"Note {index}",
                provenance=Provenance(
                    "shuffled", f"notes/{index}.txt", sha256_bytes(data), len(data), "text/plain", ctx.collected_at
                ),
            )
        )
    random.Random(int(os.environ.get("SHUFFLE_SEED", "0"))).shuffle(items)
    return items


@hookimpl
def servex_collectors():  # type: ignore[no-untyped-def]
    return [Collector(name="shuffled", kinds=("note",), collect=_collect, auto=True)]
