"""Built-in plugin: exports for the tools auditors and GRC platforms already use.

OSCAL assessment results, SARIF 2.1.0, JUnit XML, and the findings and the action plan as CSV and XLSX
with the columns a GRC import expects. Every export renders from the result JSON alone (principle 1), so
`servex report result.json -o sarif:out.sarif` re-exports a past assessment, and every one is the same
bytes for the same result: identifiers are derived from the result's, timestamps are the result's own.
The renderers import their modules lazily: `servex --help` must not load openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import RenderOptions, ReportFormat, hookimpl

__all__ = ["servex_report_formats"]


def _oscal(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._oscal import render_oscal

    return render_oscal(result, options.lang)


def _sarif(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._sarif import render_sarif

    return render_sarif(result, options.lang)


def _junit(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._junit import render_junit

    return render_junit(result, options.lang)


def _findings_csv(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._tables import findings_csv

    return findings_csv(result, options.lang)


def _actions_csv(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._tables import actions_csv

    return actions_csv(result, options.lang)


def _xlsx(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex.plugins.exports._xlsx import tables_xlsx

    return tables_xlsx(result, options.lang)


@hookimpl
def servex_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="oscal",
            suffix=".json",
            media_type="application/json",
            render=_oscal,
            description="OSCAL 1.0.6 assessment results: one result, an observation and a finding per criterion, "
            "evidence in back-matter with its sha256.",
        ),
        ReportFormat(
            name="sarif",
            suffix=".sarif",
            media_type="application/sarif+json",
            render=_sarif,
            description="SARIF 2.1.0: criteria as rules, criteria not or partly met as results, evidence files "
            "(with sha256, page or line) as locations.",
        ),
        ReportFormat(
            name="junit",
            suffix=".xml",
            media_type="application/xml",
            render=_junit,
            description="JUnit XML for CI dashboards: a testcase per criterion; not or partly met fail, "
            "not assessed and not applicable are skipped, an error is an error.",
        ),
        ReportFormat(
            name="csv",
            suffix=".csv",
            media_type="text/csv",
            render=_findings_csv,
            description="Findings for a GRC import, one row per criterion (id, title, level, status, score, "
            "evidence, gap, action, owner, due_date).",
        ),
        ReportFormat(
            name="actions-csv",
            suffix=".csv",
            media_type="text/csv",
            render=_actions_csv,
            description="The action plan for a GRC import, one row per gap, most urgent first (the csv columns "
            "and priority).",
        ),
        ReportFormat(
            name="xlsx",
            suffix=".xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render=_xlsx,
            description="Findings and action plan as one Excel workbook, a sheet each (the csv and actions-csv "
            "tables).",
        ),
    ]
