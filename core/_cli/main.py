"""The `servex` command: a click group whose subcommands all come from the `servex_cli_commands` hook.

Errors servex raises on purpose become one line per problem on stderr and their documented exit code;
anything else is an internal error (exit 70), with the traceback only under SERVEX_DEBUG=1.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from servex import _startup_gc
from servex.__about__ import __version__
from servex._cli.state import CliState, plugins_of, verbosity_options
from servex._errors import ServexError
from servex._exitcodes import ExitCode

__all__ = ["cli", "main"]


class PluginGroup(click.Group):
    """Looks commands up in the plugins on demand instead of registering them at import time.

    `servex --help` lists them from the command index (`command_index`) when it is current, so it loads
    no plugin at all; any real command, or a run that changes which plugins load, loads them.
    """

    def _commands(self, ctx: click.Context) -> dict[str, click.Command]:
        found: dict[str, click.Command] = {}
        owners: dict[str, str] = {}
        plugins = plugins_of(ctx)
        for plugin, command in plugins.cli_commands():
            if isinstance(command, click.Command) and command.name and command.name not in found:
                found[command.name], owners[command.name] = command, plugin
        if _default_plugin_set(ctx):
            from servex._cli.command_index import remember_commands

            remember_commands(found, plugins, owners)
        return found

    def _indexed(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command from the one plugin the current command index names for it (see `owner_of`)."""
        if not _default_plugin_set(ctx):
            return None
        from servex._cli.command_index import owner_of

        owner = owner_of(cmd_name)
        if owner is None:
            return None
        for _plugin, command in plugins_of(ctx).cli_commands_of(owner):
            if isinstance(command, click.Command) and command.name == cmd_name:
                return command
        return None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._commands(ctx))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from servex._cli.command_index import cached_commands, help_rows

        commands = cached_commands() if _default_plugin_set(ctx) else None
        if commands is None:
            commands = list(self._commands(ctx).values())
        rows = help_rows(sorted(commands, key=lambda c: c.name or ""), formatter.width)
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self._indexed(ctx, cmd_name) or self._commands(ctx).get(cmd_name)
        if cmd_name != "assess":  # assess resumes collection itself, once its criteria set is loaded
            _startup_gc.resume()
        return command


def _default_plugin_set(ctx: click.Context) -> bool:
    """True when this run loads exactly the installed plugins (what the command index describes)."""
    state = ctx.find_root().obj  # None while `--help` (eager) runs before any plugin option was seen
    if isinstance(state, CliState) and (state.disabled or state.modules or state.strict):
        return False
    return not os.environ.get("SERVEX_DISABLE_PLUGINS", "").strip()


def _state(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    state = ctx.ensure_object(CliState)
    if param.name == "disable_plugin":
        state.disabled = tuple(value)
    elif param.name == "plugin_modules":
        state.modules = tuple(value)
    elif param.name == "strict_plugins":
        state.strict = bool(value)
    return value


@click.group(cls=PluginGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="servex")
@click.option(
    "--disable-plugin",
    multiple=True,
    metavar="NAME",
    is_eager=True,
    callback=_state,
    expose_value=False,
    help="Do not load this plugin (repeatable). Also: SERVEX_DISABLE_PLUGINS=a,b.",
)
@click.option(
    "-p",
    "--plugin",
    "plugin_modules",
    multiple=True,
    metavar="MODULE",
    is_eager=True,
    callback=_state,
    expose_value=False,
    help="Also load this importable module as a plugin (repeatable); for plugin development.",
)
@click.option(
    "--strict-plugins",
    is_flag=True,
    is_eager=True,
    callback=_state,
    expose_value=False,
    help="Fail (exit 4) when any plugin cannot be loaded, instead of skipping it.",
)
@verbosity_options
def cli() -> None:
    """servex: grade customer service against the Service Excellence Pyramid (ISO 23592).

    \b
    Exit codes:
      0  assessed, no gap at or above --fail-on      1  gaps at or above --fail-on
      2  usage error                                 3  invalid criteria, manifest or configuration
      4  plugin missing, broken or incompatible      5  a required collector failed (result written)
      70 internal error
    """


def main(argv: list[str] | None = None) -> None:
    _startup_gc.pause()  # until the command's real work starts (see _startup_gc)
    try:
        _main(argv)
    finally:
        _startup_gc.resume()  # also when the command stopped before its work: collection is left on


def _main(argv: list[str] | None) -> None:
    try:
        code = cli.main(args=argv, prog_name="servex", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ServexError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            click.echo(f"error: {line}", err=True)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SERVEX_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set SERVEX_DEBUG=1 for a traceback)", err=True)
        sys.exit(int(ExitCode.INTERNAL_ERROR))
    sys.exit(int(code or 0))
