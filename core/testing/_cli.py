"""Run the real `servex` command line in-process, as a plugin's users would type it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["CliRun", "run_cli"]


@dataclass
class CliRun:
    """What a user would see: the exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as JSON (`-o json:-`, `servex plugins --format json`)."""
        return json.loads(self.out)


def run_cli(*args: object) -> int:
    """Call the `servex` entry point with `args`; return its exit code instead of raising SystemExit.

    Output is left on the real stdout and stderr, so the caller captures it (pytest's capsys does).
    """
    from servex._cli.main import main

    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
