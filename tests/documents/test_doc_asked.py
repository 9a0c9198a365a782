"""A document requirement's messages read its params as the matching rules do.

The wording (what was looked for, how many, how recent) comes from the params without the matching
machinery, so a folder without documents is graded without folding a term; it must name the terms,
counts and ages exactly as the parsed requirement (`Spec`) that judges documents sees them.
"""

from __future__ import annotations

from servex._criteria.registry import CriteriaRegistry
from servex._plugins import load_plugins
from servex.plugins.documents._evaluate import _Asked
from servex.plugins.documents._judge import Spec


def test_every_shipped_document_requirement_reads_the_same_without_matching() -> None:
    registry = CriteriaRegistry(load_plugins())
    checked = 0
    for entry in registry.entries():
        if entry.kind != "criteria-set":
            continue
        for criterion in registry.load(entry.id).criteria:
            for requirement in criterion.evidence:
                if requirement.type != "document":
                    continue
                spec, asked = Spec.parse(requirement.params), _Asked(requirement.params)
                near = (spec.near[0].label, spec.near[1].label, spec.near[2]) if spec.near else None
                assert (asked.tags, asked.tags_any, asked.claims, asked.both) == (
                    spec.tags, spec.tags_any, spec.claims, spec.both)
                assert asked.all == tuple(t.label for t in spec.all)
                assert asked.any == tuple(t.label for t in spec.any)
                assert asked.near == near
                assert (asked.min_count, asked.max_age_days) == (spec.min_count, spec.max_age_days)
                checked += 1
    assert checked > 40  # the shipped sets ask for documents: this compared them all


def test_a_term_given_as_spellings_reads_as_parse_term_labels_it() -> None:
    params = {"content": {"all": [["complaint", "réclamation"], "owner"], "near": {"terms": ["a", ["b", "c"]],
                                                                                   "within": 5}}}
    spec, asked = Spec.parse(params), _Asked(params)
    assert asked.all == tuple(t.label for t in spec.all) == ("complaint / réclamation", "owner")
    assert asked.near == ("a", "b / c", 5)
