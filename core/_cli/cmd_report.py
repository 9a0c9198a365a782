"""`servex report RESULT.json -o FORMAT:PATH`: re-render a saved result without collecting."""

from __future__ import annotations

from pathlib import Path

import click
from servex._cli.completion import complete_output
from servex._cli.state import plugins_of, verbosity_options

__all__ = ["report_command"]


@click.command(name="report")
@click.argument("result_files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    shell_complete=complete_output,
    required=True,
    metavar="FORMAT:PATH",
    help="Report to write (repeatable), e.g. pdf:out/report.pdf or md:-.",
)
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), help="Language (default: the result's).")
@click.option("--pdf-variant", metavar="VARIANT", help="PDF variant, e.g. pdf/a-3u.")
@click.option(
    "--history",
    is_flag=True,
    help="RESULT_FILES are several results of one organisation, oldest first: the report of the last one "
    "gains its level scores over time (a chart in html/pdf, a table in md; `history` in json).",
)
@verbosity_options
@click.pass_context
def report_command(
    ctx: click.Context,
    result_files: tuple[Path, ...],
    outputs: tuple[str, ...],
    lang: str | None,
    pdf_variant: str | None,
    history: bool,
) -> int:
    """Render reports from RESULT_FILES, a result JSON written by `servex assess -o json:...` (several
    with --history)."""
    from servex._cli.checks import CliUsageError, check_outputs, require_file
    from servex._cli.console import info
    from servex._cli.outputs import parse_outputs, refuse_inputs, write_outputs
    from servex._result_file import COMPARED, read_result

    if len(result_files) > 1 and not history:
        raise CliUsageError("several result files are read only with --history (oldest first)")
    for result_file in result_files:
        require_file(result_file, "result file")
    plugins = plugins_of(ctx)
    specs = parse_outputs(outputs, plugins)
    refuse_inputs(specs, files=list(result_files))
    check_outputs(specs)
    results = [read_result(f, needed=COMPARED if history else ()) for f in result_files]
    result = results[-1]
    if history:
        from servex._history import build_history

        result["history"] = build_history(results, [str(f) for f in result_files])
    lang = lang or result.get("lang", "en")
    written, failure = write_outputs(specs, result, plugins, lang=lang, pdf_variant=pdf_variant)
    for path in written:
        info(f"wrote {path}")
    if failure is not None:
        raise failure
    return 0
