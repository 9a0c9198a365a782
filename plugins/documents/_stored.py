"""The match results the document evaluator judges: read from the match store, or matched when missing.

Kept apart from the evaluator's wording (:mod:`._evaluate`): where a document's result for a requirement
comes from (the row the collector stored, or the document's index built here), and which results need no
judging at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servex import EvaluationContext, EvidenceItem

if TYPE_CHECKING:
    from servex.plugins.documents._judge import Content, Spec
    from servex.plugins.documents._match import DocIndex

__all__ = ["cached", "content", "index_of", "preload", "shows_nothing"]


def index_of(ctx: EvaluationContext, item: EvidenceItem, reads: str = "practice") -> DocIndex:
    """Built once per document per run and shared by every requirement (ctx.memo spans criteria); `reads`
    (see Spec.reads): "plans", the index that keeps what is stated only as a plan, "decisions", the one
    that keeps a plan decided in minutes (see ._prospects)."""
    from servex.plugins.documents._match import DocIndex

    payload = item.payload
    if isinstance(payload, str):  # a "document" from another collector may carry plain text
        payload = (("", payload),)
    elif not isinstance(payload, (tuple, list)) or not all(
        isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in payload
    ):
        payload = ()
    segments = tuple((str(locator), str(text)) for locator, text in payload)
    lang = _lang(item)
    horizon = ctx.period.end.year
    practice = ctx.memo(
        ("documents.index", item.id, "practice"), lambda: DocIndex.build(segments, lang, horizon=horizon)
    )
    if practice.serves(reads):
        return practice
    return ctx.memo(
        ("documents.index", item.id, reads),
        lambda: DocIndex.build(
            segments, lang, plans=reads == "plans", decisions=reads == "decisions", horizon=horizon
        ),
    )


def cached(item: EvidenceItem, wanted: str) -> dict[str, Any] | None:
    """The match store's result for the document and requirement, when there is one."""
    payload = item.payload
    store = getattr(payload, "store", None)
    if store is None:
        return None
    # the document's row, read once per run (every requirement asks for its result in it)
    row: dict[str, Any] | None = getattr(payload, "row", None)
    if row is None:
        row = payload.row = store.row(store.key(str(payload.key), _lang(item)))
    result = row.get(wanted)
    return result if isinstance(result, dict) else None


def _lang(item: EvidenceItem) -> str:
    return str(item.attributes.get("language") or "en")


#: a stored result that shows nothing of its requirement (see `shows_nothing`)
_NOTHING = {"complete": False, "found": [], "citations": []}


def shows_nothing(stored: dict[str, Any] | None, item: EvidenceItem) -> bool:
    """Whether the document is certainly judged `none` (and so not listed) without judging it: its text
    shows nothing of the requirement and it carries no tag. Most documents of a folder say nothing of
    most requirements; reading each such result into a `Content` and judging it was most of grading."""
    if stored is None or item.tags or not _NOTHING.items() <= stored.items():
        return False
    return isinstance(stored.get("missing"), list) and {"owner_in_text", "approval_in_text"} <= stored.keys()


def content(
    ctx: EvaluationContext, item: EvidenceItem, spec: Spec, wanted: str, stored: dict[str, Any] | None
) -> Content:
    """What the document shows of the requirement: from the match cache when this text was matched
    against this requirement before (`stored`; then its index is never built), else matched and
    remembered."""
    from servex.plugins.documents._judge import Content, content_of

    if stored is not None:
        try:
            return Content.from_json(stored)
        except (KeyError, TypeError, ValueError):
            pass  # an entry from a damaged cache: match again
    found = content_of(index_of(ctx, item, spec.reads), spec)
    payload = item.payload
    store = getattr(payload, "store", None)
    if store is not None:
        store.put(store.key(str(payload.key), _lang(item)), wanted, found.to_json())
    return found


def preload(ctx: EvaluationContext) -> None:
    """Ask the match store for every document's results in a few queries, not one each (once per run:
    a document's row holds every requirement's result)."""
    keys: dict[Any, list[str]] = {}
    for item in ctx.items("document"):
        payload = item.payload
        store = getattr(payload, "store", None)
        if store is not None:
            keys.setdefault(store, []).append(store.key(str(payload.key), _lang(item)))
    for store, wanted_keys in keys.items():
        store.preload(wanted_keys)
