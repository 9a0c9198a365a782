"""Built-in plugin: the vendor kit, `servex plugin new`, which scaffolds a third-party plugin.

It is a plugin like any other (the `servex_cli_commands` hook) so the kit itself shows a command
contributed from outside the core. The scaffold's templates are plain files under `templates/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from servex import hookimpl

if TYPE_CHECKING:
    import click

__all__ = ["servex_cli_commands"]


@hookimpl
def servex_cli_commands() -> Iterable[click.Command]:
    from servex.plugins.vendor_kit._cli import plugin_group

    return [plugin_group]
