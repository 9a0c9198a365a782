"""`servex batch PORTFOLIO.yaml`: assess many evidence folders at once, locally or on a Dask cluster."""

from __future__ import annotations

import os
from pathlib import Path

import click
from servex._cli.state import verbosity_options

__all__ = ["batch_command"]


@click.command(name="batch", short_help="Assess many evidence folders at once (process pool or Dask cluster).")
@click.argument("portfolio_file", metavar="PORTFOLIO.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Local worker processes (default: the number of CPUs); 1 runs the sites one after another.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run the sites on this Dask distributed scheduler instead of local processes (servex[cluster]).",
)
@click.option("--force", is_flag=True, help="Assess every site, even those whose inputs did not change.")
@verbosity_options
@click.pass_context
def batch_command(
    ctx: click.Context, portfolio_file: Path, workers: int | None, scheduler: str | None, force: bool
) -> int:
    """Assess every evidence folder PORTFOLIO.yaml lists, in parallel, each exactly as `servex assess`.

    \b
    The portfolio file (paths in it are relative to it):
      sites: [sites/*, ../annex/lyon]    evidence folders or globs
      criteria: servex-pyramid           shared set(s): id or YAML file (default: each manifest's)
      lang: en     fail_on: not_met      offline: false     cache_dir: cache
      output: results                    results/sites/<folder>.json and the reports
      reports: [html, pdf, csv]          portfolio report formats (default: all three)
      report_lang: en                    language of the portfolio report (en, fr, de)

    Sites whose evidence, criteria, options and servex version did not change since the last batch are
    not run again. One failing site never stops the others. The exit code is the highest of the sites'
    (0 clean, 1 gaps at fail_on, 3/4/5/70 a site could not be assessed); results/batch-summary.json says
    which site failed and why.
    """
    from servex._cli.checks import require_file
    from servex._cli.console import info
    from servex._cli.state import echo_err, plugins_of, state_of
    from servex._errors import printable
    from servex.plugins.portfolio._batch import SUMMARY_FILE, SiteLine, run_batch
    from servex.plugins.portfolio._config import load_portfolio
    from servex.plugins.portfolio._engines import run_dask, run_local
    from servex.plugins.portfolio._render_all import write_portfolio_reports
    from servex.plugins.portfolio._site import PluginChoice

    require_file(portfolio_file, "portfolio file")  # a path typed on the command line: exit 2, as everywhere
    portfolio = load_portfolio(portfolio_file)
    state = state_of(ctx)
    plugins = plugins_of(ctx)
    choice = PluginChoice(disabled=state.disabled, strict=state.strict, modules=state.modules)
    if scheduler:
        engine = lambda jobs, done: run_dask(jobs, scheduler, done)  # noqa: E731
    else:
        count = workers or os.cpu_count() or 1
        engine = lambda jobs, done: run_local(jobs, count, done)  # noqa: E731

    def told(line: SiteLine, done: int, total: int) -> None:
        if line.status == "failed":
            why = (line.error or "").splitlines() or ["see the site's result log"]
            more = f" (and {len(why) - 1} more problem(s): see {SUMMARY_FILE})" if len(why) > 1 else ""
            echo_err(printable(f"[{done}/{total}] {line.name}: failed (exit {line.exit_code}): {why[0]}{more}"))
        else:
            level = line.level or "no level"
            info(printable(f"[{done}/{total}] {line.name}: {line.status}, {level} (exit {line.exit_code})"))

    report = run_batch(portfolio, plugins=choice, versions=plugins.versions(), engine=engine, force=force, told=told)
    written, failure = write_portfolio_reports(portfolio, report)
    counts = report.as_json(portfolio)["counts"]
    failed = [s.name for s in report.sites if s.status == "failed"]
    parts = ", ".join(f"{n} {status}" for status, n in counts.items())
    info(f"{len(report.sites)} site(s): {parts}" + (f" ({', '.join(failed)})" if failed else ""))
    for path in written:
        info(f"wrote {path}")
    if failure is not None:  # the results are written; the report's failure is said, and counts
        echo_err(f"error: {failure}")
        return max(report.exit_code, int(failure.exit_code))
    return report.exit_code
