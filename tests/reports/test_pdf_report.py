"""The PDF gap analysis: every section in English and French, a table of contents whose page numbers
are right, bookmarks, the result attached in PDF/A-3u, identical bytes under SOURCE_DATE_EPOCH, and
pages that actually draw something. The telecom sample is rendered twice per session (en a-3u, fr plain).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from report_support import EPOCH, run_servex, synthetic
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

HEADINGS = {
    "en": [
        "Service excellence gap analysis",
        "Contents",
        "Executive summary",
        "The pyramid at a glance",
        "What stands between the organisation and the next level",
        "Criteria not met",
        "Levels in detail",
        "ISO 23592 elements",
        "Scores by dimension, element and level",
        "Findings",
        "Action plan",
        "The smallest set of criteria that lifts the organisation to L3",
        "Appendix: evidence inventory",
        "Appendix: methodology and scales",
        "Appendix: not-applicable declarations",
    ],
    "fr": [
        "Analyse des écarts d'excellence de service",
        "Sommaire",
        "Synthèse",
        "La pyramide en un coup d'œil",
        "Ce qui sépare l'organisation du niveau suivant",
        "Critères non satisfaits",
        "Les niveaux en détail",
        "Éléments de l'ISO 23592",
        "Scores par dimension, élément et niveau",
        "Constats",
        "Plan d'action",
        "Le plus petit ensemble de critères qui mène l'organisation au niveau L3",
        "Annexe : inventaire des preuves",
        "Annexe : méthode et échelles",
        "Annexe : déclarations de non-applicabilité",
    ],
    "de": [
        "Lückenanalyse Service-Exzellenz",
        "Inhalt",
        "Zusammenfassung für die Geschäftsleitung",
        "Die Pyramide auf einen Blick",
        "Was die Organisation von der nächsten Stufe trennt",
        "Nicht erfüllte Kriterien",
        "Die Stufen im Einzelnen",
        "Elemente der ISO 23592",
        "Punktzahlen nach Dimension, Element und Stufe",
        "Feststellungen",
        "Maßnahmenplan",
        "Die kleinste Menge an Kriterien, die die Organisation auf Stufe L3 hebt",
        "Anhang: Verzeichnis der Nachweise",
        "Anhang: Methode und Skalen",
        "Anhang: Erklärungen zur Nichtanwendbarkeit",
    ],
}


def _render(result: dict[str, Any], lang: str, variant: str | None = None) -> bytes:
    pdf = {f.name: f for f in servex_report_formats()}["pdf"]
    return pdf.render(result, RenderOptions(lang=lang, pdf_variant=variant))


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_every_section_heading_and_running_footer(
    telecom_pdfs: dict[str, bytes], telecom: dict[str, Any], lang: str
) -> None:
    pages = _pages(telecom_pdfs[lang])
    text = " ".join(pages)
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    page, of = {"en": ("Page", "of"), "fr": ("Page", "sur"), "de": ("Seite", "von")}[lang]
    assert f"{page} 2 {of} {len(pages)}" in pages[1] and f"{page} {len(pages)} {of} {len(pages)}" in pages[-1]
    assert "Northwind Telecom" in pages[0] and telecom["criteria_set"]["sha256"] in pages[0]
    l1 = f"{telecom['levels'][0]['score']:.1f}"  # a level score as each language writes it
    if lang == "fr":
        assert "1er janvier 2026" in pages[0] and l1.replace(".", ",") in text and l1 not in text
    elif lang == "de":
        assert "1. Januar 2026" in pages[0] and l1.replace(".", ",") in text and l1 not in text
    else:
        assert "1 January 2026" in pages[0] and l1 in text


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_contents_page_numbers_point_at_their_sections(telecom_pdfs: dict[str, bytes], lang: str) -> None:
    """pypdf extracts the right-floated numbers first, then the titles, both in document order."""
    reader = pypdf.PdfReader(io.BytesIO(telecom_pdfs[lang]))
    lines = [" ".join(line.split()) for line in reader.pages[1].extract_text().splitlines()]
    numbers = [int(line) for line in lines if line.isdigit()]
    start = lines.index(HEADINGS[lang][1]) + 1
    titles = lines[start : start + len(numbers)]
    pages = _pages(telecom_pdfs[lang])
    checked = 0
    for title, number in zip(titles, numbers, strict=True):
        assert title in pages[number - 1], (title, number)
        checked += 1
    assert checked >= 12 and numbers == sorted(numbers)


def test_bookmarks_language_and_attachment_in_pdf_a3u(telecom_pdfs: dict[str, bytes], telecom: dict[str, Any]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(telecom_pdfs["en"]))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [child.title for item in reader.outline if isinstance(item, list) for child in item]
    assert {"Executive summary", "Findings", "Action plan", "Appendix: evidence inventory"} <= set(top)
    assert "L1 Core service proposition" in nested
    assert not any(title.startswith("PYR-") for title in top + nested)  # criteria blocks are not bookmarks
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert json.loads(reader.attachments["result.json"][0]) == telecom
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="U"' in xmp
    assert "/AF" in reader.trailer["/Root"]
    assert pypdf.PdfReader(io.BytesIO(telecom_pdfs["fr"])).trailer["/Root"]["/Lang"] == "fr"


def test_first_page_draws_something(telecom_pdfs: dict[str, bytes]) -> None:
    document = pypdfium2.PdfDocument(telecom_pdfs["en"])
    try:
        image = document[0].render(scale=0.5).to_pil().convert("L")
        dark = sum(image.histogram()[:200])
        assert dark > 0.005 * image.width * image.height
        assert image.getextrema()[0] < 100
    finally:
        document.close()


def test_same_result_same_bytes_under_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = synthetic()
    for variant in (None, "pdf/a-3u"):
        first = _render(result, "fr", variant)
        assert first == _render(result, "fr", variant)
    assert first.startswith(b"%PDF-")


def test_cli_rerenders_a_saved_result(tmp_path: Path) -> None:
    (tmp_path / "result.json").write_text(json.dumps(synthetic()), encoding="utf-8")
    done = run_servex(
        "report",
        "result.json",
        "-o",
        "pdf:x.pdf",
        "-o",
        "html:x.html",
        "--lang",
        "fr",
        "--pdf-variant",
        "pdf/a-3u",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Synthèse" in html
    text = " ".join(_pages((tmp_path / "x.pdf").read_bytes()))
    assert "Acme <Services> & Co" in text and "Sommaire" in text
    bad = run_servex("report", "result.json", "-o", "pdf:y.pdf", "--pdf-variant", "pdf/x-1", cwd=tmp_path)
    assert bad.returncode == 3 and "pdf/x-1" in bad.stderr and not (tmp_path / "y.pdf").exists()


def test_list_items_keep_their_bullets_in_pdf_and_real_markers_in_html(
    telecom_pdfs: dict[str, bytes], telecom: dict[str, Any]
) -> None:
    """The PDF writes each list bullet as the item's first text (WeasyPrint lays out a marker as a box of its
    own, which cost an eighth of the report's time); a reader must still see one bullet per item, and the
    HTML report, where markers cost nothing, keeps real list markers and no bullet characters."""
    from servex.plugins.reports._html import render_html

    html = render_html(telecom, "en")
    items = len(re.findall(r"<li[ >]", html))
    assert items > 20 and "\u2022\u00a0" not in html and "\u25e6\u00a0" not in html
    pdf_text = pypdf.PdfReader(io.BytesIO(telecom_pdfs["fr"])).pages
    bullets = sum(page.extract_text().count("\u2022") for page in pdf_text)
    assert items - 20 <= bullets <= items, (bullets, items)  # less the table of contents' items, which have none
