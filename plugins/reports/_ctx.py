"""The state every part of the report view shares: language, verdict bands and a finding index.

Kept apart from `_view.py` so the view's sections can live in modules of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang, lang

__all__ = ["Ctx", "anchor"]


def anchor(prefix: str, value: str) -> str:
    """An id safe in HTML and in CSS `target-counter(attr(href))`, whatever a criteria set names things."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "_", value)


class Ctx:
    """The little state every section needs: language, bands and a finding index."""

    def __init__(self, result: Mapping[str, Any], code: str) -> None:
        self.result, self.lang = result, code
        self.tr: Lang = lang(code)
        bands = sorted(result["model"]["verdict_bands"], key=lambda b: float(b["min"]))
        self.bands = bands
        self.order = [b["verdict"] for b in bands]
        self.band_labels = {b["verdict"]: b["label"] for b in bands}
        self.findings = {f["criterion_id"]: f for f in result["findings"]}

    def t(self, value: Any) -> str:
        return self.tr.criteria_text(value)

    def num(self, value: float | None) -> str:
        return self.tr.decimal(value, 1)

    def verdict(self, verdict: str | None) -> str:
        if verdict is None:
            return "–"
        label = self.band_labels.get(verdict)
        return self.t(label) if label else labels.humanise(verdict)

    def verdict_of(self, score: float | None) -> str | None:
        if score is None:
            return None
        found = None
        for band in self.bands:
            if score >= float(band["min"]):
                found = band["verdict"]
        return found

    def title(self, criterion_id: str) -> str:
        finding = self.findings.get(criterion_id)
        return self.t(finding["title"]) if finding else ""
