"""Write the portfolio report in several formats, each atomically; a format that fails costs only itself.

Shared by `servex portfolio` and `servex batch` (which renders from the results it just wrote, so a
batch's report and `servex portfolio results/sites/*.json` are the same bytes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex import PluginError, ServexError, write_atomic

if TYPE_CHECKING:
    from servex.plugins.portfolio._batch import BatchReport
    from servex.plugins.portfolio._config import Portfolio

__all__ = ["render", "site_lang", "write_portfolio_reports", "write_reports"]


def render(fmt: str, results: Sequence[tuple[str, Mapping[str, Any]]], lang: str) -> bytes:
    from servex.plugins.portfolio import _report

    if fmt == "html":
        return _report.render_html(results, lang).encode("utf-8")
    if fmt == "pdf":
        return _report.render_pdf(results, lang)
    return _report.render_csv(results)


def write_reports(
    targets: Sequence[tuple[str, Path]], results: Sequence[tuple[str, Mapping[str, Any]]], lang: str
) -> tuple[list[str], ServexError | None]:
    """Render every target, write those that rendered; the first failure is returned for the exit code."""
    written: list[str] = []
    failure: ServexError | None = None
    for fmt, path in targets:
        try:
            data = render(fmt, results, lang)
            write_atomic(path, data)
        except ServexError as exc:
            failure = failure or exc
            continue
        except Exception as exc:  # a renderer's bug: named, and the other formats are still written
            failure = failure or PluginError(f"portfolio {fmt} failed: {type(exc).__name__}: {exc}")
            continue
        written.append(str(path))
    return written, failure


def write_portfolio_reports(portfolio: Portfolio, report: BatchReport) -> tuple[list[str], ServexError | None]:
    """The batch's own portfolio report, from the result files of this portfolio's sites."""
    from servex.plugins.portfolio._view import load_results

    files = [portfolio.output / s.result for s in report.sites if s.result]
    if not files or not portfolio.reports:
        return [], None
    results = load_results(sorted(files))
    targets = [(fmt, portfolio.output / f"portfolio.{fmt}") for fmt in portfolio.reports]
    return write_reports(targets, results, portfolio.report_lang or site_lang(results))


def site_lang(results: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """The sites' language when they agree, else English."""
    langs = {str(r.get("lang") or "en") for _, r in results}
    return langs.pop() if len(langs) == 1 else "en"
