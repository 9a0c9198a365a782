"""`servex._record.frozen` and `record` behave as `@dataclass(frozen=True)` and `@dataclass` do.

They exist to make defining classes cheaper (see the module); a criteria set, a finding's evidence or a
cache key must compare, hash, print, copy and refuse changes exactly as before.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import subprocess
import sys
from dataclasses import InitVar
from typing import Any, ClassVar

import pytest
from servex._record import frozen, record


def _twins(decorate: Any, reference: Any) -> tuple[type[Any], type[Any]]:
    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"name": "str", "tags": "tuple[str, ...]", "note": "list[str]", "extra": "int"},
            "tags": (),
            "note": dataclasses.field(default_factory=list, compare=False),
            "extra": dataclasses.field(default=0, repr=False),
        }

    ours = decorate(type("Item", (), body()))
    theirs = reference(type("Item", (), body()))
    return ours, theirs


@pytest.mark.parametrize(
    ("decorate", "reference"),
    [(frozen, dataclasses.dataclass(frozen=True)), (record, dataclasses.dataclass)],
    ids=["frozen", "record"],
)
def test_same_behaviour_as_the_dataclass_it_replaces(decorate: Any, reference: Any) -> None:
    ours, theirs = _twins(decorate, reference)
    for make in (ours, theirs):
        a, b, c = make("a", ("x",), ["n"], 1), make("a", ("x",), ["other"], 1), make("b")
        assert a == b and a != c and (a == "a") is False  # `note` is not compared; other types are unequal
        assert repr(a) == "Item(name='a', tags=('x',), note=['n'])"  # `extra` is not shown
        assert dataclasses.replace(a, name="b") == make("b", ("x",), [], 1)
        assert copy.deepcopy(a) == a
        assert [f.name for f in dataclasses.fields(make)] == ["name", "tags", "note", "extra"]
    frozen_kind = decorate is frozen
    a = ours("a", ("x",))
    if frozen_kind:
        assert hash(a) == hash(ours("a", ("x",), ["ignored"])) == hash(theirs("a", ("x",)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.name = "b"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del a.name
    else:
        with pytest.raises(TypeError):
            hash(a)
        a.name = "b"
        assert a == ours("b", ("x",))


def test_a_class_keeps_the_methods_it_writes_itself() -> None:
    @frozen
    class Shown:
        value: int

        def __repr__(self) -> str:
            return f"<{self.value}>"

    assert repr(Shown(3)) == "<3>" and Shown(3) == Shown(3)


def test_instances_survive_pickling_to_a_worker_process() -> None:
    a = _Picklable("a", (1, 2))
    assert pickle.loads(pickle.dumps(a)) == a


@frozen
class _Picklable:
    name: str
    values: tuple[int, ...]


def _described(cls: type[Any]) -> tuple[Any, ...]:
    """What a reader or a tool sees of a dataclass: its signature, docstring, fields and parameters."""
    params = cls.__dataclass_params__
    return (
        str(inspect.signature(cls)),
        cls.__doc__,
        cls.__match_args__,
        [(f.name, f.init, f.repr, f.compare, f.default, f.default_factory) for f in dataclasses.fields(cls)],
        (params.init, params.frozen),
        cls.__init__.__annotations__,
    )


def _rich_body() -> dict[str, Any]:
    assert ClassVar  # `limit` is a class variable because the module (the class's globals) imports it
    return {
        "__annotations__": {
            "name": "str",
            "limit": "ClassVar[int]",
            "count": "int",
            "items": "list[str]",
            "seen": "set[str]",
            "note": "str",
        },
        "limit": 3,
        "count": 0,
        "items": dataclasses.field(default_factory=list),
        "seen": dataclasses.field(default_factory=set, init=False),
        "note": dataclasses.field(default="n", init=False),
    }


@pytest.mark.parametrize(
    ("decorate", "reference"),
    [(frozen, dataclasses.dataclass(frozen=True)), (record, dataclasses.dataclass)],
    ids=["frozen", "record"],
)
def test_signature_docstring_defaults_and_factories_as_dataclass_writes_them(decorate: Any, reference: Any) -> None:
    ours, theirs = decorate(type("Rich", (), _rich_body())), reference(type("Rich", (), _rich_body()))
    assert _described(ours) == _described(theirs)
    for make in (ours, theirs):
        a, b = make("a"), make("a", 2, ["x"])
        assert (a.count, a.items, a.seen, a.note, b.count, b.items) == (0, [], set(), "n", 2, ["x"])
        assert a.items is not make("a").items  # a factory's value is made afresh for each instance
        with pytest.raises(TypeError):
            make()
    documented = decorate(type("Documented", (), {"__doc__": "Says why.", "__annotations__": {"a": "int"}}))
    assert documented.__doc__ == "Says why."


def test_post_init_runs_and_a_frozen_class_sets_its_fields_without_its_own_setattr() -> None:
    @frozen
    class Checked:
        value: int
        doubled: int = dataclasses.field(default=0, init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "doubled", self.value * 2)

    assert Checked(4).doubled == 8
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
        Checked(1).other = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'value'"):
        del Checked(1).value


def test_a_dataclass_built_on_a_frozen_class_is_frozen_too() -> None:
    @frozen
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Child(Base):
        b: int = 0

    assert Child(1, 2) == Child(1, 2) and dataclasses.replace(Child(1), b=3).b == 3
    with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):
        dataclasses.dataclass(type("Loose", (Base,), {"__annotations__": {"c": "int"}, "c": 0}))


def test_what_it_does_not_write_is_left_to_dataclass() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        frozen(type("Bad", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 0}))
    assert InitVar  # as ClassVar above: the class's module must name it
    with_init_var = frozen(type("Var", (), {"__annotations__": {"a": "int", "b": "InitVar[int]"}}))
    assert [f.name for f in dataclasses.fields(with_init_var)] == ["a"] and with_init_var(1, 2).a == 1
    keyword = frozen(type("Kw", (), {"__annotations__": {"a": "int"}, "a": dataclasses.field(kw_only=True)}))
    assert keyword(a=1).a == 1
    selfish = record(type("Selfish", (), {"__annotations__": {"self": "int"}}))
    assert selfish(1).self == 1  # type: ignore[call-arg,attr-defined]


DEFINE = """
import sys
compiled = []
sys.addaudithook(lambda event, args: compiled.append(args[1]) if event == "compile" else None)
from servex._record import frozen, record
before = len(compiled)
@frozen
class Point:
    x: int
    y: int = 0
@record
class Box:
    items: list = None
print(len(compiled) - before)
"""


def test_a_class_costs_one_compiled_function() -> None:
    """Why the module exists: `@dataclass(frozen=True)` compiles six functions per class (five when
    `__repr__`, `__eq__` and `__hash__` are shared); defining classes was a fifth of a small `assess`."""
    done = subprocess.run([sys.executable, "-c", DEFINE], capture_output=True, text=True, check=True)
    assert int(done.stdout) == 2  # Point.__init__ and Box.__init__
