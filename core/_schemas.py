"""The JSON Schemas servex ships, and validation whose errors point at YAML lines.

Schemas are Draft 2020-12 files in `servex/schemas/`, printed by `servex schema NAME`. Validators are
built once per schema. Messages are rewritten for people: a misspelt key says "unknown key" and
suggests the closest valid one; a subschema may carry its own message (`errorMessage`, with `{value}`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from servex._errors import Problem
from servex._yamldoc import JsonPath, YamlDoc

__all__ = ["SCHEMA_NAMES", "schema", "validate"]

SCHEMA_NAMES = ("criteria", "crosswalk", "envelope", "kpis", "manifest", "plan", "profile", "result")


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("servex").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(name: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


def _leaf_errors(error: Any) -> Iterator[Any]:
    if error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        yield from _leaf_errors(best) if best is not None else iter([error])
    else:
        yield error


def _describe(error: Any) -> tuple[str, JsonPath, bool]:
    """A readable message, the path to point at, and whether to point at the key itself."""
    path: JsonPath = tuple(error.absolute_path)
    custom = error.schema.get("errorMessage") if isinstance(error.schema, Mapping) else None
    if isinstance(custom, str):
        # A schema's own words for a rule a keyword's message would only paraphrase ("should not be
        # valid under {...}"); `{value}` is the refused value. A refused key name points at the key.
        try:
            text = custom.format(value=error.instance)
        except (KeyError, IndexError, ValueError):
            text = custom
        named = "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str)
        return text, ((*path, error.instance) if named else path), named
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = list(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        import re

        extra = [k for k in error.instance if k not in allowed and not any(re.search(p, k) for p in patterns)]
        if extra:
            key = sorted(extra)[0]
            import difflib

            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            return f"unknown key {key!r}{suggestion}", (*path, key), True
    if error.validator == "required":
        return f"missing required key {error.message.split(' is a required')[0]}", path, False
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        got = type(error.instance).__name__.replace("str", "string").replace("NoneType", "null")
        return f"expected {expected}, got {got} {json.dumps(error.instance, default=str)[:60]}", path, False
    if error.validator == "enum":
        return (
            f"{json.dumps(error.instance, default=str)[:60]} is not one of "
            f"{', '.join(map(str, error.validator_value))}",
            path,
            False,
        )
    return error.message, path, False


def validate(
    name_or_schema: str | Mapping[str, Any], doc: YamlDoc, data: Any = None, base: JsonPath = ()
) -> list[Problem]:
    """Validate `data` (default: the whole document) and return located problems, sorted by line.

    A whole file that passed a shipped schema before (same content hash, same schema) is not validated
    again: jsonschema over a large criteria set is a good part of a run's fixed cost. Nor is a part of
    one (a source's `config` against its collector's schema) that passed the same schema with the same
    values, typed: importing jsonschema alone was a fifth of an `assess` on a small folder."""
    if data is None and not base:
        remembered = _passed_key(name_or_schema, doc)
    else:
        remembered = _data_key(name_or_schema, doc.data if data is None else data)
    if remembered is not None:
        from servex import _filecache

        if _filecache.get("valid", remembered) is True:
            return []
        problems = _validate(name_or_schema, doc, data, base)
        if not problems:
            _filecache.put("valid", remembered, True)
        return problems
    return _validate(name_or_schema, doc, data, base)


@cache
def _schema_hash(name: str) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(schema(name), sort_keys=True).encode()).hexdigest()


def _passed_key(name_or_schema: str | Mapping[str, Any], doc: YamlDoc) -> str | None:
    if not isinstance(name_or_schema, str) or doc.sha256 is None:
        return None
    from servex import _filecache

    return _filecache.key_of("valid", name_or_schema, _schema_hash(name_or_schema), doc.sha256)


def _data_key(name_or_schema: str | Mapping[str, Any], data: Any) -> str | None:
    """A key for `data` against a schema: the schema's hash and the values with their Python types (a date
    and its ISO text validate differently); None when they cannot be written out (non-text keys)."""
    import hashlib

    try:
        if isinstance(name_or_schema, str):
            shape = _schema_hash(name_or_schema)
        else:
            shape = hashlib.sha256(json.dumps(name_or_schema, sort_keys=True).encode()).hexdigest()
        values = json.dumps(data, sort_keys=True, default=_typed)
    except (TypeError, ValueError):
        return None
    from servex import _filecache

    return _filecache.key_of("valid-data", shape, values)


def _typed(value: Any) -> dict[str, str]:
    return {"$type": type(value).__qualname__, "$repr": repr(value)}


def _validate(
    name_or_schema: str | Mapping[str, Any], doc: YamlDoc, data: Any = None, base: JsonPath = ()
) -> list[Problem]:
    if isinstance(name_or_schema, str):
        validator = _validator(name_or_schema)
    else:
        import jsonschema

        validator = jsonschema.Draft202012Validator(name_or_schema, format_checker=jsonschema.FormatChecker())
    target = doc.data if data is None else data
    problems = []
    errors = [error for top in validator.iter_errors(target) for error in _leaf_errors(top)]
    # A misspelt key is one mistake, not two: drop "missing 'x'" where "unknown key; did you mean 'x'?" says it.
    suggested = {
        (tuple(e.absolute_path), m.split("did you mean ")[1].rstrip("?"))
        for e in errors
        for m, _, _ in [_describe(e)]
        if "did you mean" in m
    }
    for error in errors:
        message, path, key = _describe(error)
        if error.validator == "required" and (tuple(path), message.removeprefix("missing required key ")) in suggested:
            continue
        problems.append(doc.problem((*base, *path), message, key=key))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))
