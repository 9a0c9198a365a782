"""PDF text a reader never sees states nothing: it is drawn, but not where or how anyone can read it.

What was observed: a PDF can carry text no reader sees (invisible render mode, white on the white page,
type far below a point, or placed off the page) and servex read it like any other text, so it lifted
grades. The PDFs here are written by hand, byte by byte, so each case is exactly one content-stream
operator away from plainly shown text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder, grades, pdf_of_objects
from servex.plugins.documents._extract_pdf import extract_pdf

PROMISE = "Every complaint is acknowledged within 2 working days"
POLICY = [
    "Every complaint is acknowledged within 2 working days and resolved within 15 working days.",
    "The Head of Customer Service, Jane Smith, owns this policy.",
    "Complaint figures and root causes are reported to the management team every month.",
    "Customer satisfaction is surveyed monthly; CSAT was 87 % in 2025.",
]
#: a 2 x 2 grey image, as a scanner's page image stands under an OCR text layer
IMAGE = (
    b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
    b"/Length 4 >>\nstream\n\x80\x80\x80\x80\nendstream"
)

SHADING = (
    b"<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [50 0 550 0] "
    b"/Function << /FunctionType 2 /Domain [0 1] /C0 [0 0 0.5] /C1 [0.5 0 0] /N 1 >> >>"
)


def pdf(pages: list[bytes], form: bytes = b"", crop: bytes = b"") -> bytes:
    """A PDF with one page per content stream; Helvetica as /F1, a grey image as /Im1, an ExtGState
    /Clear with fill alpha 0, a blue-to-red gradient /Sh1, and `form` as the form XObject /Fm1.
    `crop`: a /CropBox."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        IMAGE,
        b"<< /Type /ExtGState /ca 0 >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
    ]
    resources = (
        b"<< /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R /Fm1 6 0 R >> /ExtGState << /Clear 5 0 R >> "
        b"/Shading << /Sh1 " + SHADING + b" >> >>"
    )
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        box = b" /CropBox [" + crop + b"]" if crop else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]" + box + b" /Resources " + resources
            + b" /Contents %d 0 R >>" % len(objects)
        )  # fmt: skip
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return pdf_of_objects(objects)


def line(text: str, y: int, state: bytes = b"", x: int = 72, size: bytes = b"12") -> bytes:
    """One line of text at (x, y) in its own q/Q, after the graphics-state operators `state`."""
    return b"q " + state + b" BT /F1 " + size + b" Tf %d %d Td (" % (x, y) + text.encode("cp1252") + b") Tj ET Q\n"


SHOWN = line("We sell bicycles.", 760)
AFTER = line("Call us on 0123.", 500)


def page_text(tmp_path: Path, *pages: bytes, **kwargs: bytes) -> str:
    (tmp_path / "page.pdf").write_bytes(pdf(list(pages), **kwargs))
    return " ".join(text for _where, text in extract_pdf(tmp_path / "page.pdf", 100_000).segments)


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param(line(PROMISE, 700, b"3 Tr"), id="render mode 3, invisible"),
        pytest.param(line(PROMISE, 700, b"7 Tr"), id="render mode 7, clip only"),
        pytest.param(line(PROMISE, 700, b"1 1 1 rg"), id="white"),
        pytest.param(line(PROMISE, 700, b"0.97 g"), id="near white"),
        pytest.param(line(PROMISE, 700, b"0 0 0 0 k"), id="white in CMYK"),
        pytest.param(line(PROMISE, 700, b"1 Tr 1 1 1 RG"), id="white outline"),
        pytest.param(line(PROMISE, 700, b"/Clear gs"), id="fill alpha 0"),
        pytest.param(line(PROMISE, 700, size=b"0.5"), id="half a point"),
        pytest.param(line(PROMISE, 14000, b"0.05 0 0 0.05 0 0 cm", x=1440), id="scaled to 0.6 pt"),
        pytest.param(line(PROMISE, -2000, x=-2000), id="off the page"),
        pytest.param(line(PROMISE, 700, x=700), id="right of the page"),
        pytest.param(line(PROMISE, 700, b"0 0 1 rg 300 0 200 100 re f 1 1 1 rg"), id="white beside a banner"),
    ],
)
def test_text_a_reader_never_sees_is_not_read_and_the_rest_of_the_page_is(tmp_path: Path, hidden: bytes) -> None:
    text = page_text(tmp_path, SHOWN + hidden + AFTER)
    assert "acknowledged" not in text and "working days" not in text
    assert "We sell bicycles." in text and "Call us on 0123." in text


@pytest.mark.parametrize(
    "form,placed",
    [
        pytest.param(line(PROMISE, 700, b"1 1 1 rg"), b"0.5 0 0 0.5 100 100", id="white"),
        pytest.param(line(PROMISE, 700), b"0.05 0 0 0.05 100 100", id="scaled to 0.6 pt by the form's placing"),
        pytest.param(line(PROMISE, 700), b"1 0 0 1 0 -1000", id="placed below the page"),
        pytest.param(line(PROMISE, 700), b"/Clear gs 1 0 0 1 0 0", id="drawn fully transparent"),
    ],
)
def test_text_inside_a_form_xobject_is_judged_where_the_form_puts_it(
    tmp_path: Path, form: bytes, placed: bytes
) -> None:
    text = page_text(tmp_path, SHOWN + b"q " + placed + b" cm /Fm1 Do Q\n" + AFTER, form=form)
    assert "acknowledged" not in text and "We sell bicycles." in text and "Call us on 0123." in text
    shown = page_text(tmp_path, SHOWN + b"q 0.5 0 0 0.5 100 100 cm /Fm1 Do Q\n" + AFTER, form=line(PROMISE, 700))
    assert "acknowledged within 2" in shown


