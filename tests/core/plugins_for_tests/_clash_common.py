"""What the clash_* test plugins share: a collector, an evaluator and a set, all under one name each."""

from pathlib import Path

from servex import Collector, Evaluator, RequirementOutcome


def contributions(verdict: str):  # type: ignore[no-untyped-def]
    def judge(requirement, ctx):  # type: ignore[no-untyped-def]
        return RequirementOutcome(verdict, f"judged by the {verdict} plugin")

    collectors = [Collector(name="reviews", kinds=("review",), collect=lambda ctx: [])]
    evaluators = [Evaluator(type="reviews.answered", evaluate=judge)]
    sets = [Path(__file__).parent / "clash_set.yaml"]
    return collectors, evaluators, sets
