"""What a client must never read in a report, as checks on its text (Markdown, HTML text or PDF text).

The organisation's own words are exempt: quoted snippets, document titles, file names, owners and
the like are evidence and stay as written (an English charter quoted in a German report is a quote).
They are cut out of the text first, so what is scanned is what servex itself wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

from servex.plugins.reports._evidence_view import plain

__all__ = ["duplicated_lines", "html_text", "org_strings", "problems"]

_SNAKE = re.compile(r"(?<![\w/.\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/])")
_PY_LITERAL = re.compile(r"\b(True|False|None)\b|\{'|\['|'\]|'\}")
_KEYWORD_LIST = re.compile(r"(?:[\w'’-]+(?: [\w'’-]+)* / ){3,}")
_PLURAL_HEDGE = re.compile(r"\w\((?:s|e|es|x)\)", re.IGNORECASE)
_ONE_PLURAL = re.compile(r"\b1 (documents|records|respondents|criteria|days|answers)\b")
_EMPTY_VALUE = re.compile(r":\s*[–-]\s+—")
_MARKDOWN = re.compile(r"\*\*|__|\]\(|(?<!\w)`|\\[_*#`\[\]]")
_ASCII_OPS = re.compile(r"\s(>=|<=)\s")
# Words that are English and neither French nor German (nor a loanword either uses in a report).
ENGLISH = {
    "the", "and", "with", "which", "target", "records", "respondents", "shown", "why", "gap",
    "partially", "answers", "staff", "agree", "rarely", "always", "customers", "evidence", "should",
    "within", "between", "level", "achieved", "weight", "knock-out", "not", "of", "to", "from", "by",
}


def org_strings(result: Mapping[str, Any]) -> list[str]:
    """Everything in a report that the organisation wrote or named, longest first."""
    found: set[str] = {str(result["organisation"].get("name", ""))}
    found |= {str(v) for v in (result.get("assessor") or {}).values() if isinstance(v, str)}
    for item in result["evidence"]:
        prov, attributes = item["provenance"], item.get("attributes") or {}
        found |= {str(prov["source"]), str(prov.get("locator") or ""), str(attributes.get("title") or ""),
                  str(attributes.get("owner") or ""), str(item.get("title") or "")}
    for finding in result["findings"]:
        found.add(str(finding.get("not_applicable_justification") or ""))
        for requirement in finding.get("requirements") or []:
            for doc in (requirement.get("details") or {}).get("documents") or []:
                found |= {str(doc.get("title") or ""), str(doc.get("file") or "")}
                for citation in doc.get("citations") or []:
                    found.add(str(citation.get("locator") or ""))
                    snippet = plain(str(citation.get("snippet") or ""))
                    found |= {part.strip() for part in re.split(r"…", snippet)}
                    found |= {part.strip() for part in re.split(r"…", _squash(str(citation.get("snippet") or "")))}
        for requirement in finding.get("requirements") or []:  # what the assessor wrote, in their language
            details = requirement.get("details") or {}
            found |= {str(o.get("note") or "") for o in details.get("observations") or []}
            found |= {str(c.get("note") or "") for c in details.get("not_followed") or [] if isinstance(c, dict)}
            found |= {str(r.get("method") or "") for r in details.get("sampling") or [] if isinstance(r, dict)}
    for entry in result.get("not_applicable") or []:
        found.add(str(entry.get("justification") or ""))
    # a quoted heading inside a locator, e.g. line 5 (under "Customer Care Training Plan 2025")
    found |= {m for s in list(found) for m in re.findall(r'"([^"]+)"', s)}
    return sorted((s for s in found if len(s) >= 3), key=len, reverse=True)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _without(text: str, strings: Iterable[str]) -> str:
    text = _squash(text)
    # each string as written, and as the PDF text is read (a path broken after "/" is one word)
    squashed = [_squash(value) for value in strings]
    forms = [form for value in squashed for form in dict.fromkeys((value, re.sub(r"/\s+(?=\S)", "/", value)))]
    for value in forms:
        if value:
            text = text.replace(value, " ")
            # Markdown escapes the organisation's text; the escaped form is the same words
            text = text.replace(re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", value), " ")
    return text


def problems(text: str, lang: str, strings: Iterable[str], *, markdown: bool = False) -> list[str]:
    """Every breach found in `text`, each as "kind: excerpt"."""
    own = _without(text, strings)
    if markdown:
        own = re.sub(r"`[0-9a-f]{12,64}…?`", " ", own)  # sha256 in code spans is meant as code
        own = re.sub(r"(^|\s)(#{1,4}|-|\|[-:|]+\|?)(?=\s)", " ", own)
        own = own.replace("**", " ")
    out = []
    checks = [
        ("raw id", _SNAKE), ("Python literal", _PY_LITERAL), ("keyword list", _KEYWORD_LIST),
        ("plural hedge", _PLURAL_HEDGE), ("singular as plural", _ONE_PLURAL), ("empty value", _EMPTY_VALUE),
        ("markdown residue", _MARKDOWN), ("ASCII operator", _ASCII_OPS),
    ]
    for kind, pattern in checks:
        for match in pattern.finditer(own):
            out.append(f"{kind}: …{own[max(0, match.start() - 40): match.end() + 40]}…")
    if lang != "en":
        for match in re.finditer(r"[^\W\d_](?:[\w'-]*\w)?", own):
            if match.group(0).lower() in ENGLISH:
                start = match.start()
                out.append(f"English in {lang}: {match.group(0)!r} in …{own[max(0, start - 40): start + 40]}…")
    return out


class _Text(HTMLParser):
    """The visible text of an HTML report, and the list items of each finding block."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.findings: list[list[str]] = []
        self.item: list[str] | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title", "svg", "script"):
            self.skip += 1
        classes = dict(attrs).get("class") or ""
        if tag == "div" and "finding" in classes.split():
            self.findings.append([])
        if tag == "li" and self.findings:
            self.item = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "svg", "script"):
            self.skip -= 1
        if tag == "li" and self.item is not None and self.findings:
            self.findings[-1].append(_squash(" ".join(self.item)))
            self.item = None
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)
            if self.item is not None:
                self.item.append(data)


def html_text(html: str) -> tuple[str, list[list[str]]]:
    parser = _Text()
    parser.feed(html)
    return _squash("".join(parser.parts)), parser.findings


_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)+\.\w+")


def duplicated_lines(blocks: Iterable[list[str]]) -> list[str]:
    """Lines said twice within a finding, and lines that name the same file twice ("x.csv — x.csv")."""
    out = []
    for block in blocks:
        out += sorted({x for x in block if block.count(x) > 1})
        out += [x for x in block if any(n > 1 for n in Counter(_PATH.findall(x)).values())]
    return out
