"""An endpoint's JMESPath expressions (records, id, filter, fields), compiled once: an API pull maps
millions of values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from servex import CollectionError

from ._records import FIELD_TYPES, convert

__all__ = ["Fields", "Row", "compile_path"]


class Row(NamedTuple):
    """One record mapped and converted where its page was read (so the end of a run only merges):
    canonical values, the 'minutes after' fields still raw (their base may be in another endpoint's
    record), and the conversion errors, reported when the row is merged (an enriching row for a record
    that is not there is dropped without a word, as before)."""

    id: str
    clean: dict[str, Any]
    later: dict[str, tuple[Any, str]]
    errors: list[tuple[str, str]]


_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class _Dotted:
    """A plain `a.b.c` path, read without the JMESPath interpreter (same result, several times faster)."""

    def __init__(self, path: str) -> None:
        self.keys = path.split(".")

    def search(self, value: Any) -> Any:
        for key in self.keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value


class _Closure:
    """A JMESPath expression of fields, literals and comparisons ("reopens > 0", "status != 'deleted'")
    as nested Python closures: the same result as the interpreter, which walks its syntax tree per record."""

    def __init__(self, search: Callable[[Any], Any]) -> None:
        self.search = search


def _closure(node: Mapping[str, Any]) -> Callable[[Any], Any] | None:
    """`node` of jmespath's syntax tree as a function, using jmespath's own comparison rules; None for
    any other kind of node (the interpreter then evaluates the whole expression)."""
    from jmespath.visitor import TreeInterpreter, _is_comparable

    kind = node["type"]
    if kind == "field":
        key = node["value"]
        return lambda value: value.get(key) if isinstance(value, dict) else None
    if kind == "literal":
        constant = node["value"]
        return lambda value: constant
    if kind == "current":
        return lambda value: value
    parts = [_closure(child) for child in node.get("children", [])]
    if not parts or any(part is None for part in parts):
        return None
    funcs: list[Callable[[Any], Any]] = [part for part in parts if part is not None]
    if kind == "subexpression":

        def chain(value: Any) -> Any:
            for func in funcs:
                value = func(value)
            return value

        return chain
    if kind == "comparator" and len(funcs) == 2:
        compare, (left, right) = TreeInterpreter.COMPARATOR_FUNC[node["value"]], funcs
        if node["value"] in TreeInterpreter._EQUALITY_OPS:
            return lambda value: compare(left(value), right(value))

        def ordered(value: Any) -> Any:
            a, b = left(value), right(value)
            return compare(a, b) if _is_comparable(a) and _is_comparable(b) else None

        return ordered
    return None


def compile_path(expression: str) -> Any:
    import jmespath

    if _DOTTED.fullmatch(expression):
        return _Dotted(expression)
    compiled = jmespath.compile(expression)
    fast = _closure(compiled.parsed)
    return compiled if fast is None else _Closure(fast)


class Fields:
    def __init__(self, spec: Mapping[str, Any], where: str) -> None:
        from jmespath.exceptions import JMESPathError

        self.specs = {name: s if isinstance(s, dict) else {"path": s} for name, s in spec["fields"].items()}
        try:
            self.records = compile_path(spec.get("records") or "@")
            self.id = compile_path(spec.get("id") or "id")
            self.where = compile_path(spec["where"]) if spec.get("where") else None
            self.paths = {name: compile_path(s["path"]) for name, s in self.specs.items()}
            # per field, decided once: its getter, the spec when it maps or scales, 'minutes after', type
            self.plan = [
                (
                    name,
                    self.paths[name].search,
                    s if ("map" in s or "scale" in s) else None,
                    s.get("minutes_after"),
                    FIELD_TYPES.get(name, "text"),
                )
                for name, s in self.specs.items()
            ]
        except JMESPathError as exc:
            raise CollectionError(f"endpoint {where}: bad JMESPath expression: {exc}") from exc

    def count(self, data: Any) -> int:
        """Records in a page before `where`: what numbered pagination compares with the page size."""
        got = self.records.search(data)
        return len(got) if isinstance(got, list) else 0

    def found(self, data: Any) -> list[Any]:
        got = self.records.search(data)
        if not isinstance(got, list):
            return []
        if self.where is None:
            return got
        return [record for record in got if self.where.search(record) is True]

    def values(self, record: Any) -> dict[str, tuple[Any, str | None]]:
        """Each field's raw value and the canonical field it is 'minutes after' (if any)."""
        out: dict[str, tuple[Any, str | None]] = {}
        for name, search, spec, after, _ in self.plan:
            raw = search(record)
            out[name] = (raw if spec is None else _adjust(spec, raw), after)
        return out

    def row(self, record_id: str, record: Any) -> Row:
        """`record` mapped to canonical fields and converted to their types (called for every record:
        the per-field decisions are made once, in `plan`)."""
        clean: dict[str, Any] = {}
        later: dict[str, tuple[Any, str]] = {}
        errors: list[tuple[str, str]] = []
        for name, search, spec, after, kind in self.plan:
            raw = search(record)
            if spec is not None:
                raw = _adjust(spec, raw)
            if after:
                later[name] = (raw, after)
            elif kind == "text" and raw.__class__ is str:
                clean[name] = raw or None  # what convert() gives text, without the call
            else:
                try:
                    clean[name] = convert(raw, kind)
                except (TypeError, ValueError, OverflowError) as exc:
                    errors.append((name, str(exc)))
                    clean[name] = None
        return Row(record_id, clean, later, errors)


def _adjust(spec: Mapping[str, Any], raw: Any) -> Any:
    """A raw value through the field's `map` and `scale`."""
    if "map" in spec and raw is not None:
        raw = spec["map"].get(str(raw).lower() if isinstance(raw, bool) else str(raw))
    if "scale" in spec and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # in decimal: 390061 ms x 0.001 must be 390.061 s, not 390.06100000000004
        raw = float(Decimal(str(raw)) * Decimal(str(spec["scale"])))
    return raw
