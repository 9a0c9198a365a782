"""Word text struck through or hidden by a style is not read, as text struck or hidden directly is not.

What was observed: a complaints policy whose commitment, "Every complaint is acknowledged within 2 working
days", was in a run of the character style "Deleted" (defined in word/styles.xml with `w:strike`), so
Word showed it struck through, satisfied PYR-L2-01's policy requirement: only a run's own `w:strike`,
`w:dstrike` and `w:vanish` were read, not those its character or paragraph style gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder, docx_runs_text, write_docx

DELETED = '<w:style w:type="character" w:styleId="Deleted"><w:rPr><w:strike/></w:rPr></w:style>'
COMMITMENT = "Every complaint is acknowledged within 2 working days."
POLICY = [
    ("Heading1", "Complaints policy"),
    ("Normal", "Approved by the management board on 14 January 2025. Owner: Head of Customer Service, Jane Smith."),
    ("Heading1", "Acknowledging complaints"),
    ("Normal+Deleted", COMMITMENT),
    ("Normal", "How quickly we acknowledge complaints is being reviewed."),
]


def _policy_outcome(folder: Path, tmp_path: Path, paragraphs: list[tuple[str, str]], styles: str) -> dict[str, Any]:
    folder.mkdir()
    write_docx(folder / "complaints-policy.docx", paragraphs, "Complaints policy", "2025-10-01", styles)
    result = assess_folder(folder, tmp_path)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L2-01")
    return next(r for r in finding["requirements"] if r["id"] == "policy")  # type: ignore[no-any-return]


def test_a_commitment_struck_by_its_character_style_is_not_read(tmp_path: Path) -> None:
    struck = _policy_outcome(tmp_path / "struck", tmp_path, POLICY, DELETED)
    without = [p for p in POLICY if p[1] != COMMITMENT]
    assert struck["state"] != "satisfied"
    assert struck["state"] == _policy_outcome(tmp_path / "without", tmp_path, without, "")["state"]
    # the same style without the strike: the commitment is shown, and read
    plain = '<w:style w:type="character" w:styleId="Deleted"><w:rPr><w:i/></w:rPr></w:style>'
    assert _policy_outcome(tmp_path / "plain", tmp_path, POLICY, plain)["state"] == "satisfied"


STYLES = (
    DELETED
    + '<w:style w:type="character" w:styleId="Gone"><w:basedOn w:val="Deleted"/><w:rPr><w:i/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="Twice"><w:rPr><w:dstrike w:val="true"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="Kept"><w:basedOn w:val="Deleted"/><w:rPr><w:strike w:val="0"/>'
    "</w:rPr></w:style>"
    + '<w:style w:type="paragraph" w:styleId="Withdrawn"><w:rPr><w:strike/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="OldWithdrawn"><w:basedOn w:val="Withdrawn"/></w:style>'
    + '<w:style w:type="character" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>'
    + '<w:style w:type="character" w:styleId="Loop2"><w:basedOn w:val="Loop1"/><w:rPr><w:strike/></w:rPr></w:style>'
)


def _run(text: str, style: str = "", direct: str = "") -> str:
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + direct
    return f"<w:r><w:rPr>{props}</w:rPr><w:t>{text} </w:t></w:r>" if props else f"<w:r><w:t>{text} </w:t></w:r>"


@pytest.mark.parametrize(
    "runs,read",
    [
        (_run("We reply") + _run("within 2 days", "Deleted") + _run("within 10 days."), "We reply within 10 days."),
        (_run("We reply") + _run("within 2 days", "Gone") + _run("by email."), "We reply by email."),  # basedOn
        (_run("We reply") + _run("within 2 days", "Twice") + _run("by email."), "We reply by email."),  # dstrike
        (_run("We reply") + _run("within 2 days", "Secret") + _run("by email."), "We reply by email."),  # vanish
        # a run's own `w:strike w:val="0"` switches its style's strike off, and so does a derived style's
        (_run("We reply") + _run("within 2 days", "Deleted", '<w:strike w:val="0"/>'), "We reply within 2 days"),
        (_run("We reply") + _run("within 2 days", "Kept"), "We reply within 2 days"),
        (_run("We reply") + _run("within 2 days", "Nowhere"), "We reply within 2 days"),  # a style not defined
        (_run("We reply") + _run("within 2 days", "Loop2"), "We reply"),  # a basedOn loop ends
        # a paragraph style strikes all its runs, itself or through the style it is based on
        ('<w:pPr><w:pStyle w:val="Withdrawn"/></w:pPr>' + _run("We reply within 2 days."), ""),
        ('<w:pPr><w:pStyle w:val="OldWithdrawn"/></w:pPr>' + _run("We reply within 2 days."), ""),
        (
            '<w:pPr><w:pStyle w:val="Withdrawn"/></w:pPr>' + _run("We reply") + _run("by email.", "", "<w:strike/>"),
            "",
        ),
        ('<w:pPr><w:pStyle w:val="Withdrawn"/></w:pPr>' + _run("Kept", "", '<w:strike w:val="false"/>'), "Kept"),
        # strike is a toggle (ECMA-376 §17.7.3): a character style striking a run of a striking paragraph
        # style turns it back off, as Word shows it
        ('<w:pPr><w:pStyle w:val="Withdrawn"/></w:pPr>' + _run("Shown again", "Deleted"), "Shown again"),
    ],
)
def test_runs_struck_or_hidden_by_their_styles_are_not_read(tmp_path: Path, runs: str, read: str) -> None:
    assert docx_runs_text(tmp_path, runs, STYLES) == read


def test_document_defaults_and_the_default_paragraph_style_apply_to_unstyled_text(tmp_path: Path) -> None:
    hidden_by_default = "<w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>"
    runs = _run("Hidden") + _run("Shown", "", '<w:vanish w:val="0"/>')
    assert docx_runs_text(tmp_path, runs, hidden_by_default) == "Shown"
    struck_normal = '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:strike/></w:rPr></w:style>'
    assert docx_runs_text(tmp_path, _run("Struck"), struck_normal) == ""
