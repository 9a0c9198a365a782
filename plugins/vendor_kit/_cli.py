"""`servex plugin new NAME`: the command line of the vendor kit.

Usage mistakes (a bad name, a folder that is not empty, an unknown part) are one line on stderr and
exit 2, like click's own usage errors, so scripts can tell them from a failed assessment.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["plugin_group"]


class _Usage(click.ClickException):
    """A usage error shown as one `error: ...` line (click's UsageError would add the usage text)."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


@click.group(name="plugin")
def plugin_group() -> None:
    """Tools for plugin authors (the vendor kit)."""


@plugin_group.command(name="new")
@click.argument("name")
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to create (default: ./NAME). It must not exist or be empty.",
)
@click.option(
    "--with",
    "parts",
    default="",
    metavar="PARTS",
    help="Comma-separated extras: evaluator, criteria (implies evaluator), report. Default: collector only.",
)
def new_command(name: str, target: Path | None, parts: str) -> None:
    """Create a plugin distribution NAME: a working collector, its tests and a README.

    \b
    The distribution installs with pip and its tests pass at once:
      servex plugin new acme-nps --with evaluator,criteria,report
      pip install -e acme-nps && pytest acme-nps
    """
    from servex.plugins.vendor_kit._scaffold import ScaffoldError, parse_parts, scaffold

    try:
        wanted = parse_parts(parts)
        folder = target if target is not None else Path(name)
        written = scaffold(name, folder, wanted)
    except ScaffoldError as exc:
        raise _Usage(str(exc)) from None
    click.echo(f"created {folder} ({len(written)} files)", err=True)
    click.echo(f"next: pip install -e {folder} && pytest {folder}", err=True)
