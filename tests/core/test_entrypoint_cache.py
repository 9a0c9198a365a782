"""The entry-point cache stays valid while outputs are written to the working folder.

What was observed: under `python -m servex`, the working folder is on `sys.path`, and the cache was keyed
by each path entry's modification time; every result written there (`-o json:result.json`) changed it,
so each run scanned the installed distributions again (a twentieth of a second per run).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from servex._entrypoints import read_cached, write_cached


def test_an_output_in_the_working_folder_keeps_the_cache_and_a_new_distribution_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    write_cached("servex.test", "entry-points", ["found"])
    (folder / "result.json").write_text("{}", encoding="utf-8")  # an output: the folder's time changes
    assert read_cached("servex.test", "entry-points") == ["found"]
    (folder / "extra-1.0.dist-info").mkdir()  # a distribution installed here: its entry points may differ
    assert read_cached("servex.test", "entry-points") is None
