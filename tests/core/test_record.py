"""`servex._record.frozen` and `record` behave as `@dataclass(frozen=True)` and `@dataclass` do.

They exist to make defining classes cheaper (see the module); a criteria set, a finding's evidence or a
cache key must compare, hash, print, copy and refuse changes exactly as before.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

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
