"""DOCX, XLSX and ODT text straight from their XML parts (zipfile + defusedxml).

Reading the XML directly is several times faster than python-docx or openpyxl, keeps memory flat
and lets the zip-bomb checks of :mod:`._zipsafe` run before any part is inflated. Every part is
parsed as a stream (a document body, a sheet, the shared strings: each paragraph or row is read,
kept as text and dropped), so a part that passes the zip-bomb checks but inflates to hundreds of
megabytes costs no more memory than its text budget; parsing stops once the budget is spent, and a
part with more elements than SERVEX_MAX_XML_ELEMENTS is refused. defusedxml refuses entity-expansion
and external-entity tricks.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from servex.plugins.documents._docx_styles import RunStyles
from servex.plugins.documents._model import Extracted, ExtractionError, TextBudget
from servex.plugins.documents._zipsafe import SafeZip

__all__ = ["extract_docx", "extract_odt", "extract_xlsx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCT = "{http://purl.org/dc/terms/}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_M = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_ST = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEADING_STYLE = re.compile(r"^(heading|titre|title|berschrift)", re.IGNORECASE)


def _events(package: SafeZip, name: str, max_elements: int) -> Iterator[tuple[str, Any]]:
    """("start" | "end", element) of one part, parsed as it inflates, counting elements as they open."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    count = 0
    stream = package.stream(name)
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                count += 1
                if count > max_elements:
                    raise ExtractionError(
                        f"{name} holds more than {max_elements:,} XML elements (limit SERVEX_MAX_XML_ELEMENTS); refused"
                    )
            yield event, element
    except (ParseError, DefusedXmlException) as exc:
        raise ExtractionError(f"{name} is not valid or safe XML ({exc})") from None
    finally:
        stream.close()


def _xml(package: SafeZip, name: str, max_elements: int) -> Any:
    """A small part (properties, workbook, relationships) as a tree, within the element limit."""
    root = None
    for event, element in _events(package, name, max_elements):
        if root is None and event == "start":
            root = element
    return root


def _ended(package: SafeZip, name: str, max_elements: int, depth: int) -> Iterator[Any]:
    """The elements `depth` levels down (1 = the root), each once it is complete; dropped after use."""
    level, parents = 0, []
    for event, element in _events(package, name, max_elements):
        if event == "start":
            level += 1
            parents.append(element)
            continue
        parents.pop()
        if level == depth:
            yield element
            if parents:
                parents[-1].remove(element)
        level -= 1


def _date(text: str | None) -> str:
    text = (text or "").strip()
    return text[:10] if _ISO_DATE.match(text) else ""


