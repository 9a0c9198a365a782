"""The built-in commands, contributed through the same hook third-party plugins use."""

from __future__ import annotations

from collections.abc import Iterable

import click
from servex._hookspecs import hookimpl

__all__ = ["servex_cli_commands"]


@hookimpl
def servex_cli_commands() -> Iterable[click.Command]:
    from servex._cli.cmd_assess import assess_command
    from servex._cli.cmd_criteria import criteria_group
    from servex._cli.cmd_plugins import plugins_command
    from servex._cli.cmd_report import report_command
    from servex._cli.cmd_schema import schema_command

    return [assess_command, report_command, criteria_group, plugins_command, schema_command]
