"""Collect an evidence folder's evidence outside `servex assess`, through a public door.

A plugin command that works on the same evidence as an assessment (drawing a case-file sample from the
tickets export, say) must see exactly the items `servex assess` would see: the same manifest, the same
collectors and mappings, the same plugin options. Re-reading the files itself would drift from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex._record import frozen

if TYPE_CHECKING:
    import click
    from servex._context import LogEntry, Period
    from servex._criteria.model import CriteriaSet
    from servex._evidence import EvidenceItem

__all__ = ["CollectedEvidence", "collect_evidence"]


@frozen
class CollectedEvidence:
    """What :func:`collect_evidence` found, with the manifest and period it was collected under."""

    items: tuple[EvidenceItem, ...]
    log: tuple[LogEntry, ...]
    manifest: Mapping[str, Any]
    period: Period
    criteria_set: CriteriaSet


def collect_evidence(
    evidence_dir: Path,
    ctx: click.Context | None = None,
    *,
    kinds: Iterable[str] | None = None,
    criteria: str | None = None,
    cache_dir: Path | None = None,
    offline: bool = False,
) -> CollectedEvidence:
    """Run the collectors `servex assess` would run on `evidence_dir` and return their items.

    `kinds` limits the run to the sources whose collector yields one of those evidence kinds (e.g.
    `("dataset",)`). Pass the click context from inside a command so the user's plugin options apply.
    A missing folder or an invalid manifest raises :class:`servex.InvalidInputError` (exit 3); a failing
    source is logged, like in an assessment, and its items are simply absent.
    """
    from servex import _clock
    from servex._assess import default_cache_dir
    from servex._collect import collect_all
    from servex._criteria.access import load_criteria_set
    from servex._errors import InvalidInputError, Problem
    from servex._manifest import load_manifest

    if not evidence_dir.is_dir():
        raise InvalidInputError([Problem(str(evidence_dir), None, None, "evidence folder not found")])
    if ctx is not None:
        from servex._cli.state import plugins_of

        plugins = plugins_of(ctx)
    else:
        from servex._criteria.access import _default_plugins

        plugins = _default_plugins()
    manifest = load_manifest(evidence_dir)
    cset = load_criteria_set(criteria or manifest.data.get("criteria") or "servex-pyramid", ctx, evidence_dir)
    collectors = plugins.collectors()
    manifest.check_against(cset, collectors, sorted({f.name for f in plugins.failures}))
    collection = collect_all(
        evidence_dir=evidence_dir,
        manifest=manifest.data,
        period=manifest.period,
        collectors=collectors,
        criteria_set=cset,
        collected_at=_clock.isoformat(_clock.now()),
        cache_dir=cache_dir or default_cache_dir(),
        offline=offline,
        kinds=None if kinds is None else frozenset(kinds),
    )
    return CollectedEvidence(tuple(collection.items), tuple(collection.log), manifest.data, manifest.period, cset)
