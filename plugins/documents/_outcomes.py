"""Every `document` requirement's outcome for the folder as it is, kept as one record, so a re-run on
unchanged evidence grades without judging each document against each requirement again.

With every match result cached (:mod:`._matchcache`), a re-run still read one result per document and
requirement (300 × 49 for the benchmark folder) and judged it: most of a warm run. An outcome depends only
on the requirement (criterion, id, params), the document items as the evaluator sees them (id, title,
tags, attributes, source, file hash, the key of the text), the period (ages count to its end, an
expiry is checked against its start) and the code that matches,
judges and words it; together they are the record's *state*. The record is kept per *slot* (the evidence
folder and the document requirements the set asks for) and replaced when the state changes, so editing
a folder does not pile up records. It is written once, when the run has evaluated every document
requirement of the set: one commit, where a commit per requirement cost more than judging.

Nothing is kept when an item is not this collector's (its text has no key) or the code's sources cannot
be read: the outcome is then always worked out, as without this record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex import EvaluationContext, Requirement, RequirementOutcome, locator_label

if TYPE_CHECKING:  # imported when there are documents: an empty folder's run loads no SQLite
    from servex.plugins.documents._matchcache import MatchStore

__all__ = ["FolderOutcomes", "folder_outcomes"]


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of the code an outcome comes from: this plugin's modules and core's wording helper.
    A changed rule or sentence then never serves an outcome worked out by the old one."""
    digest = hashlib.sha256()
    files = sorted(Path(__file__).parent.glob("*.py"))
    if Path(__file__) not in files:
        raise OSError("the plugin's sources are not files")  # compiled-only installs: nothing is kept
    files.append(Path(str(getattr(sys.modules[locator_label.__module__], "__file__", ""))))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class FolderOutcomes:
    """The run's record: outcomes found in the store, and those worked out in this run."""

    def __init__(self, store: MatchStore, slot: str, state: str, expected: frozenset[str]) -> None:
        self.store, self.slot, self.state, self.expected = store, slot, state, expected
        self.kept: dict[str, Any] = store.folder_outcomes(slot, state) or {}
        self.fresh: dict[str, Any] = {}

    @staticmethod
    def call(criterion: str, requirement: Requirement) -> tuple[str, str]:
        """(which requirement, its params as text): the params are those the engine resolved for this run."""
        params = json.dumps(requirement.params, sort_keys=True, ensure_ascii=False, default=str)
        return f"{criterion}\0{requirement.id}", params

    def get(self, call: tuple[str, str]) -> RequirementOutcome | None:
        entry = self.kept.get(call[0])
        if not isinstance(entry, Mapping) or entry.get("params") != call[1]:
            return None
        try:
            data = entry["outcome"]
            return RequirementOutcome(
                data["state"], data["message"], tuple(data["evidence_ids"]), data["details"], data["gap"]
            )
        except (KeyError, TypeError, ValueError):
            return None  # an entry from a damaged or older record: worked out again

    def put(self, call: tuple[str, str], outcome: RequirementOutcome) -> None:
        """Remember a worked-out outcome; once every document requirement of the set has one, keep them."""
        self.fresh[call[0]] = {
            "params": call[1],
            "outcome": {
                "state": outcome.state,
                "message": outcome.message,
                "evidence_ids": list(outcome.evidence_ids),
                "details": outcome.details,
                "gap": outcome.gap,
            },
        }
        merged = {**self.kept, **self.fresh}
        if self.expected <= merged.keys():
            # details that are not JSON: nothing kept, every run works them out
            with contextlib.suppress(TypeError, ValueError):
                self.store.put_folder_outcomes(self.slot, self.state, merged)
            self.kept, self.fresh = merged, {}


def _expected(ctx: EvaluationContext) -> frozenset[str]:
    """The document requirements the engine evaluates in this run (those of criteria not declared not
    applicable). Should it evaluate fewer, the record is never written, which only costs time."""
    skipped = {str(entry.get("criterion")) for entry in ctx.manifest.get("not_applicable") or []}
    return frozenset(
        f"{criterion.id}\0{requirement.id}"
        for criterion in ctx.criteria_set.criteria
        if criterion.id not in skipped
        for requirement in criterion.evidence
        if requirement.type == "document"
    )


def _make(ctx: EvaluationContext) -> FolderOutcomes | None:
    if getattr(ctx.criteria_set, "criteria", None) is None:
        return None  # evaluated outside a run of a set (a test, another tool): nothing says what to expect
    documents = list(ctx.items("document"))
    if not documents:
        return None  # nothing to judge: nothing worth keeping
    from servex.plugins.documents._matchcache import MatchStore

    store: MatchStore | None = None
    items = []
    for item in documents:
        payload = item.payload
        key = getattr(payload, "key", None)
        if not isinstance(getattr(payload, "store", None), MatchStore) or not isinstance(key, str):
            return None  # text that is not this collector's: no key says it is unchanged
        store = store or payload.store
        provenance = item.provenance
        items.append([item.id, item.title, item.tags, item.attributes, provenance.source, provenance.sha256, key])
    if store is None:
        return None
    try:
        code = _code()
    except OSError:
        return None
    expected = _expected(ctx)
    slot = _digest([str(ctx.evidence_dir.resolve()), sorted(expected)])
    state = _digest([code, ctx.period.start.isoformat(), ctx.period.end.isoformat(), items])
    return FolderOutcomes(store, slot, state, expected)


def folder_outcomes(ctx: EvaluationContext) -> FolderOutcomes | None:
    """The run's record (made once per run), or None when outcomes cannot be kept."""
    record: FolderOutcomes | None = ctx.memo("documents.outcomes", lambda: _make(ctx))
    return record
