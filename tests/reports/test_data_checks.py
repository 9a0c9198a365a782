"""Every report says, per data export, what servex left out of it or flagged (principle 4: a number servex
prints is right or visibly flagged).

What was observed: exact copies dropped, values that could not be read or cannot be (an end before its
start), scores off their scale and rows that share an id reached the terminal and the result's log as
English sentences, but the PDF, HTML and Markdown reports a client signs showed none of it. The section
is rendered from the dataset items' numeric attributes (`copies`, `skipped`, `invalid`, `out_of_order`,
`repeated_ids`, `scales`, `scale_doubts`, `rows`, `months`), never from the log's English.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from prose_scan import html_text, org_strings, problems
from report_support import REPO
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

FORMATS = {f.name: f for f in servex_report_formats()}
LANGS = ("en", "fr", "de")
#: ids a reader must never see in the section
RAW = ("created_at", "resolved_at", "satisfaction_score", "empowerment_score", "out_of_order", "repeated_ids",
       "scale_doubts", "employee_survey")
NNBSP = "\u202f"  # French groups thousands with a narrow no-break space

HEADING = {"en": "Data checks", "fr": "Contrôles des données", "de": "Datenprüfungen"}
EXPECTED = {
    "en": [
        "The helpdesk export",
        "1,200",
        "2 months with records, January 2025 to February 2025",
        "240 exact copies of records left out (each record counted once)",
        "2 malformed lines of the file skipped (not read)",
        "3 records share an id with a different record: all are counted in every figure, so check the export",
        "3 records without a readable date (Date opened) left out of every figure",
        "Resolution date: 12 values could not be read (left empty)",
        "5 resolutions dated before the request was opened (left empty)",
        "Reopened: 4 values could not be read (left empty)",
        "Satisfaction score: 6 answers not a number from 1 to 5 (left empty)",
        "The staff survey",
        "Empowerment score: no answer above 4, although the scale runs from 1 to 5; check the question's scale",
        "The customer survey",
        "No value left out or flagged",
    ],
    "fr": [
        "L'export de l'outil de suivi des demandes",
        f"1{NNBSP}200",
        "2 mois renseignés, de janvier 2025 à février 2025",
        "240 copies exactes d'enregistrements écartées (chaque enregistrement compté une fois)",
        "2 lignes mal formées du fichier ignorées (non lues)",
        "3 enregistrements partagent leur identifiant avec un enregistrement différent\u00a0: tous sont comptés "
        "dans chaque chiffre, vérifiez l'export",
        "3 enregistrements sans date lisible (Date d'ouverture) écartés de tous les chiffres",
        "Date de résolution\u00a0: 12 valeurs illisibles (laissées vides)",
        "5 résolutions datées d'avant l'ouverture de la demande (laissées vides)",
        "Réouverture\u00a0: 4 valeurs illisibles (laissées vides)",
        "Note de satisfaction\u00a0: 6 réponses qui ne sont pas un nombre de 1 à 5 (laissées vides)",
        "Aucune valeur écartée ni signalée",
    ],
    "de": [
        "Der Export aus dem Ticketsystem",
        "1.200",
        "2 Monate mit Datensätzen, Januar 2025 bis Februar 2025",
        "240 exakte Kopien von Datensätzen ausgelassen (jeder Datensatz einmal gezählt)",
        "2 fehlerhafte Zeilen der Datei übersprungen (nicht gelesen)",
        "3 Datensätze teilen ihre Kennung mit einem anderen Datensatz: alle zählen in jeder Kennzahl, bitte den "
        "Export prüfen",
        "3 Datensätze ohne lesbares Datum (Eröffnungsdatum) in keiner Kennzahl berücksichtigt",
        "Lösungsdatum: 12 Werte nicht lesbar (leer gelassen)",
        "5 Lösungen vor Eröffnung der Anfrage datiert (leer gelassen)",
        "Wieder geöffnet: 4 Werte nicht lesbar (leer gelassen)",
        "Zufriedenheitsnote: 6 Antworten sind keine Zahl von 1 bis 5 (leer gelassen)",
        "Kein Wert ausgelassen oder markiert",
    ],
}


def _item(eid: str, source: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": eid, "kind": "dataset", "title": f"export {source}", "attributes": attributes, "supports": [],
        "tags": [],
        "provenance": {"collector": "datasets", "source": source, "locator": "", "sha256": "c" * 64, "size": 10,
                       "media_type": "text/csv", "collected_at": "2026-01-01T00:00:00Z"},
    }  # fmt: skip


def _flagged(result: dict[str, Any]) -> dict[str, Any]:
    """The synthetic result with three data exports: one with every kind of flag, one with a doubtful
    scale, one clean."""
    out = copy.deepcopy(result)
    out["evidence"] += [
        _item("ev-tickets", "data/tickets.csv", {
            "dataset": "tickets", "rows": 1200, "months": {"2025-01": 600, "2025-02": 597},
            "invalid": {"created_at": 3, "resolved_at": 17, "reopened": 4, "satisfaction_score": 6},
            "out_of_order": {"resolved_at": 5}, "copies": 240, "repeated_ids": 3, "skipped": 2,
            "scales": {"satisfaction_score": [1, 5]}, "scale_doubts": {},
        }),
        _item("ev-pulse", "data/pulse.csv", {
            "dataset": "employee_survey", "rows": 43, "months": {"2025-03": 20, "2025-06": 23}, "invalid": {},
            "out_of_order": {}, "copies": 0, "scales": {"empowerment_score": [1, 5]},
            "scale_doubts": {"empowerment_score": 4.0},
        }),
        _item("ev-survey", "data/answers.csv", {
            "dataset": "survey", "rows": 90, "months": {"2025-01": 90}, "invalid": {}, "out_of_order": {},
            "copies": 0, "scales": {"satisfaction_score": [1, 5]}, "scale_doubts": {},
        }),
    ]  # fmt: skip
    return out


def _render(result: dict[str, Any], name: str, lang: str) -> str:
    data = FORMATS[name].render(result, RenderOptions(lang=lang))
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


def _md_section(markdown: str, lang: str) -> str:
    start = markdown.index(f"\n## {HEADING[lang]}\n")
    end = markdown.find("\n## ", start + 4)
    return markdown[start: end if end >= 0 else None]


def _html_section(html: str, lang: str) -> str:
    start = html.index('id="sec-data-checks"')
    end = re.compile(r"<h[12][ >]").search(html, start)
    section = html[html.rindex("<", 0, start): end.start() if end else None]
    text, _findings = html_text(section)
    return text


def _section(result: dict[str, Any], name: str, lang: str) -> str:
    text = _render(result, name, lang)
    if name == "md":
        return " ".join(_md_section(text, lang).replace("\\", "").split())
    return _html_section(text, lang)


@pytest.mark.parametrize("name", ["md", "html"])
@pytest.mark.parametrize("lang", LANGS)
def test_each_export_says_what_was_left_out_in_the_reports_language(
    result: dict[str, Any], lang: str, name: str
) -> None:
    flagged = _flagged(result)
    section = _section(flagged, name, lang)
    assert HEADING[lang] in section
    for expected in EXPECTED[lang]:
        assert " ".join(expected.split()) in section, (expected, section)  # no-break spaces as spaces
    assert not [raw for raw in RAW if raw in section], section
    assert problems(section, lang, org_strings(flagged)) == []


def test_the_rows_are_in_evidence_order_and_one_per_export(result: dict[str, Any]) -> None:
    section = _section(_flagged(result), "md", "en")
    at = [section.index(source) for source in ("data/tickets.csv", "data/pulse.csv", "data/answers.csv")]
    assert at == sorted(at)
    assert section.count("No value left out or flagged") == 1  # only the clean export


def test_an_old_result_without_the_new_counts_still_renders(result: dict[str, Any]) -> None:
    flagged = _flagged(result)
    for item in flagged["evidence"]:
        for key in ("copies", "out_of_order"):
            item["attributes"].pop(key, None)
    section = _section(flagged, "md", "en")
    assert "copies of records left out" not in section
    # without `out_of_order`, every invalid value of a field reads as unreadable
    assert "Resolution date: 17 values could not be read (left empty)" in section


def test_every_rule_and_every_field_a_check_can_flag_has_its_words() -> None:
    """A value that cannot be is said in the dataset's own words, and a flagged field by its column name,
    never as an id (`resolved_at`) or in words shaped to follow a verb ("den Kanal")."""
    from servex.plugins.datasets._fields import FIELDS
    from servex.plugins.datasets._order import ORDER
    from servex.plugins.reports._checks_view import BREACH
    from servex.plugins.reports._labels import _COLUMN

    assert set(BREACH) == {(dataset, field) for dataset, rules in ORDER.items() for field in rules}
    checked = {(d, f) for d, fields in FIELDS.items() for f, kind in fields.items() if kind in ("ts", "bool", "num")}
    assert not [(d, f) for d, f in checked if f not in _COLUMN and f"{d}.{f}" not in _COLUMN]


def test_a_warehouse_table_is_named_by_its_table_and_a_collector_without_months_claims_no_undated_records(
    result: dict[str, Any],
) -> None:
    table = _item("ev-wh", "postgresql://servex@db.example/helpdesk table tickets_2025", {
        "dataset": "tickets", "rows": 561, "months": {"2025-03": 561}, "invalid": {"resolved_at": 2},
        "out_of_order": {"resolved_at": 2}, "copies": 0, "format": "warehouse",
    })  # fmt: skip
    table["provenance"]["locator"] = "table tickets_2025"
    other = _item("ev-other", "data/other.csv", {"dataset": "tickets", "rows": 10})  # another collector's item
    result["evidence"] += [table, other]
    section = _section(result, "md", "en")
    assert "| The helpdesk export — table tickets_2025 | 561 | March 2025 |" in section.replace("\\", "")
    assert "postgresql:" not in section
    assert "2 resolutions dated before the request was opened (left empty)" in section
    assert "values could not be read" not in section and "without a readable date" not in section


def test_no_section_without_a_data_export(result: dict[str, Any]) -> None:
    result["evidence"] = [e for e in result["evidence"] if e["kind"] != "dataset"]
    for name in ("md", "html"):
        assert HEADING["en"] not in _render(result, name, "en"), name


def _assess(folder: Path, out: Path, cache: Path) -> dict[str, Any]:
    from servex._cli.main import main

    with pytest.raises(SystemExit):
        main(["assess", str(folder), "-q", "--fail-on", "never", "--cache-dir", str(cache),
              "-o", f"json:{out / 'result.json'}", "-o", f"md:{out / 'report.md'}",
              "-o", f"html:{out / 'report.html'}"])  # fmt: skip
    return json.loads((out / "result.json").read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("malformed", [False, True], ids=["typed read", "text read"])
def test_a_sample_exported_twice_with_an_impossible_date_says_so_in_its_report(tmp_path: Path, malformed: bool) -> None:
    """`malformed`: a line with too many fields sends the file to the text path, which skips the line."""
    sample = REPO / "evidence_samples" / "harbour-cycles"
    twice = tmp_path / "twice"
    shutil.copytree(sample, twice)
    jobs = (sample / "data" / "jobs-2025.csv").read_text("utf-8").splitlines(keepends=True)
    assert jobs[1].startswith("J0001,2025-01-04 09:00,2025-01-04 09:04,2025-01-07 14:54,")
    jobs[1] = jobs[1].replace("2025-01-07 14:54", "2024-01-07 14:54")  # resolved a year before it was opened
    broken = ["J9999,2025-03-02 10:00,2025-03-02 10:05,extra,fields,that,do,not,fit,the,header,at,all\n"]
    (twice / "data" / "jobs-2025.csv").write_text("".join(jobs + jobs[1:] + (broken if malformed else [])), "utf-8")
    result = _assess(twice, tmp_path, tmp_path / "cache")

    exports = {e["provenance"]["source"]: e["attributes"] for e in result["evidence"] if e["kind"] == "dataset"}
    assert exports["data/jobs-2025.csv"]["copies"] == len(jobs) - 1
    assert exports["data/jobs-2025.csv"]["rows"] == len(jobs) - 1  # each record once
    assert all(a["copies"] == 0 for source, a in exports.items() if source != "data/jobs-2025.csv")
    assert exports["data/jobs-2025.csv"]["out_of_order"] == {"resolved_at": 1}
    assert exports["data/jobs-2025.csv"]["invalid"] == {"resolved_at": 1}  # invalid counts it too
    assert all(a["out_of_order"] == {} for source, a in exports.items() if source != "data/jobs-2025.csv")
    assert exports["data/jobs-2025.csv"].get("skipped") == (1 if malformed else None)

    markdown = (tmp_path / "report.md").read_text("utf-8")
    rows = [line for line in _md_section(markdown, "en").splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(exports)
    [jobs_row] = [r for r in rows if "jobs-2025.csv" in r]
    assert f"{len(jobs) - 1} exact copies of records left out (each record counted once)" in jobs_row
    assert "1 resolution dated before the request was opened (left empty)" in jobs_row
    assert "could not be read" not in jobs_row  # the value that cannot be is not also called unreadable
    assert ("1 malformed line of the file skipped (not read)" in jobs_row) == malformed
    assert "| 12 months with records, January 2025 to December 2025 |" in jobs_row
    assert all("No value left out or flagged" in r for r in rows if r is not jobs_row)
    html = _html_section((tmp_path / "report.html").read_text("utf-8"), "en")
    assert f"{len(jobs) - 1} exact copies of records left out" in html


#: the executive summary's pointer to the section, by language (two flagged exports in `_flagged`)
SUMMARY_NOTE = {
    "en": "Data checks: 2 data exports had values left out or flagged before any figure was computed",
    "fr": "Contrôles des données : 2 exports de données comportaient des valeurs écartées ou signalées",
    "de": "Datenprüfungen: In 2 Datenexporten wurden vor jeder Berechnung Werte ausgelassen oder markiert",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_executive_summary_points_to_the_data_checks_when_something_was_set_aside(
    result: dict[str, Any], lang: str
) -> None:
    for name, section in (("md", f"## {HEADING[lang]}"), ("html", 'id="sec-data-checks"')):
        text = " ".join(_render(_flagged(result), name, lang).split()).replace("\\", "")
        assert SUMMARY_NOTE[lang] in text, name
        assert text.index(SUMMARY_NOTE[lang]) < text.index(section), name  # in the summary, before the appendix
    clean = " ".join(_render(result, "md", lang).split())
    assert SUMMARY_NOTE[lang][:20] not in clean  # nothing set aside: no line in the summary


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("en", ["700 first replies within 5 seconds of the request, as fast as an automatic reply (counted: check",
                "1 month with under a tenth of an average month's records, not counted as covered: March 2025"]),
        ("fr", ["700 premières réponses moins de 5 secondes après la demande, aussi vite qu'une réponse automatique",
                "1 mois avec moins d'un dixième des enregistrements d'un mois moyen, non compté comme couvert"]),
        ("de", ["700 erste Antworten weniger als 5 Sekunden nach der Anfrage, so schnell wie eine automatische",
                "1 Monat mit weniger als einem Zehntel der Datensätze eines durchschnittlichen Monats"]),
    ],
)  # fmt: skip
def test_auto_replies_and_token_months_are_shown_with_the_export(
    result: dict[str, Any], lang: str, lines: list[str]
) -> None:
    """The two flags a KPI's message gives (datasets/_evaluate, _coverage) are in the data checks too, so a
    reader who looks at the export sees them once, not only beside each figure."""
    flagged = copy.deepcopy(result)
    flagged["period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    months = {f"2025-{m:02d}": 100 for m in range(1, 13)} | {"2025-03": 2}
    flagged["evidence"] = [
        _item("ev-auto", "data/auto.csv", {
            "dataset": "tickets", "rows": sum(months.values()), "months": months, "invalid": {}, "out_of_order": {},
            "copies": 0, "instant": {"first_reply_at": {"n": 700, "of": 1102}, "resolved_at": {"n": 3, "of": 1000}},
        })
    ]  # fmt: skip
    section = _section(flagged, "md", lang)
    for line in lines:
        assert " ".join(line.split()) in section, (line, section)
    assert "resolved within 5 seconds" not in section  # 3 of 1,000: below the share that flags a KPI
