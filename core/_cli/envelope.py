"""The one JSON envelope every `--format json` prints, so scripts parse every command the same way.

    {"servex": "0.1.0", "format_version": "1", "command": "criteria list", "ok": true,
     "data": {...}, "problems": [{"file": ..., "line": ..., "column": ..., "message": ..., "path": ...}]}

`data` is the command's own payload (documented in docs/cli.md); `problems` lists what was wrong (also
printed on stderr, and the exit code says the same as `ok`). `servex schema envelope` prints the schema.
Result JSON (`-o json:...`) is not wrapped: it is the product, with its own schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click
from servex.__about__ import __version__
from servex._errors import Problem

__all__ = ["ENVELOPE_FORMAT_VERSION", "emit", "envelope"]

ENVELOPE_FORMAT_VERSION = "1"


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "path": problem.path,
    }


def envelope(command: str, data: Any, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    listed = [_problem(p) for p in problems]
    return {
        "servex": __version__,
        "format_version": ENVELOPE_FORMAT_VERSION,
        "command": command,
        "ok": not listed,
        "data": data,
        "problems": listed,
    }


def emit(command: str, data: Any, problems: Iterable[Problem] = ()) -> None:
    """Print the envelope on stdout (the caller still raises, so stderr and the exit code tell too)."""
    click.echo(json.dumps(envelope(command, data, problems), indent=2, ensure_ascii=False))
