"""Build Python data from libyaml's event stream, with a position for every value and bounded work.

Why events and not PyYAML's composer: the composer recurses (a document nested thousands deep ends in
RecursionError) and an alias is expanded only later, when the data is built, so an anchor bomb costs
gigabytes before anyone can count. Here every value's expanded size is known when it is finished, so
an alias that would cross the node limit is refused where it stands, and nesting is checked as each
mapping or list opens. Aliases share the anchored value (as PyYAML does); only their own position is
recorded, so an error under an alias points at the alias.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from servex._errors import InvalidInputError, Problem
from servex._record import record
from servex._yamlpath import Limits, json_path

__all__ = ["Built", "Limits", "build", "json_path"]

JsonPath = tuple[str | int, ...]
_YAML = "tag:yaml.org,2002:"
_STR = f"{_YAML}str"
_DROPPED = {f"{_YAML}{name}" for name in ("bool", "timestamp", "value", "merge")}


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser with YAML 1.2 booleans, no implicit timestamps and no `=`/`<<` magic."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(f"{_YAML}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@record
class Built:
    data: Any
    positions: dict[JsonPath, tuple[int, int]]
    key_positions: dict[JsonPath, tuple[int, int]]
    problems: list[Problem]


@record
class _Frame:
    value: dict[str, Any] | list[Any]
    path: JsonPath
    record: bool  #: False inside the value of a duplicate key: built, checked, then dropped
    anchor: str | None
    size: int = 1  #: values inside, aliases expanded, this one included
    key: str | None = None  #: a mapping's key waiting for its value
    keep: bool = True  #: whether that value is stored (False after a duplicate or bad key)


class _Builder:
    def __init__(self, loader: Any, file: str, limits: Limits) -> None:
        self.loader, self.file, self.limits = loader, file, limits
        self.built = Built(None, {}, {}, [])
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.total = 0

    def fail(self, event: Any, message: str, path: JsonPath | None = None) -> InvalidInputError:
        mark = event.start_mark
        where = "" if path is None else json_path(path)
        return InvalidInputError([Problem(self.file, mark.line + 1, mark.column + 1, message, where)])

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        construct = _Loader.yaml_constructors.get(tag)
        if construct is None or tag in (f"{_YAML}seq", f"{_YAML}map"):
            raise self.fail(event, f"unsupported YAML tag {tag!r}")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return construct(self.loader, node)

    def key(self, frame: _Frame, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            key = self.scalar(event)
            if event.anchor:
                self.anchors[event.anchor] = (key, 1)
        elif isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
            key = self.anchors[event.anchor][0]
        else:
            raise self.fail(event, "mapping keys must be plain scalars", frame.path)
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        frame.key, frame.keep = str(key), True
        if not isinstance(key, str | int | float | bool):
            self.built.problems.append(Problem(self.file, *mark, "mapping keys must be plain scalars"))
            frame.keep = False
        elif frame.key in frame.value:
            path = (*frame.path, frame.key)
            self.built.problems.append(Problem(self.file, *mark, f"duplicate key {frame.key!r}", json_path(path)))
            frame.keep = False
        elif frame.record:
            self.built.key_positions[(*frame.path, frame.key)] = mark

    def attach(self, value: Any, size: int, anchor: str | None, counted: int, event: Any, path: JsonPath) -> None:
        self.total += counted
        if self.total > self.limits.max_nodes:
            raise self.fail(
                event,
                f"more than {self.limits.max_nodes:,} values once aliases are expanded "
                "(limit SERVEX_MAX_YAML_NODES); refused as a possible anchor bomb",
                path,
            )
        if anchor:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.built.data = value
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            if parent.keep and parent.key is not None:
                parent.value[parent.key] = value
            parent.key = None

    def run(self) -> Built:
        loader, stack = self.loader, self.stack
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                self.attach(frame.value, frame.size, frame.anchor, 1, event, frame.path)
                if not stack:
                    return self.built
                continue
            if isinstance(event, yaml.StreamStartEvent | yaml.DocumentStartEvent):
                continue
            if isinstance(event, yaml.StreamEndEvent):
                raise InvalidInputError([Problem(self.file, 1, 1, "the file is empty")])
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and parent.key is None:
                self.key(parent, event)
                continue
            if parent is None:
                path: JsonPath = ()
                record = True
            elif isinstance(parent.value, list):
                path, record = (*parent.path, len(parent.value)), parent.record
            else:
                path, record = (*parent.path, str(parent.key)), parent.record and parent.keep
            if record:
                self.built.positions[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag not in (None, "!", f"{_YAML}map", f"{_YAML}seq"):
                    raise self.fail(event, f"unsupported YAML tag {event.tag!r}")
                if len(stack) >= self.limits.max_depth:
                    raise self.fail(
                        event,
                        f"nesting deeper than {self.limits.max_depth} levels (limit SERVEX_MAX_YAML_DEPTH); refused"
                    )
                container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(_Frame(container, path, record, event.anchor))
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self.fail(event, f"unknown or recursive alias *{event.anchor}", path)
                value, size = self.anchors[event.anchor]
                self.attach(value, size, None, size, event, path)
            else:
                self.attach(self.scalar(event), 1, event.anchor, 1, event, path)
            if not stack:
                return self.built


def build(text: str, file: str, limits: Limits) -> Built:
    """The single document of `text`; raises InvalidInputError (located) or yaml.YAMLError."""
    loader = _Loader(text)
    try:
        built = _Builder(loader, file, limits).run()
        event = loader.get_event()  # the document's end
        if not isinstance(event, yaml.DocumentEndEvent):
            raise yaml.YAMLError("unexpected event")
        event = loader.get_event()
        if not isinstance(event, yaml.StreamEndEvent):
            mark = event.start_mark
            raise InvalidInputError(
                [Problem(file, mark.line + 1, mark.column + 1, "expected a single document in the file")]
            )
        return built
    finally:
        loader.dispose()
