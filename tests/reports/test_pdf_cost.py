"""What keeps the PDF cheap to lay out must not change what it shows.

Two savings (issue 21, report speed): WeasyPrint's user-agent stylesheet without its rules for every
element's pseudo-elements (`_ua_sheet.py`), and the finding's anchor on its heading rather than its block in
the PDF (an element with an id gets a style of its own, and so does everything inside it). Each test shows
that the pages, markers and links a reader sees are the ones the stock path gives.
"""

from __future__ import annotations

import io
import re
from importlib.resources import files
from typing import Any

import pypdf
import pypdfium2
import pytest
from servex.plugins.reports._pdf import _weasyprint
from servex.plugins.reports._ua_sheet import lean_html_class, trimmed_ua_css

SAMPLE = """<!doctype html><html lang=en><meta charset=utf-8><title>t</title>
<style>@page { size: A6; margin: 10mm } body { font-family: sans-serif; font-size: 9pt }
.badge { background: #2e7d32; color: white; padding: 0 .4em; border-radius: .6em }</style>
<h1 id="top">Heading</h1>
<ul><li>first item</li><li>second item<ul><li>nested</li></ul></li></ul>
<ol><li>one</li><li>two</li></ol>
<p>Text with <strong>bold</strong>, <em>italic</em>, <span class="badge">Met</span> and a
<a href="#top">link</a>.</p><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<details open><summary>Summary line</summary><p>Inside.</p></details><br>
<q>Quoted</q></html>"""


def _stock_sheet() -> str:
    _weasyprint()
    import weasyprint.css

    return (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")


def test_trimmed_sheet_limits_only_the_pseudo_element_rules_that_match_every_element() -> None:
    stock = _stock_sheet()
    trimmed = trimmed_ua_css(stock)
    assert trimmed is not None
    removed = set(stock.splitlines()) - set(trimmed.splitlines())
    added = set(trimmed.splitlines()) - set(stock.splitlines())
    assert {line.split(" {")[0] for line in removed} == {
        "::marker",
        "::footnote-call",
        "::footnote-marker",
        "::note-call",
        "::note-marker",
        "::note-callback",
    }
    assert [line.split(" {")[0] for line in added] == ["li::marker, summary::marker"]
    assert not re.search(r"^::", trimmed, re.M)  # no rule left that styles a pseudo-element of every element


def test_a_sheet_without_the_expected_rules_is_left_to_weasyprint() -> None:
    stock = _stock_sheet()
    assert trimmed_ua_css(stock.replace("::note-callback", "::note-back-call")) is None
    assert trimmed_ua_css(stock + "\n::marker { color: red }\n") is None


def _bitmaps(pdf: bytes) -> list[bytes]:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=1).to_pil().tobytes() for page in document]


def test_lean_html_draws_the_same_pages_as_weasyprints_own() -> None:
    weasyprint = _weasyprint()
    lean = lean_html_class()
    assert lean is not weasyprint.HTML  # the installed WeasyPrint's sheet could be trimmed
    stock_pdf = weasyprint.HTML(string=SAMPLE).write_pdf()
    lean_pdf = lean(string=SAMPLE).write_pdf()
    assert _bitmaps(lean_pdf) == _bitmaps(stock_pdf)
    text = pypdf.PdfReader(io.BytesIO(lean_pdf)).pages[0].extract_text()
    for marker in ("•", "◦", "1.", "2.", "“Quoted”"):  # list markers and generated quotes: all still drawn
        assert marker in text, marker


def test_pdf_findings_are_linked_by_their_heading_and_land_on_its_page(
    telecom: dict[str, Any], telecom_pdfs: dict[str, bytes]
) -> None:
    from servex.plugins.reports._html import render_html

    pdf_html = render_html(telecom, "en", for_pdf=True)
    blocks = re.findall(r'<div class="finding[^>]*>\s*<h3[^>]*>', pdf_html)
    assert len(blocks) == len(telecom["findings"])
    assert all(re.fullmatch(r'<div class="finding s-[a-z_]+">\s*<h3 id="crit-[^"]+">', b) for b in blocks), blocks[0]
    screen = render_html(telecom, "en")  # the HTML keeps the id and filter attributes on the block
    assert len(re.findall(r'<div class="finding s-[a-z_]+" id="crit-[^"]+" data-level=', screen)) == len(blocks)

    reader = pypdf.PdfReader(io.BytesIO(telecom_pdfs["fr"]))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    destinations = {name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()}
    for finding in telecom["findings"]:
        page = destinations[f"crit-{finding['criterion_id']}"]
        assert finding["criterion_id"] in pages[page], finding["criterion_id"]
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert sum(1 for a in links if a.get("/Subtype") == "/Link") > len(telecom["findings"])


