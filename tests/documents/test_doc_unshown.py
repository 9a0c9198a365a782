"""What a reader is never shown as a statement, and what a template leaves blank, lifts no grade.

What was observed, each file alone in a folder against an empty folder:

- a Markdown policy whose only content was the template's guidance in an HTML comment ("state that every
  complaint is acknowledged within 2 working days…") satisfied a requirement of PYR-L2-06 and lifted four
  criteria to partially met, PYR-L2-01 lacking nothing but its approval;
- a policy whose commitments were all struck through (``~~…~~``) lifted three criteria;
- an unfilled template ("within [X] working days", "Owner: [Name, job title]", "every [month/quarter]")
  lifted four criteria to partially met.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docfiles import assess_folder, docx_runs_text, grades
from servex.plugins.documents._extract_text import extract_html, extract_markdown
from servex.plugins.documents._placeholders import placeholder_spans

COMMENTED = """# Complaints handling policy

<!--
Guidance for whoever fills in this template: state that every complaint is acknowledged within 2 working
days and resolved within 15 working days, that the Head of Customer Service, Jane Smith, owns this policy,
and that complaint figures and root causes are reported to the management team every month.
Customer satisfaction is surveyed monthly; CSAT was 87 % in 2025.
-->

This policy is being written.
"""
STRUCK = """# Complaints handling policy

~~Every complaint is acknowledged within 2 working days and resolved within 15 working days.~~
~~The Head of Customer Service, Jane Smith, owns this policy and reports complaint figures and root causes
to the management team every month.~~

This section is withdrawn pending a new procedure.
"""
TEMPLATE = """# Complaints handling policy — [Organisation name]

Owner: [Name, job title]
Approved by: [Name] on [DD/MM/YYYY]

## Acknowledgement

We acknowledge every complaint within [X] working days and resolve it within [XX] days.

## Escalation

A customer who is not satisfied may escalate to [name of escalation body] within [N] days.

## Monitoring

Complaint figures are reported to [committee] every [month/quarter] and root causes are analysed by [role].
Customer satisfaction is measured by [survey name] each [period]; the results are TBD.
"""


def _text(extracted: object) -> str:
    return " ".join(text for _where, text in extracted.segments)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name,text", [("commented", COMMENTED), ("struck", STRUCK), ("template", TEMPLATE)])
def test_a_policy_that_states_nothing_grades_like_an_empty_folder(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / name).mkdir()
    (tmp_path / name / "complaints-policy.md").write_text(text, "utf-8")
    empty = grades(assess_folder(tmp_path / "empty", tmp_path))
    assert grades(assess_folder(tmp_path / name, tmp_path)) == empty


def test_the_same_words_shown_plainly_still_count(tmp_path: Path) -> None:
    """The fixes above leave out what is hidden, not the words: uncommented, the guidance lifts grades."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "shown").mkdir()
    shown = COMMENTED.replace("<!--", "").replace("-->", "")
    (tmp_path / "shown" / "complaints-policy.md").write_text(shown, "utf-8")
    empty = grades(assess_folder(tmp_path / "empty", tmp_path))
    assert grades(assess_folder(tmp_path / "shown", tmp_path)) != empty


def test_markdown_comments_strikes_and_hidden_html_are_not_read_and_line_numbers_hold(tmp_path: Path) -> None:
    source = (
        "# Service charter\n\n<!-- note to self:\nwe answer within 2 days -->\n\n"
        "We reply within ~~2 days~~ 5 working days, by <del>phone</del> <s>post</s> email.\n\n"
        '<div style="display:none">\nOwner: Quality Manager\n</div>\n\n'
        "Call us on 0123.\n\n<!-- never closed\nOur promise: first reply within 4 hours.\n"
    )
    (tmp_path / "charter.md").write_text(source, "utf-8")
    extracted = extract_markdown(tmp_path / "charter.md", 100_000)
    text = _text(extracted)
    for unshown in ("note to self", "2 days", "phone", "post", "Quality Manager", "4 hours"):
        assert unshown not in text, unshown
    assert "5 working days" in text and "email." in text
    where = dict((t, w) for w, t in extracted.segments)
    assert where["Call us on 0123."].startswith("line 12 ")


