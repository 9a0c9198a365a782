"""Built-in plugin: many sites in one run (`servex batch`) and the portfolio report comparing them
(`servex portfolio`).

A hotel or retail group, or a certification body, assesses hundreds of sites against one criteria set.
`servex batch` runs each site exactly as `servex assess` would (same pipeline, same result bytes) on a
local process pool or a Dask cluster, skips sites whose inputs did not change, and keeps going when one
site fails. `servex portfolio` renders the comparison (levels, heat map, shared gaps, distance to the
next level) from the site results alone, as every servex report renders from results. docs/scale.md.
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
    from servex.plugins.portfolio._cli import batch_command
    from servex.plugins.portfolio._cli_report import portfolio_command

    return [batch_command, portfolio_command]
