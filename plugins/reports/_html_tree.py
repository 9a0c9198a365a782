"""The report's own HTML read into the element tree WeasyPrint lays out, five times faster than its parser.

Why: WeasyPrint parses HTML with tinyhtml5, a pure-Python HTML5 parser that reads one character at a time:
about a twentieth of a 150-criterion PDF report's time, for markup servex itself wrote a moment earlier.
That markup is regular by construction (every element closed, explicit `head` and `body`, tables with
their `tbody`), and for markup like that the HTML5 tree-construction rules reduce to a plain stack. So the
standard library's tokenizer (`html.parser`, written with regular expressions) reads it here, and the tree
is built with the few rules such markup still meets: where whitespace around `head` and `body` goes, SVG's
namespace and its camel-case tag and attribute names (tinyhtml5's own tables).

Anything outside that subset, where the HTML5 rules would reorder, close or reparent elements (an element
left open, a mismatched end tag, a block inside a paragraph, a list item outside a list, text directly in
a table, a comment, an unknown tag), makes this reader give up and the document is parsed by tinyhtml5
instead: slower, never different. A test checks, for every sample's report in every language, that the
two trees are identical.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element

__all__ = ["read_tree", "report_document"]

SVG = "http://www.w3.org/2000/svg"
VOID = frozenset({"br", "col", "hr", "img", "meta", "link", "wbr"})
HEAD = frozenset({"meta", "title", "style", "link"})
#: Tags whose start leaves an open paragraph open (phrasing content); any other closes it in HTML5.
PHRASING = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "img", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "svg", "time", "u", "var", "wbr",
})
FLOW = frozenset({
    "article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Where each table part may stand; text other than whitespace may stand in none of the parents.
TABLE_CHILDREN = {
    "table": frozenset({"caption", "colgroup", "thead", "tbody", "tfoot"}),
    "thead": frozenset({"tr"}), "tbody": frozenset({"tr"}), "tfoot": frozenset({"tr"}),
    "tr": frozenset({"td", "th"}), "colgroup": frozenset({"col"}),
}
TABLE_PARTS = frozenset({"caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th", "col"})
PARENT_OF = {"li": frozenset({"ul", "ol"}), "dt": frozenset({"dl"}), "dd": frozenset({"dl"})}
SVG_TAGS = frozenset({
    "a", "circle", "defs", "desc", "ellipse", "g", "line", "lineargradient", "path", "polygon", "polyline",
    "rect", "stop", "text", "title", "tspan",
})
#: The one tag of SVG_TAGS that HTML5 writes in camel case (tinyhtml5's adjust_svg_tag_names).
SVG_CAMEL_CASE = {"lineargradient": "linearGradient"}
SPACE = " \t\n\f"


class Unsupported(Exception):
    """Markup the plain stack would not build as HTML5 does; tinyhtml5 reads it instead."""


class _Builder(HTMLParser):
    def __init__(self, svg_tags: dict[str, str], svg_attributes: dict[str, str], foreign: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.svg_tags, self.svg_attributes, self.foreign = svg_tags, svg_attributes, foreign
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.names: list[str] = []  # the stack's tags as written (lower case, SVG ones unadjusted)
        self.phase = "start"  # start, html, head, after head, body, after body

    # -- tree --------------------------------------------------------------------------------------------
    def _append_text(self, parent: Element, text: str) -> None:
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        in_svg = "svg" in self.names
        if in_svg or tag == "svg":
            if tag != "svg" and tag not in SVG_TAGS:
                raise Unsupported(tag)
            name = f"{{{SVG}}}{self.svg_tags.get(tag, tag)}"
            attrib = self._attributes(attrs, svg=True)
        else:
            if closed and tag not in VOID:
                raise Unsupported(f"<{tag}/>")  # HTML5 ignores the slash: the element stays open
            name, attrib = tag, self._attributes(attrs, svg=False)
        element = Element(name, attrib)
        self.stack[-1].append(element)
        if not closed and tag not in VOID:
            self.stack.append(element)
            self.names.append(tag)

    def _attributes(self, attrs: list[tuple[str, str | None]], *, svg: bool) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in attrs:
            if svg:
                key = self.foreign.get(key) or self.svg_attributes.get(key, key)
            elif ":" in key:
                raise Unsupported(key)
            out.setdefault(key, "" if value is None else value)  # the first of a repeated attribute wins
        return out

    # -- tokens --------------------------------------------------------------------------------------------
    def handle_decl(self, decl: str) -> None:
        if self.phase != "start" or decl.lower() != "doctype html":
            raise Unsupported(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        phase = self.phase
        if phase == "start" and tag == "html" and not closed:
            self.root = Element("html", self._attributes(attrs, svg=False))
            self.stack, self.names, self.phase = [self.root], ["html"], "html"
        elif phase == "html" and tag == "head" and not attrs and not closed:
            self._open(tag, attrs, closed=False)
            self.phase = "head"
        elif phase == "head" and tag in HEAD and self.names[-1] == "head":
            self._open(tag, attrs, closed=closed)
        elif phase == "after head" and tag == "body" and not closed:
            self._open(tag, attrs, closed=False)
            self.phase = "body"
        elif phase == "body" and tag not in ("html", "head", "body"):
            self._check_body_start(tag)
            self._open(tag, attrs, closed=closed)
        else:
            raise Unsupported(f"<{tag}> in {phase}")

    def _check_body_start(self, tag: str) -> None:
        names, parent = self.names, self.names[-1]
        if "svg" in names:
            return  # checked against SVG_TAGS when opened
        if tag not in PHRASING and tag not in FLOW:
            raise Unsupported(tag)
        if parent in TABLE_CHILDREN and tag not in TABLE_CHILDREN[parent]:
            raise Unsupported(f"<{tag}> in <{parent}>")  # HTML5 would foster-parent or imply a part
        if tag in TABLE_PARTS and parent not in TABLE_CHILDREN:
            raise Unsupported(f"<{tag}> outside a table")
        if tag in PARENT_OF and parent not in PARENT_OF[tag]:
            raise Unsupported(f"<{tag}> in <{parent}>")
        if tag not in PHRASING and "p" in names:
            raise Unsupported(f"<{tag}> in <p>")  # HTML5 closes the paragraph first
        if tag == "a" and "a" in names:
            raise Unsupported("<a> in <a>")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and parent in ("h1", "h2", "h3", "h4", "h5", "h6"):
            raise Unsupported("heading in heading")
        if parent in ("title", "style"):
            raise Unsupported(f"<{tag}> in <{parent}>")

    def handle_endtag(self, tag: str) -> None:
        phase = self.phase
        if phase in ("head", "body") and len(self.names) > 2 and self.names[-1] == tag:
            self.stack.pop()
            self.names.pop()
        elif phase == "head" and tag == "head" and self.names == ["html", "head"]:
            self.stack.pop()
            self.names.pop()
            self.phase = "after head"
        elif phase == "body" and tag == "body" and self.names == ["html", "body"]:
            self.phase = "after body"  # what follows `</body>` still goes into the body
        elif phase == "after body" and tag == "html":
            self.phase = "after html"
        else:
            raise Unsupported(f"</{tag}> in {phase}")

    def handle_data(self, data: str) -> None:
        if not data:
            return
        blank = not data.strip(SPACE)
        phase, parent = self.phase, self.names[-1] if self.names else ""
        if "\r" in data or "\0" in data:
            raise Unsupported("CR or NUL")  # HTML5 normalises or replaces them
        if phase in ("start", "html") and blank:
            return  # before `<html>` and between it and `<head>`, HTML5 drops whitespace
        fits = (
            (phase in ("head", "after head", "after body", "after html") and blank)  # after `</body>`: the body
            or (phase == "head" and parent in ("title", "style"))
            or (phase == "body" and (blank or parent not in TABLE_CHILDREN))
        )
        if not fits:
            raise Unsupported(f"text in <{parent}>")
        self._append_text(self.stack[-1], data)

    def handle_comment(self, data: str) -> None:
        raise Unsupported("comment")

    def handle_pi(self, data: str) -> None:
        raise Unsupported("processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise Unsupported(data)

    def finish(self) -> Element:
        self.close()
        if self.root is None or self.phase not in ("after body", "after html"):
            raise Unsupported(f"document ends in {self.phase}")
        return self.root


def read_tree(text: str) -> tuple[Element, bool]:
    """The element tree of `text` as WeasyPrint's parser builds it, and whether the fast reader built it."""
    from tinyhtml5 import parse
    from tinyhtml5.constants import adjust_foreign_attributes, adjust_svg_attributes

    try:
        foreign = {key: f"{{{ns}}}{name}" for key, (_, name, ns) in adjust_foreign_attributes.items()}
        builder = _Builder(SVG_CAMEL_CASE, dict(adjust_svg_attributes), foreign)
        builder.feed(text)
        return builder.finish(), True
    except Unsupported:
        tree: Element = parse(text, namespace_html_elements=False)
        return tree, False


_EMPTY = "<!DOCTYPE html><html><head></head><body></body></html>"


def report_document(html_class: Any, html: str, *, base_url: str, url_fetcher: Any) -> Any:
    """`html_class(string=html, ...)` (a `weasyprint.HTML`), its tree read by `read_tree`.

    WeasyPrint has no public way to hand it a parsed tree, so the document is made from an empty page and
    given the tree the way its constructor keeps one (`wrapper_element`, `etree_element`). Should a newer
    WeasyPrint keep it otherwise, or the markup name a `<base>` (which would change the base URL), the
    document is made from the string as usual.
    """
    document = html_class(string=_EMPTY, base_url=base_url, url_fetcher=url_fetcher)
    if not (hasattr(document, "wrapper_element") and hasattr(document, "etree_element")):
        return html_class(string=html, base_url=base_url, url_fetcher=url_fetcher)
    tree, _ = read_tree(html)
    if next(tree.iter("base"), None) is not None:
        return html_class(string=html, base_url=base_url, url_fetcher=url_fetcher)
    import cssselect2

    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
