"""Built-in plugin: human-readable reports rendered from the result JSON: Markdown, HTML and PDF.

Renderers see only the result, so `servex report result.json -o md:-` re-renders any past assessment.
Jinja2 and WeasyPrint are imported inside the renderers: `servex --help` must not load them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import RenderOptions, ReportFormat, hookimpl

__all__ = ["servex_report_formats"]


def _render_markdown(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._markdown import render

    return render(result, options.lang).encode("utf-8")


def _render_html(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._html import render_html

    return render_html(result, options.lang).encode("utf-8")


def _render_pdf(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._pdf import render_pdf

    return render_pdf(result, options.lang, options.pdf_variant)


@hookimpl
def servex_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="md",
            suffix=".md",
            media_type="text/markdown",
            render=_render_markdown,
            description="Gap analysis in Markdown (English or French).",
        ),
        ReportFormat(
            name="html",
            suffix=".html",
            media_type="text/html",
            render=_render_html,
            description="Gap analysis as one self-contained HTML page (inline CSS and SVG charts).",
        ),
        ReportFormat(
            name="pdf",
            suffix=".pdf",
            media_type="application/pdf",
            render=_render_pdf,
            description="Gap analysis as PDF with the result JSON attached; --pdf-variant pdf/a-3u for PDF/A-3u.",
        ),
    ]
