"""Helpers for the bundle tests: the servex command line as users run it, and rewriting a ZIP member."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"


def run_servex(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(cwd / "cache"), "SERVEX_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def rewrite_member(source: Path, target: Path, name: str, data: bytes | None) -> None:
    """Copy the archive `source` to `target` with member `name` replaced by `data` (None: removed)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info, old.read(info.filename))
            elif data is not None:
                new.writestr(info, data)
