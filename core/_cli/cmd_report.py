"""`servex report RESULT.json -o FORMAT:PATH`: re-render a saved result without collecting."""

from __future__ import annotations

import json
from pathlib import Path

import click
from servex._cli.state import echo_err, plugins_of

__all__ = ["report_command"]


@click.command(name="report")
@click.argument("result_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    required=True,
    metavar="FORMAT:PATH",
    help="Report to write (repeatable), e.g. pdf:out/report.pdf or md:-.",
)
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), help="Language (default: the result's).")
@click.option("--pdf-variant", metavar="VARIANT", help="PDF variant, e.g. pdf/a-3u.")
@click.pass_context
def report_command(
    ctx: click.Context, result_file: Path, outputs: tuple[str, ...], lang: str | None, pdf_variant: str | None
) -> int:
    """Render reports from RESULT_FILE, a result JSON written by `servex assess -o json:...`."""
    from servex._cli.outputs import parse_outputs, write_outputs
    from servex._errors import InvalidInputError, Problem
    from servex._result import RESULT_FORMAT_VERSION

    plugins = plugins_of(ctx)
    specs = parse_outputs(outputs, plugins)
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError([Problem(str(result_file), None, None, "file not found")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        raise InvalidInputError([Problem(str(result_file), line, col, f"not a result JSON: {exc}")]) from None
    if not isinstance(result, dict) or result.get("format_version") != RESULT_FORMAT_VERSION:
        found = result.get("format_version") if isinstance(result, dict) else None
        raise InvalidInputError(
            [
                Problem(
                    str(result_file),
                    None,
                    None,
                    f"not a servex result of format {RESULT_FORMAT_VERSION} (format_version: {found!r})",
                )
            ]
        )
    lang = lang or result.get("lang", "en")
    written, failure = write_outputs(specs, result, plugins, lang=lang, pdf_variant=pdf_variant)
    for path in written:
        echo_err(f"wrote {path}")
    if failure is not None:
        raise failure
    return 0