def test_struck_html_and_word_text_is_not_read(tmp_path: Path) -> None:
    page = (
        "<html><body><p>Every complaint is answered <del>within 2 days</del> within 10 days.</p>"
        '<p><span style="text-decoration: line-through">Owner: Quality Manager.</span> Call us.</p>'
        "<p><strike>We survey customers monthly.</strike><s>CSAT 91 %.</s></p></body></html>"
    )
    (tmp_path / "page.html").write_text(page, "utf-8")
    assert _text(extract_html(tmp_path / "page.html", 100_000)) == (
        "Every complaint is answered within 10 days. Call us."
    )
    runs = (
        "<w:r><w:t>We reply to letters </w:t></w:r>"
        "<w:r><w:rPr><w:strike/></w:rPr><w:t>within 2 days </w:t></w:r>"
        "<w:r><w:rPr><w:dstrike w:val=\"true\"/></w:rPr><w:t>and on the phone </w:t></w:r>"
        '<w:r><w:rPr><w:strike w:val="0"/></w:rPr><w:t>within 10 days.</w:t></w:r>'
    )
    assert docx_runs_text(tmp_path, runs) == (
        "We reply to letters within 10 days."
    )


@pytest.mark.parametrize(
    "text,blanked",
    [
        ("We acknowledge every complaint within [X] working days.", ""),
        ("Policy owner: [Name, job title]", ""),
        ("We reply in 2 days. Reviewed every [month/quarter].", "Reviewed every [month/quarter]."),
        ("Approved by ________ on the board's behalf.", ""),
        ("Réponse sous [nombre] jours ouvrés.", ""),
        ("Verantwortlich: [Name der Abteilung]", ""),
        ("Dear {{ customer_name }}, we reply within 5 days.", ""),
        ("Survey results: TBD", ""),
        ("Délai de réponse : à compléter", ""),
        ("Owner: <insert name of the manager>", ""),
    ],
)  # fmt: skip
def test_a_clause_with_a_blank_to_fill_is_blanked(text: str, blanked: str) -> None:
    """`blanked`: the clause blanked, or "" for the whole text."""
    assert [text[s:e].strip() for s, e in placeholder_spans(text)] == [blanked or text]


@pytest.mark.parametrize(
    "text",
    [
        "See the [complaints form](https://example.org/form) to write to us within 5 days.",
        "Complaints are answered within 5 days [1].",
        "Escalation follows the ombudsman's rules [see annex 2].",
        "Last review [date: 2025-03-01] by the quality team.",
        "Sizes XS to xx-large; orders tbc by phone are confirmed within 2 days.",
        "Owner: Jane Smith, Head of Customer Service.",
        "- [x] Complaints acknowledged within 2 days - [x] Survey sent monthly",  # ticked tasks
    ],
)
def test_filled_text_and_references_are_not_blanks(text: str) -> None:
    assert placeholder_spans(text) == []


def test_struck_and_hidden_odt_text_is_not_read(tmp_path: Path) -> None:
    """The same holds for OpenDocument text, whose strike-through and hiding live in automatic styles."""
    import zipfile

    from servex.plugins.documents._extract_office import extract_odt

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    )
    content = (
        f"<office:document-content {ns}><office:automatic-styles>"
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties style:text-line-through-style="solid"/></style:style>'
        '<style:style style:name="P9" style:family="paragraph">'
        '<style:text-properties text:display="none"/></style:style>'
        '<style:style style:name="T2" style:family="text"><style:text-properties style:text-line-through-style="none"/>'
        "</style:style></office:automatic-styles><office:body><office:text>"
        "<text:h>Complaints</text:h>"
        '<text:p>We reply <text:span text:style-name="T1">within 2 days</text:span> within 10 days, '
        '<text:span text:style-name="T2">by email</text:span>.</text:p>'
        '<text:p text:style-name="P9">Owner: Quality Manager.</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(tmp_path / "policy.odt", "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    assert _text(extract_odt(tmp_path / "policy.odt", 100_000, 10_000_000)) == (
        "Complaints We reply within 10 days, by email."
    )
