"""Helpers for the export tests: the official schemas (shipped in data/, see data/SOURCES.md) as validators,
and the servex command line run as users run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
EPOCH = "1767225600"

_UNICODE_CLASS = {r"\p{L}": r"[^\W\d_]", r"\p{N}": r"\d"}


def _python_pattern(pattern: str) -> str:
    for written, python in _UNICODE_CLASS.items():
        pattern = pattern.replace(written, python)
    return pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """The schema's `pattern`, with \\p{L} and \\p{N} read as Python classes (see data/SOURCES.md)."""
    if validator.is_type(instance, "string") and not re.search(_python_pattern(pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def oscal_validator() -> Any:
    schema = json.loads((DATA / "oscal_assessment-results_schema-1.0.6.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})
    return cls(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def sarif_validator() -> Any:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def errors(validator: Any, document: Any) -> list[str]:
    """Every schema violation, located, so a failing test says where."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator.iter_errors(document)]


def run_servex(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SERVEX_CACHE_DIR": str(cwd / "cache"), "SERVEX_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "servex", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )
