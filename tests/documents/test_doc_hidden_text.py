"""Text a reader never sees states nothing: hidden HTML and hidden Word runs are not extracted.

What was observed: a web page whose only "service promise", owner and review were in a `display:none`
block and a `hidden` paragraph, alone in a folder, lifted three criteria of the pyramid set to partially
met; a visitor of the page sees a shop selling bicycles and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from docfiles import assess_folder, docx_runs_text, grades
from servex.plugins.documents._extract_text import extract_html

PAGE = """<html><head><title>Welcome</title></head><body>
<h1>Welcome to our shop</h1>
<p>We sell bicycles.</p>
<div style="display: none">Our service promise: we reply to every complaint within 2 working days.
Owner: Head of Customer Care. <div>Complaints are reviewed monthly by the management review.</div>
Customer satisfaction was 92 % in 2025.</div>
<p hidden>Our commitments: first reply within 4 hours.
<p>Opening hours: 9:00 to 18:00.</p>
<span aria-hidden="true">Complaints policy owner: Quality Manager.</span>
<section style="visibility:hidden">We survey customers every month.</section>
<p>Call us on 0123.</p>
</body></html>
"""


def _text(extracted: object) -> str:
    return " ".join(text for _where, text in extracted.segments)  # type: ignore[attr-defined]


def test_hidden_html_is_not_read_and_what_is_shown_is(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    text = _text(extract_html(tmp_path / "page.html", 100_000))
    assert "We sell bicycles." in text and "Opening hours: 9:00 to 18:00." in text and "Call us on 0123." in text
    for hidden in ("promise", "reviewed monthly", "92 %", "first reply", "Quality Manager", "survey"):
        assert hidden not in text, hidden


def test_a_page_whose_promise_is_hidden_grades_like_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "charter.html").write_text(PAGE, "utf-8")
    empty = grades(assess_folder(tmp_path / "empty", tmp_path))
    assert grades(assess_folder(tmp_path / "site", tmp_path)) == empty


def test_a_hidden_word_run_is_not_read(tmp_path: Path) -> None:
    runs = (
        "<w:r><w:t>We reply to letters. </w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Every complaint is answered within 2 days. </w:t></w:r>"
        '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>Call us any weekday.</w:t></w:r>'
    )
    text = docx_runs_text(tmp_path, runs)
    assert text == "We reply to letters. Call us any weekday."


STYLED = """<html><head><title>Contact us</title>
<style>
  /* the page's own rules */
  .x, .promo-old { display: none }
  #charter { visibility : hidden; color: red }
  p.archived { display:none }
  @media print { .screen-only { display: none } }
  .menu .tip { display: none }
</style></head><body>
<h1>Contact us</h1><p>Call us on 0123 456 789.</p>
<p class="lead x">Our service promise and service standards: we answer every call within 20 seconds and every
email within 24 hours.</p>
<div id="charter"><h2>Charter</h2><p>Every complaint is acknowledged within 2 working days.</p></div>
<p class="archived">We survey customers every month.</p>
<div class="archived">Opening hours: 9:00 to 18:00.</div>
<p class="screen-only">Complaints are reviewed monthly by the management review.</p>
<p class="tip">Owner: Head of Customer Care.</p>
</body></html>
"""


def test_what_the_pages_own_style_sheet_hides_is_not_read(tmp_path: Path) -> None:
    """What was observed: the page's "service promise", in a paragraph of class `x` that `.x{display:none}`
    in its head hides, lifted two requirements of the pyramid set."""
    (tmp_path / "contact.html").write_text(STYLED, "utf-8")
    text = _text(extract_html(tmp_path / "contact.html", 100_000))
    for hidden in ("service promise", "acknowledged within 2", "survey customers"):
        assert hidden not in text, hidden
    # shown: a `div` that `p.archived` does not hide, a print-only rule, a rule that hides only inside a menu
    for shown in ("Call us on 0123", "Opening hours", "reviewed monthly", "Head of Customer Care"):
        assert shown in text, shown
    (tmp_path / "page").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "page" / "contact.html").write_text(STYLED.split("<p class=\"archived\">")[0] + "</body></html>")
    assert grades(assess_folder(tmp_path / "page", tmp_path)) == grades(assess_folder(tmp_path / "empty", tmp_path))
