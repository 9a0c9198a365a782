"""The PDF/UA-1 variant: tagged (a structure tree a screen reader walks), marked, in the report's
language, and every chart a Figure with a text alternative that says what it shows."""

from __future__ import annotations

import io
from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject


def _structure(node: Any, found: dict[str, list[Any]]) -> None:
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.setdefault(str(node["/S"]), []).append(node.get("/Alt"))
        if "/K" in node:
            _structure(node["/K"], found)


def test_pdf_ua_is_tagged_and_every_chart_has_alt_text(telecom_pdfs: dict[str, bytes], telecom: dict[str, Any]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(telecom_pdfs["de"]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "de"
    found: dict[str, list[Any]] = {}
    _structure(root["/StructTreeRoot"]["/K"], found)
    assert {"/Document", "/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/P"} <= set(found)
    charts = found["/Figure"]
    sparklines = sum(
        1 for f in telecom["findings"] for r in f["requirements"]
        if len([m for m in (r.get("details") or {}).get("monthly") or [] if m.get("value") is not None]) >= 2
    )
    assert len(charts) >= 2 + 1 and all(alt and len(str(alt)) > 20 for alt in charts), charts[:3]
    assert str(charts[0]).startswith("Pyramide der Stufen") and "L1 Kernleistungsversprechen" in str(charts[0])
    assert str(charts[1]).startswith("Netzdiagramm") and "E9" in str(charts[1])
    assert sparklines and any("gestrichelte Linie ist das Ziel" in str(alt) for alt in charts[2:])
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp


def test_the_plain_pdf_is_not_claimed_accessible(telecom_pdfs: dict[str, bytes]) -> None:
    root = pypdf.PdfReader(io.BytesIO(telecom_pdfs["fr"])).trailer["/Root"]
    assert "/StructTreeRoot" not in root
