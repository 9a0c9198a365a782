"""A practice stated as a plan ("we plan to survey customers from next year") is not done yet: blanked.

What was observed: a "service improvement roadmap" that put every practice in the future ("We plan to
introduce a complaint handling procedure next year", "We intend to acknowledge complaints within 2
working days", "We would like employees to be empowered to resolve issues"), alone in a folder, lifted
fifteen criteria of the pyramid set to partially met; an empty folder lifts none. Matching found each
subject and its claim ("within 2 working days" is a time commitment) and did not read that the practice
was only intended.

Blanked before matching, like a denial (see :mod:`._denials`):

- a sentence that says its practice is intended, hoped for or under consideration: "we plan / intend /
  hope / wish / want / would like / aspire to", "we are going to / considering / exploring", "our
  ambition / intention / vision is", "from next year", "next year", "later this year", "once it is in place",
  "will be introduced / launched / rolled out", "we will introduce / implement / integrate / roll out ...",
  a sentence that opens with "In future", "Eventually",
  "One day", "In due course", and the same in French and German;
- a proposal ("Let's also escalate unresolved complaints to me", "Lass uns ..."; not "let us know"; "we
  propose to", "it is proposed that", "nous proposons de", "wir schlagen vor"), and a document titled
  as one ("Response to your invitation to tender", "Proposal for ...", "Réponse à l'appel d'offres");
- a sentence that says what would be done if things were otherwise: "if we had a complaints register,
  ...", a sentence opening with "Were we to", "Had we", "Should the board agree", and "si nous avions",
  "wenn wir ... hätten" (an options paper: not "if we are unable to resolve it", a rule for a case);
- a sentence that says its practice starts in a year after the period assessed ("From 1 March 2027,
  every complaint is acknowledged within 2 working days" in a 2025 assessment), whatever its tense;
- a section whose heading says it is a plan for later ("Roadmap", "Future plans", "Planned
  improvements", "Feuille de route", "Ausblick"), what a meeting is to discuss ("Agenda", "Ordre du
  jour", "Tagesordnung") or a post to be filled ("Vacancy", "Job advert", "We are hiring", "Offre
  d'emploi", "Stellenanzeige"), and the whole document when its title says so; the duties of a post to
  be filled anywhere ("the successful candidate will", "we are looking for a"). Not "Next steps": in
  minutes, that is where the actions agreed are.

Kept: a sentence that records a decision ("Agreed: a customer panel will be launched next year"), which
minutes hold and a review's requirement looks for; everything, for a requirement that asks for a plan (a
roadmap, an innovation pipeline, objectives: `content: {plans: true}` in its params). Kept too, because a
service commitment is written in these forms: "will" alone ("complaints will be acknowledged within 2
working days"), "aim", "target" and "goal" ("we aim to answer 80 % of calls within 20 seconds" is a
service standard), "plan" as a verb with an object ("we plan the rota each week"), "is planned" (a
schedule), "to prevent it in the future" (not at the sentence's start).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "ANCHOR_WORDS", "LEADING", "MONTHS", "is_later_plan_title", "is_plan_heading", "plan_section_spans",
    "planned_spans", "records_decision", "sentence_spans", "title_years",
]

_WHO = (
    r"(?:we|i|the\s+(?:company|organi[sz]ation|team|business|council|shop|firm|board|management)|"
    r"nous|wir|ich)"
)
# a change still to be made, said in the active voice: "we will integrate them into one CRM", "we will
# introduce a complaints register" (not "we will acknowledge your complaint", a commitment kept now)
_WILL_CHANGE = (
    rf"\b{_WHO}\s+will\s+(?:soon\s+|also\s+|then\s+|eventually\s+)?(?:introduce|implement|integrate|launch|"
    r"roll\s+out|deploy|migrate|adopt|install|unify|merge)\b"
)
_WILL_CHANGE_RE = re.compile(_WILL_CHANGE, re.IGNORECASE)
_EN = (
    rf"\b{_WHO}\s+(?:also\s+|now\s+|still\s+|therefore\s+|really\s+)?(?:plans?|aspires?|"
    r"(?:are|is)\s+(?:planning|hoping|going|preparing))\s+to\b",
    # "we want staff to ...", "we would like customers to ...", "we hope that ...", where "we" opens the
    # clause: "the feeling we want the guest to leave with" is a practice
    rf"(?:^\s*|(?<=[,;:(] )|(?<=\band ))\b{_WHO}\s+(?:also\s+|now\s+|still\s+|therefore\s+|really\s+)?"
    r"(?:intends?|hopes?|wish(?:es)?|wants?|would\s+(?:like|love))\s+(?:(?:to|that)\b|(?:[\w-]+\s+){1,3}?to\b)",
    rf"\b{_WHO}\s+(?:are|is)\s+(?:currently\s+|also\s+)?(?:considering|exploring|thinking\s+(?:about|of))\b",
    r"\bwe['’]d\s+(?:like|love)\s+to\b",
    r"\bour\s+(?:ambition|aspiration|intention|vision|dream|wish)\s+is\b",
    r"\b(?:from|starting|during|by|within|before\s+the\s+end\s+of)\s+next\s+(?:year|quarter)\b",
    # "we will publish a service promise next year": not "targets for next year", "next year's budget"
    r"(?<!\bfor\s)\bnext\s+(?:year|month|quarter|spring|summer|autumn|winter)\b(?!['’]s)",
    r"\blater\s+this\s+year\b|\bover\s+the\s+(?:next|coming)\s+(?:few\s+)?(?:months|years)\b",
    r"\bin\s+the\s+(?:coming|next\s+few)\s+(?:months|years)\b",
    r"\bonce\s+(?:it|this|these|they|the\s+[a-z-]+(?:\s+[a-z-]+){0,2})\s+(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:in\s+place|introduced|launched|rolled\s+out|live|adopted)\b",
    r"\b(?:will|to)\s+be\s+(?:introduced|launched|rolled\s+out)\b",
    _WILL_CHANGE,
    r"\b(?:is|are)\s+(?:under\s+consideration|not\s+yet\s+decided|still\s+to\s+be\s+decided)\b",
    # what would be done in a world that is not so ("if we had a complaints register, every complaint would
    # be recorded"): not "if we are unable to", a rule for a case that happens
    # a proposal: "We propose to record every complaint", "it is proposed that", a tender's offer
    rf"\b{_WHO}\s+(?:would\s+)?(?:propose|are\s+proposing|suggest)\s+(?:to|that)\b|"
    r"\bit\s+is\s+(?:proposed|suggested)\s+(?:to|that)\b",
    # a proposal in an email thread: "Let's also escalate unresolved complaints to me" (not "let us know")
    r"\blet(?:['’]s|\s+us)\s+(?:also\s+|now\s+|then\s+|just\s+)?(?!know\b|hear\b)\w+",
    # the duties of a post to be filled: "the successful candidate will record every complaint"
    r"\bthe\s+successful\s+(?:candidate|applicant)\b|\bwe\s+are\s+(?:looking\s+for|recruiting|hiring)\s+an?\b",
    r"\bif\s+(?:we|the\s+(?:company|organi[sz]ation|business|council|shop|firm))\s+(?:only\s+)?had\s+"
    r"(?:a|an|the|any|more|enough|its\s+own|our\s+own)\b(?=.*\b(?:would|could|might)\b)",
)
_FR = (
    r"\bnous\s+(?:pr[ée]voyons|envisageons|souhaitons|comptons|projetons|esp[ée]rons|aimerions|voudrions)\b",
    r"\bnous\s+allons\s+(?:mettre\s+en\s+place|lancer|introduire|cr[ée]er|d[ée]ployer|instaurer)\b",
    r"\bl['’]an\s+prochain\b|\bl['’]ann[ée]e\s+prochaine\b|\bprochainement\b",
    r"\bdans\s+les\s+(?:prochains\s+mois|prochaines\s+ann[ée]es|mois\s+[àa]\s+venir|ann[ée]es\s+[àa]\s+venir)\b",
    r"\b(?:sera|seront)\s+(?:lanc|introduit|d[ée]ploy)\w*",
    r"\b(?:est|sont)\s+(?:[àa]\s+l['’][ée]tude|en\s+projet)\b",
    r"\bnotre\s+(?:ambition|aspiration|intention|vision|souhait)\s+est\b",
    r"\bnous\s+(?:vous\s+)?proposons\s+de\b|\bil\s+est\s+propos[ée]\s+de\b",
    r"\bsi\s+nous\s+(?:avions|disposions)\b(?=.*\b\w+(?:rait|raient|rions)\b)",
)
_DE = (
    r"\bwir\s+(?:planen|beabsichtigen|m[öo]chten|wollen|hoffen|w[üu]nschen|erw[äa]gen|[üu]berlegen)\b",
    r"\bim\s+(?:n[äa]chsten|kommenden)\s+jahr\b|\bn[äa]chstes\s+jahr\b|\bdemn[äa]chst\b",
    r"\bin\s+den\s+(?:n[äa]chsten|kommenden)\s+(?:monaten|jahren)\b",
    r"\bsoll(?:en)?\s+(?:\w+\s+){0,6}?(?:eingef[üu]hrt|gestartet|aufgebaut)\s+werden\b",
    r"\bunser(?:e)?\s+(?:ambition|absicht|vision|ziel\s+f[üu]r\s+die\s+zukunft)\s+ist\b",
    r"\blass(?:t|en\s+sie)?\s+uns\s+(?:\w+\s+){0,4}?\w+en\b",
    r"\bwir\s+schlagen\s+(?:\w+\s+){0,2}?vor\b|\bes\s+wird\s+vorgeschlagen\b",
    r"(?:\bwenn\s+wir\s+(?:\w+\s+){1,5}?h[äa]tten\b|\bh[äa]tten\s+wir\b)(?=.*\b(?:w[üu]rden?|k[öo]nnten)\b)",
)
_ANYWHERE = re.compile("|".join(f"(?:{p})" for p in (*_EN, *_FR, *_DE)), re.IGNORECASE)
# only as the sentence's first words: "to prevent it in the future" is a reason, "In future, ..." a plan
_OPENING = re.compile(
    r"(?:in\s+(?:the\s+)?future|eventually|one\s+day|in\s+due\s+course|at\s+a\s+later\s+(?:stage|date)|"
    r"[àa]\s+l['’]avenir|[àa]\s+terme|un\s+jour|k[üu]nftig|zuk[üu]nftig|in\s+zukunft|irgendwann|"
    r"sp[äa]ter\s+einmal|"
    # a condition not met: "Were we to escalate complaints, ...", "Should the board agree, surveys would ..."
    r"were\s+we\s+to|had\s+we|should\s+(?:the\s+)?(?:board|management|committee|directors?|council|we)\s+"
    r"(?:agree|approve|decide|accept|choose)\w*)\b",
    re.IGNORECASE,
)
# a decision taken about what will be done is a fact of the meeting that took it ("Agreed: a customer panel
# will be launched next year"): minutes record decisions, and a review's requirement looks for them
_DECIDED = re.compile(
    r"\b(?:decided|agreed|resolved\s+to|approved|actions?\s*:|d[ée]cid[ée]e?s?|convenu|approuv[ée]e?s?|"
    r"valid[ée]e?s?|beschlossen|entschieden|vereinbart|genehmigt)\b",
    re.IGNORECASE,
)
#: month names and abbreviations, English, French and German (a pattern)
MONTHS = (
    r"jan\w*|feb\w*|m[äa]r\w*|apr\w*|ma[iy]|mai|june?|juin|juli?|juil\w*|aug\w*|ao[ûu]t|sep\w*|o[ck]t\w*|"
    r"nov\w*|d[ée][cz]\w*|janv\w*|f[ée]v\w*|avr\w*"
)
# "from 2027", "as of 1 March 2027", "starting in 2027", "by 2027", "à partir de 2027", "ab 2027"
_FROM_YEAR = re.compile(
    r"\b(?:from|starting(?:\s+in)?|as\s+of|beginning(?:\s+in)?|by|with\s+effect\s+from|effective(?:\s+from)?|"
    r"[àa]\s+partir\s+d[e']|d[èe]s|d'ici|ab|seit|bis\s+(?:ende\s+)?)\s*(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th|er)?\.?\s+)?"
    rf"(?:(?:{MONTHS})\.?\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"\b(?:road\s*-?\s*maps?|future\s+plans?|plans?\s+for\s+the\s+future|planned\s+(?:improvements?|changes?|"
    r"initiatives?|projects?)|feuilles?\s+de\s+route|projets?\s+futurs?|ausblick|geplante\s+(?:verbesserungen|"
    r"[äa]nderungen|projekte)|zukunftspl[äa]ne|"
    # what a meeting is to discuss, and a post to be filled: topics and duties, not what is done
    r"agenda|ordre\s+du\s+jour|tagesordnung|vacanc(?:y|ies)|job\s+(?:advert(?:isement)?|ad|opening|offer)|"
    # what is offered to win a contract, or proposed: "Response to your invitation to tender", "Proposal for"
    r"(?:response\s+to\s+(?:your\s+|the\s+)?(?:invitation\s+to\s+)?tender|tender\s+response|bid\s+for|"
    r"proposals?(?:\s+for)?|r[ée]ponse\s+[àa]\s+l['’]appel\s+d['’]offres|proposition\s+de|angebot\s+f[üu]r|"
    r"vorschlag)|"
    r"we\s*['’]?re\s+hiring|we\s+are\s+hiring|offres?\s+d['’]emploi|stellen(?:angebot|anzeige|ausschreibung)\w*)\b",
    re.IGNORECASE,
)

#: folded words (see `_terms.fold_words`) without which no sentence of a text reads as a plan
ANCHOR_WORDS = frozenset({
    "plan", "plans", "intend", "intends", "hope", "hopes", "wish", "wishes", "want", "wants", "like", "love",
    "aspire", "aspires", "planning", "hoping", "going", "preparing", "considering", "exploring", "thinking",
    "ambition", "aspiration", "intention", "vision", "dream", "next", "later", "coming", "once", "introduced",
    "launched", "rolled", "consideration", "decided", "future", "eventually", "day", "due", "stage",
    "prevoyons", "envisageons", "souhaitons", "comptons", "projetons", "esperons", "aimerions", "voudrions",
    "allons", "prochain", "prochaine", "prochainement", "prochains", "prochaines", "venir", "sera", "seront",
    "etude", "projet", "souhait", "avenir", "terme", "jour", "planen", "beabsichtigen", "mochten", "wollen",
    "hoffen", "wunschen", "erwagen", "uberlegen", "nachsten", "kommenden", "nachstes", "demnachst", "soll",
    "sollen", "absicht", "ziel", "kunftig", "zukunftig", "zukunft", "irgendwann", "spater", "had", "were",
    "should", "avions", "disposions", "hatten", "successful", "looking", "recruiting", "hiring", "let", "lets",
    "s", "lass", "lasst", "lassen", "propose", "proposing", "suggest", "proposed", "suggested", "proposons",
    "schlagen", "vorgeschlagen",
})  # fmt: skip
_BOUNDARY = re.compile(r"[.!?;](?=[ \t])|\n")  #: where a sentence ends
#: what a sentence may open with before its first word (marks, bullets, numbers)
LEADING = " \t\r\"'“”«»(*-•–—0123456789.)[]|#>,"


def is_plan_heading(heading: str) -> bool:
    """Whether a heading (or a document's title) says that what is under it is a plan for later."""
    return _HEADING.search(heading) is not None


#: a title that names a plan ("Service plan 2026", "Improvement programme 2027", "Plan d'action 2026")
_PLAN_TITLE = re.compile(
    r"\b(?:plans?|planning|programmes?|programs?|plan\s+d['’]actions?|aktionsplan|ma[ßs]nahmenplan|"
    r"jahresplan(?:ung)?|planung)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def title_years(title: str) -> list[int]:
    """The years a document's title names ("Plan 2025-2027": 2025, 2027), when it is short enough to be a
    title (a long first line is a sentence, not a title)."""
    return [int(year) for year in _YEAR.findall(title)] if len(title) <= 120 else []


def is_later_plan_title(title: str, horizon: int | None) -> bool:
    """Whether a document's title names a plan for years after the period assessed ("Service plan 2026" in
    a 2025 assessment): what it says is to be done then. What was observed: "Service plan 2026 | From next
    year every complaint will be logged ... Customers will be surveyed after every closed complaint and the
    results will be reviewed by the management team each month" satisfied the feedback procedure of 2025
    ("will" alone is how a procedure is written, so only the title can tell). A plan for the period itself
    ("Service plan 2025") is how it was run, and is kept."""
    if horizon is None or not _PLAN_TITLE.search(title):
        return False
    years = title_years(title)
    return bool(years) and min(years) > horizon


def planned_spans(
    text: str,
    words: Iterable[str] | None = None,
    horizon: int | None = None,
    keep_decided: bool = True,
    decided_out: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` that states a practice as a plan, in order. `words`:
    the text's folded words, when known (a text without a word that can make a plan is passed over).
    `horizon`: the last year of the assessment period; a practice that starts in a later year ("from
    2027", "as of March 2027", "by 2027") was not done in the period. `keep_decided`: a sentence that
    records a decision is kept (for a requirement that asks for a decision); else it is a plan too, and its
    span goes to `decided_out` as well (so a caller knows whether keeping decisions would change anything)."""
    # a year is looked for only where "19" or "20" occurs at all: a regular expression over every page
    # cost a fifth of building a document's index
    later = horizon is not None and ("20" in text or "19" in text) and _starts_later(text, horizon)
    # "will" is in most policies: a text whose only plan word it is is read only when it holds a change to
    # come ("we will introduce ..."), found by one search rather than sentence by sentence
    if (
        not later
        and words is not None
        and ANCHOR_WORDS.isdisjoint(words)
        and ("will" not in words or not _WILL_CHANGE_RE.search(text))
    ):
        return []
    spans: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        decided: bool | None = None  # whether the sentence records a decision, looked at when needed
        for part_start, part_end in _clauses(text, start, end):
            clause = text[part_start:part_end]
            if not (
                _OPENING.match(clause.lstrip(LEADING))
                or _ANYWHERE.search(clause)
                or (later and horizon is not None and _starts_later(clause, horizon))
            ):
                continue
            if decided is None:
                decided = (keep_decided or decided_out is not None) and _DECIDED.search(text, start, end) is not None
            span = (part_start + len(clause) - len(clause.lstrip()), part_end)
            if not (decided and keep_decided):
                spans.append(span)
                if decided and decided_out is not None:
                    decided_out.append(span)
    return spans


def _starts_later(text: str, horizon: int) -> bool:
    """Whether `text` says something starts, or is reached, in a year after `horizon`."""
    return any(int(found.group(1)) > horizon for found in _FROM_YEAR.finditer(text))


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's parts between colons: on a PDF page with no line ends, "Ambition Service excellence
    is our strategy: we want guests to ..." holds the page's title and the strategy's aim."""
    found: list[tuple[int, int]] = []
    at = text.find(": ", start, end)
    while at >= 0:
        found.append((start, at + 1))
        start = at + 1
        at = text.find(": ", start, end)
    found.append((start, end))
    return found


def records_decision(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether `text[start:end]`, a sentence, records a decision ("Agreed:", "Corrective action decided:")."""
    return _DECIDED.search(text, start, len(text) if end is None else end) is not None


def plan_section_spans(text: str, keep_decided: bool = True) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, a passage under a heading that says it is a plan for
    later (see `is_plan_heading`), that does not record a decision (`keep_decided`; else every one)."""
    return [
        (start, end)
        for start, end in sentence_spans(text)
        if not (keep_decided and _DECIDED.search(text, start, end))
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`: what lies between sentence marks and line ends."""
    found: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        found.append((start, boundary.end()))
        start = boundary.end()
    if start < len(text):
        found.append((start, len(text)))
    return found
