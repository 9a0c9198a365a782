"""Plain text, Markdown and HTML, split into paragraphs that carry their line or heading.

Only the first bytes a document may contribute are read (the text cap, times four for multi-byte
encodings), so a huge log file renamed `.txt` costs no more memory than a normal document.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from servex.plugins.documents._model import Extracted, ExtractionError, TextBudget

__all__ = ["css_hidden", "extract_html", "extract_markdown", "extract_plain"]

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_BLOCKS = {
    "p", "div", "li", "tr", "td", "th", "br", "section", "article", "blockquote", "pre", "dd", "dt",
    "table", "ul", "ol", "header", "footer", "main", "aside", "nav", "figcaption", "caption",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head"}
#: elements that have no end tag, so never open a hidden stretch
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: elements whose end tag may be left out: a new one closes the one before, it does not nest in it
_SELF_CLOSING = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
_INVISIBLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


#: struck-through text: the author shows it withdrawn ("<del>within 2 days</del> within 10 days")
_STRUCK_TAGS = {"del", "s", "strike"}
_LINE_THROUGH = re.compile(r"text-decoration(?:-line)?\s*:[^;]*line-through", re.IGNORECASE)
#: what a Markdown renderer never shows as text: comments, raw HTML elements marked hidden, struck text
#: what a Markdown renderer never shows as text, found by one pattern: comments (one never closed runs to
#: the end of the document, as rendered) and GFM strikethrough within one paragraph
_MD_COMMENT_OR_STRUCK = re.compile(r"<!--.*?(?:-->|\Z)|~~(?=\S)(?:(?!\n[ \t]*\n).)+?~~", re.DOTALL)
#: a raw HTML opening tag in Markdown, and the attributes that hide or strike its element
_MD_OPEN = re.compile(r"<([A-Za-z][\w-]*)\b([^<>]*)>")
_MD_HIDING = re.compile(
    r"\shidden\b|aria-hidden\s*=\s*[\"']?true|display\s*:\s*none|visibility\s*:\s*hidden|line-through",
    re.IGNORECASE,
)


def _md_unshown_spans(text: str) -> list[tuple[int, int]]:
    """Where the comments, struck text and hidden or struck raw HTML elements of a Markdown text are.

    An element's end tag is looked for once per tag name: one never closed is never closed later either,
    so a file of thousands of unclosed `<del>` costs one scan each, not one per opening (a single pattern
    with `.*?</del>` took 6 s over 8,000 of them, and grows with their square)."""
    spans = [m.span() for m in _MD_COMMENT_OR_STRUCK.finditer(text)]
    lower, unclosed, reached = text.lower(), set(), 0
    for opening in _MD_OPEN.finditer(text):
        tag = opening.group(1).lower()
        if tag in unclosed or opening.start() < reached:
            continue
        if tag not in _STRUCK_TAGS and not _MD_HIDING.search(opening.group(2)):
            continue
        close = lower.find(f"</{tag}", opening.end())
        if close < 0:
            unclosed.add(tag)
            continue
        end = lower.find(">", close)
        reached = len(text) if end < 0 else end + 1
        spans.append((opening.start(), reached))
    return spans


def _unshown_markdown(text: str) -> str:
    """`text` with what a reader of the rendered Markdown never sees as a statement blanked, line breaks
    kept so locators keep their line numbers. What was observed: a template's guidance in an HTML comment
    ("state that every complaint is acknowledged within 2 working days…") met a requirement outright."""
    parts, at = [], 0
    for start, end in sorted(_md_unshown_spans(text)):
        if end <= at:
            continue
        start = max(start, at)
        parts += [text[at:start], " ", "\n" * text.count("\n", start, end)]
        at = end
    return "".join(parts) + text[at:] if parts else text


def _struck(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    return tag in _STRUCK_TAGS or any(
        name.lower() == "style" and _LINE_THROUGH.search(value or "") for name, value in attrs
    )


#: selectors a page's own style sheet hides: ("tag" | "class" | "id", name)
Hiding = frozenset[tuple[str, str]]
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)(?:</style\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(?:([.#])([\w-]+))?$", re.IGNORECASE)


def css_hidden(page: str) -> Hiding:
    """The simple selectors (`.note`, `#promise`, `p.old`, `aside`) that the page's own `<style>` blocks
    hide with `display: none` or `visibility: hidden`, outside `@media` and other at-rules (a print-only
    rule hides nothing on screen). What was observed: a page whose "service promise" sat in a paragraph
    of class `x`, hidden by `.x{display:none}` in its head, lifted two requirements. A selector with a
    combinator (`.menu .x`) hides only some elements of its class and is not followed; nor is a linked
    style sheet, which is not part of the page."""
    found: set[tuple[str, str]] = set()
    for block in _STYLE_BLOCK.finditer(page):
        css, depth, start, prelude = _CSS_COMMENT.sub("", block.group(1)), 0, 0, ""
        for at, char in enumerate(css):
            if char == "{":
                if depth == 0:
                    prelude = css[start:at].strip()
                depth, start = depth + 1, at + 1
            elif char == "}" and depth:
                depth -= 1
                if depth == 0:
                    if not prelude.startswith("@") and _INVISIBLE.search(css[start:at]):
                        found |= _selectors(prelude)
                    start = at + 1
    return frozenset(found)


def _selectors(prelude: str) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for selector in prelude.split(","):
        simple = _SIMPLE_SELECTOR.match(selector.strip())
        if not simple or not (simple.group(1) or simple.group(3)):
            continue
        tag, mark, name = simple.groups()
        if mark:  # `p.old` is narrower than `.old`: the class (or id) alone is kept only without a tag
            if not tag:
                out.add(("class" if mark == "." else "id", name))
            else:
                out.add((f"{tag.lower()}{mark}", name))
        else:
            out.add(("tag", tag.lower()))
    return out


def _hidden(tag: str, attrs: list[tuple[str, str | None]], hiding: Hiding = frozenset()) -> bool:
    """Whether an element is not shown to a reader: text a visitor never sees states nothing to them
    (a page with its "service promise" in a `display:none` block lifted three criteria)."""
    values = {name.lower(): (value or "") for name, value in attrs}
    if "hidden" in values or values.get("aria-hidden", "").lower() == "true":
        return True
    if _INVISIBLE.search(values.get("style", "")):
        return True
    if not hiding:
        return False
    classes, ident = values.get("class", "").split(), values.get("id", "")
    return (
        ("tag", tag) in hiding
        or ("id", ident) in hiding
        or (f"{tag}#", ident) in hiding
        or any(("class", name) in hiding or (f"{tag}.", name) in hiding for name in classes)
    )


def _decode(path: Path, max_chars: int) -> str:
    with open(path, "rb") as handle:
        data = handle.read(max_chars * 4)
    if b"\x00" in data[:8192]:
        raise ExtractionError("binary content (NUL bytes), not text; is the extension wrong?")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a character cut by the read limit
            return data[: exc.start].decode("utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError("the text encoding cannot be recognised (binary content?)")
    return str(best)


def _located(line: int, heading: str) -> str:
    return f'line {line} (under "{heading[:60]}")' if heading else f"line {line}"


def _paragraphs(text: str, markdown: bool, budget: TextBudget) -> str:
    """Feed blank-line separated paragraphs to the budget; returns the first Markdown heading."""
    heading, first_heading, start = "", "", 1
    lines: list[str] = []
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        found = _MD_HEADING.match(line) if markdown else None
        if line.strip() and not found:
            if not lines:
                start = number
            lines.append(line)
            continue
        if lines and not budget.add(_located(start, heading), " ".join(lines)):
            break
        lines = []
        if found:
            heading = found.group(1)
            first_heading = first_heading or heading
            if not budget.add(_located(number, heading), heading):
                break
    return first_heading


def extract_plain(path: Path, max_chars: int) -> Extracted:
    budget = TextBudget(max_chars)
    _paragraphs(_decode(path, max_chars), False, budget)
    return budget.result({})


def extract_markdown(path: Path, max_chars: int) -> Extracted:
    budget = TextBudget(max_chars)
    title = _paragraphs(_unshown_markdown(_decode(path, max_chars)), True, budget)
    return budget.result({"title": title})


class _Html(HTMLParser):
    def __init__(self, budget: TextBudget, hiding: Hiding = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.hiding = hiding  #: what the page's own style sheet hides (see css_hidden)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_heading = False
        self.heading = ""
        self.number = 0
        self.meta: dict[str, str] = {}
        self.hidden: list[str] = []  #: the hidden element being skipped and those of its name inside it

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        self.parts = []
        if not text:
            return
        if self.in_heading:
            self.heading = text
        self.number += 1
        where = f"paragraph {self.number}"
        self.budget.add(f'{where} (under "{self.heading[:60]}")' if self.heading else where, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden and tag == self.hidden[0] and tag not in _VOID:
            if tag in _SELF_CLOSING and len(self.hidden) == 1:
                self.hidden.clear()  # `<p hidden>…<p>`: the new paragraph ends the hidden one
            else:
                self.hidden.append(tag)
        if not self.hidden and tag not in _VOID and (_hidden(tag, attrs, self.hiding) or _struck(tag, attrs)):
            if not _struck(tag, attrs):  # struck words sit inside a sentence: the rest of it goes on
                self.flush()
            self.hidden.append(tag)
        if tag in _SKIPPED:
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("name") or "").lower()
            if name in ("author", "date", "dcterms.modified", "dcterms.created"):
                self.meta[name] = values.get("content") or ""
        if tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
            self.in_heading = tag in _HEADINGS

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag == self.hidden[0]:
            self.hidden.pop()
        if tag in _SKIPPED and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.meta["title"] = (self.meta.get("title", "") + data).strip()
        elif not self.skip and not self.hidden:
            self.parts.append(data)


def extract_html(path: Path, max_chars: int) -> Extracted:
    budget = TextBudget(max_chars)
    page = _decode(path, max_chars)
    parser = _Html(budget, css_hidden(page) if "<style" in page.lower() else frozenset())
    parser.feed(page)
    parser.close()
    parser.flush()
    meta = parser.meta
    return budget.result(
        {
            "title": meta.get("title", ""),
            "author": meta.get("author", ""),
            "created": _iso(meta.get("dcterms.created", "")),
            "modified": _iso(meta.get("dcterms.modified") or meta.get("date") or ""),
        }
    )


def _iso(value: str) -> str:
    return value[:10] if _ISO_DATE.match(value) else ""
