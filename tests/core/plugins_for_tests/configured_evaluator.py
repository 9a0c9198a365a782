"""A plugin whose evaluator depends on the run's configuration, told through `servex_configure`."""

from servex import Evaluator, InvalidInputError, RequirementOutcome, hookimpl

SEEN: dict = {}


@hookimpl
def servex_configure(config):  # type: ignore[no-untyped-def]
    value = config.settings_for("configured_evaluator").get("max_days", 3)
    if not isinstance(value, int) or value < 0:
        raise InvalidInputError(f"plugins.settings.configured_evaluator.max_days must be a whole number, not {value!r}")
    SEEN.clear()
    SEEN.update(max_days=value, lang=config.lang, start=config.period.start.isoformat(), offline=config.offline)


def _evaluate(requirement, ctx):  # type: ignore[no-untyped-def]
    state = "satisfied" if SEEN["max_days"] <= 3 else "unsatisfied"
    told = f"max_days={SEEN['max_days']} lang={SEEN['lang']} start={SEEN['start']} offline={SEEN['offline']}"
    return RequirementOutcome(state, told)


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    return [Evaluator(type="acme.configured", evaluate=_evaluate)]
