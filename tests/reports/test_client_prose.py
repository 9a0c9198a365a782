"""No internal text in client prose: every report (Markdown, HTML, PDF text) of every shipped sample in
English, French and German is scanned for raw ids, Python literals, keyword lists, Markdown residue,
"document(s)" hedges, English words in French or German, and a line repeated within a finding.

Markdown and HTML are checked for every sample (fast); the PDF text for the telecom sample in all
three languages (shared with the PDF tests) and, marked slow, for the other samples.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdfium2
import pytest
from prose_scan import duplicated_lines, html_text, org_strings, problems
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

LANGS = ("en", "fr", "de")
SAMPLES = ("telecom-operator", "hotel-group", "public-service-fr", "cfpb-complaints", "harbour-cycles")
FORMATS = {f.name: f for f in servex_report_formats()}


def _render(result: dict[str, Any], name: str, lang: str) -> str:
    return FORMATS[name].render(result, RenderOptions(lang=lang)).decode("utf-8")


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    # pdfium marks a line broken after a hyphen with U+FFFE; a path broken after "/" is one path; a word
    # hyphenated at a line end (U+2010, CSS `hyphens: auto`) is one word
    text = re.sub(r"\u2010\s+", "", re.sub(r"\ufffe\s*", "-", text))
    return re.sub(r"/\s+(?=\S)", "/", text)


def _md_findings(markdown: str) -> list[list[str]]:
    body = markdown.split("\n## ", 1)[1]
    return [[line for line in block.splitlines() if line.startswith("- ")] for block in body.split("\n### ")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_markdown_and_html_have_no_internal_text(
    sample_results: dict[str, dict[str, Any]], sample: str, lang: str
) -> None:
    result = sample_results[sample]
    strings = org_strings(result)
    markdown = _render(result, "md", lang)
    assert problems(markdown, lang, strings, markdown=True) == []
    assert duplicated_lines(_md_findings(markdown)) == []
    text, findings = html_text(_render(result, "html", lang))
    assert problems(text, lang, strings) == []
    assert findings and duplicated_lines(findings) == []


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_has_no_internal_text(telecom_pdfs: dict[str, bytes], telecom: dict[str, Any], lang: str) -> None:
    assert problems(_pdf_text(telecom_pdfs[lang]), lang, org_strings(telecom)) == []


@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES[1:])
def test_pdf_text_of_the_other_samples(sample_results: dict[str, dict[str, Any]], sample: str) -> None:
    result = sample_results[sample]
    for lang in LANGS:
        text = _pdf_text(FORMATS["pdf"].render(result, RenderOptions(lang=lang)))
        assert problems(text, lang, org_strings(result)) == [], lang


def test_the_scan_catches_what_the_issue_observed() -> None:
    """The checks themselves: each observed defect, as it was printed, is reported."""
    observed = [
        ("Question q_promise_known: median answer 87.5/100 over 8 respondent(s)", "en", "raw id"),
        ('management "True", staff "False"', "en", "Python literal"),
        ("service charter / charte de service / our commitments / we promise", "en", "keyword list"),
        ("**One contact:** we aim to resolve", "en", "markdown residue"),
        ("2 matching document(s)", "en", "plural hedge"),
        ("among the 1 documents searched", "en", "singular as plural"),
        ("Highest level achieved: – — Overall", "en", "empty value"),
        ("staff « agree » (médiane 87,5)", "fr", "English in fr"),
        ("Ziel >= 80 %", "de", "ASCII operator"),
    ]
    for text, lang, kind in observed:
        found = problems(text, lang, [])
        assert any(p.startswith(kind) for p in found), (text, found)
    assert problems("Les collaborateurs répondent « d'accord » (médiane 87,5 sur 100).", "fr", []) == []


def test_every_not_met_criterion_and_the_blockers_lead_the_summary(telecom: dict[str, Any]) -> None:
    html = _render(telecom, "html", "en")
    text, _ = html_text(html)
    summary = text[text.index("Executive summary", text.index("Contents") + 200): text.index("The pyramid at a glance")]
    not_met = [f["criterion_id"] for f in telecom["findings"] if f["status"] == "not_met"]
    blockers = telecom["readiness"]["next_level"]["criteria"]
    assert not_met and blockers
    assert all(cid in summary for cid in not_met + blockers)
    assert summary.index("What stands between") < summary.index("Criteria not met") < summary.index("Partly met")
    # the entries' own links, not every id in the prose: an action may name another criterion
    # ("minutes that discuss only complaints count for PYR-L2-08 or PYR-L4-10, not here")
    section = html[html.index('id="sec-partial"'):]
    partial = re.findall(r'<li><a href="#crit-([^"]+)"', section[: section.index("</ul>")])
    assert partial
    weights = {f["criterion_id"]: f["weight"] for f in telecom["findings"]}
    assert [weights[cid] for cid in partial] == sorted((weights[cid] for cid in partial), reverse=True)
    assert "achieves L2 (Customer feedback management), with an overall score of" in summary


def test_a_quoted_markdown_table_reads_as_cells_not_pipes(telecom_pdfs: dict[str, bytes]) -> None:
    """What was observed: a snippet quoting a Markdown table printed `| Kept? | |---|---|---| |`."""
    from servex.plugins.reports._evidence_view import plain

    quoted = "…in 2025 | Kept? |\n|---|---|---|\n| Reply within 4 working hours | 91 % | missed (target 95 %) |"
    assert plain(quoted) == "…in 2025 · Kept? · Reply within 4 working hours · 91 % · missed (target 95 %)"
    aligned = "| Promise | Result |\n| :--- | ---: |\n| Reply in 4 h | 91 % |"
    assert plain(aligned) == "Promise · Result · Reply in 4 h · 91 %"
    for pdf in telecom_pdfs.values():
        document = pypdfium2.PdfDocument(io.BytesIO(pdf))
        text = "".join(page.get_textpage().get_text_range() for page in document)
        assert not re.search(r"\|\s*-{3,}|\|\s*\|", text)
