"""Per-invocation state shared by commands: the loaded plugins, created on first use.

Loading is lazy so `servex --version` and usage errors never import a plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, TypeVar

import click
from servex._record import record

if TYPE_CHECKING:
    from servex._plugins import Plugins

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["CliState", "echo_err", "plugins_of", "state_of", "verbosity_options"]


@record
class CliState:
    disabled: tuple[str, ...] = ()
    strict: bool = False
    modules: tuple[str, ...] = ()
    verbosity: int = 0  #: -1 under -q, 0 normally, 1+ under -v
    plugins: Plugins | None = field(default=None, repr=False)

    def load(self) -> Plugins:
        if self.plugins is None:
            from servex._cli import builtin
            from servex._plugins import load_plugins

            extra: list[tuple[str, object]] = [("servex.cli", builtin)]
            extra += [(name, _import_plugin(name)) for name in self.modules]
            self.plugins = load_plugins(disabled=self.disabled, strict=self.strict, extra=extra)
            for failure in self.plugins.failures:
                echo_err(f"warning: plugin {failure.name} skipped: {failure.error}")
        return self.plugins


def _import_plugin(name: str) -> object:
    """`--plugin MODULE`: a plugin that is not installed (while developing one). Missing is exit 4."""
    import importlib

    from servex._errors import PluginError

    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise PluginError(f"plugin module {name!r} could not be imported: {type(exc).__name__}: {exc}") from None


def state_of(ctx: click.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def plugins_of(ctx: click.Context) -> Plugins:
    return state_of(ctx).load()


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    state = state_of(ctx)
    if param.name == "quiet" and value:
        state.verbosity = -1
    elif param.name == "verbose" and value:
        state.verbosity = max(state.verbosity, 0) + int(value)
    return value


def verbosity_options(command: F) -> F:
    """-q/-v, accepted before the command name (`servex -q report`) and after it (`servex report -q`)."""
    command = click.option(
        "-v", "--verbose", count=True, expose_value=False, callback=_set_verbosity,
        help="Say more on stderr: plugins, criteria set, sources and timings (repeatable).",
    )(command)
    return click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
        help="Print nothing on stderr but warnings and errors.",
    )(command)


def echo_err(message: str) -> None:
    click.echo(message, err=True)

