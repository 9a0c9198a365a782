"""Criteria sets are parsed and checked once, then read from the user cache by content hash.

What a user relies on: a second run gives the same result without paying for YAML parsing and schema
validation again; an edited set is never read stale and its mistakes are still located to the line; a
damaged cache or several runs at once change nothing but the time taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from core_support import DATA
from servex import ExitCode, load_yaml

REPO = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys, json\n"
    "from servex._cli.main import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
    "heavy = ('yaml', 'jsonschema', 'sqlite3', 'duckdb', 'weasyprint')\n"
    "print(json.dumps([code, sorted(m for m in heavy if m in sys.modules)]))\n"
)


def _run(cache: Path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVEX_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1767225600"},
    )
    code, loaded = json.loads(done.stdout.rstrip("\n").rsplit("\n", 1)[-1])
    return int(code or 0), list(loaded)


def test_second_assess_of_an_empty_folder_parses_and_validates_nothing(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()
    args = ("assess", str(empty), "-o", f"json:{tmp_path / 'a.json'}", "--fail-on", "never", "-q")
    code, first = _run(cache, *args)
    assert code == 0
    assert "yaml" in first and "jsonschema" in first  # nothing cached yet: parsed and checked
    first_bytes = (tmp_path / "a.json").read_bytes()
    code, second = _run(cache, *args)
    assert code == 0
    assert second == []  # no YAML parser, no validator, no document cache, no data or PDF engine
    assert (tmp_path / "a.json").read_bytes() == first_bytes


def test_cached_document_keeps_every_position(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "set.yaml"
    path.write_bytes((DATA / "mini-set.yaml").read_bytes())
    fresh = load_yaml(path)
    cached = load_yaml(path)
    monkeypatch.setenv("SERVEX_NO_CACHE", "1")
    uncached = load_yaml(path)
    for doc in (cached, uncached):
        assert (doc.data, doc.positions, doc.key_positions) == (fresh.data, fresh.positions, fresh.key_positions)
    assert cached.where(("criteria", 1, "weight")) == fresh.where(("criteria", 1, "weight")) != (None, None)


def test_an_edited_set_is_checked_again_and_its_mistake_located(servex, mini_org: Path) -> None:
    assert servex("assess", mini_org, "-o", "json:-", "--fail-on", "never").code == ExitCode.OK
    set_file = mini_org / "mini-set.yaml"
    lines = set_file.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("weight:"))
    lines[number] = lines[number].replace("weight:", "weight: heavy #", 1)
    set_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = servex("assess", mini_org, "-o", "json:-")
    assert run.code == ExitCode.INVALID_INPUT
    assert f"mini-set.yaml:{number + 1}:" in run.err and "expected number" in run.err


def test_a_damaged_cache_changes_nothing_but_the_time(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()
    args = ("assess", str(empty), "-o", f"json:{tmp_path / 'a.json'}", "--fail-on", "never", "-q")
    _run(cache, *args)
    expected = (tmp_path / "a.json").read_bytes()
    damaged = [p for p in cache.rglob("*.marshal")]
    assert damaged
    for number, path in enumerate(damaged):
        path.write_bytes(b"" if number % 2 else b"\xff\x00garbage")
    code, _loaded = _run(cache, *args)
    assert code == 0
    assert (tmp_path / "a.json").read_bytes() == expected


def test_runs_started_together_share_one_cache(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()

    def one(number: int) -> tuple[int, bytes]:
        out = tmp_path / f"r{number}.json"
        code, _ = _run(cache, "assess", str(empty), "-o", f"json:{out}", "--fail-on", "never", "-q")
        return code, out.read_bytes()

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(one, range(3)))
    assert {code for code, _ in results} == {0}
    assert len({data for _, data in results}) == 1
    assert not list(cache.rglob("*.tmp"))  # nothing half-written left behind


def test_file_hash_is_remembered_by_identity_and_never_stale(tmp_path: Path, monkeypatch: Any) -> None:
    """A shipped set seen before is not re-read; the same file edited in place (same size, and its
    modification time set back) still gets its new hash: the change time moves and cannot be set back."""
    import hashlib
    import time

    from servex import _filecache

    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "set.yaml"
    real_now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_now() + 10_000_000_000)  # the files are old by then
    path.write_bytes(b"id: first\n")
    old = real_now() - 10_000_000_000
    os.utime(path, ns=(old, old))
    first = _filecache.file_sha256(path)
    assert first == hashlib.sha256(b"id: first\n").hexdigest()
    assert len(list((tmp_path / "cache" / "file-sha256").rglob("*.marshal"))) == 1  # remembered
    assert _filecache.file_sha256(path) == first
    path.write_bytes(b"id: other\n")  # same size
    os.utime(path, ns=(old, old))  # the modification time put back
    assert _filecache.file_sha256(path) == hashlib.sha256(b"id: other\n").hexdigest()


def test_a_file_written_just_now_is_hashed_but_not_remembered(tmp_path: Path, monkeypatch: Any) -> None:
    from servex import _filecache

    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "set.yaml"
    path.write_bytes(b"id: fresh\n")
    _filecache.file_sha256(path)
    assert not (tmp_path / "cache" / "file-sha256").exists()


def test_cached_fingerprints_are_the_computed_ones_and_a_changed_criterion_gets_its_own(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Findings carry each criterion's definition_sha256 (servex diff relies on it): the values read back
    from the cache on a second run are exactly what a fresh computation gives, and a criterion changed
    after loading (as a profile does) is fingerprinted afresh."""
    import dataclasses

    from servex._criteria import fingerprint
    from servex._criteria.access import load_criteria_set

    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    load_criteria_set("servex-pyramid")  # fills the cache
    fingerprint._KNOWN.clear()
    cset = load_criteria_set("servex-pyramid")  # read back from it
    assert len(fingerprint._KNOWN) == len(cset.criteria)
    cached = [fingerprint.definition_sha256(c) for c in cset.criteria]
    fingerprint._KNOWN.clear()
    assert cached == [fingerprint.definition_sha256(c) for c in cset.criteria]
    first = cset.criteria[0]
    changed = dataclasses.replace(first, weight=first.weight + 1)
    assert fingerprint.definition_sha256(changed) != cached[0]


