"""Onboarding: `servex init`, which proposes a first manifest for an evidence folder.

A built-in plugin on the public `servex_cli_commands` hook, like every other command a plugin adds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servex import hookimpl

if TYPE_CHECKING:
    import click

__all__ = ["servex_cli_commands"]


@hookimpl
def servex_cli_commands() -> list[click.Command]:
    from servex.plugins.onboarding._command import init_command

    return [init_command]
