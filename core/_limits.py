"""Limits on what servex reads from an evidence folder, and the one safe way to read such a file.

An evidence folder comes from the organisation being assessed, so every byte of it is untrusted: a
file may be huge, a YAML anchor bomb, a FIFO that never ends, or a symlink to `/dev/zero`. Each limit
is an environment variable (the command line and its environment are trusted; the folder is not, so
nothing in the manifest can raise a limit). docs/security.md lists them all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from servex._errors import InvalidInputError, Problem
from servex._record import frozen

__all__ = ["LIMITS", "Limit", "input_limit", "read_input"]


@frozen
class Limit:
    env: str
    default: int
    unit: str  #: "MB" values are given in mebibytes and returned in bytes
    what: str


LIMITS: dict[str, Limit] = {
    limit.env: limit
    for limit in (
        Limit("SERVEX_MAX_YAML_MB", 16, "MB", "size of one YAML or JSON file (manifest, criteria, answers)"),
        Limit("SERVEX_MAX_YAML_NODES", 1_000_000, "values", "values in one YAML file, aliases expanded"),
        Limit("SERVEX_MAX_YAML_DEPTH", 64, "levels", "nesting of mappings and lists in one YAML/JSON file"),
        Limit("SERVEX_MAX_DOCUMENT_MB", 200, "MB", "size of one document (ceiling of the manifest's max_file_mb)"),
        Limit(
            "SERVEX_MAX_UNZIPPED_MB",
            256,
            "MB",
            "how far one DOCX/XLSX/ODT may inflate (ceiling of the manifest's max_unzipped_mb; answers too)",
        ),
        Limit("SERVEX_MAX_PDF_INFLATED_MB", 256, "MB", "how far one compressed stream of a PDF may inflate"),
        Limit("SERVEX_MAX_XML_ELEMENTS", 5_000_000, "elements", "XML elements in one part of an office file"),
        Limit("SERVEX_MAX_ANSWERS_MB", 64, "MB", "size of one XLSX or CSV answers export"),
        Limit("SERVEX_MAX_ANSWER_ROWS", 100_000, "rows", "rows read from one XLSX or CSV answers export"),
    )
}


def input_limit(env: str) -> int:
    """The limit's value (bytes for MB limits); a malformed setting is a configuration error, exit 3."""
    spec = LIMITS[env]
    raw = os.environ.get(env, "").strip()
    value: float = spec.default
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = -1
        if not value > 0:
            raise InvalidInputError(f"{env}={raw!r}: must be a positive number ({spec.what})")
    return int(value * (1 << 20)) if spec.unit == "MB" else int(value)


def read_input(path: Path, display: str, setting: str | None = "SERVEX_MAX_YAML_MB") -> bytes:
    """The bytes of a regular file within the size limit `setting`, or a one-line error naming the file.

    `setting=None` reads a trusted file (a criteria set an installed plugin ships) without a size limit,
    still refusing what is not a regular file.

    The file is opened without blocking, so a FIFO cannot hang the run, and checked on the open
    descriptor (no race between the check and the read): pipes, devices (`/dev/zero`) and folders
    are refused before a single byte is read, and nothing of a refused file is ever quoted.
    """
    max_bytes = input_limit(setting) if setting else 1 << 62
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InvalidInputError([Problem(display, None, None, "file not found")]) from None
    except OSError as exc:
        raise InvalidInputError([Problem(display, None, None, f"cannot read: {exc.strerror or exc}")]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
            raise InvalidInputError([Problem(display, None, None, f"not a regular file ({kind}); refused")])
        too_big = f"larger than {max_bytes:,} bytes (limit {setting}); refused"
        if info.st_size > max_bytes:
            raise InvalidInputError([Problem(display, None, None, too_big)])
        try:
            data = handle.read(max_bytes + 1) if setting else handle.read()
        except OSError as exc:
            raise InvalidInputError([Problem(display, None, None, f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > max_bytes:  # it grew while we read it
        raise InvalidInputError([Problem(display, None, None, too_big)])
    return data
