"""`servex report RESULT.json -o FORMAT:PATH`: re-render a saved result without collecting."""

from __future__ import annotations

from pathlib import Path

import click
from servex._cli.completion import complete_output
from servex._cli.state import plugins_of, verbosity_options

__all__ = ["report_command"]


@click.command(name="report")
@click.argument("result_file", type=click.Path(dir_okay=False, path_type=Path))
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
@verbosity_options
@click.pass_context
def report_command(
    ctx: click.Context, result_file: Path, outputs: tuple[str, ...], lang: str | None, pdf_variant: str | None
) -> int:
    """Render reports from RESULT_FILE, a result JSON written by `servex assess -o json:...`."""
    from servex._cli.checks import check_outputs, require_file
    from servex._cli.console import info
    from servex._cli.outputs import parse_outputs, refuse_inputs, write_outputs
    from servex._result_file import read_result

    require_file(result_file, "result file")
    plugins = plugins_of(ctx)
    specs = parse_outputs(outputs, plugins)
    refuse_inputs(specs, files=[result_file])
    check_outputs(specs)
    result = read_result(result_file)
    lang = lang or result.get("lang", "en")
    written, failure = write_outputs(specs, result, plugins, lang=lang, pdf_variant=pdf_variant)
    for path in written:
        info(f"wrote {path}")
    if failure is not None:
        raise failure
    return 0
