"""Safe YAML loading that remembers where every value came from.

Criteria and manifest errors must name `file:line:column`, so we compose the node tree ourselves and
keep a position for every JSON path. Two YAML 1.1 traps are closed: only true/false are booleans (so
`no` stays a string), and dates stay ISO strings (the schemas check their format). Duplicate keys are
errors, not silent overwrites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from servex._errors import InvalidInputError, Problem

__all__ = ["JsonPath", "YamlDoc", "json_path", "load_yaml", "parse_yaml"]

JsonPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class YamlDoc:
    file: str
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

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


def json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def parse_yaml(text: str, file: str) -> YamlDoc:
    loader = _Loader(text)
    doc = YamlDoc(file=file, data=None)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise InvalidInputError([Problem(file, 1, 1, "the file is empty")])

        def build(node: yaml.Node, path: JsonPath) -> Any:
            doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, yaml.MappingNode):
                out: dict[str, Any] = {}
                for key_node, value_node in node.value:
                    key = loader.construct_object(key_node, deep=True)
                    if not isinstance(key, str | int | float | bool):
                        problems.append(doc.problem(path, "mapping keys must be plain scalars"))
                        continue
                    key = str(key)
                    mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    if key in out:
                        problems.append(Problem(file, *mark, f"duplicate key {key!r}", json_path((*path, key))))
                        continue
                    doc.key_positions[(*path, key)] = mark
                    out[key] = build(value_node, (*path, key))
                return out
            if isinstance(node, yaml.SequenceNode):
                return [build(child, (*path, index)) for index, child in enumerate(node.value)]
            return loader.construct_object(node, deep=True)

        doc.data = build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InvalidInputError([Problem(file, line, column, f"invalid YAML: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise InvalidInputError([Problem(file, None, None, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise InvalidInputError(problems)
    return doc


def load_yaml(path: Path, display: str | None = None) -> YamlDoc:
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInputError([Problem(name, None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            [Problem(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from None
    except OSError as exc:
        raise InvalidInputError([Problem(name, None, None, f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(text, name)
