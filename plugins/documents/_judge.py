"""How one document fares against one `document` requirement.

Kept apart from the outcome wording (:mod:`._evaluate`) so the matching rules read on their own:
which tags and terms it has, where they are, and whether it is recent enough.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from servex import EvidenceItem
from servex.plugins.documents._claims import CLAIMS, find_claim
from servex.plugins.documents._match import DocIndex, Term, fold, parse_term
from servex.plugins.documents._passages import best_passage
from servex.plugins.documents._stated_date import expiry_date, lapsed, stated_date

__all__ = ["LATEST_AFTER_DAYS", "Content", "Judgement", "Spec", "content_of", "judge"]

MAX_CITATIONS = 8  #: per document, so a long policy does not flood the report
#: a document dated later than this after the period end cannot be dated right (a site visit, and the
#: documents updated for it, come within months of the period; a year leaves room for a late one)
LATEST_AFTER_DAYS = 366


@dataclass(frozen=True)
class Spec:
    """The params of a requirement, parsed once."""

    tags: tuple[str, ...]  #: the document carries every one of these
    tags_any: tuple[str, ...]  #: ... and at least one of these (alternative names for one kind of document)
    all: tuple[Term, ...]
    any: tuple[Term, ...]
    near: tuple[Term, Term, int] | None
    claims: tuple[str, ...]  #: what the passage about the subject must state (see ._claims)
    requires_owner: bool
    requires_approval: bool
    both: bool  #: tags_and_content
    content_decides: bool  #: match: content (tags only name the usual kind of document)
    max_age_days: int | None
    min_count: int
    plans: bool = False  #: what is stated only as a plan counts: the requirement asks for a plan (._prospects)
    #: the assessment period's last year, when known: a practice said to start later is a plan (._prospects)
    horizon: int | None = None
    public: bool = False  #: the document must be one customers see: one that says it is for staff only is not

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> Spec:
        content = params.get("content") or {}
        near = content.get("near")
        return cls(
            tags=tuple(str(t) for t in params.get("tags") or ()),
            tags_any=tuple(str(t) for t in params.get("tags_any") or ()),
            all=tuple(parse_term(t) for t in content.get("all") or ()),
            any=tuple(parse_term(t) for t in content.get("any") or ()),
            near=(parse_term(near["terms"][0]), parse_term(near["terms"][1]), int(near["within"])) if near else None,
            claims=tuple(str(c) for c in content.get("claims") or ()),
            requires_owner=bool(params.get("requires_owner")),
            requires_approval=bool(params.get("requires_approval")),
            both=params.get("match") == "tags_and_content",
            content_decides=params.get("match") == "content",
            max_age_days=params.get("max_age_days"),
            min_count=int(params.get("min_count", 1)),
            plans=bool(content.get("plans")),
            horizon=int(params["_horizon"]) if params.get("_horizon") is not None else None,
            public=bool(params.get("public")),
        )

    @staticmethod
    def content_key(params: Mapping[str, Any]) -> str:
        """What of the params decides matching (see :func:`content_of`), as text for the match cache."""
        wanted = {
            "content": params.get("content"),
            "owner": bool(params.get("requires_owner")),
            "approval": bool(params.get("requires_approval")),
            "dated": params.get("max_age_days") is not None,  # only then are its dates read (content_of)
            "horizon": params.get("_horizon"),  # the period's last year: what starts later is a plan
            "public": bool(params.get("public")),  # only then are its title lines read for "staff only"
        }
        return json.dumps(wanted, sort_keys=True, ensure_ascii=False, default=str)

    @property
    def has_tags(self) -> bool:
        return bool(self.tags or self.tags_any)

    @property
    def reads(self) -> str:
        """Which index of a document this requirement reads: "plans" (it asks for a plan: everything counts),
        "decisions" (it asks for a decision: a plan decided in minutes counts) or "practice" (only what is
        done: a plan counts nowhere, decided or not; see ._prospects)."""
        return "plans" if self.plans else "decisions" if "decision" in self.claims else "practice"

    @property
    def has_content(self) -> bool:
        return bool(self.all or self.any or self.near)

    # Tags and manifest metadata only say where to look: without content a requirement cannot be met.


@dataclass
class Judgement:
    item: EvidenceItem
    status: str = "none"  #: match | too_old | expired | undated | partial | tagged_only | none
    age_days: int | None = None
    tags_ok: bool = False
    citations: list[dict[str, Any]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  #: labels of terms found
    missing: list[dict[str, str]] = field(default_factory=list)  #: what this document lacks, {en, fr}
    late: str | None = None  #: a date too far after the period to be right (see `judge`), as given
    stated: str | None = None  #: the older date the text states, used instead of the file's stamp
    expired: str | None = None  #: the date its text says it lapsed, before the period began (see `judge`)


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


#: a draft is not the approved document an assessor asks for, whatever date servex.yaml gives it
_DRAFT = re.compile(
    r"(?<![a-z])(?:draft|brouillon|entwurf|not\s+yet\s+approved|for\s+(?:comment|consultation)|"
    r"pour\s+(?:avis|consultation)|projet\s+de\s+(?:proc[ée]dure|politique|charte)|zur\s+abstimmung)(?![a-z])",
    re.IGNORECASE,
)
#: a document that says it is not for customers: what a requirement for something customers see cannot use
_INTERNAL = re.compile(
    r"(?<![a-z])(?:(?:for_)?internal_use(?:_only)?|internal_only|(?:staff|employees?)_only|intranet|"
    r"not_for_(?:publication|distribution|external_(?:use|distribution))|(?:[àa]_)?usage_interne|"
    r"interne?_uniquement|r[ée]serv[ée]e?s?_au_personnel|diffusion_interne|ne_pas_diffuser|"
    r"nur_f[üu]r_den_internen_gebrauch|nur_intern|interne_verwendung)(?![a-z])".replace("_", r"[\s_-]+")
    # "confidential" only as a marking (alone or before a dash at the line's start, after one or in brackets
    # at its end):
    # "Your complaint is kept confidential" says how complaints are handled, not who may read the document
    + r"|^\W*(?:strictly\s+)?(?:confidential|confidentiel(?:le)?|vertraulich)\s*(?:[\-–—:|/,.]|$)"
    r"|[(\[\-–—:]\s*(?:strictly\s+)?(?:confidential|confidentiel(?:le)?|vertraulich)\s*[)\]]?\W*$",
    re.IGNORECASE,
)
#: ... unless the same line says it is published for everyone as well ("on our website and the intranet")
_PUBLISHED = re.compile(
    r"(?<![a-z])(?:website|web\s+site|www\.|site\s+internet|public|webseite|ver[öo]ffentlicht)", re.IGNORECASE
)
_HEAD_SEGMENTS = 3  #: the title and status lines of a document
_SHORT_LINE = 120

_APPROVED = re.compile(
    r"\b(?:approved|adopted|signed off|endorsed|validated|approuvee?s?|adoptee?s?|validee?s?|"
    r"genehmigt|verabschiedet|freigegeben)\b"
)


@dataclass
class Content:
    """What a document's text shows of a requirement: all that depends on the text alone, so it can be
    cached by document hash and requirement (see :mod:`._matchcache`)."""

    complete: bool  #: one passage shows the whole requirement
    citations: list[dict[str, Any]]
    found: list[str]  #: labels of terms found, sorted
    missing: list[dict[str, str]]
    owner_in_text: bool = False  #: scanned only when the requirement asks for an owner
    approval_in_text: bool = False  #: ... or a dated approval
    substantive: bool = False  #: the best passage states part of the requirement (see PassageMatch)
    draft: bool = False  #: the document says it is a draft (scanned when it matches)
    stated: str | None = None  #: the approval or review date its text states (when an age limit applies)
    expires: str | None = None  #: ... and the date it says the document lapses or is due for review
    internal: bool = False  #: its title lines say it is for staff only (scanned when it must be public)

    def to_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "citations": self.citations,
            "found": self.found,
            "missing": self.missing,
            "owner_in_text": self.owner_in_text,
            "approval_in_text": self.approval_in_text,
            "substantive": self.substantive,
            "draft": self.draft,
            "stated": self.stated,
            "expires": self.expires,
            "internal": self.internal,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Content:
        return cls(
            bool(data["complete"]),
            list(data["citations"]),
            [str(f) for f in data["found"]],
            list(data["missing"]),
            bool(data["owner_in_text"]),
            bool(data["approval_in_text"]),
            bool(data["substantive"]),
            bool(data["draft"]),
            data.get("stated"),
            data.get("expires"),
            bool(data.get("internal")),
        )


def content_of(index: DocIndex, spec: Spec) -> Content:
    """Match the requirement's subject, claims and topics against the document (and, for a key document,
    look for an owner and a dated approval in its text)."""
    subject_any: tuple[Term, ...] = ()
    subject_all: tuple[Term, ...] = ()
    topics: tuple[Term, ...] = ()
    if spec.any or spec.near:
        subject_any, topics = spec.any, spec.all
    else:  # the `all` terms are the subject itself
        subject_all = spec.all
    match = best_passage(index, subject_any, subject_all, spec.near, topics, spec.claims)
    content = Content(match.complete, match.citations[:MAX_CITATIONS], sorted(match.found), match.missing)
    content.substantive = match.substantive
    # only a key document that must show an owner or approval pays for scanning its whole text
    if match.complete and spec.requires_owner:
        content.owner_in_text = _anywhere(index, "owner", lambda t: find_claim(CLAIMS["owner"], t) is not None)
    if match.complete:  # a draft states what is proposed, not yet what is done (see _governance)
        content.draft = any(_says_draft(text) for _locator, text in index.segments[:_HEAD_SEGMENTS])
    if match.complete and spec.public:
        content.internal = any(_says_internal(text) for _locator, text in index.segments[:_HEAD_SEGMENTS])
    if match.complete and spec.requires_approval:
        content.approval_in_text = _anywhere(
            index, "approval", lambda t: bool(_APPROVED.search(t) and find_claim(CLAIMS["date"], t))
        )
    if match.complete and spec.max_age_days is not None:
        content.stated, content.expires = stated_date(index.folded), expiry_date(index.folded)
    return content


def _says_draft(text: str) -> bool:
    """Whether a title, status or file name marks a draft ("DRAFT", "Status: draft", "policy-draft.pdf"):
    a short line only, as a long paragraph may mention the draft another document once was."""
    return len(text) <= _SHORT_LINE and _DRAFT.search(text) is not None


def _says_internal(text: str) -> bool:
    """Whether a title or status line says the document is not for customers ("Complaints policy (intranet -
    staff only)", "INTERNAL USE ONLY", "Confidentiel"): a short line only, and not one that also says it is
    published for everyone."""
    return len(text) <= _SHORT_LINE and _INTERNAL.search(text) is not None and _PUBLISHED.search(text) is None


def _anywhere(index: DocIndex, what: str, test: Callable[[str], bool]) -> bool:
    """Whether some segment of the document passes `test`, asked once per document (every key document
    requirement asks it)."""
    key = ("anywhere", what)
    found = index.memo.get(key)
    if found is None:
        found = index.memo[key] = any(test(text) for text in index.folded)
    return bool(found)


def _governance(item: EvidenceItem, content: Content, spec: Spec) -> list[dict[str, str]]:
    """What a key document lacks in ownership and approval (from the manifest or its own text)."""
    lacking: list[dict[str, str]] = []
    if spec.requires_owner and not (item.attributes.get("owner") or content.owner_in_text):
        lacking.append(
            _text(
                "a named owner (in the document or as `owner` in servex.yaml)",
                "un responsable nommé (dans le document ou `owner` dans servex.yaml)",
            )
        )
    title, source = str(item.attributes.get("title") or ""), item.provenance.source
    internal = spec.public and (content.internal or _says_internal(title) or _says_internal(source))
    if internal:  # what customers never see cannot tell them anything (see _INTERNAL)
        lacking.append(
            _text(
                "a version customers can see (the document says it is for staff only, internal or confidential)",
                "une version que les clients peuvent consulter (le document se dit interne, réservé au personnel "
                "ou confidentiel)",
            )
        )
    draft = content.draft or _says_draft(str(item.attributes.get("title") or "")) or _says_draft(item.provenance.source)
    if draft and spec.requires_approval:
        lacking.append(
            _text(
                "a final version (the document says it is a draft; an approval counts only for a final one)",
                "une version définitive (le document se dit brouillon ; une approbation ne vaut que pour la "
                "version définitive)",
            )
        )
    elif draft:  # what a draft states is proposed, not yet the organisation's practice
        lacking.append(
            _text(
                "a final version (the document says it is a draft: what it states is proposed, not yet done)",
                "une version définitive (le document se dit brouillon : ce qu'il dit est proposé, pas encore fait)",
            )
        )
    elif spec.requires_approval and not (
        item.attributes.get("date_source") in ("approved", "issued") or content.approval_in_text
    ):
        lacking.append(
            _text(
                "a dated approval (in the document or as `approved` in servex.yaml)",
                "une approbation datée (dans le document ou `approved` dans servex.yaml)",
            )
        )
    return lacking


def _age(item: EvidenceItem, reference: date) -> int | None:
    try:
        return (reference - date.fromisoformat(str(item.attributes.get("date")))).days
    except ValueError:
        return None


def judge(
    item: EvidenceItem, content: Content | None, spec: Spec, reference: date, start: date | None = None
) -> Judgement:
    """`content` is what the document's text shows (:func:`content_of`), None when the requirement names
    no content; `reference` is the period's end, which ages are counted to, and `start` its beginning."""
    verdict = Judgement(item)
    held = {fold(t) for t in item.tags}
    wanted = [t for t in spec.tags if fold(t) not in held]
    one_of = not spec.tags_any or any(fold(t) in held for t in spec.tags_any)
    verdict.tags_ok = spec.has_tags and not wanted and one_of
    some_tags = (bool(spec.tags) and len(wanted) < len(spec.tags)) or (bool(spec.tags_any) and one_of)
    content_ok, some_content = False, False
    if spec.has_content and content is not None:
        verdict.citations, verdict.found, verdict.missing = list(content.citations), set(content.found), []
        verdict.missing = [dict(m) for m in content.missing]
        content_ok, some_content = content.complete, content.substantive
    # substance over presence: only a passage that states the requirement satisfies it; tags only rank
    hit = content_ok and (verdict.tags_ok or not spec.both)
    if hit:
        lacking = _governance(item, content, spec) if content is not None else []
        if lacking:
            verdict.missing = lacking
            verdict.status = "partial"
            return verdict
    if hit:
        verdict.missing = []
    else:
        if not one_of:
            alternatives = " | ".join(spec.tags_any)
            verdict.missing.insert(0, _text(f"tag {alternatives}", f"étiquette {alternatives}"))
        if wanted:
            verdict.missing.insert(0, _text(f"tag {', '.join(wanted)}", f"étiquette {', '.join(wanted)}"))
    if not hit:
        # a tag with nothing behind it is listed (the assessor sees where the organisation pointed) but
        # proves nothing, not even in part
        verdict.status = "partial" if some_content else ("tagged_only" if verdict.tags_ok or some_tags else "none")
        return verdict
    verdict.age_days = _age(item, reference)
    stated = content.stated if content is not None else None
    if stated and item.attributes.get("date_source") not in ("approved", "issued"):
        # the file's own stamp changes on every save: an older approval its text states places it better
        stamp = item.attributes.get("date")
        if not stamp or stated < str(stamp):
            verdict.stated, verdict.age_days = stated, (reference - date.fromisoformat(stated)).days
    if spec.max_age_days is not None and verdict.age_days is not None and verdict.age_days < -LATEST_AFTER_DAYS:
        # "approved: 2031-01-14" for a 2025 period is a typo or a made-up date, not a recent document:
        # it cannot show the document is current, so the document counts as undated
        verdict.late, verdict.age_days = str(item.attributes.get("date")), None
    if content is not None and item.attributes.get("date_source") not in ("approved", "issued"):
        # "Valid until: 31 December 2022" on a policy saved again in 2025: not current at any time of the
        # period, whatever its file's stamp (a date the manifest declares still wins)
        verdict.expired = lapsed(content.expires, content.stated, start)
    if spec.max_age_days is None:
        verdict.status = "match"
    elif verdict.age_days is not None and verdict.age_days > spec.max_age_days:
        verdict.status = "too_old"  # its age says it already, expired or not
    else:
        verdict.status = "expired" if verdict.expired else "undated" if verdict.age_days is None else "match"
    return verdict
