"""`servex plugins`: what is installed and what each plugin contributes."""

from __future__ import annotations

import click
from servex._cli.state import plugins_of, verbosity_options

__all__ = ["plugins_command"]


@click.command(name="plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@verbosity_options
@click.pass_context
def plugins_command(ctx: click.Context, fmt: str) -> None:
    """List loaded plugins with their version and contributions, and those that failed to load."""
    from servex._cli.envelope import emit
    from servex._plugins import PLUGIN_API_VERSION

    plugins = plugins_of(ctx)
    infos = plugins.describe()
    if fmt == "json":
        data = {
            "plugin_api": PLUGIN_API_VERSION,
            "plugins": [
                {
                    "name": i.name,
                    "version": i.version,
                    "distribution": i.distribution,
                    "module": i.module,
                    "contributes": {k: sorted(v) for k, v in sorted(i.contributes.items())},
                    "overrides": i.overrides,
                }
                for i in infos
            ],
            "failed": [{"name": f.name, "distribution": f.distribution, "error": f.error} for f in plugins.failures],
        }
        emit("plugins", data)
        return
    for info in infos:
        click.echo(" ".join(filter(None, [info.name, info.version, _distribution(info.distribution)])))
        for kind, names in sorted(info.contributes.items()):
            click.echo(f"    {kind}: {', '.join(sorted(names))}")
        if info.overrides:
            click.echo(f"    overrides: {', '.join(info.overrides)} (wins where both contribute one name)")
    for failure in plugins.failures:
        click.echo(f"FAILED {failure.name}: {failure.error}")


def _distribution(name: str) -> str:
    """`(servex)` for an installed distribution; a label that is already parenthesised stays as it is."""
    if not name:
        return ""
    return name if name.startswith("(") else f"({name})"
