"""`servex --help` starts fast because it lists the commands from a cache instead of loading every plugin.

The cache must never show a stale or wrong list: a plugin that is disabled, a command whose module
changed, or a plugin that fails to load all bypass it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import sys, json\n"
    "from servex._cli.main import main\n"
    "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    "print(json.dumps(sorted(m for m in ('pluggy', 'servex._plugins', 'servex._evidence') if m in sys.modules)))\n"
)


def _help(cache: Path, **env: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVEX_CACHE_DIR": str(cache), **env},
    )
    *text, loaded = done.stdout.rstrip("\n").split("\n")
    return "\n".join(text), json.loads(loaded)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_second_help_loads_no_plugin_and_prints_the_same(cache: Path) -> None:
    first, loaded_first = _help(cache)
    second, loaded_second = _help(cache)
    assert "pluggy" in loaded_first  # nothing cached yet: the plugins tell what commands exist
    assert loaded_second == []
    assert second == first
    assert "questionnaire " in second and "assess " in second


def test_disabled_plugin_is_not_listed_from_the_cache(cache: Path) -> None:
    _help(cache)
    text, loaded = _help(cache, SERVEX_DISABLE_PLUGINS="questionnaires")
    assert "questionnaire " not in text
    assert "pluggy" in loaded


def test_changed_command_module_rebuilds_the_list(cache: Path) -> None:
    _help(cache)
    [index] = (cache / "commands").glob("*.json")
    data = json.loads(index.read_text(encoding="utf-8"))
    data["data"]["files"][0][1] = 1  # as if the file had been edited since
    data["data"]["commands"][0]["short_help"] = "STALE TEXT"
    index.write_text(json.dumps(data), encoding="utf-8")
    text, loaded = _help(cache)
    assert "STALE TEXT" not in text
    assert "pluggy" in loaded


LIST_PROBE = (
    "import sys, json\n"
    "from servex._cli.main import main\n"
    "try:\n    main(['-p', 'tmp_sets', 'criteria', 'list', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
    "print(json.dumps('servex._yamldoc' in sys.modules))\n"
)

PLUGIN = (
    "import os\nfrom pathlib import Path\nfrom servex import hookimpl\n\n\n"
    "@hookimpl\ndef servex_criteria_sets():\n    return [Path(os.environ['TMP_SET'])]\n"
)


def test_criteria_list_is_cached_until_a_set_file_changes(cache: Path, tmp_path: Path) -> None:
    from core_support import DATA

    (tmp_path / "tmp_sets.py").write_text(PLUGIN, encoding="utf-8")
    criteria = tmp_path / "mini-set.yaml"
    criteria.write_text((DATA / "mini-set.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "SERVEX_CACHE_DIR": str(cache), "TMP_SET": str(criteria), "PYTHONPATH": str(tmp_path)}

    def listed() -> tuple[dict[str, str], bool]:
        done = subprocess.run([sys.executable, "-c", LIST_PROBE], capture_output=True, text=True, env=env, check=True)
        *doc, parsed = done.stdout.rstrip("\n").split("\n")
        sets = json.loads("\n".join(doc))["data"]["sets"]
        return {s["id"]: s["version"] for s in sets}, json.loads(parsed)

    first, parsed_first = listed()
    second, parsed_second = listed()
    assert first["test-mini"] == "1.0.0" and parsed_first
    assert second == first and not parsed_second  # nothing was parsed the second time
    criteria.write_text(criteria.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1"))
    third, parsed_third = listed()
    assert third["test-mini"] == "1.0.1" and parsed_third