def test_text_outside_the_crop_box_is_not_read(tmp_path: Path) -> None:
    text = page_text(tmp_path, SHOWN + line(PROMISE, 100) + AFTER, crop=b"0 300 595 842")
    assert "acknowledged" not in text and "We sell bicycles." in text and "Call us on 0123." in text


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param(b"q 100 0 0 100 50 650 cm /Im1 Do Q\n" + line(PROMISE, 700, b"3 Tr"), id="OCR layer on a scan"),
        pytest.param(line(PROMISE, 700, b"0 0 0.4 rg 50 690 500 30 re f 1 1 1 rg"), id="white on a dark banner"),
        pytest.param(b"q 50 690 500 30 re W n /Sh1 sh Q\n" + line(PROMISE, 700, b"1 1 1 rg"), id="white on a gradient"),
        pytest.param(line(PROMISE, 700, b"0.9 g"), id="light grey"),
        pytest.param(line(PROMISE, 700, b"1 Tr 0 0 0 RG 1 1 1 rg"), id="black outline, white fill"),
        pytest.param(line(PROMISE, 700, size=b"1.5"), id="one and a half points"),
        pytest.param(line(PROMISE, 700, x=500), id="running off the right edge"),
    ],
)
def test_text_a_reader_sees_is_read(tmp_path: Path, shown: bytes) -> None:
    assert "acknowledged within 2" in page_text(tmp_path, SHOWN + shown + AFTER)


def test_only_the_page_with_unseen_text_loses_it(tmp_path: Path) -> None:
    (tmp_path / "two.pdf").write_bytes(pdf([SHOWN + line(PROMISE, 700, b"3 Tr"), line(PROMISE, 700)]))
    segments = extract_pdf(tmp_path / "two.pdf", 100_000).segments
    assert [(where, "acknowledged" in text) for where, text in segments] == [("page 1", False), ("page 2", True)]


def _policy(state: list[bytes]) -> bytes:
    """The policy's lines, each drawn after its own graphics state, under what any visitor sees."""
    lines = [line("Welcome to our shop", 780, size=b"16"), line("We sell bicycles.", 750)]
    lines += [line(text, 700 - 20 * n, each) for n, (text, each) in enumerate(zip(POLICY, state, strict=True))]
    return b"".join(lines)


def test_a_policy_no_reader_sees_grades_like_an_empty_folder(tmp_path: Path) -> None:
    for name in ("empty", "unseen", "shown"):
        (tmp_path / name).mkdir()
    hidden = _policy([b"3 Tr", b"1 1 1 rg", b"0.02 0 0 0.02 0 0 cm", b"1 0 0 1 -3000 0 cm"])
    (tmp_path / "unseen" / "shop.pdf").write_bytes(pdf([hidden]))
    (tmp_path / "shown" / "shop.pdf").write_bytes(pdf([_policy([b""] * 4)]))
    empty = grades(assess_folder(tmp_path / "empty", tmp_path))
    assert grades(assess_folder(tmp_path / "unseen", tmp_path)) == empty
    # the same words drawn plainly do lift grades, so the comparison above can fail
    assert grades(assess_folder(tmp_path / "shown", tmp_path)) != empty


def test_a_web_page_printed_to_pdf_keeps_what_it_shows_and_not_what_it_hides(tmp_path: Path) -> None:
    """The same cases as a web page printed by WeasyPrint, as organisations' own tooling produces them:
    CSS colour, size, position and opacity instead of hand-written operators."""
    import warnings

    with warnings.catch_warnings():  # WeasyPrint warns on import when the system lacks HarfBuzz-Subset
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    page = """<html><body>
    <h1 style="background: #036; color: white">Our promise to customers</h1>
    <div style="background: linear-gradient(to right, #036, #903); color: white">Complaints desk</div>
    <table><tr><td style="background: #333; color: #fff">Open every weekday</td><td>Call us on 0123.</td></tr></table>
    <p style="color: white">Every complaint is acknowledged within 2 working days.</p>
    <p style="font-size: 0.5pt">The Head of Customer Service owns this policy.</p>
    <p style="position: absolute; left: -3000px">Complaint figures are reported every month.</p>
    <p style="opacity: 0">Customer satisfaction is surveyed monthly.</p>
    <p style="color: rgba(0, 0, 0, 0)">CSAT was 87 % in 2025.</p>
    </body></html>"""
    (tmp_path / "page.pdf").write_bytes(HTML(string=page).write_pdf())
    text = " ".join(text for _where, text in extract_pdf(tmp_path / "page.pdf", 100_000).segments)
    for shown in ("Our promise to customers", "Complaints desk", "Open every weekday", "Call us on 0123."):
        assert shown in text, shown
    for hidden in ("acknowledged", "Head of Customer Service", "figures", "surveyed", "CSAT"):
        assert hidden not in text, hidden
