"""`servex assess EVIDENCE_DIR`."""

from __future__ import annotations

from pathlib import Path

import click
from servex._cli.state import echo_err, is_tty, plugins_of

__all__ = ["assess_command"]


@click.command(name="assess")
@click.argument("evidence_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:PATH",
    help="Write a report (repeatable): json, html, pdf, md... PATH '-' means stdout.",
)
@click.option(
    "--criteria",
    multiple=True,
    metavar="ID|PATH",
    help="Criteria set to use; repeat to grade several sets sharing one model (default: the manifest's, "
    "else servex-pyramid).",
)
@click.option(
    "--lang", type=click.Choice(["en", "fr"]), help="Language of reports and summary (default: manifest, else en)."
)
@click.option(
    "--fail-on",
    type=click.Choice(["not_met", "partially_met", "error", "never"]),
    default="not_met",
    show_default=True,
    help="Exit 1 when a criterion has this status or worse.",
)
@click.option("--offline", is_flag=True, help="Use only cached API responses; never touch the network.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache for extracted text and API responses (default: $SERVEX_CACHE_DIR or ~/.cache/servex).",
)
@click.option("--pdf-variant", metavar="VARIANT", help="PDF variant for pdf outputs, e.g. pdf/a-3u.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def assess_command(
    ctx: click.Context,
    evidence_dir: Path,
    outputs: tuple[str, ...],
    criteria: tuple[str, ...],
    lang: str | None,
    fail_on: str,
    offline: bool,
    cache_dir: Path | None,
    pdf_variant: str | None,
    quiet: bool,
) -> int:
    """Assess the evidence in EVIDENCE_DIR (with its servex.yaml manifest) and grade every criterion.

    Without -o nothing is written; the level summary goes to stderr.
    """
    from servex._assess import assess
    from servex._cli.outputs import parse_outputs, write_outputs
    from servex._cli.summary import summary_lines

    plugins = plugins_of(ctx)
    specs = parse_outputs(outputs, plugins)
    show_progress = is_tty() and not quiet

    def progress(message: str) -> None:
        if show_progress:
            click.echo(f"\r\033[K{message[:70]}", err=True, nl=False)

    run = assess(
        evidence_dir,
        plugins,
        criteria=criteria,
        lang=lang,
        fail_on=fail_on,
        offline=offline,
        cache_dir=cache_dir,
        progress=progress,
    )
    if show_progress:
        click.echo("\r\033[K", err=True, nl=False)
    result = run.result
    written, failure = write_outputs(specs, result, plugins, lang=result["lang"], pdf_variant=pdf_variant)
    if not quiet:
        for entry in result["log"]:
            if entry["level"] == "error":
                where = entry["file"] + (f":{entry['line']}" if entry["line"] else "")
                echo_err(f"error: {entry['source']}: {where + ': ' if where else ''}{entry['message']}")
        for line in summary_lines(result, result["lang"], color=is_tty()):
            echo_err(line)
        for path in written:
            echo_err(f"wrote {path}")
    if failure is not None:
        raise failure
    return int(run.exit_code)
