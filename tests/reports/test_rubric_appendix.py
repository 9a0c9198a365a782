"""The report's rubric appendix (issue 16): every criterion assessed is printed with what each value of its
scale looks like in practice and the evidence accepted and rejected, the value given marked; it renders
from the rubric the result carries, and a German report never prints a rubric half in English."""

from __future__ import annotations

import copy
import html
from typing import Any

from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

HTML = next(f for f in servex_report_formats() if f.name == "html")


def _html(result: dict[str, Any], lang: str) -> str:
    return html.unescape(HTML.render(result, RenderOptions(lang=lang)).decode("utf-8"))


def _appendix(page: str) -> str:
    start = page.index('id="sec-appendix-rubrics"')
    return page[start : page.index("</section>", start)]


def test_every_assessed_criterion_has_its_rubric_with_the_value_given_marked(telecom: dict[str, Any]) -> None:
    appendix = _appendix(_html(telecom, "en"))
    assessed = [f for f in telecom["findings"] if f["status"] != "not_applicable"]
    assert assessed and all(f["rubric"] for f in assessed)
    for finding in assessed:
        assert f'href="#crit-{finding["criterion_id"]}"' in appendix, finding["criterion_id"]
        rubric = finding["rubric"]
        for text in (*rubric["values"].values(), *rubric["accepted"], *rubric["rejected"]):
            assert text["en"] in appendix, (finding["criterion_id"], text["en"])
    promise = next(f for f in assessed if f["criterion_id"] == "PYR-L1-01")
    given = promise["rubric"]["values"][promise["scale_value"]]["en"]
    row = appendix[appendix.index(given) - 400 : appendix.index(given)]
    assert 'class="given"' in row and "given" in row


def test_the_appendix_renders_from_the_result_not_from_the_installed_set(telecom: dict[str, Any]) -> None:
    result = copy.deepcopy(telecom)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L1-02")
    finding["rubric"]["accepted"] = [{"en": "A rubric text only this result carries.", "fr": "Un texte propre."}]
    assert "A rubric text only this result carries." in _appendix(_html(result, "en"))


def test_french_report_prints_french_rubrics(telecom: dict[str, Any]) -> None:
    appendix = _appendix(_html(telecom, "fr"))
    promise = next(f for f in telecom["findings"] if f["criterion_id"] == "PYR-L1-01")
    assert promise["rubric"]["rejected"][0]["fr"] in appendix
    assert promise["rubric"]["rejected"][0]["en"] not in appendix


def test_german_report_leaves_out_untranslated_rubrics_and_says_so(telecom: dict[str, Any]) -> None:
    result = copy.deepcopy(telecom)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L1-01")
    finding["rubric"]["accepted"].append({"en": "An example nobody has translated.", "fr": "Un exemple."})
    appendix = _appendix(_html(result, "de"))
    assert "An example nobody has translated." not in appendix
    assert 'href="#crit-PYR-L1-01"' not in appendix
    assert 'href="#crit-PYR-L1-02"' in appendix  # translated in the German catalogue: printed in German
    assert "noch nicht in diese Sprache übersetzt" in appendix


def test_no_appendix_when_no_finding_carries_a_rubric(result: dict[str, Any]) -> None:
    for finding in result["findings"]:
        finding["rubric"] = None
    assert 'id="sec-appendix-rubrics"' not in _html(result, "en")
