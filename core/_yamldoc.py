"""Safe YAML loading that remembers where every value came from.

Criteria and manifest errors must name `file:line:column`, so we build the data ourselves from the
parser's events and keep a position for every JSON path. The events come from libyaml (PyYAML's C
parser, ten times faster than the pure-Python one); building from events rather than from PyYAML's
node graph lets us bound the work as we go. YAML 1.1 traps are closed: only true/false are booleans
(so `no` stays a string), dates stay ISO strings (the schemas check their format), and `=` and `<<`
are plain strings as in YAML 1.2. Duplicate keys are errors, not silent overwrites.

The input is untrusted (a manifest or answers file comes from the organisation assessed), so three
limits apply, each a setting of :mod:`servex._limits`: the file's size, the number of values once
aliases are expanded (an anchor bomb is refused at the alias that crosses the limit, without expanding
anything), and the nesting depth. Each is a located error for that file only.
"""

from __future__ import annotations

import hashlib
from dataclasses import field
from pathlib import Path
from typing import Any

from servex._errors import InvalidInputError, Problem
from servex._limits import input_limit, read_input
from servex._record import record
from servex._yamlpath import Limits, json_path

__all__ = ["JsonPath", "YamlDoc", "decode", "json_path", "limits", "load_yaml", "parse_yaml"]

JsonPath = tuple[str | int, ...]


@record
class YamlDoc:
    file: str
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    #: the file's content hash when it was read from a file: lets a passed validation be remembered
    sha256: str | None = None

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the value (or key) at `path`, walking up to the nearest known parent."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: JsonPath, message: str, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, message, json_path(path))


def limits() -> Limits:
    """The YAML limits in force (environment settings, read on each load so tests can change them)."""
    return Limits(max_nodes=input_limit("SERVEX_MAX_YAML_NODES"), max_depth=input_limit("SERVEX_MAX_YAML_DEPTH"))


_TRUSTED = Limits(max_nodes=1 << 62, max_depth=1 << 30)  # libyaml's own nesting limit (1000) still applies


def parse_yaml(text: str, file: str, *, trusted: bool = False) -> YamlDoc:
    """One YAML document with positions; every problem is an InvalidInputError naming file:line:column.

    `trusted` (a set shipped by an installed plugin) lifts the node and depth limits, which exist for
    what comes from an evidence folder: lowering them must not break the installed criteria sets.
    """
    import yaml  # only here: a run whose files all come from the cache never imports PyYAML
    from servex._yamlbuild import build

    try:
        built = build(text, file, _TRUSTED if trusted else limits())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InvalidInputError([Problem(file, line, column, f"invalid YAML: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids: located by its position
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        message = f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise InvalidInputError([Problem(file, line, column, message)]) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInputError([Problem(file, None, None, f"invalid YAML: {first}")]) from None
    if built.problems:
        raise InvalidInputError(built.problems)
    return YamlDoc(file, built.data, built.positions, built.key_positions)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or an error naming the byte that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            [Problem(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from None


def load_yaml(path: Path, display: str | None = None, *, trusted: bool = False) -> YamlDoc:
    """Read and parse a YAML file: a regular file within SERVEX_MAX_YAML_MB (unless `trusted`, see
    `parse_yaml`), never a pipe or device.

    A file parsed before (same bytes, same limits, same servex) comes from the user cache with its
    positions, so error messages stay located; only a file that parses cleanly is cached, so every
    error is reported by a fresh parse."""
    from servex import _filecache

    name = display or str(path)
    bounds = _TRUSTED if trusted else limits()
    if trusted and path.is_file():  # a shipped file seen before is not even read (see file_sha256)
        sha = _filecache.file_sha256(path)
        cached = _filecache.get("yaml", _filecache.key_of("yaml", sha, f"{bounds.max_nodes}/{bounds.max_depth}"))
        if isinstance(cached, tuple) and len(cached) == 3:
            return YamlDoc(name, cached[0], cached[1], cached[2], sha)
    data = read_input(path, name, None if trusted else "SERVEX_MAX_YAML_MB")
    sha = hashlib.sha256(data).hexdigest()
    key = _filecache.key_of("yaml", sha, f"{bounds.max_nodes}/{bounds.max_depth}")
    cached = _filecache.get("yaml", key)
    if isinstance(cached, tuple) and len(cached) == 3:
        return YamlDoc(name, cached[0], cached[1], cached[2], sha)
    doc = parse_yaml(decode(data, name), name, trusted=trusted)
    doc.sha256 = sha
    _filecache.put("yaml", key, (doc.data, doc.positions, doc.key_positions))
    return doc
