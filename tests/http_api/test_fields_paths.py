"""Field paths compiled to plain Python give exactly what JMESPath gives (a filter or a derived flag that
disagreed would drop or mislabel records silently), including its rules for comparing numbers with
booleans, strings and nulls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jmespath
import pytest
from servex.plugins.http_api._fields import compile_path

EXPRESSIONS = [
    "reopens > `0`",
    "status != 'deleted'",
    "via.channel == 'email'",
    "a.b >= `1.5`",
    "a <= b",
    "a == `true`",
    "a < 'm'",
    "@",
    "tickets",
    "x[0]",
    "length(tickets)",
]
VALUES: list[Any] = [
    {"reopens": 0},
    {"reopens": 2},
    {"reopens": None},
    {"reopens": "3"},
    {"reopens": True},
    {"status": "deleted"},
    {"status": "open"},
    {"via": {"channel": "email"}},
    {"via": "email"},
    {"a": {"b": 1.5}},
    {"a": {"b": False}},
    {"a": 1, "b": 1},
    {"a": "a", "b": "b"},
    {"a": True},
    {"a": 1},
    {"a": 0},
    {"x": [5], "tickets": [1, 2]},
    {},
    [1],
    "text",
    None,
]


def _outcome(search: Callable[[Any], Any], value: Any) -> tuple[Any, str]:
    """The result and its type, or the exception's type (both raise on "3" > 0, for instance)."""
    try:
        got = search(value)
    except Exception as exc:
        return None, type(exc).__name__
    return got, type(got).__name__


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_compiled_paths_agree_with_jmespath(expression: str) -> None:
    path = compile_path(expression)
    for value in VALUES:
        assert _outcome(path.search, value) == _outcome(jmespath.compile(expression).search, value), value