def _text_of(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _ooxml_meta(package: SafeZip, max_elements: int) -> dict[str, str]:
    if not package.has("docProps/core.xml"):
        return {}
    root = _xml(package, "docProps/core.xml", max_elements)
    return {
        "title": _text_of(root.find(f"{_DC}title")),
        "author": _text_of(root.find(f"{_DC}creator")),
        "created": _date(_text_of(root.find(f"{_DCT}created"))),
        "modified": _date(_text_of(root.find(f"{_DCT}modified"))),
    }


def _run(path: Path, max_unzipped: int, body: Callable[[SafeZip], Extracted]) -> Extracted:
    package = SafeZip(path, max_unzipped)
    try:
        return body(package)
    finally:
        package.close()


def _located(kind: str, number: int, heading: str) -> str:
    where = f"{kind} {number}"
    return f'{where} (under "{heading[:60]}")' if heading else where


def _para_text(para: Any, styles: RunStyles) -> str:
    """The paragraph's visible text: a run hidden (`w:vanish`) is never printed or shown, so it states
    nothing to a reader; a struck-through run (`w:strike`, `w:dstrike`) shows text the author withdrew,
    so it states nothing either; whether set on the run or by its styles (see :mod:`._docx_styles`)."""
    parts = []
    start = styles.paragraph(para)
    for run in para.iter(f"{_W}r"):
        if styles.unshown(start, run):
            continue
        for node in run:
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
    return "".join(parts).strip()


def _docx_blocks(container: Any, styles: RunStyles) -> Iterator[tuple[str, str, bool]]:
    """(kind, text, is heading) in reading order; a table row is one block, so a term and its
    value in the next cell ("Acknowledgement | 2 days") stay together for `near`."""
    for child in container:
        if child.tag == f"{_W}p":
            style = child.find(f"{_W}pPr/{_W}pStyle")
            heading = style is not None and bool(_HEADING_STYLE.match(style.get(f"{_W}val", "")))
            yield "paragraph", _para_text(child, styles), heading
        elif child.tag == f"{_W}tbl":
            yield "table", "", False
            for row in child.iter(f"{_W}tr"):
                cells = [" ".join(_para_text(p, styles) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
                yield "row", " | ".join(c.strip() for c in cells if c.strip()), False
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs and tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_blocks(content, styles)


def _docx_body(package: SafeZip, max_elements: int) -> Iterator[tuple[str, str, bool]]:
    """The blocks of the body, one top-level paragraph or table at a time (document > body > block); the
    styles part is read first, as a run's styles may strike or hide it."""
    has_styles = package.has("word/styles.xml")
    styles = RunStyles(_xml(package, "word/styles.xml", max_elements) if has_styles else None)
    seen = False
    for block in _ended(package, "word/document.xml", max_elements, 3):
        seen = True
        yield from _docx_blocks([block], styles)
    if not seen:
        raise ExtractionError("word/document.xml has no body; is this a Word document?")


def extract_docx(path: Path, max_chars: int, max_unzipped: int, max_elements: int = 5_000_000) -> Extracted:
    def body(package: SafeZip) -> Extracted:
        budget, heading = TextBudget(max_chars), ""
        paragraphs = tables = rows = 0
        for kind, text, is_heading in _docx_body(package, max_elements):
            if kind == "table":
                tables, rows = tables + 1, 0
                continue
            if not text:
                continue
            if kind == "row":
                rows += 1
                where = _located(f"table {tables}, row", rows, heading)
            else:
                paragraphs += 1
                heading = text if is_heading else heading
                where = _located("paragraph", paragraphs, heading)
            if not budget.add(where, text):
                break
        return budget.result(_ooxml_meta(package, max_elements))

    return _run(path, max_unzipped, body)


def _shared_strings(package: SafeZip, max_elements: int) -> list[str]:
    if not package.has("xl/sharedStrings.xml"):
        return []
    return [
        "".join(t.text or "" for t in si.iter(f"{_S}t"))
        for si in _ended(package, "xl/sharedStrings.xml", max_elements, 2)
        if si.tag == f"{_S}si"
    ]


def _sheets(package: SafeZip, max_elements: int) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    book = _xml(package, "xl/workbook.xml", max_elements)
    rels = _xml(package, "xl/_rels/workbook.xml.rels", max_elements)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    out = []
    for sheet in book.iter(f"{_S}sheet"):
        target = targets.get(sheet.get(f"{_R}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if package.has(part):
            out.append((sheet.get("name", part), part))
    return out


def _cell_text(cell: Any, strings: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_S}t"))
    value = cell.find(f"{_S}v")
    raw = (value.text or "") if value is not None else ""
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    return raw


def extract_xlsx(path: Path, max_chars: int, max_unzipped: int, max_elements: int = 5_000_000) -> Extracted:
    def body(package: SafeZip) -> Extracted:
        strings = _shared_strings(package, max_elements)
        budget = TextBudget(max_chars)
        for name, part in _sheets(package, max_elements):
            for row in _ended(package, part, max_elements, 3):  # worksheet > sheetData > row
                if row.tag != f"{_S}row":
                    continue
                cells = [_cell_text(c, strings).strip() for c in row.iter(f"{_S}c")]
                text = " | ".join(c for c in cells if c)
                if text and not budget.add(f'sheet "{name}", row {row.get("r", "?")}', text):
                    return budget.result(_ooxml_meta(package, max_elements))
        return budget.result(_ooxml_meta(package, max_elements))

    return _run(path, max_unzipped, body)


def _odt_unshown(node: Any) -> bool:
    """Whether an automatic style strikes its text through or hides it (`style:text-line-through-style`,
    `text:display="none"`): such text is withdrawn or never shown, as in Word (see _para_text)."""
    props = node.find(f"{_ST}text-properties")
    if props is None:
        return False
    through = props.get(f"{_ST}text-line-through-style", "none")
    return through not in ("", "none") or props.get(f"{_T}display") == "none"


def _odt_text(node: Any, unshown: set[str]) -> str:
    """The text of an element, without the spans of an `unshown` style (their tails are kept)."""
    parts = [node.text or ""]
    for child in node:
        if child.get(f"{_T}style-name") not in unshown:
            parts.append(_odt_text(child, unshown))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_paragraphs(package: SafeZip, max_elements: int) -> Iterator[tuple[str, str]]:
    """(tag, text) of every paragraph and heading in document order, each dropped once read. The automatic
    styles come before the body, so the struck or hidden ones are known when the text is read."""
    open_paragraphs: list[Any] = []
    unshown: set[str] = set()
    for event, node in _events(package, "content.xml", max_elements):
        if event == "end" and node.tag == f"{_ST}style" and _odt_unshown(node):
            unshown.add(str(node.get(f"{_ST}name")))
        if node.tag not in (f"{_T}p", f"{_T}h"):
            continue
        if event == "start":
            open_paragraphs.append(node)
            continue
        open_paragraphs.pop()
        shown = node.get(f"{_T}style-name") not in unshown
        yield node.tag, (_odt_text(node, unshown) if shown else "").strip()
        if not open_paragraphs:  # an outer paragraph still needs its inner ones' text
            node.clear()


def extract_odt(path: Path, max_chars: int, max_unzipped: int, max_elements: int = 5_000_000) -> Extracted:
    def body(package: SafeZip) -> Extracted:
        budget, heading, number = TextBudget(max_chars), "", 0
        for tag, text in _odt_paragraphs(package, max_elements):
            if not text:
                continue
            number += 1
            if tag == f"{_T}h":
                heading = text
            if not budget.add(_located("paragraph", number, heading), text):
                break
        meta: dict[str, str] = {}
        if package.has("meta.xml"):
            doc = _xml(package, "meta.xml", max_elements)
            meta = {
                "title": _text_of(doc.find(f".//{_DC}title")),
                "author": _text_of(doc.find(f".//{_M}initial-creator")) or _text_of(doc.find(f".//{_DC}creator")),
                "created": _date(_text_of(doc.find(f".//{_M}creation-date"))),
                "modified": _date(_text_of(doc.find(f".//{_DC}date"))),
            }
        return budget.result(meta)

    return _run(path, max_unzipped, body)
