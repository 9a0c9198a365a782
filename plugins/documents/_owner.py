"""A document that another organisation owns says what that organisation does, not this one.

What was observed: another company's published complaints policy ("Acme Bank plc — Complaints handling
policy ... © 2024 Acme Bank plc"), dropped into the folder of the organisation being assessed, lifted
requirements of the pyramid set as if it were the organisation's own: a competitor's or a sister
company's policy copied for inspiration, a vendor's data sheet, a regulator's leaflet. servex cannot
know every name an organisation trades under, but a document that names its owner, where that owner is
plainly someone else and the organisation appears nowhere in it, is not the organisation's evidence.

Its owner is what it names in a copyright line ("© 2024 Acme Bank plc", "Copyright 2023 HelpFlow") or,
in its title or first lines, a name with a legal form ("Acme Bank plc", "HelpFlow Ltd", "Société X SAS",
"Muster GmbH"). It is another organisation's when that name shares no distinctive word with the
organisation's `name` or `also_known_as` in servex.yaml (generic words such as "Group", "Services",
"Limited" do not count), and the document never names the organisation. Such a document is not used as
evidence, with a warning that says so and what to add to servex.yaml if the name is the organisation's
own (a legal entity, a former name, a trading name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["organisation_names", "other_owner"]

_LEGAL = (
    r"(?:Ltd\.?|Limited|plc|PLC|Inc\.?|LLC|LLP|GmbH|AG|S\.A\.S?\.?|SAS|SARL|SA|SE|B\.V\.|BV|N\.V\.|NV|Pty|"
    r"Co\.?\s+KG|KG|e\.V\.|Corp\.?|Corporation)"
)
_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:(?:&|of|and|de|des|du|la|le|von|der|und)\s+)?[A-Z][\w&'’.-]*){0,5}"
_LEGAL_NAME = re.compile(rf"\b({_NAME}\s+{_LEGAL})(?![\w])")
# "©" with or without a year, or the word with a year ("Copyright 2023 ..."; a heading "Copyright notice" or
# a list item "(c) Customer Service Manager" names no owner); the name capitalised
_YEARS = r"\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*"
_COPYRIGHT = re.compile(
    rf"(?:©\s*(?:{_YEARS})?|\b(?i:copyright)\s+(?:©\s*)?{_YEARS})(?:(?i:by)\s+)?({_NAME}(?:\s+{_LEGAL})?)"
)
_HEAD_LINES = 3
_TITLE = 120  #: a longer line is a sentence, not a title or a letterhead
#: words that say what kind of body a name is, not which one
_GENERIC = frozenset({
    "the", "and", "of", "for", "group", "groupe", "gruppe", "holdings", "holding", "limited", "ltd", "plc", "inc",
    "llc", "llp", "gmbh", "sas", "sarl", "corp", "corporation", "company", "services", "service", "solutions",
    "international", "global", "systems", "partners", "société", "societe", "all", "rights", "reserved",
})  # fmt: skip


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", name.lower()) if len(w) >= 3 and w not in _GENERIC}


def organisation_names(manifest: Mapping[str, Any]) -> list[str]:
    """The organisation's `name` and `also_known_as` from servex.yaml."""
    organisation = manifest.get("organisation") if isinstance(manifest, Mapping) else None
    if not isinstance(organisation, Mapping):
        return []
    names = [organisation.get("name")]
    aliases = organisation.get("also_known_as")
    if isinstance(aliases, list):
        names += aliases
    return [str(n).strip() for n in names if isinstance(n, str) and n.strip()]


def _owners(texts: Sequence[str]) -> Iterable[str]:
    """The names the document gives as its owner: in a copyright line anywhere; with a legal form in its
    title (its first line) or on a line of its own near the top (a letterhead). A company named in a
    sentence ("repairs are carried out by Bikefix Ltd") is a partner, not the owner."""
    for text in texts:
        # a plain search first: the expression over every page of every document cost half a warm run
        if "©" in text or "opyright" in text or "OPYRIGHT" in text:
            for found in _COPYRIGHT.finditer(text):
                yield found.group(1)
    lines = [line.strip().lstrip("#").strip() for text in texts[:_HEAD_LINES] for line in text.splitlines()]
    lines = [line for line in lines if line][:_HEAD_LINES]
    for number, line in enumerate(lines):
        if len(line) > _TITLE:
            continue
        for found in _LEGAL_NAME.finditer(line):
            if number == 0 or found.group(0) == line:
                yield found.group(1)


def other_owner(texts: Sequence[str], names: Sequence[str]) -> str | None:
    """The name of another organisation the document names as its owner, when it never names this one
    (`names`: see organisation_names); None for a document of its own, or one that names no owner."""
    ours: set[str] = set()
    for name in names:
        ours |= _words(name)
    if not ours:
        return None
    other = None
    for owner in _owners(texts):
        words = _words(owner)
        if not words:
            continue
        if words & ours:
            return None  # it names the organisation as its owner
        other = other or owner.strip()
    if other is None:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(ours)) + r")\b", re.IGNORECASE)
    if any(pattern.search(text) for text in texts):
        return None  # the organisation appears in it: its own document under another legal name, or about it
    return other
