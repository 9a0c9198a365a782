"""Dataclasses that cost far less to define, with the same behaviour.

Why: on Python 3.11, `@dataclass` writes each generated method as source text and compiles it; a frozen
dataclass compiles six (`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`), and
an `assess` on a small folder defines about sixty of them before reading any evidence: a fifth of its
time. `__repr__`, `__eq__` and `__hash__` do the same for every class, so they are written once here and
shared; a frozen class's `__setattr__` and `__delattr__` only refuse, so they are plain closures. Only
`__init__` is still compiled, one small function per class, as `@dataclass` writes it (a frozen class's
fields set with `object.__setattr__`, so building an instance costs what it did). The classes stay real
dataclasses (`dataclasses.fields`, `replace`, `asdict` work, `__dataclass_params__` tells they are
frozen), compare and hash by their fields as before, and type checkers see them as dataclasses (PEP 681).
A class outside what :func:`_init_of` writes (a dataclass base, `InitVar`, keyword-only fields) is left
to `@dataclass` entirely.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["frozen", "record"]

_T = TypeVar("_T")


def _values(compared: Callable[[Any], Any], single: bool) -> Callable[[Any], tuple[Any, ...]]:
    if single:
        return lambda obj: (compared(obj),)
    return compared


def _share(cls: type[Any], *, hashable: bool) -> None:
    """Give `cls` the shared `__repr__`, `__eq__` (and `__hash__` for a frozen class), unless it defines its own."""
    fields = dataclasses.fields(cls)
    shown = tuple(f.name for f in fields if f.repr)
    compared_names = tuple(f.name for f in fields if f.compare)
    hashed_names = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    compared = _values(attrgetter(*compared_names), len(compared_names) == 1) if compared_names else (lambda _: ())
    hashed = _values(attrgetter(*hashed_names), len(hashed_names) == 1) if hashed_names else (lambda _: ())
    own = cls.__dict__

    if "__repr__" not in own:

        @reprlib.recursive_repr()
        def __repr__(self: Any) -> str:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{type(self).__qualname__}({inner})"

        setattr(cls, "__repr__", __repr__)  # noqa: B010
    if "__eq__" not in own:

        def __eq__(self: Any, other: object) -> bool:
            if other.__class__ is self.__class__:
                return bool(compared(self) == compared(other))
            return NotImplemented

        setattr(cls, "__eq__", __eq__)  # noqa: B010
    if hashable and own.get("__hash__") is None:

        def __hash__(self: Any) -> int:
            return hash(hashed(self))

        setattr(cls, "__hash__", __hash__)  # noqa: B010
    elif not hashable and "__hash__" not in own:
        setattr(cls, "__hash__", None)  # noqa: B010  # mutable and compared by value: unhashable, as @dataclass is


class _Factory:
    """Stands for "use the default factory" in a generated `__init__`'s signature (a Python without
    dataclasses' own marker, which is private, gets this one: only the signature's text differs)."""

    def __repr__(self) -> str:
        return "<factory>"


#: the default `@dataclass` shows for a field with a default factory (its own marker when it has one)
_FACTORY = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", None) or _Factory()


def _plain(cls: type[Any]) -> bool:
    """Whether `_init_of` writes this class's `__init__` as `@dataclass` would: no dataclass among its
    bases (their fields and frozen-ness would have to be merged), no `InitVar` or keyword-only field."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    annotations = inspect.get_annotations(cls)
    if "self" in annotations:
        return False  # @dataclass names the instance otherwise
    return not any(
        (isinstance(kind, str) and ("InitVar" in kind or "KW_ONLY" in kind))
        or isinstance(kind, dataclasses.InitVar)
        or kind is dataclasses.KW_ONLY
        or (isinstance(value := cls.__dict__.get(name), dataclasses.Field) and value.kw_only is True)
        for name, kind in annotations.items()
    )


def _init_of(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """The `__init__` `@dataclass` writes (same parameters, defaults, annotations and assignments), compiled
    as one small function without the annotations in its source."""
    names: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    params = ["self"]
    body = []
    seen_default = False
    for f in fields:
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        if f.init and seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or (f.init and has_default)
        if f.default_factory is not dataclasses.MISSING:
            names[f"__d_{f.name}"] = f.default_factory
            value = f"__d_{f.name}() if {f.name} is __factory else {f.name}" if f.init else f"__d_{f.name}()"
        elif f.init:
            value = f.name
            if f.default is not dataclasses.MISSING:
                names[f"__d_{f.name}"] = f.default
        else:
            continue  # read from the class attribute holding its default, as @dataclass leaves it
        if f.init:
            default = "=__factory" if f.default_factory is not dataclasses.MISSING else (
                f"=__d_{f.name}" if f.default is not dataclasses.MISSING else "")
            params.append(f"{f.name}{default}")
        body.append(f"__set(self,{f.name!r},{value})" if frozen else f"self.{f.name}={value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = "def __create_fn__({}):\n def __init__({}):\n  {}\n return __init__".format(
        ",".join(names), ",".join(params), "\n  ".join(body or ["pass"]))
    module = sys.modules.get(cls.__module__)
    created: dict[str, Any] = {}
    exec(source, module.__dict__ if module else {}, created)  # as @dataclass does; nothing in it comes from input
    init: Callable[..., None] = created["__create_fn__"](**names)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {**{f.name: f.type for f in fields if f.init}, "return": None}
    return init


def _refusals(cls: type[Any], names: frozenset[str]) -> tuple[Callable[..., None], Callable[..., None]]:
    """A frozen class's `__setattr__` and `__delattr__`, as `@dataclass` writes them."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _build(cls: type[_T], *, frozen: bool) -> type[_T]:
    if not _plain(cls) or (frozen and ("__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__)):
        return dataclasses.dataclass(frozen=frozen, eq=False, repr=False)(cls)  # @dataclass says what is wrong
    documented = bool(cls.__dict__.get("__doc__"))
    if not documented:
        cls.__doc__ = "-"  # written below: @dataclass would work out object.__init__'s signature first
    written = "__init__" in cls.__dict__
    built = dataclasses.dataclass(init=False, eq=False, repr=False)(cls)  # fields only: compiles nothing
    fields = dataclasses.fields(built)  # type: ignore[arg-type]  # not the ClassVars `__dataclass_fields__` also lists
    if not written:
        init = _init_of(built, fields, frozen)
        setattr(built, "__init__", init)  # noqa: B010
    if frozen:
        names = frozenset(f.name for f in fields)
        for method in _refusals(built, names):
            method.__qualname__ = f"{built.__qualname__}.{method.__name__}"
            setattr(built, method.__name__, method)
    params = getattr(built, "__dataclass_params__")  # noqa: B009
    params.init, params.frozen = True, frozen  # what @dataclass records: dataclasses built on it check it
    if not documented:  # @dataclass's own docstring for a class without one: its signature
        try:
            signature = str(inspect.signature(built)).replace(" -> None", "")
        except (TypeError, ValueError):
            signature = ""
        built.__doc__ = built.__name__ + signature
    return built


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[_T]) -> type[_T]:
    """`@dataclass(frozen=True)`: immutable, compared and hashed by its fields."""
    built = _build(cls, frozen=True)
    _share(built, hashable=True)
    return built


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[_T]) -> type[_T]:
    """`@dataclass`: mutable, compared by its fields, unhashable."""
    built = _build(cls, frozen=False)
    _share(built, hashable=False)
    return built
