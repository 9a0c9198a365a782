"""What other organisations do is not the organisation's practice (see `_others`).

What was observed: a "Competitor review" ("BikeHub: every complaint is logged in a register and
acknowledged within 2 days; customers are surveyed after each repair and the results are reviewed by
management monthly"; "Spokes & Co: phone and chat open from 8:00 to 20:00 every day"), alone in a folder,
lifted four requirements of the pyramid set, two to satisfied; "Industry benchmarks 2025" ("Most firms
review customer feedback at a monthly management meeting and publish a service charter") lifted three,
the feedback procedure to satisfied. An empty folder lifts none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servex.plugins.documents._others import is_others_heading, others_spans
from servex.plugins.documents._terms import fold_words
from test_doc_clients import _lifted

COMPETITORS = """# Competitor review

BikeHub: every complaint is logged in a register and acknowledged within 2 days; customers are surveyed after each
repair and the results are reviewed by management monthly. They publish a service charter with response times.

Spokes & Co: phone and chat open from 8:00 to 20:00 every day; first replies within 4 hours.
"""

BENCHMARK = """# Industry benchmarks 2025 (from the Cycle Trade Association survey)

Across the sector, 95 % of complaints were acknowledged within 2 days and average customer satisfaction was 82 %.
Most firms review customer feedback at a monthly management meeting and publish a service charter.
"""

#: the same substance as the organisation's own practice, beside a comparison with the sector
OWN = """# How we handle feedback

Every complaint is logged in a register and acknowledged within 2 days. Customers are surveyed after each repair
and the results are reviewed by management monthly. We publish a service charter with response times.

## Benchmarking

Our satisfaction was 88 % against a sector average of 82 %. We review customer feedback at a monthly management
meeting, as most firms do.
"""


@pytest.mark.parametrize(("name", "text"), [("competitors", COMPETITORS), ("benchmark", BENCHMARK)])
def test_what_other_organisations_do_lifts_nothing(tmp_path: Path, name: str, text: str) -> None:
    assert _lifted(tmp_path, name, text) == {}


def test_the_organisation_s_own_practice_beside_a_benchmark_still_counts(tmp_path: Path) -> None:
    lifted = _lifted(tmp_path, "own", OWN)
    assert lifted.get(("PYR-L2-06", "procedure")) == "satisfied"


@pytest.mark.parametrize(("sentence", "blanked"), [
    ("Most firms review customer feedback at a monthly meeting.", True),
    ("Other retailers offer a 30-day return window.", True),
    ("Competitors answer within an hour.", True),
    ("Our competitors answer within an hour.", True),
    ("Across the sector, 95 % of complaints were acknowledged within 2 days.", True),
    ("The industry average is 82 %.", True),
    ("La plupart des entreprises publient une charte de service.", True),
    ("Die meisten Unternehmen veröffentlichen eine Servicecharta.", True),
    ("Our satisfaction was 88 % against a sector average of 82 %.", False),
    ("Other retailers charge for delivery; we do not.", False),
    ("Most hotels of the group review feedback daily.", False),
    ("All branches record every complaint.", False),
    ("Most complaints are resolved within a week.", False),
])  # fmt: skip
def test_which_sentences_describe_other_organisations(sentence: str, blanked: bool) -> None:
    spans = others_spans([sentence], [fold_words(sentence)[1]], [None])[0]
    assert bool(spans) is blanked


@pytest.mark.parametrize(("heading", "about_others"), [
    ("Competitor review", True), ("Competitive analysis", True), ("Industry benchmarks 2025", True),
    ("Benchmarking", True), ("Market review", True), ("Analyse concurrentielle", True), ("Wettbewerbsanalyse", True),
    ("Customer feedback", False), ("Complaints policy", False), ("Our results", False),
])  # fmt: skip
def test_which_headings_say_a_section_is_about_others(heading: str, about_others: bool) -> None:
    assert is_others_heading(heading) is about_others
