"""Which sites need to run again: a hash of everything that decides a site's result, kept in the output
folder between batches.

The hash covers every file of the evidence folder (path and content), the criteria set files the
portfolio names, the options, the variables that change a result (SOURCE_DATE_EPOCH, SERVEX_*, the
locale), and the versions of servex and every loaded plugin. Installed criteria sets are covered by
those versions. A site is skipped only when its hash is unchanged and its result file is still the one
the batch wrote (its sha256 is kept too): a result edited or deleted by hand is produced again, never
trusted. Only sites that were assessed (exit 0 or 1) are remembered; a failed site runs every time.
What the hash cannot see: an API source fetched live. Such portfolios run with `--force`, or offline
from a recorded cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from servex import sha256_bytes, write_atomic

__all__ = ["STATE_FILE", "BatchState", "inputs_hash"]

STATE_FILE = ".servex-batch-state.json"
STATE_FORMAT = 1


def _folder_files(folder: Path) -> Iterable[tuple[str, Path]]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            yield path.relative_to(folder).as_posix(), path


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:  # unreadable: a distinct value, so the site runs and reports the problem itself
        return f"unreadable:{exc.errno}"
    return digest.hexdigest()


def inputs_hash(folder: Path, criteria_files: Iterable[str], options: Mapping[str, Any]) -> str:
    """sha256 over the evidence files, the named criteria files and the options (JSON, sorted keys)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode("utf-8") + b"\n")
    for ref in criteria_files:
        digest.update(f"criteria {ref} {_file_digest(Path(ref))}\n".encode())
    for rel, path in _folder_files(folder):
        digest.update(f"file {json.dumps(rel)} {_file_digest(path)}\n".encode())
    return digest.hexdigest()


class BatchState:
    """The state file: per site, the inputs hash and the sha256 of the result written for it."""

    def __init__(self, output: Path) -> None:
        self.path = output / STATE_FILE
        self.sites: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or unreadable: every site runs, nothing is lost
            return
        if isinstance(data, dict) and data.get("format") == STATE_FORMAT and isinstance(data.get("sites"), dict):
            self.sites = {k: v for k, v in data["sites"].items() if isinstance(v, dict)}

    def unchanged(self, name: str, inputs: str, result_file: Path) -> bool:
        known = self.sites.get(name)
        if not known or known.get("inputs") != inputs or not result_file.is_file():
            return False
        return bool(known.get("result_sha256") == sha256_bytes(result_file.read_bytes()))

    def remember(self, name: str, inputs: str, result: bytes, exit_code: int) -> None:
        self.sites[name] = {"inputs": inputs, "result_sha256": sha256_bytes(result), "exit_code": exit_code}

    def forget(self, name: str) -> None:
        self.sites.pop(name, None)

    def save(self) -> None:
        data = {"format": STATE_FORMAT, "sites": dict(sorted(self.sites.items()))}
        write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")
