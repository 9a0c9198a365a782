"""Which enriching endpoints merge their rows while they read (see `_generic._Run.fetch`).

Why: an enriching list (Zendesk's ticket metrics, its satisfaction ratings) used to wait until every
stream had ended and was merged then, on one thread, with nothing else running: about a second of a
100,000-ticket collection, after the last request. Merging a row as soon as its record is in moves that
work into the time the requests wait on the rate limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["early_enrichers"]


def early_enrichers(endpoints: list[Mapping[str, Any]]) -> set[int]:
    """Enriching endpoints that may merge while they read rather than after every endpoint is in.

    Merging a row needs its record, and the result must not depend on which thread came first: so only
    an endpoint whose mapped fields no other endpoint of its dataset maps (tickets, their metrics and
    their ratings never share a field), and whose dataset has an endpoint that fills it while it reads.
    A row whose record has not arrived yet waits for the end, as every row did before.
    """
    out = set()
    for i, endpoint in enumerate(endpoints):
        name = endpoint["dataset"]
        if not endpoint.get("enrich") or not any(not e.get("enrich") and e["dataset"] == name for e in endpoints):
            continue
        mine = set(endpoint["fields"])
        others = [
            set(e["fields"]) | {f for side in e.get("sideloads") or [] for f in side["fields"]}
            for j, e in enumerate(endpoints) if j != i and e["dataset"] == name
        ]
        if not any(mine & fields for fields in others):
            out.add(i)
    return out
