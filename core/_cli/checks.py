"""Checks of the command line's own arguments, made before any work starts.

A missing folder or file named on the command line is a usage error (exit 2) wherever it appears, the
message gives the path as typed and the folder it was looked for in, and output paths are checked
before collecting, so a typo in `-o` does not cost a long run. Paths on the command line are relative
to the working folder (paths inside a manifest stay relative to the manifest's folder).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from servex._errors import ServexError
from servex._exitcodes import ExitCode

__all__ = ["CliUsageError", "check_outputs", "criteria_ref", "looks_like_path", "require_dir", "require_file"]


class CliUsageError(ServexError):
    """A command-line mistake found by servex (not by click): one `error:` line, exit 2."""

    exit_code = ExitCode.USAGE_ERROR


def _where(path: Path) -> str:
    """Where a relative path was looked for; an absolute path says it all."""
    return "" if path.is_absolute() else f" (looked in {Path.cwd()})"


def require_dir(path: Path, what: str) -> None:
    if path.is_dir():
        return
    if path.exists():
        raise CliUsageError(f"{what} {path} is not a folder")
    raise CliUsageError(f"{what} not found: {path}{_where(path)}")


def require_file(path: Path, what: str) -> None:
    if path.is_file():
        return
    if path.exists():
        raise CliUsageError(f"{what} {path} is not a file")
    raise CliUsageError(f"{what} not found: {path}{_where(path)}")


def looks_like_path(ref: str) -> bool:
    """A criteria reference is a file when it says so: a YAML suffix or a folder in it; else it is an id."""
    return Path(ref).suffix in (".yaml", ".yml") or "/" in ref or os.sep in ref


def criteria_ref(ref: str | None) -> str | None:
    """`--criteria PATH` relative to the working folder (checked now); an id is passed on unchanged."""
    if ref is None or not looks_like_path(ref):
        return ref
    path = Path(ref)
    require_file(path, "criteria file")
    return str(path.resolve())


def check_outputs(outputs: Sequence[tuple[str, str]]) -> None:
    """Every `-o FORMAT:PATH` can be written: its folder exists and is writable, it is not a folder,
    and no two outputs share a path. Folders are not created: a missing one is more often a typo."""
    seen: dict[Path, str] = {}
    for name, raw in outputs:
        if raw == "-":
            continue
        path = Path(raw)
        spec = f"{name}:{raw}"
        if path.resolve() in seen:
            raise CliUsageError(f"output {spec} has the same path as {seen[path.resolve()]}")
        seen[path.resolve()] = spec
        if path.is_dir():
            raise CliUsageError(f"output {spec}: {path} is a folder")
        folder = path.parent
        if folder.exists() and not folder.is_dir():
            raise CliUsageError(f"output {spec}: {folder} is not a folder")
        if not folder.is_dir():
            raise CliUsageError(
                f"output {spec}: folder not found: {folder}{_where(folder)}; create it first"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise CliUsageError(f"output {spec}: folder {folder} is not writable")
        if path.exists() and not os.access(path, os.W_OK):
            raise CliUsageError(f"output {spec}: {path} is not writable")
