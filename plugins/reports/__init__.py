"""Built-in plugin: human-readable reports rendered from the result JSON: Markdown, HTML, PDF, and the
action plan as CSV/XLSX.

Renderers see only the result, so `servex report result.json -o md:-` re-renders any past assessment.
Jinja2 and WeasyPrint are imported inside the renderers: `servex --help` must not load them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import RenderOptions, ReportFormat, hookimpl

__all__ = ["render_changes", "servex_report_formats"]


def _render_markdown(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._markdown import render

    return render(result, options.lang).encode("utf-8")


def _render_html(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._html import render_html

    return render_html(result, options.lang).encode("utf-8")


def _render_pdf(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._pdf import render_pdf

    return render_pdf(result, options.lang, options.pdf_variant)


def _render_plan_csv(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._plan import plan_csv

    return plan_csv(result, options.lang)


def _render_plan_xlsx(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._plan import plan_xlsx

    return plan_xlsx(result, options.lang)


def _render_text(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.reports._terminal import summary_text

    return summary_text(result, options.lang).encode("utf-8")


def render_changes(old: Mapping[str, Any], new: Mapping[str, Any], fmt: str, lang: str) -> bytes:
    """The changes from `old` to `new` (two results) as `md` or `html`, for `servex diff`: the same
    sentences as the "since the last assessment" section of a report assessed with `--baseline`."""
    from servex import compare_results
    from servex.plugins.reports._changes_view import changes_view
    from servex.plugins.reports._ctx import Ctx

    c = Ctx(new, lang)
    view = changes_view(c, compare_results(old, new))
    if fmt == "html":
        from servex.plugins.reports._html import render_changes_html

        org = new["organisation"].get("name", "")
        return render_changes_html({"since": view, "lang": c.tr.code, "org": org, "colon": c.tr.colon}).encode()
    from servex.plugins.reports._cycle_markdown import changes_markdown
    from servex.plugins.reports._markdown import _esc

    return ("\n".join(changes_markdown(view, _esc, depth=1)).lstrip("\n") + "\n").encode("utf-8")


@hookimpl
def servex_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="text",
            suffix=".txt",
            media_type="text/plain",
            render=_render_text,
            description="The level summary `servex assess` prints at the end, in the report's language.",
        ),
        ReportFormat(
            name="md",
            suffix=".md",
            media_type="text/markdown",
            render=_render_markdown,
            description="Gap analysis in Markdown (English, French or German).",
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
            description="Gap analysis as PDF with the result JSON attached; --pdf-variant pdf/a-3u for PDF/A-3u, "
            "pdf/ua-1 for a tagged, accessible PDF/UA-1.",
        ),
        ReportFormat(
            name="plan-csv",
            suffix=".csv",
            media_type="text/csv",
            render=_render_plan_csv,
            description="The action plan as CSV (priority, owner, due date, effort) for follow-up.",
        ),
        ReportFormat(
            name="plan-xlsx",
            suffix=".xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render=_render_plan_xlsx,
            description="The action plan as an Excel workbook (priority, owner, due date, effort) for follow-up.",
        ),
    ]
