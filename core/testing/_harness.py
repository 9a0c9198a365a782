"""Running one collector the way servex does, but under a deadline and with a fixed clock.

Collectors are often closures or bound methods, which cannot be sent to another process, so the run
happens in a daemon thread: the check stops waiting at the deadline and reports the overrun (a Python
thread cannot be killed; it is left to finish or to die with the test process).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["LazyCriteria", "Outcome", "build_context", "fixed_environment", "load_criteria", "run_collector"]


@dataclass
class Outcome:
    """One run of a collector: what it yielded (items fully consumed), what it logged, how it ended."""

    items: list[Any] = field(default_factory=list)
    log: list[Any] = field(default_factory=list)
    error: BaseException | None = None
    timed_out: bool = False
    seconds: float = 0.0
    collected_at: str = ""


@contextmanager
def fixed_environment(epoch: int, env: Mapping[str, str]) -> Iterator[None]:
    """SOURCE_DATE_EPOCH and the given variables (e.g. secret tokens) set for the duration, then restored."""
    wanted = {"SOURCE_DATE_EPOCH": str(epoch), **env}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class LazyCriteria:
    """Stands in for `ctx.criteria_set` and loads the set on first use.

    Most collectors never look at the criteria set, and loading servex-pyramid costs most of a second,
    which every conformance check would pay several times over.
    """

    def __init__(self, folder: Path, criteria: Any, plugins: Any) -> None:
        self._args = (folder, criteria, plugins)
        self._lock = threading.Lock()
        self._loaded: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        with self._lock:
            if self._loaded is None:
                self._loaded = load_criteria(*self._args)
        return getattr(self._loaded, name)


def load_criteria(folder: Path, criteria: Any, plugins: Any) -> Any:
    """The criteria set a collector sees: given, else the folder manifest's, else servex-pyramid.

    Unknown requirement types are tolerated: the collector under test may come without its evaluator.
    """
    from servex._criteria.model import CriteriaSet
    from servex._criteria.registry import CriteriaRegistry
    from servex._manifest import load_manifest

    if isinstance(criteria, CriteriaSet):
        return criteria
    ref = str(criteria) if criteria is not None else None
    base: Path | None = folder
    if ref is None:
        declared = load_manifest(folder).data.get("criteria") or "servex-pyramid"
        if not isinstance(declared, str):
            return CriteriaRegistry(plugins).load_many(declared, base_dir=base, tolerate_unknown_types=True)
        ref = declared
    elif Path(ref).is_absolute():
        base = None
    return CriteriaRegistry(plugins).load(ref, base_dir=base, tolerate_unknown_types=True)


def build_context(
    *,
    collector_name: str,
    folder: Path,
    config: Mapping[str, Any],
    criteria_set: Any,
    cache_dir: Path,
    offline: bool,
    source: str = "",
) -> Any:
    """A CollectContext as `servex assess` builds it, with the clock read now (so SOURCE_DATE_EPOCH counts)."""
    from servex import _clock
    from servex._context import CollectContext
    from servex._manifest import load_manifest

    manifest = load_manifest(folder)
    return CollectContext(
        evidence_dir=folder,
        source=source or collector_name,
        config=dict(config),
        manifest=manifest.data,
        period=manifest.period,
        collected_at=_clock.isoformat(_clock.now()),
        cache_dir=cache_dir,
        offline=offline,
        criteria_set=criteria_set,
    )


def run_collector(collect: Any, ctx: Any, timeout: float) -> Outcome:
    """Call `collect(ctx)` and drain what it yields in a thread; give up waiting after `timeout` seconds."""
    outcome = Outcome(collected_at=ctx.collected_at)

    def work() -> None:
        try:
            outcome.items = list(collect(ctx) or ())
        except BaseException as exc:  # report whatever the plugin raised; never let it escape the thread
            outcome.error = exc

    started = time.monotonic()
    worker = threading.Thread(target=work, name="servex-conformance", daemon=True)
    worker.start()
    worker.join(timeout)
    outcome.seconds = time.monotonic() - started
    if worker.is_alive():
        outcome.timed_out = True
        outcome.items = []
    outcome.log = list(ctx.log)
    return outcome
