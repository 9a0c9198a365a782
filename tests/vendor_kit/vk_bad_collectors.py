"""Deliberately bad collectors: each breaks one rule, to prove the conformance check catches it.

They read `notes.txt` of the evidence folder like a well-behaved collector would, then misbehave.
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from servex import CollectContext, Collector, EvidenceItem, Provenance, evidence_id, sha256_bytes

RELEASE = threading.Event()  #: set by the tests to let the hanging collector finish


def _item(ctx: CollectContext, name: str, number: int, **changes: Any) -> EvidenceItem:
    data = (ctx.evidence_dir / "notes.txt").read_bytes()
    fields: dict[str, Any] = {
        "collector": name,
        "source": "notes.txt",
        "sha256": sha256_bytes(data),
        "size": len(data),
        "media_type": "text/plain",
        "collected_at": ctx.collected_at,
        "locator": f"line {number}",
    }
    item_fields = {k: changes.pop(k) for k in ("id", "title", "kind") if k in changes}
    fields.update(changes)
    return EvidenceItem(
        id=item_fields.get("id", evidence_id(name, "notes.txt", f"line {number}")),
        kind=item_fields.get("kind", "note"),
        title=item_fields.get("title", f"Note {number}"),
        provenance=Provenance(**fields),
    )


def _lines(ctx: CollectContext) -> range:
    path = ctx.evidence_dir / "notes.txt"
    if not path.exists() or not path.read_bytes():
        return range(0)
    return range(1, len(path.read_text().splitlines()) + 1)


def good(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number)


def random_ids(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, id=f"ev-{uuid.uuid4().hex[:16]}")


_CALLS = itertools.count()


def shuffled(ctx: CollectContext) -> list[EvidenceItem]:
    """Same items every run, but every other run in reverse order (a set or dict walked unsorted)."""
    items = [_item(ctx, ctx.source, number) for number in _lines(ctx)]
    return items[::-1] if next(_CALLS) % 2 else items


def leaky(ctx: CollectContext) -> Iterator[EvidenceItem]:
    token = " ".join(str(value) for value in ctx.config.values())
    ctx.warn(f"calling https://api.example.com/notes?key={os.environ.get('NOTES_KEY', '')}")
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, title=f"Note {number} (fetched with {token})")


def no_sha(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, sha256="")


def wrong_sha(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, sha256=sha256_bytes(b"other bytes"))


#: the machine's clock when the module was loaded: the same in both runs of the determinism check (a clock
#: read per run differed when the two runs straddled a second, and the test failed once in a while)
_WALL_CLOCK = datetime.now(tz=UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def wall_clock(ctx: CollectContext) -> Iterator[EvidenceItem]:
    now = _WALL_CLOCK
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, collected_at=now)


def absolute_source(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, source=str(ctx.evidence_dir / "notes.txt"))


def same_locator(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, locator="", id=evidence_id(ctx.source, "notes.txt", str(number)))


def duplicate_ids(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, id=evidence_id(ctx.source, "notes.txt"))


def wrong_kind(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        yield _item(ctx, ctx.source, number, kind="memo")


def not_items(ctx: CollectContext) -> list[Any]:
    return [{"id": f"ev-{number:016d}", "title": f"Note {number}"} for number in _lines(ctx)]


def unsafe_attributes(ctx: CollectContext) -> Iterator[EvidenceItem]:
    for number in _lines(ctx):
        item = _item(ctx, ctx.source, number)
        yield EvidenceItem(item.id, item.kind, item.title, item.provenance, attributes={"seen": datetime(2025, 1, 1)})


def hanging(ctx: CollectContext) -> Iterator[EvidenceItem]:
    RELEASE.wait(30)
    yield from good(ctx)


def crashes_when_empty(ctx: CollectContext) -> Iterator[EvidenceItem]:
    data = (ctx.evidence_dir / "notes.txt").read_bytes()  # FileNotFoundError on an empty folder
    first = data.decode().splitlines()[0]  # IndexError on an empty file
    yield _item(ctx, ctx.source, 1, title=first)


def raises(ctx: CollectContext) -> Iterator[EvidenceItem]:
    raise RuntimeError("notes service unreachable")


def nothing(ctx: CollectContext) -> list[EvidenceItem]:
    return []


def collector(name: str, collect: Callable[[CollectContext], Any]) -> Collector:
    """A Collector record named like its function (the check's context uses it as the source name)."""
    return Collector(name=name, kinds=("note",), collect=collect)
