"""`servex assess` on a folder with no evidence loads only what such a folder needs.

Why: assessors and CI call servex many times, and an empty or nearly empty folder is graded from the
criteria alone; what a run imports and builds before it reads any evidence is paid on every call
(issue 21: `assess` on an empty folder within 3x `servex --help`). A requirement with nothing to judge
must reach its "nothing found" outcome without the machinery that judges evidence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = """
import json, sys
from servex._cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps([code, sorted(sys.modules)]))
"""

#: modules that judge evidence: none of them has anything to do in a folder without evidence
NOT_FOR_AN_EMPTY_FOLDER = (
    "servex.plugins.documents._judge",  # matching a document against a requirement
    "servex.plugins.documents._match",
    "servex.plugins.documents._passages",
    "servex._criteria.profile",  # no profile named, no commitments: nothing to adjust
    "traceback",  # only to show a failed evaluator's traceback under SERVEX_DEBUG
    # other plugins' commands: the command index names the plugin `assess` comes from
    "servex.plugins.bundle._cli",
    "servex.plugins.portfolio._cli",
    "servex.plugins.questionnaires._cli",
)


def _assess(folder: Path, tmp_path: Path) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, "assess", str(folder), "-o", f"json:{tmp_path / 'out.json'}", "-q",
         "--fail-on", "never"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"},
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


@pytest.fixture(scope="module")
def empty_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, set[str], dict]:  # type: ignore[type-arg]
    tmp_path = tmp_path_factory.mktemp("overhead")
    (tmp_path / "empty").mkdir()
    _assess(tmp_path / "empty", tmp_path)  # the first run fills the user cache, as any first run does
    code, modules = _assess(tmp_path / "empty", tmp_path)
    return code, modules, json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_an_empty_folder_is_graded_without_the_evidence_judging_modules(empty_run) -> None:  # type: ignore[no-untyped-def]
    code, modules, result = empty_run
    assert code == 0
    assert sorted(set(NOT_FOR_AN_EMPTY_FOLDER) & modules) == []
    document = [r for f in result["findings"] for r in f["requirements"] if r["type"] == "document"]
    assert document and all(r["state"] == "unsatisfied" for r in document)
    # the "nothing found" outcome still says what was looked for, in the set's own words
    assert any("mentioning" in r["message"]["en"] and "among the 0 documents searched" in r["message"]["en"]
               for r in document)
