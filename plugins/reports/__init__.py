"""Built-in plugin: human-readable reports rendered from the result JSON (Markdown for now).

Renderers see only the result, so `servex report result.json -o md:-` re-renders any past assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import RenderOptions, ReportFormat, hookimpl

__all__ = ["servex_report_formats"]


def _render_markdown(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._markdown import render

    return render(result, options.lang).encode("utf-8")


@hookimpl
def servex_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="md",
            suffix=".md",
            media_type="text/markdown",
            render=_render_markdown,
            description="Gap analysis in Markdown (English or French).",
        )
    ]
