"""The HTML gap analysis (fast, from the synthetic result): every section in both languages, a page
that loads nothing, evidence shown as text, KPI trends, role disagreement, and the action plan order."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from typing import Any

import pytest
from report_support import synthetic
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats
from servex.plugins.reports._i18n import fixed, long_date, number

HEADINGS = {
    "en": [
        "Contents",
        "Executive summary",
        "The pyramid at a glance",
        "What stands between the organisation and the next level",
        "Criteria not met",
        "Partly met, by weight",
        "Levels in detail",
        "ISO 23592 elements",
        "Scores by dimension, element and level",
        "Findings",
        "Action plan",
        "The smallest set of criteria that lifts the organisation to L2",
        "Appendix: evidence inventory",
        "Appendix: methodology and scales",
        "Appendix: not-applicable declarations",
    ],
    "fr": [
        "Sommaire",
        "Synthèse",
        "La pyramide en un coup d&#39;œil",
        "Ce qui sépare l&#39;organisation du niveau suivant",
        "Critères non satisfaits",
        "Les niveaux en détail",
        "Éléments de l&#39;ISO 23592",
        "Scores par dimension, élément et niveau",
        "Constats",
        "Plan d&#39;action",
        "Annexe\u00a0: inventaire des preuves",
        "Annexe\u00a0: méthode et échelles",
        "Annexe\u00a0: déclarations de non-applicabilité",
    ],
}


def _html(result: dict[str, Any], lang: str) -> str:
    fmt = {f.name: f for f in servex_report_formats()}["html"]
    return fmt.render(result, RenderOptions(lang=lang)).decode("utf-8")


class _Refs(HTMLParser):
    """Every attribute or CSS construct through which a browser could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "srcset", "data", "poster", "action", "background") or (
                name == "href" and not (value or "").startswith("#")
            ):
                self.loads.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        if "url(" in data or "@import" in data:
            self.loads.append(data[data.find("url(") - 20 :][:80])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_section_and_nothing_to_load(result: dict[str, Any], lang: str) -> None:
    html = _html(result, lang)
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    for heading in HEADINGS[lang]:
        assert f">{heading}</h" in html, heading
    refs = _Refs()
    refs.feed(html)
    assert refs.loads == [] and not refs.tags & {"link", "img", "iframe", "object", "embed"}
    assert html.count("<script") == 1 and "<script>" in html  # one inline script, nothing loaded
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy and {"default-src &#39;none&#39;", "connect-src &#39;none&#39;"} <= set(policy.group(1).split("; "))
    assert html.count("<svg") == 3  # pyramid, radar, one KPI sparkline
    assert "<polyline" in html


def test_untrusted_text_is_escaped_and_snippets_capped() -> None:
    html = _html(synthetic('<a href="http://x">' + "x" * 1000), "en")
    assert "&lt;a href=&#34;http://x&#34;&gt;" in html and "x" * 280 in html and "x" * 300 not in html
    assert "xxx…" in html
    assert "We run no shops &lt;b&gt;at all&lt;/b&gt;." in html
    assert "<title>Service excellence gap analysis — Acme &lt;Services&gt; &amp; Co</title>" in html


def test_finding_details_in_french(result: dict[str, Any]) -> None:
    html = _html(result, "fr")
    nb = "\u00a0"
    assert f"Satisfaction client (deux meilleures notes){nb}: 74,3{nb}%, ce qui manque la cible de ≥{nb}80{nb}% " \
        "(600 enregistrements)." in html
    assert "csat_top2" not in html and "q_listen" not in html
    assert f"collaborateurs{nb}: réponse la plus fréquente «{nb}rarement{nb}» (médiane 25 sur 100, 4 répondants)" \
        in html
    assert "Les rôles divergent\u00a0: direction 100 et collaborateurs 25 (médianes sur 100)." in html
    assert "27 novembre 2026" in html and "1er janvier 2026 – 30 juin 2026" in html
    assert "Organisation</dt>" in html and "sha256 " + "c" * 64 in html
    kpi = f"«{nb}satisfaction client (deux meilleures notes){nb}»"
    assert f"Écart</strong>{nb}: Amener l&#39;indicateur {kpi} de 74,3" in html
    assert "Recommandation</strong>\u00a0: Sonder chaque mois." in html


def test_german_numbers_dates_and_plurals(result: dict[str, Any]) -> None:
    html = _html(result, "de")
    assert '<html lang="de">' in html and "27. November 2026" in html
    assert "74,3\u00a0%" in html and "600 Datensätze" in html and "4 befragte Personen" in html
    result["findings"][1]["requirements"][0]["details"]["sample"] = 1
    assert "1 Datensatz)" in _html(result, "de") and "1 record)" in _html(result, "en")


def test_levels_and_action_plan(result: dict[str, Any]) -> None:
    html = _html(result, "en")
    levels = html[html.index('id="sec-levels"') : html.index('id="sec-elements"')]
    assert "To reach this level, improve: " in levels and 'href="#crit-T-L2-01"' in levels
    assert "(projected score 61.2)" in levels or "(projected score 61.3)" in levels
    plan = html[html.index('id="sec-plan"') : html.index('id="sec-appendix-evidence"')]
    order = re.findall(r'<td><a href="#crit-([A-Z0-9-]+)">', plan)
    # the blocker of the next level first (high), then what is not met; met and n/a are not actions
    assert order == ["T-L2-01", "T-L1-02"]
    assert plan.index("T-L2-01") < plan.index("next level") < plan.index("T-L1-02")
    assert plan.count("to be assigned") == 2 and "High" in plan and "Medium" in plan
    heat = html[html.index('class="heatmap"') :]
    assert "E1 Vision" in heat and "background: #a5d6a7" in heat


