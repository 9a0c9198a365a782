"""Run the collectors named in the manifest (plus the automatic ones) and gather their evidence.

A collector that raises fails its source only: the failure is logged, the kinds it would have yielded
are remembered so the criteria depending on them become `error`, and every other source still counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from servex._context import CollectContext, LogEntry, Period
from servex._contributions import Collector
from servex._criteria.model import CriteriaSet
from servex._evidence import EvidenceItem
from servex._record import record

__all__ = ["Collection", "collect_all"]


@record
class Collection:
    items: list[EvidenceItem] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    failed_kinds: dict[str, list[str]] = field(default_factory=dict)  # kind -> failed source names
    required_failed: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


def collect_all(
    *,
    evidence_dir: Path,
    manifest: Mapping[str, Any],
    period: Period,
    collectors: Mapping[str, Collector],
    criteria_set: CriteriaSet,
    collected_at: str,
    cache_dir: Path,
    offline: bool,
    progress: Callable[[str, str, int, int], None] = lambda *_: None,
    kinds: frozenset[str] | None = None,
) -> Collection:
    """Run every source; with `kinds`, only the sources whose collector yields one of those kinds."""
    listed = [
        source
        for source in manifest.get("sources") or []
        if kinds is None or set(collectors[source["collector"]].kinds) & kinds
    ]
    named = {source["collector"] for source in listed}
    plan = listed + [
        {"name": name, "collector": name, "required": False, "config": {}, "auto": True}
        for name, collector in collectors.items()
        if collector.auto and name not in named and (kinds is None or set(collector.kinds) & kinds)
    ]
    out = Collection()
    seen: set[str] = set()
    for done, source in enumerate(plan):
        collector = collectors[source["collector"]]
        required = bool(source.get("required", not source.get("auto", False)))
        progress("collecting", f"{source['name']} ({collector.name})", done, len(plan))
        ctx = CollectContext(
            evidence_dir=evidence_dir,
            source=source["name"],
            config=source.get("config") or {},
            manifest=manifest,
            period=period,
            collected_at=collected_at,
            cache_dir=cache_dir,
            offline=offline,
            criteria_set=criteria_set,
        )
        record = {"name": source["name"], "collector": collector.name, "required": required, "status": "ok", "items": 0}
        try:
            produced = list(collector.collect(ctx))
        except Exception as exc:  # a plugin's failure must not end the run
            message = str(exc) or type(exc).__name__
            out.log.extend(ctx.log)
            out.log.append(LogEntry("error", source["name"], f"collector {collector.name} failed: {message}"))
            for kind in collector.kinds:
                out.failed_kinds.setdefault(kind, []).append(source["name"])
            if required:
                out.required_failed.append(source["name"])
            record["status"] = "failed"
            record["error"] = message
            out.sources.append(record)
            continue
        out.log.extend(ctx.log)
        for item in produced:
            if not isinstance(item, EvidenceItem):
                out.log.append(
                    LogEntry(
                        "error",
                        source["name"],
                        f"collector {collector.name} yielded {type(item).__name__}, not EvidenceItem",
                    )
                )
                continue
            if item.id in seen:
                out.log.append(
                    LogEntry(
                        "warning", source["name"], f"duplicate evidence id {item.id} ({item.provenance.source}) ignored"
                    )
                )
                continue
            seen.add(item.id)
            out.items.append(item)
            record["items"] += 1
        out.sources.append(record)
    progress("collecting", "done", len(plan), len(plan))
    out.items.sort(key=lambda item: (item.provenance.source, item.provenance.locator, item.id))
    return out
