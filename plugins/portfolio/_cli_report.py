"""`servex portfolio RESULTS...`: the portfolio report, from site results alone.

A command of its own rather than `servex report --portfolio`: `servex report` re-renders one result
through the report-format hook (one result in, one document out), while a portfolio takes many results;
bending that command's single argument and its formats to both would make each harder to read.
"""

from __future__ import annotations

from pathlib import Path

import click
from servex._cli.state import verbosity_options

__all__ = ["portfolio_command"]

FORMATS = ("html", "pdf", "csv")


@click.command(name="portfolio", short_help="Compare sites: levels, heat map, shared gaps (HTML, PDF, CSV).")
@click.argument(
    "result_files", metavar="RESULT.json...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    required=True,
    metavar="FORMAT:PATH",
    help="Report to write (repeatable): html, pdf or csv, e.g. pdf:out/portfolio.pdf; PATH '-' means stdout.",
)
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), help="Language (default: the results', else en).")
@verbosity_options
def portfolio_command(result_files: tuple[Path, ...], outputs: tuple[str, ...], lang: str | None) -> int:
    """Render the portfolio report from RESULT.json files (e.g. results/sites/*.json written by
    `servex batch`, or by `servex assess -o json:`), one per site, all graded on one criteria set.

    The report gives each site's highest level and overall score, a heat map of every criterion across
    the sites, the gaps most sites share, and each site's distance to its next level. Sites are named
    after their result files. The CSV has one row per site and one column per criterion (status codes).
    """
    import sys

    from servex._cli.checks import check_outputs, require_file
    from servex._cli.console import info
    from servex._cli.outputs import refuse_inputs
    from servex.plugins.portfolio._render_all import render, site_lang, write_reports
    from servex.plugins.portfolio._view import load_results

    specs = []
    for spec in outputs:
        name, sep, path = spec.partition(":")
        if not sep or not path:
            raise click.UsageError(f"output {spec!r} must be FORMAT:PATH, e.g. html:out/portfolio.html")
        if name not in FORMATS:
            raise click.UsageError(f"unknown portfolio format {name!r} (available: {', '.join(FORMATS)})")
        specs.append((name, path))
    for result_file in result_files:
        require_file(result_file, "result file")
    refuse_inputs(specs, files=list(result_files))
    check_outputs(specs)
    results = load_results(list(result_files))
    language = lang or site_lang(results)
    for name, _path in [s for s in specs if s[1] == "-"]:
        sys.stdout.buffer.write(render(name, results, language))
        sys.stdout.flush()
    written, failure = write_reports([(n, Path(p)) for n, p in specs if p != "-"], results, language)
    for path in written:
        info(f"wrote {path}")
    if failure is not None:
        raise failure
    return 0
