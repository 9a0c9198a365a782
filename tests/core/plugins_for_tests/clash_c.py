"""A test plugin contributing the collector 'reviews', the type 'reviews.answered' and set acme-reviews."""

from _clash_common import contributions
from servex import hookimpl

COLLECTORS, EVALUATORS, SETS = contributions("partial")


@hookimpl
def servex_collectors():  # type: ignore[no-untyped-def]
    return COLLECTORS


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    return EVALUATORS


@hookimpl
def servex_criteria_sets():  # type: ignore[no-untyped-def]
    return SETS


servex_overrides = ["clash_a"]
