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


GC_PROBE = (
    "import gc, sys, json\n"
    "from servex import _assess\n"
    "from servex._cli.main import main\n"
    "seen = []\n"
    "collect_all = _assess.collect_all\n"
    "def spy(*a, **k):\n    seen.append(gc.isenabled())\n    return collect_all(*a, **k)\n"
    "_assess.collect_all = spy\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print(json.dumps([seen, gc.isenabled(), gc.get_freeze_count() > 0]))\n"
)


@pytest.mark.parametrize("command", [["assess", "{empty}", "--fail-on", "never", "-q"], ["criteria", "list"]])
def test_garbage_collection_is_back_on_when_the_real_work_starts(tmp_path: Path, command: list[str]) -> None:
    """Start-up runs without the cyclic collector (it only walked long-lived objects); whatever the
    command, collection is on again once its work begins, so a long run still reclaims its cycles."""
    (tmp_path / "empty").mkdir()
    args = [a.format(empty=tmp_path / "empty") for a in command]
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1767225600"},
    )
    seen, enabled, frozen = json.loads(done.stdout.rstrip("\n").rsplit("\n", 1)[-1])
    assert enabled and frozen
    if command[0] == "assess":
        assert seen == [True]  # evidence is collected with the collector on


def test_collection_is_left_on_when_a_command_fails_before_its_work(tmp_path: Path) -> None:
    """An assess refused before collecting (no such folder) leaves the collector on, and a program that
    calls main() again does not freeze the objects of its earlier calls."""
    probe = (
        "import gc, sys, json\n"
        "from servex._cli.main import main\n"
        "for _ in range(2):\n"
        "    try:\n        main(['assess', sys.argv[1]])\n    except SystemExit:\n        pass\n"
        "    print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache")},
    )
    first, second = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert first[0] and second[0]
    assert second[1] == first[1]  # frozen once, at the first start-up only
