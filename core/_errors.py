"""Exceptions raised by servex.

Hierarchy::

    ServexError                 base of everything servex raises on purpose; carries an exit code
    ├── InvalidInputError       criteria set, manifest, KPI file or configuration is invalid (exit 3);
    │                           holds every Problem found, so users fix them all in one go
    ├── PluginError             a plugin is missing, broken or incompatible (exit 4)
    ├── CollectionError         raised by a collector when its whole source cannot be read; the
    │                           source's criteria become `error` and the run goes on (exit 5 if required)
    ├── ReportError             a report format could not render (exit 3 when the cause is the input)
    └── OutputError             a file the user asked for cannot be written (exit 2: a bad -o or --dir)

Each exception formats as one line per problem so the CLI never has to print a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from servex._exitcodes import ExitCode

__all__ = [
    "CollectionError",
    "InvalidInputError",
    "OutputError",
    "PluginError",
    "Problem",
    "ReportError",
    "ServexError",
    "printable",
]


def printable(text: str) -> str:
    """`text` with control characters escaped (a newline becomes `\\n`), for one-line messages.

    File names come from the evidence folder: a name holding a newline must not be able to start a
    forged `error:` line of its own on the terminal or in a CI log.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    message: str
    path: str = ""  # JSON path such as $.criteria[3].evidence[0].type

    def __str__(self) -> str:
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {printable(self.message)}"
        if self.path:
            text += f" (at {self.path})"
        return text


class ServexError(Exception):
    exit_code: ExitCode = ExitCode.INTERNAL_ERROR


class InvalidInputError(ServexError):
    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="", line=None, column=None, message=problems)]
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or 0, p.message))
        super().__init__("\n".join(str(p).lstrip(": ") for p in self.problems))


class PluginError(ServexError):
    exit_code = ExitCode.PLUGIN_ERROR


class CollectionError(ServexError):
    exit_code = ExitCode.COLLECTOR_FAILED


class ReportError(ServexError):
    exit_code = ExitCode.INVALID_INPUT


class OutputError(ServexError):
    exit_code = ExitCode.USAGE_ERROR
