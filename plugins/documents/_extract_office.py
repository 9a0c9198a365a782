"""DOCX, XLSX and ODT text straight from their XML parts (zipfile + defusedxml).

Reading the XML directly is several times faster than python-docx or openpyxl, keeps memory flat
(sheets are parsed as a stream) and lets the zip-bomb checks of :mod:`._zipsafe` run before any
part is inflated. defusedxml refuses entity-expansion and external-entity tricks.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEADING_STYLE = re.compile(r"^(heading|titre|title|berschrift)", re.IGNORECASE)


def _xml(data: bytes, what: str) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise ExtractionError(f"{what} is not valid or safe XML ({exc})") from None


def _date(text: str | None) -> str:
    text = (text or "").strip()
    return text[:10] if _ISO_DATE.match(text) else ""


def _text_of(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _ooxml_meta(package: SafeZip) -> dict[str, str]:
    if not package.has("docProps/core.xml"):
        return {}
    root = _xml(package.read("docProps/core.xml"), "docProps/core.xml")
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


def _para_text(para: Any) -> str:
    parts = []
    for node in para.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{_W}tab", f"{_W}br"):
            parts.append(" ")
    return "".join(parts).strip()


def _docx_blocks(container: Any) -> Iterator[tuple[str, str, bool]]:
    """(kind, text, is heading) in reading order; a table row is one block, so a term and its
    value in the next cell ("Acknowledgement | 2 days") stay together for `near`."""
    for child in container:
        if child.tag == f"{_W}p":
            style = child.find(f"{_W}pPr/{_W}pStyle")
            heading = style is not None and bool(_HEADING_STYLE.match(style.get(f"{_W}val", "")))
            yield "paragraph", _para_text(child), heading
        elif child.tag == f"{_W}tbl":
            yield "table", "", False
            for row in child.iter(f"{_W}tr"):
                cells = [" ".join(_para_text(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
                yield "row", " | ".join(c.strip() for c in cells if c.strip()), False
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs and tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_blocks(content)


def extract_docx(path: Path, max_chars: int, max_unzipped: int) -> Extracted:
    def body(package: SafeZip) -> Extracted:
        root = _xml(package.read("word/document.xml"), "word/document.xml")
        main = root.find(f"{_W}body")
        if main is None:
            raise ExtractionError("word/document.xml has no body; is this a Word document?")
        budget, heading = TextBudget(max_chars), ""
        paragraphs = tables = rows = 0
        for kind, text, is_heading in _docx_blocks(main):
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
        return budget.result(_ooxml_meta(package))

    return _run(path, max_unzipped, body)


def _shared_strings(package: SafeZip) -> list[str]:
    if not package.has("xl/sharedStrings.xml"):
        return []
    root = _xml(package.read("xl/sharedStrings.xml"), "xl/sharedStrings.xml")
    return ["".join(t.text or "" for t in si.iter(f"{_S}t")) for si in root.iter(f"{_S}si")]


def _sheets(package: SafeZip) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    book = _xml(package.read("xl/workbook.xml"), "xl/workbook.xml")
    rels = _xml(package.read("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels")
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


def extract_xlsx(path: Path, max_chars: int, max_unzipped: int) -> Extracted:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    def body(package: SafeZip) -> Extracted:
        strings = _shared_strings(package)
        budget = TextBudget(max_chars)
        for name, part in _sheets(package):
            try:
                for _event, element in iterparse(package.stream(part), events=("end",)):
                    if element.tag != f"{_S}row":
                        continue
                    cells = [_cell_text(c, strings).strip() for c in element.iter(f"{_S}c")]
                    text = " | ".join(c for c in cells if c)
                    if text and not budget.add(f'sheet "{name}", row {element.get("r", "?")}', text):
                        return budget.result(_ooxml_meta(package))
                    element.clear()
            except (ParseError, DefusedXmlException) as exc:
                raise ExtractionError(f"sheet {name!r} is not valid or safe XML ({exc})") from None
        return budget.result(_ooxml_meta(package))

    return _run(path, max_unzipped, body)


def extract_odt(path: Path, max_chars: int, max_unzipped: int) -> Extracted:
    def body(package: SafeZip) -> Extracted:
        root = _xml(package.read("content.xml"), "content.xml")
        budget, heading, number = TextBudget(max_chars), "", 0
        for node in root.iter():
            if node.tag not in (f"{_T}p", f"{_T}h"):
                continue
            text = "".join(node.itertext()).strip()
            if not text:
                continue
            number += 1
            if node.tag == f"{_T}h":
                heading = text
            if not budget.add(_located("paragraph", number, heading), text):
                break
        meta: dict[str, str] = {}
        if package.has("meta.xml"):
            doc = _xml(package.read("meta.xml"), "meta.xml")
            meta = {
                "title": _text_of(doc.find(f".//{_DC}title")),
                "author": _text_of(doc.find(f".//{_M}initial-creator")) or _text_of(doc.find(f".//{_DC}creator")),
                "created": _date(_text_of(doc.find(f".//{_M}creation-date"))),
                "modified": _date(_text_of(doc.find(f".//{_DC}date"))),
            }
        return budget.result(meta)

    return _run(path, max_unzipped, body)
