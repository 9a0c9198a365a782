"""`servex plugins`: what is installed and what each plugin contributes."""

from __future__ import annotations

import json

import click
from servex._cli.state import plugins_of

__all__ = ["plugins_command"]


@click.command(name="plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def plugins_command(ctx: click.Context, fmt: str) -> None:
    """List loaded plugins with their version and contributions, and those that failed to load."""
    from servex._plugins import PLUGIN_API_VERSION

    plugins = plugins_of(ctx)
    infos = plugins.describe()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "plugin_api": PLUGIN_API_VERSION,
                    "plugins": [
                        {
                            "name": i.name,
                            "version": i.version,
                            "distribution": i.distribution,
                            "module": i.module,
                            "contributes": {k: sorted(v) for k, v in sorted(i.contributes.items())},
                        }
                        for i in infos
                    ],
                    "failed": [
                        {"name": f.name, "distribution": f.distribution, "error": f.error} for f in plugins.failures
                    ],
                },
                indent=2,
            )
        )
        return
    for info in infos:
        click.echo(f"{info.name} {info.version} ({info.distribution})")
        for kind, names in sorted(info.contributes.items()):
            click.echo(f"    {kind}: {', '.join(sorted(names))}")
    for failure in plugins.failures:
        click.echo(f"FAILED {failure.name}: {failure.error}")