def test_dates_and_numbers() -> None:
    assert long_date("2026-11-27T10:00:00Z", "fr") == "27 novembre 2026"
    assert long_date("2026-11-27", "en") == "27 November 2026"
    assert long_date("2026-01-01", "fr") == "1er janvier 2026"
    assert long_date("not a date", "en") == "not a date"
    assert fixed(66.6667, "fr") == "66,7" and fixed(66.6667, "en") == "66.7" and fixed(None, "en") == "–"
    assert long_date("2026-11-27", "de") == "27. November 2026"
    assert number(1234.5, "de") == "1.234,5" and number(1234.5, "fr") == "1\u202f234,5" and number(3.0, "en") == "3"


def test_formats_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys\nfrom servex.plugins.reports import servex_report_formats\n"
        "names = [f.name for f in servex_report_formats()]\n"
        "assert names == ['text', 'md', 'html', 'pdf', 'plan-csv', 'plan-xlsx'], names\n"
        "heavy = [m for m in ('weasyprint', 'jinja2', 'markupsafe', 'babel', 'openpyxl') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_telecom_plan_names_next_level_set_and_blockers_further_up(telecom: dict[str, Any]) -> None:
    html = _html(telecom, "en")
    plan = html[html.index('id="sec-plan"') : html.index('id="sec-appendix-evidence"')]
    next_set = telecom["readiness"]["next_level"]["criteria"]
    assert next_set and all(f'href="#crit-{cid}"' in plan.split("<table>")[0] for cid in next_set)
    for level in telecom["levels"]:
        if not level["achieved"] and level["id"] != telecom["readiness"]["next_level"]["level"]:
            assert all(cid in plan.split("<table>")[0] for cid in level["blocked_by"])
    assert "Projected score: " in plan and "<polyline" in html


def test_level_says_why_it_is_capped_and_gated(result: dict[str, Any]) -> None:
    result["levels"][1].update(capped_by=["T-L1-01"], gated_by="L1", achieved=False)
    for lang, capped, gated in (
        ("en", "Capped by the knock-out criteria: ", "Not achievable until level L1 is achieved"),
        (
            "fr",
            "Plafonné par les critères éliminatoires\u00a0: ",
            "Inaccessible tant que le niveau L1 n&#39;est pas atteint",
        ),
    ):
        html = _html(result, lang)
        levels = html[html.index('id="level-L2"') : html.index('id="sec-elements"')]
        assert capped + '<a href="#crit-T-L1-01">T-L1-01</a>' in levels and gated in levels


def test_rule_caps_and_evidence_classes_are_shown_when_the_grading_gives_them(result: dict[str, Any]) -> None:
    before = _html(result, "en")
    assert "Evidence missing" not in before and "Decided by" not in before  # absent keys: nothing invented
    finding = result["findings"][1]
    finding["rule"] = {"index": 2, "message": {"en": "CSAT below target means not met.", "fr": "CSAT sous la cible."}}
    finding["caps"] = [{"reason": "tell_me_only", "message": {"en": "Only answers support it.", "fr": "Seules des "
                                                                                                        "réponses."}}]
    finding["evidence_classes"] = {"shown": ["approach", "results"], "missing": ["deployment", "review"]}
    block = _html(result, "en").split('id="crit-T-L1-02"')[1].split('class="finding')[0]
    assert "Decided by this rule: CSAT below target means not met." in block
    assert "Grade capped: Only answers support it." in block
    assert "Evidence shown: a stated approach, measured results" in block
    assert "Evidence missing: records that it is deployed, a review that changed the practice" in block
    german = _html(result, "de").split('id="crit-T-L1-02"')[1].split('class="finding')[0]
    assert "Fehlende Nachweise: Aufzeichnungen, die die Umsetzung zeigen" in german


def test_met_despite_a_missed_target_says_why(result: dict[str, Any]) -> None:
    finding = result["findings"][0]
    finding["requirements"] = [*finding["requirements"], result["findings"][1]["requirements"][0]]
    block = _html(result, "en").split('id="crit-T-L1-01"')[1].split('class="finding')[0]
    assert "Rated met although 1 piece of evidence falls short" in block


def test_observations_and_unknown_requirement_types_read_as_prose(result: dict[str, Any]) -> None:
    finding = result["findings"][2]
    finding["requirements"] = [
        {"id": "visit", "type": "observation", "state": "partial", "description": "", "evidence_ids": [],
         "message": {"en": "Observed by A. Assessor: queue signs missing", "fr": "Observé"},
         "details": {"observations": [{"note": "Queue signs missing.", "result": "partial",
                                       "observed_by": "A. Assessor", "date": "2026-03-02"}]}},
        {"id": "x", "type": "mystery", "state": "unsatisfied", "description": "", "evidence_ids": [],
         "message": {"en": "Value of staff_greeting_rate is 80 (target >= 90).", "fr": "?"}, "details": {}},
    ]
    block = _html(result, "de").split('id="crit-T-L2-01"')[1].split('class="finding')[0]
    assert "Beobachtet von A. Assessor am 2. März 2026: Queue signs missing." in block
    english = _html(result, "en").split('id="crit-T-L2-01"')[1].split('class="finding')[0]
    assert "Value of staff greeting rate is 80 (target ≥ 90)." in english and "staff_greeting" not in english


def test_pyramid_tiers_link_to_their_findings(result: dict[str, Any]) -> None:
    html = _html(result, "en")
    pyramid = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="#([^"]+)">', pyramid)
    assert links == ["findings-level-L1", "findings-level-L2"]
    assert all(f'id="{anchor}"' in html for anchor in links)
