"""A self-assessment is the organisation's own answer sheet, not evidence of the practices it ticks.

What was observed: "Self-assessment 2025", a table of practices each marked "Yes", "In place" or "✓"
("Customers are surveyed after every closed complaint and results reviewed by management monthly | Yes"),
alone in a folder, lifted three requirements of the pyramid set, the feedback procedure to satisfied. A
tick beside a practice is a self-declared tag: it says the organisation believes it complies, and an
assessor asks to see what shows it. The shipped sets' own rubrics list "a self-assessment checklist
filled by the complaints team" and "one site's self-assessment of its own answers" as evidence they
reject. (What a self-assessment marks as not in place was blanked already, see :mod:`._status`.)

A document whose title, or a section whose heading, says it is a self-assessment ("Self-assessment",
"Self-evaluation", "Readiness assessment", "Gap analysis", "Compliance checklist", "Auto-évaluation",
"Autodiagnostic", "Grille d'auto-évaluation", "Selbstbewertung", "Selbsteinschätzung") is blanked. What
the organisation says of its own practice belongs in the questionnaire answers (tell-me evidence, which
alone lifts a criterion to partial at most); the records and documents the self-assessment points to
count as themselves. Kept: an audit report ("Internal audit of complaint handling"), a management
review, a report titled with "assessment" that is not the organisation's own ("Mystery shopping
assessment", "Customer needs assessment").
"""

from __future__ import annotations

import re

__all__ = ["is_self_assessment"]

_SELF = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:our|annual|site|team|\d{4})\s+)?"
    r"(?:self[-\s]?(?:assessments?|evaluations?|audits?|checks?|declarations?|appraisals?)|"
    r"readiness\s+(?:assessments?|reviews?|checks?|checklists?)|gap\s+analys[ie]s|"
    r"compliance\s+(?:checklists?|self-checks?|declarations?)|"
    r"(?:grille\s+d['’])?auto-?\s?(?:[ée]valuations?|diagnostics?)|autodiagnostics?|"
    r"selbst(?:bewertung|einsch[äa]tzung|evaluation|check)\w*)\b",
    re.IGNORECASE,
)


def is_self_assessment(heading: str) -> bool:
    """Whether a heading (or a document's title) says that what is under it is a self-assessment."""
    return _SELF.search(heading.strip().lstrip("#").strip()) is not None