def test_forms_keep_weasyprints_own_sheets() -> None:
    weasyprint = _weasyprint()
    page = lean_html_class()(string="<p>x</p>")
    assert page._ua_stylesheets(forms=True) == weasyprint.HTML(string="<p>x</p>")._ua_stylesheets(forms=True)
    assert page._ua_stylesheets() != weasyprint.HTML(string="<p>x</p>")._ua_stylesheets()


def test_compacting_drops_only_white_space_that_css_collapses_next_to_blocks() -> None:
    from servex.plugins.reports._html import compact_blocks

    html = (
        '<div class="finding s-met">\n  <h3 id="x">Title</h3>\n  <p><span class="badge">Met</span>\n'
        '    <span class="meta">Score 75</span></p>\n  <ul>\n    <li>• a<blockquote class="snippet">  two\n'
        "  lines  </blockquote></li>\n  </ul>\n"
        '  <div class="charts">\n    <figure class="spark">A</figure>\n    <figure class="spark">B</figure>\n'
        '  </div>\n</div>\n<polyline points="1 2"/> <p>x</p>'
    )
    assert compact_blocks(html) == (
        '<div class="finding s-met"><h3 id="x">Title</h3><p><span class="badge">Met</span>\n'
        '    <span class="meta">Score 75</span></p><ul><li>• a<blockquote class="snippet">  two\n'
        '  lines  </blockquote></li></ul><div class="charts"><figure class="spark">A</figure>\n'
        '    <figure class="spark">B</figure></div></div><polyline points="1 2"/><p>x</p>'
    )


def _front_and_two_findings(html: str) -> str:
    """`html` up to its second finding: cover, contents, summary, levels, elements and two findings."""
    front, findings = re.split(r'<section class="chapter">\s*<h1 id="sec-findings">', html)
    first_two = re.split(r'(?=<div class="finding)', findings)[:3]
    return front + '<section class="chapter"><h1 id="sec-findings">' + "".join(first_two) + "</section></body></html>"


def test_compacted_report_html_draws_the_same_pages(telecom: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF's HTML is compacted; the pages it draws are the uncompacted one's, pixel for pixel."""
    from servex.plugins.reports import _html

    compacted = _front_and_two_findings(_html.render_html(telecom, "de", for_pdf=True))
    monkeypatch.setattr(_html, "compact_blocks", lambda html: html)
    spaced = _front_and_two_findings(_html.render_html(telecom, "de", for_pdf=True))
    assert len(spaced) > len(compacted) + 500 and "  <li>" in spaced and "  <li>" not in compacted
    lean = lean_html_class()
    assert _bitmaps(lean(string=spaced).write_pdf()) == _bitmaps(lean(string=compacted).write_pdf())


def test_the_rubric_value_given_keeps_its_background_as_a_class(telecom: dict[str, Any]) -> None:
    """The given row's background comes from report.css (an inline style cost the row a style of its own)."""
    from servex.plugins.reports._html import render_html

    html = render_html(telecom, "en", for_pdf=True)
    head, rest = html.split("<body", 1)
    rubrics = rest[rest.index('<section class="chapter rubrics">') :]
    rubrics = rubrics[: rubrics.index("</section>") + len("</section>")]
    assert '<tr class="given">' in rubrics and "style=" not in rubrics
    first_rubric = rubrics[: rubrics.index('<div class="rubric">', rubrics.index('class="given"'))]
    pdf = lean_html_class()(string=f'{head}<body class="pdf">{first_rubric}</section>').write_pdf()
    images = [page.render(scale=1).to_pil().convert("RGB") for page in pypdfium2.PdfDocument(pdf)]
    colours = {colour for image in images for _, colour in image.getcolors(10**6)}
    assert (232, 241, 232) in colours


@pytest.mark.filterwarnings("ignore:unclosed file .*sRGB2014:ResourceWarning")  # WeasyPrint's own, see _pdf.py
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("variant", [None, "pdf/a-3u", "pdf/ua-1"])
def test_objects_serialised_once_give_the_same_bytes_and_deflate_each_stream_once(
    variant: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    from servex.plugins.reports._pdf_once import serialise_once

    calls: list[int] = []
    real = zlib.compressobj

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counting)
    document = lean_html_class()(string=SAMPLE).render()
    outputs, deflated = [], []
    for finisher in (None, serialise_once):
        calls.clear()
        outputs.append(document.write_pdf(pdf_identifier=b"0" * 32, pdf_variant=variant, finisher=finisher))
        deflated.append(len(calls))
    assert outputs[0] == outputs[1]  # byte for byte what WeasyPrint writes on its own
    streams = outputs[1].count(b"/FlateDecode")  # the compressed streams the file holds
    assert deflated[1] <= streams + 1 < deflated[0]  # once each (and the cross-reference stream), not twice
