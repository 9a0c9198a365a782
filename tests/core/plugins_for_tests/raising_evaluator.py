"""A plugin whose evaluator crashes on every requirement of its type."""

from servex import Evaluator, hookimpl


def _evaluate(requirement, ctx):  # type: ignore[no-untyped-def]
    raise ZeroDivisionError("division by zero")


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    return [Evaluator(type="fragile", evaluate=_evaluate)]
