"""Fixtures for the http_api plugin: run a collector with a collect context in a tmp cache."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import pytest
from api_support import PERIOD, Collect
from servex import CollectContext, EvidenceItem, Period


@pytest.fixture
def collect(tmp_path: Path) -> Collect:
    """Run one of the plugin's collectors with `config`; returns its items and context (for the log)."""
    from servex.plugins.http_api import servex_collectors

    collectors = {c.name: c for c in servex_collectors()}

    def go(
        name: str, config: Mapping[str, Any], *, offline: bool = False, period: Period = PERIOD
    ) -> tuple[list[EvidenceItem], CollectContext]:
        ctx = CollectContext(
            evidence_dir=tmp_path,
            source="helpdesk",
            config=config,
            manifest={},
            period=period,
            collected_at="2026-04-01T00:00:00Z",
            cache_dir=tmp_path / "cache",
            offline=offline,
            criteria_set=cast(Any, None),
        )
        return list(collectors[name].collect(ctx)), ctx

    return go
