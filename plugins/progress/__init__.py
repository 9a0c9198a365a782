"""Built-in plugin: progress between assessments (`servex diff OLD.json NEW.json`).

The comparison itself is `servex.compare_results` (core), so `servex assess --baseline` and this
command find the same changes; the Markdown and HTML come from the reports plugin, so both say the
same sentences in the same languages.
"""

from __future__ import annotations

from typing import Any

from servex import hookimpl

__all__ = ["servex_cli_commands"]


@hookimpl
def servex_cli_commands() -> list[Any]:
    from servex.plugins.progress._diff import diff_command

    return [diff_command]
