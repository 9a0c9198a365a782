"""An evaluator that explains itself with every kind of `servex.details` block, citing noted evidence."""

from servex import Evaluator, RequirementOutcome, hookimpl
from servex.details import cited_items, metric, table


def _evaluate(requirement, ctx):  # type: ignore[no-untyped-def]
    notes = sorted(ctx.items("note"), key=lambda item: item.id)
    show = [
        metric({"en": "Reply rate", "fr": "Taux de réponse"}, 87.5, unit="%", target=(">=", 80), met=True),
        table(["Channel", "Replies"], [["Google", 12], ["Trustpilot", 9]], title="By channel"),
        cited_items([{"text": "Reply within a day", "evidence_id": notes[0].id}, "A reply in Dutch"], title="Cited"),
    ]
    return RequirementOutcome("satisfied", "replies seen", evidence_ids=(notes[0].id,), details={"show": show})


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    return [Evaluator(type="acme.replies", evaluate=_evaluate)]
