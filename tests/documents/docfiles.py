"""Write small real documents of every supported format for the documents plugin's tests.

A plain module (not conftest) so test files can import the writers by a name no other test folder uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

__all__ = [
    "CHARTE_FR", "POLICY_EN", "assess_folder", "docx_runs_text", "grades", "pdf_of_objects", "render_pdf",
    "write_docx", "write_odt", "write_xlsx",
]  # fmt: skip

PAGE_BREAK = '<div style="page-break-before: always"></div>'

POLICY_EN = [
    "<h1>Customer service policy</h1><p>This policy applies to every branch and channel.</p>",
    "<h2>Complaint handling</h2><p>Every complaint is acknowledged within two working days and "
    "resolved within fifteen days. Customers may escalate an unresolved complaint to the ombudsman.</p>",
    "<h2>Service standards</h2><p>We answer the phone within thirty seconds.</p>",
]
CHARTE_FR = [
    "<h1>Charte d'accueil</h1><p>Nous accueillons chaque client avec courtoisie et respect.</p>",
    "<h2>Réclamations</h2><p>Toute réclamation écrite reçoit une réponse motivée sous dix jours ouvrés. "
    "Le client peut saisir le médiateur.</p>",
]


def render_pdf(pages: list[str], title: str, modified: str, lang: str) -> bytes:
    with warnings.catch_warnings():  # WeasyPrint warns on import when the system lacks HarfBuzz-Subset
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    html = (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="dcterms.modified" content="{modified}">'
        '<meta name="author" content="Quality team"></head>'
        f"<body>{PAGE_BREAK.join(pages)}</body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF file of `objects` (numbered from 1, the first the catalog), with its cross-reference table:
    for tests that need a PDF no producer would write."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_docx(
    path: Path, paragraphs: list[tuple[str, str]], title: str = "", modified: str = "", styles: str = ""
) -> None:
    """paragraphs: (style, text) where style is "Heading1" or "Normal", or ("Table", "a | b") for a
    one-row table whose cells are split on " | "; "Normal+Deleted" gives the paragraph's run the character
    style "Deleted". styles: the `w:style` elements of word/styles.xml (none: no styles part)."""
    from xml.sax.saxutils import escape

    def para(style: str, text: str) -> str:
        style, _plus, run_style = style.partition("+")
        props = f'<w:rPr><w:rStyle w:val="{run_style}"/></w:rPr>' if run_style else ""
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r>{props}<w:t>{escape(text)}</w:t></w:r></w:p>'

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        "<w:tbl><w:tr>"
        + "".join(f"<w:tc>{para('Normal', c)}</w:tc>" for c in text.split(" | "))
        + "</w:tr></w:tbl>"
        if style == "Table"
        else para(style, text)
        for style, text in paragraphs
    )
    core = (
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>HR</dc:creator>"
        f"<dcterms:modified>{modified}T10:00:00Z</dcterms:modified></cp:coreProperties>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(
            "word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
        )
        package.writestr("docProps/core.xml", core)
        if styles:
            package.writestr("word/styles.xml", f'<w:styles xmlns:w="{w}">{styles}</w:styles>')


def docx_runs_text(folder: Path, runs: str, styles: str = "") -> str:
    """The text servex reads from a Word file whose body is one paragraph of `runs` (WordprocessingML,
    a `w:pPr` first for a paragraph style), with `styles` as the content of word/styles.xml if given."""
    from servex.plugins.documents._extract_office import extract_docx

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(folder / "policy.docx", "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        body = f'<w:document xmlns:w="{w}"><w:body><w:p>{runs}</w:p></w:body></w:document>'
        package.writestr("word/document.xml", body)
        if styles:
            package.writestr("word/styles.xml", f'<w:styles xmlns:w="{w}">{styles}</w:styles>')
    return " ".join(text for _where, text in extract_docx(folder / "policy.docx", 100_000, 10_000_000).segments)


def write_odt(path: Path, heading: str, paragraphs: list[str]) -> None:
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    body = f"<text:h>{heading}</text:h>" + "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr(
            "content.xml",
            f'<office:document-content xmlns:office="{office}" xmlns:text="{text}">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>",
        )


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], title: str = "") -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.properties.title = title
    book.save(path)


def assess_folder(folder: Path, tmp_path: Path) -> dict[str, Any]:
    """The JSON result of `servex assess` on the folder, run as a user runs it (its own caches)."""
    out = tmp_path / f"{folder.name}.json"
    env = {**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "user-cache"), "SOURCE_DATE_EPOCH": "1764547200"}
    done = subprocess.run(
        [sys.executable, "-m", "servex", "assess", str(folder), "-o", f"json:{out}", "--fail-on", "never", "-q",
         "--cache-dir", str(tmp_path / f"cache-{folder.name}")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


def grades(result: dict[str, Any]) -> list[tuple[str, str, object]]:
    """Each criterion's status and score, in the result's order."""
    return [(f["criterion_id"], f["status"], f.get("score")) for f in result["findings"]]
