"""A plugin type with a strict params schema, to prove `{param: name}` works for plugin types too."""

from servex import Evaluator, RequirementOutcome, hookimpl


def _evaluate(requirement, ctx):  # type: ignore[no-untyped-def]
    limit = requirement.params["max_days"]
    state = "satisfied" if limit <= 3 else "unsatisfied"
    return RequirementOutcome(state, f"judged against max_days={limit:g}")


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["max_days"],
        "properties": {"max_days": {"type": "number", "minimum": 0}},
    }
    return [Evaluator(type="acme.turnaround", evaluate=_evaluate, params_schema=schema)]
