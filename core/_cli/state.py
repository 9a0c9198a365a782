"""Per-invocation state shared by commands: the loaded plugins, created on first use.

Loading is lazy so `servex --version` and usage errors never import a plugin.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servex._plugins import Plugins

__all__ = ["CliState", "echo_err", "plugins_of"]


@dataclass
class CliState:
    disabled: tuple[str, ...] = ()
    strict: bool = False
    modules: tuple[str, ...] = ()
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


def plugins_of(ctx: click.Context) -> Plugins:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj.load()


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def is_tty() -> bool:
    return sys.stderr.isatty()