def test_second_assess_with_sources_does_not_validate_their_unchanged_config_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("assess", str(REPO / "evidence_samples/harbour-cycles"), "-o", f"json:{tmp_path / 'a.json'}",
            "--fail-on", "never", "-q")
    code, first = _run(cache, *args)
    assert code in (0, 1) and "jsonschema" in first  # source configs checked against their collectors' schemas
    first_bytes = (tmp_path / "a.json").read_bytes()
    again, second = _run(cache, *args)
    assert again == code and "jsonschema" not in second and (tmp_path / "a.json").read_bytes() == first_bytes


def test_a_config_that_passed_is_checked_again_once_a_value_or_its_type_changes(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import datetime

    from servex import _schemas

    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    doc = load_yaml(DATA / "mini-set.yaml")
    shape = {"type": "object", "properties": {"since": {"type": "string"}}, "additionalProperties": False}
    calls: list[Any] = []
    real = _schemas._validate
    monkeypatch.setattr(_schemas, "_validate", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    assert _schemas.validate(shape, doc, {"since": "2025-01-01"}, ("x",)) == []
    assert _schemas.validate(shape, doc, {"since": "2025-01-01"}, ("x",)) == []
    assert len(calls) == 1  # the second time: remembered
    problems = _schemas.validate(shape, doc, {"since": datetime.date(2025, 1, 1)}, ("x",))
    assert problems and "expected string" in problems[0].message  # a date is not its ISO text
    assert _schemas.validate(shape, doc, {"since": "2025-01-01", "until": 1}, ("x",))  # a new key: checked
    assert len(calls) == 3


def test_a_sets_hash_is_kept_and_always_the_hash_of_its_canonical_json(tmp_path: Path, monkeypatch: Any) -> None:
    """The result's criteria_set.sha256 is the hash of the merged set's canonical JSON: a run whose set comes
    from the cache gives the same hash without writing that JSON again, and an edited set gets its own."""
    import hashlib

    from servex._criteria import loader
    from servex._criteria.access import load_criteria_set

    written: list[Any] = []
    real = json.dumps

    def spy(value: Any, **options: Any) -> str:
        if isinstance(value, dict) and "criteria" in value:
            written.append(value)
        return real(value, **options)

    monkeypatch.setattr(loader.json, "dumps", spy)
    monkeypatch.setenv("SERVEX_NO_CACHE", "1")
    fresh = load_criteria_set("servex-pyramid")
    [merged] = written  # no cache: the JSON is written, as always
    canonical = real(merged, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    assert fresh.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    monkeypatch.delenv("SERVEX_NO_CACHE")
    monkeypatch.setenv("SERVEX_CACHE_DIR", str(tmp_path / "cache"))
    assert load_criteria_set("servex-pyramid").sha256 == fresh.sha256  # fills the cache
    written.clear()
    assert load_criteria_set("servex-pyramid").sha256 == fresh.sha256
    assert written == []  # read back: no canonical JSON of the whole set
    for entry in (tmp_path / "cache" / "criteria-sha256").rglob("*.marshal"):
        entry.write_bytes(b"damaged")
    assert load_criteria_set("servex-pyramid").sha256 == fresh.sha256
    assert loader._merged_sha256({**merged, "version": "other"}) != fresh.sha256
