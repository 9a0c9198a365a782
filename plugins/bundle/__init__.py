"""Built-in plugin: the audit bundle (`servex bundle`) and its check (`servex verify`).

A certification body keeps what an assessment rested on: the result, the reports, the criteria set as
used and the SHA-256 of every evidence file (optionally the files themselves), in one archive with the
same bytes for the same inputs. `servex verify` re-checks every hash and re-grades offline from the
bundle, proving the bundled result is what servex makes of that evidence. Commands come through the
public `servex_cli_commands` hook, as any plugin's would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servex import hookimpl

if TYPE_CHECKING:
    import click

__all__ = ["servex_cli_commands"]


@hookimpl
def servex_cli_commands() -> list[click.Command]:
    from servex.plugins.bundle._cli import bundle_command, verify_command

    return [bundle_command, verify_command]
