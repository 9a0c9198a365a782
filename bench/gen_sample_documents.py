"""Write the documents of the sample organisations in the formats organisations really keep them.

PDF (rendered from HTML with WeasyPrint), Word (python-docx), Excel (openpyxl), Markdown and HTML, for
two fictional organisations:

- ``public-service-fr``: Eaux du Val de Serre, a French public water utility (documents in French);
- ``hotel-group``: Larkspur Hotels, a group of nine hotels (documents in English).

Deterministic: every document carries fixed dates and authors, and the Office files are re-zipped with a
fixed timestamp, so re-running the script rewrites the same content. The texts are our own; no standard
is quoted.

    python bench/gen_sample_documents.py      # writes into evidence_samples/{public-service-fr,hotel-group}/
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1] / "evidence_samples"

# A block of a document: ("h", text), ("p", text), ("ul", [items]), ("table", [[cells], ...]) or ("page",)
Block = tuple[Any, ...]


@dataclass
class Doc:
    path: str
    title: str
    author: str
    date: datetime
    lang: str
    blocks: list[Block] = field(default_factory=list)
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)  # for .xlsx


# ---------------------------------------------------------------- renderers
_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm 2cm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; }
h1 { font-size: 16pt; color: #1d3c5a; } h2 { font-size: 12pt; color: #1d3c5a; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
td, th { border: 1px solid #999; padding: 3px 5px; font-size: 9pt; vertical-align: top; }
th { background: #e6edf3; text-align: left; }
.meta { color: #555; font-size: 8.5pt; }
.page { page-break-before: always; }
"""


def to_html(doc: Doc) -> str:
    esc = html.escape
    stamp = doc.date.strftime("%Y-%m-%dT%H:%M:%S")
    out = [
        "<!doctype html>",
        f'<html lang="{doc.lang}"><head><meta charset="utf-8"><title>{esc(doc.title)}</title>',
        f'<meta name="author" content="{esc(doc.author)}">',
        f'<meta name="dcterms.created" content="{stamp}">',
        f'<meta name="dcterms.modified" content="{stamp}">',
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{esc(doc.title)}</h1>",
        f'<p class="meta">{esc(doc.author)} — {doc.date:%Y-%m-%d}</p>',
    ]
    page_break = False
    for block in doc.blocks:
        kind = block[0]
        opener = ' class="page"' if page_break else ""
        if kind == "page":
            page_break = True
            continue
        if kind == "h":
            out.append(f"<h2{opener}>{esc(block[1])}</h2>")
        elif kind == "p":
            out.append(f"<p{opener}>{esc(block[1])}</p>")
        elif kind == "ul":
            out.append(f"<ul{opener}>" + "".join(f"<li>{esc(item)}</li>" for item in block[1]) + "</ul>")
        elif kind == "table":
            head, *body = block[1]
            out.append(f"<table{opener}><tr>" + "".join(f"<th>{esc(str(c))}</th>" for c in head) + "</tr>")
            out.extend("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in body)
            out.append("</table>")
        page_break = False
    out.append("</body></html>\n")
    return "\n".join(out)


def to_markdown(doc: Doc) -> str:
    out = [f"# {doc.title}", "", f"*{doc.author} — {doc.date:%Y-%m-%d}*", ""]
    for block in doc.blocks:
        kind = block[0]
        if kind == "h":
            out += [f"## {block[1]}", ""]
        elif kind == "p":
            out += [block[1], ""]
        elif kind == "ul":
            out += [f"- {item}" for item in block[1]] + [""]
        elif kind == "table":
            head, *body = block[1]
            out.append("| " + " | ".join(str(c) for c in head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_pdf(doc: Doc, path: Path) -> None:
    # fontTools stamps the embedded font subsets with the current time unless SOURCE_DATE_EPOCH is set
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01T00:00:00Z
    from weasyprint import HTML

    HTML(string=to_html(doc)).write_pdf(path, pdf_identifier=doc.path.encode(), uncompressed_pdf=False)


def write_docx(doc: Doc, path: Path) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.last_modified_by = doc.title, doc.author, doc.author
    props.created = props.modified = props.last_printed = doc.date
    props.language = {"fr": "fr-FR", "en": "en-GB"}[doc.lang]
    props.revision = 1
    document.add_heading(doc.title, level=0)
    document.add_paragraph(f"{doc.author} — {doc.date:%Y-%m-%d}")
    for block in doc.blocks:
        kind = block[0]
        if kind == "page":
            document.add_page_break()  # type: ignore[no-untyped-call]
        elif kind == "h":
            document.add_heading(block[1], level=1)
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "ul":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = str(cell)
    document.save(str(path))
    normalise_office_file(path, doc.date)


def write_xlsx(doc: Doc, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in doc.sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    book.properties.title, book.properties.creator = doc.title, doc.author
    book.properties.created = doc.date
    book.properties.language = doc.lang
    book.save(path)
    normalise_office_file(path, doc.date)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_office_file(path: Path, moment: datetime) -> None:
    """Rewrite an Office zip with a fixed timestamp on every entry and in docProps/core.xml, so that the
    same content always gives the same bytes (python-docx and openpyxl stamp the current time)."""
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(lambda m: m.group(1) + iso + m.group(2), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(moment.year, moment.month, moment.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)


def write(doc: Doc, folder: Path) -> Path:
    path = folder / doc.path
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix
    if suffix == ".pdf":
        write_pdf(doc, path)
    elif suffix == ".docx":
        write_docx(doc, path)
    elif suffix == ".xlsx":
        write_xlsx(doc, path)
    elif suffix == ".md":
        path.write_text(to_markdown(doc), encoding="utf-8")
    elif suffix == ".html":
        path.write_text(to_html(doc), encoding="utf-8")
    else:  # pragma: no cover - a typo in a path below
        raise ValueError(f"unknown format: {path}")
    return path


def _d(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d").replace(hour=9)


# ---------------------------------------------------------------- Eaux du Val de Serre (French)
def water_documents() -> list[Doc]:
    org = "Eaux du Val de Serre"
    return [
        Doc(
            "engagements/charte-de-service-2025.pdf",
            "Charte de service des Eaux du Val de Serre",
            "Direction de la relation aux usagers",
            _d("2025-02-10"),
            "fr",
            [
                (
                    "p",
                    f"{org} est la régie publique qui distribue l'eau potable et assure l'assainissement de "
                    "52 communes, soit 138 000 abonnés. Cette charte de service dit ce que chaque usager peut "
                    "attendre de nous. Elle a été adoptée par le conseil d'exploitation le 6 février 2025.",
                ),
                ("h", "Nos engagements"),
                (
                    "ul",
                    [
                        "Répondre à vos courriels et formulaires en ligne sous 2 jours ouvrés.",
                        "Traiter votre demande (facture, abonnement, relève, échéancier) sous 8 jours ouvrés : c'est "
                        "notre délai de résolution.",
                        "Intervenir sur une fuite sur le domaine public en moins de 4 heures, 24 heures sur 24.",
                        "Vous prévenir au moins 48 heures avant toute coupure d'eau programmée.",
                        "Accuser réception de votre réclamation sous 48 heures et y répondre sous 30 jours.",
                    ],
                ),
                ("h", "Qui porte ces engagements"),
                (
                    "p",
                    "Chaque engagement a un responsable : la cheffe du service relation abonnés pour les délais "
                    "de réponse et de traitement, le responsable de l'exploitation pour les interventions, la "
                    "responsable qualité pour les réclamations.",
                ),
                ("page",),
                ("h", "Comment nous rendons compte"),
                (
                    "p",
                    "Les résultats sont présentés chaque trimestre en revue de direction et publiés chaque année "
                    "dans le rapport sur le prix et la qualité du service. Les engagements de service sont revus "
                    "tous les deux ans avec le comité des usagers.",
                ),
                ("h", "Où trouver cette charte"),
                ("p", "Sur notre site, dans nos trois accueils et au verso de chaque facture."),
            ],
        ),
        Doc(
            "engagements/grille-des-delais-2025.docx",
            "Convention de service interne : délais de traitement",
            "Service relation abonnés",
            _d("2025-01-15"),
            "fr",
            [
                ("h", "Objet"),
                (
                    "p",
                    "Cette convention de service fixe, pour chaque motif de demande, le délai de première réponse "
                    "et le délai de résolution que les équipes s'engagent à tenir. Elle décline la charte de "
                    "service pour le service relation abonnés, la facturation et l'exploitation.",
                ),
                ("h", "Délais par motif"),
                (
                    "table",
                    [
                        ["Motif", "Première réponse", "Délai de résolution", "Service"],
                        ["Facture, échéancier", "2 jours ouvrés", "8 jours ouvrés", "Facturation"],
                        ["Abonnement, résiliation", "2 jours ouvrés", "8 jours ouvrés", "Relation abonnés"],
                        ["Relève du compteur", "2 jours ouvrés", "10 jours ouvrés", "Exploitation"],
                        ["Fuite, coupure", "immédiate", "4 heures (intervention)", "Astreinte"],
                        ["Qualité de l'eau", "1 jour ouvré", "5 jours ouvrés", "Laboratoire"],
                    ],
                ),
                ("h", "Suivi"),
                (
                    "p",
                    "Le respect des délais est suivi dans l'outil de gestion des demandes. Limite connue : "
                    "l'outil ne porte pas encore d'échéance par demande ; le paramétrage des échéances est "
                    "inscrit au plan d'actions pour le second semestre 2026. En attendant, seul le délai de "
                    "première réponse est suivi.",
                ),
            ],
        ),
        Doc(
            "reclamations/politique-de-traitement-des-reclamations.docx",
            "Politique de traitement des réclamations",
            "Direction générale",
            _d("2025-03-03"),
            "fr",
            [
                ("h", "Notre engagement"),
                (
                    "p",
                    "Toute réclamation est une occasion de corriger une erreur et d'améliorer le service. La "
                    "direction générale s'engage à ce que chaque réclamation soit enregistrée, instruite avec "
                    "impartialité et suivie d'une réponse motivée.",
                ),
                ("h", "Comment réclamer"),
                (
                    "p",
                    "Vous pouvez adresser une réclamation par courrier, par courriel, par le formulaire du site ou "
                    "dans l'un de nos accueils. Le dépôt d'une réclamation est gratuit et sans frais de dossier.",
                ),
                ("h", "Ce qui se passe ensuite"),
                (
                    "ul",
                    [
                        "Un accusé de réception vous est adressé sous 48 heures, avec le nom de la personne chargée "
                        "de votre dossier.",
                        "La réclamation est inscrite au registre avec une référence unique et une échéance "
                        "de 30 jours.",
                        "Une réponse écrite et motivée vous est envoyée au plus tard à l'échéance ; si le délai ne "
                        "peut être tenu, vous êtes prévenu avant.",
                        "Si la réponse ne vous satisfait pas, vous pouvez saisir le médiateur de l'eau, gratuitement.",
                    ],
                ),
                ("h", "Analyse et amélioration"),
                (
                    "p",
                    "Les réclamations sont analysées chaque trimestre par catégorie et par cause ; les résultats "
                    "sont présentés en revue de direction.",
                ),
            ],
        ),
        Doc(
            "usagers/nous-contacter.html",
            "Nous contacter",
            "Service communication",
            _d("2025-04-01"),
            "fr",
            [
                ("h", "Horaires d'ouverture"),
                (
                    "p",
                    "Accueil téléphonique du lundi au vendredi de 8 h à 18 h ; accueils de Serreval, Montagne-sur-"
                    "Serre et Les Aubiers du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h. Urgences "
                    "fuite et coupure : 24 heures sur 24, 7 jours sur 7.",
                ),
                ("h", "Contactez-nous"),
                (
                    "ul",
                    [
                        "Par téléphone : 03 00 00 00 00 (appel non surtaxé).",
                        "Par le formulaire en ligne de votre espace abonné.",
                        "Par courrier : Eaux du Val de Serre, service relation abonnés.",
                    ],
                ),
                ("h", "Tarifs et délais"),
                (
                    "p",
                    "Le prix de l'eau est voté chaque année par le conseil d'exploitation : 4,12 € TTC le mètre cube "
                    "en 2025, abonnement compris. Nos délais de réponse et de traitement figurent dans notre charte "
                    "de service.",
                ),
            ],
        ),
        Doc(
            "pilotage/tableau-de-bord-qualite-2025.xlsx",
            "Tableau de bord qualité de service 2025",
            "Responsable qualité",
            _d("2025-12-15"),
            "fr",
            sheets={
                "Indicateurs": [
                    ["Indicateur", "Définition", "Responsable", "Fréquence", "T1", "T2", "T3", "T4"],
                    [
                        "Délai de première réponse (médiane)",
                        "Heures entre création et première réponse",
                        "Cheffe relation abonnés",
                        "mensuelle",
                        "19 h",
                        "16 h",
                        "21 h",
                        "15 h",
                    ],
                    [
                        "Respect du délai de résolution de 8 jours",
                        "Part des demandes traitées dans le délai de la charte",
                        "Cheffe relation abonnés",
                        "mensuelle",
                        "non mesuré",
                        "non mesuré",
                        "non mesuré",
                        "non mesuré",
                    ],
                    [
                        "Taux d'abandon des appels",
                        "Appels abandonnés / appels présentés",
                        "Superviseur plateau",
                        "hebdomadaire",
                        "11 %",
                        "9 %",
                        "13 %",
                        "9 %",
                    ],
                    [
                        "Satisfaction (baromètre)",
                        "Part des notes 4 et 5 sur 5",
                        "Responsable qualité",
                        "mensuelle",
                        "72 %",
                        "75 %",
                        "71 %",
                        "75 %",
                    ],
                    [
                        "Réclamations : accusé de réception sous 48 h",
                        "Part des réclamations accusées sous 48 h",
                        "Responsable qualité",
                        "mensuelle",
                        "94 %",
                        "95 %",
                        "93 %",
                        "95 %",
                    ],
                ],
                "Notes": [
                    ["Note"],
                    [
                        "Le KPI de respect du délai de résolution ne peut pas être calculé : l'outil de gestion des "
                        "demandes n'enregistre pas d'échéance."
                    ],
                ],
            },
        ),
        Doc(
            "pilotage/revue-de-direction-2025-10.pdf",
            "Compte rendu de la revue de direction du 16 octobre 2025",
            "Direction générale",
            _d("2025-10-16"),
            "fr",
            [
                (
                    "p",
                    "Présents : directeur général, directrice de la relation aux usagers, responsable de "
                    "l'exploitation, responsable qualité, cheffe du service relation abonnés.",
                ),
                ("h", "Résultats examinés"),
                (
                    "ul",
                    [
                        "Satisfaction client (baromètre, T3) : 71 % de notes 4 et 5, en baisse en juillet-août.",
                        "Réclamations : 334 reçues au T3, 94 % accusées sous 48 heures, délai médian de réponse "
                        "11 jours ; causes principales : factures estimées et relèves manquées.",
                        "Appels : 13 % d'abandon au T3 (pic de juillet lié aux factures et aux restrictions d'usage).",
                        "Délai de résolution de 8 jours : toujours non mesurable faute d'échéance dans l'outil.",
                    ],
                ),
                ("h", "Plan d'actions"),
                (
                    "table",
                    [
                        ["Action", "Responsable", "Échéance"],
                        ["Renfort du plateau téléphonique en janvier et juillet", "Superviseur plateau", "2026-01-05"],
                        [
                            "Paramétrer une échéance par demande dans l'outil",
                            "Direction des systèmes d'information",
                            "2026-09-30",
                        ],
                        [
                            "Réécrire le courrier de facture estimée avec des usagers",
                            "Responsable qualité",
                            "2026-03-31",
                        ],
                    ],
                ),
                ("h", "Suivi des actions précédentes"),
                (
                    "p",
                    "La relève à distance dans trois communes a réduit de 20 % les réclamations sur les "
                    "factures estimées dans ces communes.",
                ),
            ],
        ),
        Doc(
            "rh/plan-de-formation-2025.pdf",
            "Plan de formation 2025 — métiers de l'accueil et de la relation abonnés",
            "Direction des ressources humaines",
            _d("2025-01-20"),
            "fr",
            [
                ("h", "Parcours d'intégration"),
                (
                    "p",
                    "Tout nouveau conseiller suit un parcours d'intégration de 8 jours avant de répondre seul : "
                    "tarifs et facturation, outil de gestion des demandes, charte de service, politique de "
                    "réclamation, consignes d'urgence.",
                ),
                ("h", "Remises à niveau"),
                (
                    "ul",
                    [
                        "Réglementation et tarifs : une demi-journée par an.",
                        "Accueil des usagers en situation de précarité : une journée (nouveau en 2025).",
                        "Écrit professionnel : une journée pour les conseillers qui répondent par courriel.",
                    ],
                ),
                ("h", "Suivi"),
                ("p", "Les heures suivies sont relevées dans l'enquête interne trimestrielle."),
            ],
        ),
        Doc(
            "ecoute/procedure-ecoute-usagers.md",
            "Procédure d'écoute des usagers",
            "Responsable qualité",
            _d("2025-02-03"),
            "fr",
            [
                ("h", "Objet et responsables"),
                (
                    "p",
                    "Cette procédure organise l'écoute client (la voix de l'usager) : ce que nous mesurons, "
                    "comment, à quelle fréquence et qui agit. Responsable : la responsable qualité ; chaque "
                    "chef de service reçoit les résultats qui le concernent.",
                ),
                ("h", "Dispositifs"),
                (
                    "ul",
                    [
                        "Baromètre de satisfaction mensuel : enquête en ligne auprès de 120 à 130 usagers tirés "
                        "au sort parmi ceux qui nous ont contactés le mois précédent (satisfaction et facilité).",
                        "Registre des réclamations, analysé chaque trimestre.",
                        "Comité des usagers : deux réunions par an avec les associations de consommateurs.",
                    ],
                ),
                ("h", "Exploitation des résultats"),
                (
                    "p",
                    "Les résultats sont présentés en revue de direction trimestrielle ; les verbatims négatifs "
                    "sont transmis au service concerné.",
                ),
            ],
        ),
        Doc(
            "qualite/analyse-des-causes-reclamations-2025.xlsx",
            "Analyse des causes des réclamations 2025",
            "Responsable qualité",
            _d("2025-10-10"),
            "fr",
            sheets={
                "Causes": [
                    [
                        "Catégorie",
                        "Réclamations (T1-T3)",
                        "Cause racine identifiée",
                        "Action corrective",
                        "Responsable",
                        "Échéance",
                        "Effet mesuré",
                    ],
                    [
                        "Facturation",
                        403,
                        "Factures estimées faute de relève",
                        "Relève à distance dans trois communes",
                        "Responsable exploitation",
                        "2025-06-30",
                        "-20 % dans ces communes",
                    ],
                    [
                        "Compteur",
                        152,
                        "Rendez-vous de relève manqués",
                        "Créneaux de 2 heures confirmés par SMS",
                        "Cheffe relation abonnés",
                        "2025-09-30",
                        "à mesurer au T4",
                    ],
                    [
                        "Travaux",
                        167,
                        "Information tardive des riverains",
                        "Avis de travaux 10 jours avant",
                        "Responsable travaux",
                        "2025-11-30",
                        "en cours",
                    ],
                ],
                "Plan d'amélioration": [
                    ["Action", "Statut"],
                    ["Paramétrer une échéance par demande (délai de résolution mesurable)", "planifiée 2026"],
                    ["Enquête de satisfaction après réclamation", "non lancée"],
                ],
            },
        ),
    ]


# ---------------------------------------------------------------- Larkspur Hotels (English)
def hotel_documents() -> list[Doc]:
    return [
        Doc(
            "standards/larkspur-guest-promise.pdf",
            "The Larkspur Guest Promise",
            "Chief Operating Officer",
            _d("2025-02-03"),
            "en",
            [
                (
                    "p",
                    "Larkspur Hotels runs nine independent-spirited hotels in Britain and Ireland. This is our "
                    "service charter: the service standards every guest can hold us to, in every hotel.",
                ),
                ("h", "Our commitments"),
                (
                    "ul",
                    [
                        "We answer every message, call or chat about your stay within 2 hours between 7am and 11pm.",
                        "We resolve booking changes within 48 hours and urgent requests during your stay "
                        "within 4 hours.",
                        "Your room is ready at 3pm, or we tell you when it will be and look after your luggage.",
                        "If something is wrong, the first person you tell owns it until it is put right.",
                    ],
                ),
                ("h", "How we keep score"),
                (
                    "p",
                    "Each hotel's results against these commitments are reviewed every month by the hotel "
                    "manager and every quarter by the executive team.",
                ),
            ],
        ),
        Doc(
            "standards/guest-request-sla.md",
            "Service level agreement — guest requests",
            "Head of Guest Relations",
            _d("2025-01-13"),
            "en",
            [
                (
                    "p",
                    "This service level agreement sets the first reply and resolution time for each priority "
                    "of guest request, as configured in the request tool (each request gets a due date).",
                ),
                (
                    "table",
                    [
                        ["Priority", "First reply", "Resolution time"],
                        ["Urgent (guest in house)", "15 minutes", "4 hours"],
                        ["High", "1 hour", "12 hours"],
                        ["Normal", "2 hours", "48 hours"],
                        ["Low", "1 working day", "96 hours"],
                    ],
                ),
            ],
        ),
        Doc(
            "standards/guest-information.html",
            "Contact us and opening hours",
            "Marketing",
            _d("2025-03-10"),
            "en",
            [
                ("h", "Contact us"),
                (
                    "p",
                    "Call the reservations team on 0300 000 0000, chat with us on the website or the app, or write "
                    "to the hotel directly. Every hotel page lists its prices, cancellation terms and parking.",
                ),
                ("h", "Opening hours"),
                (
                    "p",
                    "Reservations: 7am to 11pm every day. Receptions are open around the clock. Restaurants: "
                    "opening hours on each hotel page.",
                ),
            ],
        ),
        Doc(
            "standards/guest-complaints-policy.docx",
            "Guest complaints policy",
            "Chief Operating Officer",
            _d("2025-01-27"),
            "en",
            [
                ("h", "Our approach"),
                (
                    "p",
                    "A complaint is a guest giving us the chance to put something right. Any colleague may "
                    "receive a complaint, in person or on any channel, and it is free of charge to complain.",
                ),
                ("h", "What happens"),
                (
                    "ul",
                    [
                        "We acknowledge every complaint within 24 hours, in person or in writing.",
                        "Since June 2025 every complaint is logged centrally by Guest Relations with a target "
                        "date of 14 days.",
                        "A manager replies with the outcome and any goodwill gesture.",
                    ],
                ),
                ("h", "Known limits (2025)"),
                (
                    "p",
                    "Until June 2025 each hotel kept its own complaint notes. The central log does not yet "
                    "record when a complaint was acknowledged, and we do not yet ask guests how their complaint "
                    "was handled.",
                ),
            ],
        ),
        Doc(
            "procedures/guest-feedback-procedure.docx",
            "Guest feedback procedure",
            "Head of Guest Experience",
            _d("2025-02-17"),
            "en",
            [
                ("h", "Purpose and owners"),
                (
                    "p",
                    "How we listen to guests: the voice of the customer programme, its methods, frequency and "
                    "owners. Owner: Head of Guest Experience; each hotel manager owns their hotel's results.",
                ),
                ("h", "Methods"),
                (
                    "ul",
                    [
                        "Post-stay survey sent to every guest two days after check-out (satisfaction, likelihood "
                        "to recommend, ease, delight, exceeded expectations).",
                        "Online reviews read daily by each hotel.",
                        "Guest panel workshops four times a year.",
                    ],
                ),
                ("h", "Acting on feedback"),
                (
                    "p",
                    "Survey results and verbatims go to each hotel's daily briefing; the executive team reviews "
                    "them monthly.",
                ),
            ],
        ),
        Doc(
            "people/training-and-empathy-academy-2025.docx",
            "Larkspur Academy — training plan 2025",
            "People Director",
            _d("2025-01-08"),
            "en",
            [
                ("h", "Induction"),
                (
                    "p",
                    "Every new colleague follows a five-day induction (onboarding) before working alone: our "
                    "guest promise, systems, safety, and two days on hospitality behaviour.",
                ),
                ("h", "Empathy and judgement"),
                (
                    "p",
                    "All guest-facing colleagues train in active listening, empathy and service recovery "
                    "(soft skills), with monthly coaching by their manager on real guest conversations.",
                ),
                ("h", "Recruitment profile"),
                (
                    "p",
                    "We hire for warmth, curiosity and judgement and train for skills: every interview includes "
                    "a role play with a guest situation.",
                ),
            ],
        ),
        Doc(
            "people/empowerment-charter.pdf",
            "Empowerment charter: what every colleague may decide",
            "Chief Operating Officer",
            _d("2025-01-06"),
            "en",
            [
                (
                    "p",
                    "Empowerment at Larkspur means that the colleague in front of the guest decides. No "
                    "permission is needed within these limits.",
                ),
                (
                    "ul",
                    [
                        "A goodwill gesture of up to GBP 150 per stay (room upgrade, meal, late check-out, "
                        "refund of a service).",
                        "Any decision that keeps a guest safe or comfortable, reported afterwards.",
                        "Managers back decisions taken in good faith; good examples are shared at the weekly briefing.",
                    ],
                ),
            ],
        ),
        Doc(
            "people/service-values-and-recognition.md",
            "Our values and the Larkspur recognition programme",
            "People Director",
            _d("2025-03-03"),
            "en",
            [
                ("h", "Our values"),
                (
                    "ul",
                    [
                        "Warm: we treat guests as we would treat friends at home.",
                        "Curious: we notice what each guest cares about.",
                        "Owner: whoever hears it, owns it.",
                    ],
                ),
                ("h", "Recognition"),
                (
                    "p",
                    "Each month every hotel nominates a colleague whose story shows our values; the Larkspur "
                    "Lantern awards recognise twelve colleagues a year, chosen with guests' own words.",
                ),
            ],
        ),
        Doc(
            "people/staff-ideas-2025.xlsx",
            "Colleague idea scheme 2025",
            "People Director",
            _d("2025-12-01"),
            "en",
            sheets={
                "Ideas": [
                    ["Idea", "From", "Status", "Result"],
                    ["Handwritten welcome card naming the occasion", "Front desk, York", "implemented", "all hotels"],
                    ["Local walking map made by staff", "Housekeeping, Bath", "implemented", "6 hotels"],
                    ["Dog-friendly rooms with a bowl and treats", "Reservations", "implemented", "4 hotels"],
                    ["Breakfast to take away for early departures", "Food and beverage, Cork", "pilot", "2 hotels"],
                    ["Quiet-floor option at booking", "Guest relations", "rejected", "noise complaints too few"],
                ],
                "Summary": [
                    ["Measure", "Value"],
                    ["Ideas received", 86],
                    ["Ideas implemented", 19],
                    ["Median days to answer an idea", 12],
                ],
            },
        ),
        Doc(
            "design/journey-map-arrival-to-departure.pdf",
            "Guest journey map: from booking to departure",
            "Head of Guest Experience",
            _d("2025-05-26"),
            "en",
            [
                (
                    "p",
                    "This customer journey map was built in April 2025 in workshops with 22 guests and 30 "
                    "colleagues from four hotels. For each touchpoint it records what guests do, feel and "
                    "expect, and the moments of truth.",
                ),
                (
                    "table",
                    [
                        ["Touchpoint", "What the guest does", "Emotion", "Moment of truth?"],
                        ["Booking", "Chooses dates and room online or by phone", "excited, price-anxious", "no"],
                        ["Pre-arrival message", "Receives a message asking about the occasion", "valued", "yes"],
                        ["Arrival and check-in", "Arrives tired after travel", "relieved or frustrated", "yes"],
                        ["First evening", "Dinner, bar, asks for tips", "curious", "no"],
                        ["Problem in the room", "Reports noise or a fault", "annoyed, anxious", "yes"],
                        ["Departure", "Pays, leaves, gets a goodbye", "warm or indifferent", "yes"],
                    ],
                ),
                ("h", "Emotional highs and lows"),
                (
                    "p",
                    "The lowest emotion is a room problem reported late in the evening; the highest is an "
                    "arrival where staff already know the reason for the stay. Each touchpoint now has an owner "
                    "and a standard for the feeling we want the guest to leave with.",
                ),
            ],
        ),
        Doc(
            "design/guest-personas-2025.docx",
            "Guest personas and segment study 2025",
            "Head of Guest Experience",
            _d("2025-04-14"),
            "en",
            [
                (
                    "p",
                    "Customer research from 64 guest interviews and 9,000 survey comments, spring 2025. Five "
                    "segments, each with a persona describing needs, expectations and what would delight them.",
                ),
                (
                    "table",
                    [
                        ["Segment", "Persona", "Expectations", "What would delight them"],
                        [
                            "Celebration weekends",
                            "Amira and Tom",
                            "a quiet room, a special dinner",
                            "being greeted with the occasion already known",
                        ],
                        [
                            "Business travellers",
                            "Graham",
                            "fast check-in, a desk, reliable wifi",
                            "a late check-out offered without asking",
                        ],
                        ["Families", "The Byrnes", "space, food at set times", "something made for the children"],
                        [
                            "Walkers and cyclists",
                            "Kirsty",
                            "drying room, early breakfast",
                            "a packed lunch and a route",
                        ],
                        ["Dog owners", "Sean and Bramble", "a room where the dog is welcome", "a bowl and a walk map"],
                    ],
                ),
            ],
        ),
        Doc(
            "design/personalisation-data-points.xlsx",
            "Personalisation data points and consent",
            "Head of Guest Experience",
            _d("2025-05-05"),
            "en",
            sheets={
                "Data points": [
                    ["Data point", "Source", "Used at", "Consent"],
                    ["Reason for stay (occasion)", "pre-arrival message", "arrival, room set-up", "asked, opt-in"],
                    ["Pillow and room preferences", "previous stays", "room allocation", "guest profile, opt-in"],
                    ["Dietary needs", "booking or pre-arrival", "restaurant", "explicit consent"],
                    ["Previous complaint", "complaint log", "arrival: manager greets the guest", "legitimate interest"],
                    ["Dog's name", "booking", "room card", "opt-in"],
                ],
                "Rules": [
                    ["Rule"],
                    [
                        "Personalisation uses only the data points above; guests can see and delete "
                        "their profile at any time."
                    ],
                ],
            },
        ),
        Doc(
            "design/experience-dashboard-2025.xlsx",
            "Guest experience dashboard 2025 — by journey and touchpoint",
            "Head of Guest Experience",
            _d("2025-12-08"),
            "en",
            sheets={
                "By touchpoint": [
                    ["Journey", "Touchpoint", "KPI", "Q1", "Q2", "Q3", "Q4", "Owner"],
                    ["Stay", "Booking", "Ease (1-7, mean)", 5.6, 5.7, 5.8, 5.9, "Reservations manager"],
                    [
                        "Stay",
                        "Arrival and check-in",
                        "Satisfaction top-2-box",
                        "84 %",
                        "87 %",
                        "89 %",
                        "90 %",
                        "Front office",
                    ],
                    ["Stay", "Room problem", "Solved within 4 hours", "91 %", "93 %", "94 %", "95 %", "Duty managers"],
                    ["Stay", "Departure", "Exceeded expectations", "24 %", "27 %", "31 %", "33 %", "Hotel managers"],
                    [
                        "Events",
                        "Wedding planning",
                        "Satisfaction top-2-box",
                        "88 %",
                        "90 %",
                        "91 %",
                        "92 %",
                        "Events team",
                    ],
                ],
                "Indicators": [
                    ["Indicator", "Definition", "Owner", "Frequency"],
                    ["Guest request SLA", "Requests resolved by their due date", "Guest Relations", "weekly"],
                    ["NPS", "Promoters minus detractors, post-stay survey", "Head of Guest Experience", "monthly"],
                ],
            },
        ),
        Doc(
            "strategy/larkspur-strategy-2025-2028.pdf",
            "Larkspur Hotels strategy 2025–2028",
            "Chief Executive",
            _d("2025-01-30"),
            "en",
            [
                ("h", "Ambition"),
                (
                    "p",
                    "Service excellence is our strategy: we want guests to leave surprised by how well they were "
                    "looked after, and to come back. Customer delight is the measure we steer by.",
                ),
                ("h", "Objectives and sponsor"),
                (
                    "ul",
                    [
                        "Promoter share above 55 % by 2026 (sponsor: Chief Operating Officer).",
                        "Exceeded expectations above 30 % in every hotel.",
                        "Colleague eNPS above 30 and staff turnover below 25 %.",
                    ],
                ),
                ("page",),
                ("h", "Value for all interested parties"),
                (
                    "p",
                    "Our value case links delight to loyalty: guests who say we exceeded their expectations "
                    "return 2.3 times as often. Retention of guests and colleagues, revenue per stay and the cost "
                    "of failure (refunds, gestures) are tracked for the board each year, alongside what we give "
                    "back to local suppliers and communities, our stakeholders.",
                ),
            ],
        ),
        Doc(
            "strategy/cx-governance.md",
            "Guest experience governance",
            "Chief Operating Officer",
            _d("2025-03-17"),
            "en",
            [
                (
                    "p",
                    "Each key journey has a journey owner with authority across departments (front office, "
                    "housekeeping, food and beverage, reservations).",
                ),
                (
                    "table",
                    [
                        ["Journey", "Journey owner", "Shared objective"],
                        ["Stay (booking to departure)", "Head of Guest Experience", "exceeded expectations ≥ 30 %"],
                        ["Events and weddings", "Events Director", "event satisfaction ≥ 90 %"],
                        ["Problem during the stay", "Head of Guest Relations", "solved within 4 hours ≥ 95 %"],
                    ],
                ),
                (
                    "p",
                    "A cross-functional guest experience council meets monthly to settle trade-offs between "
                    "departments in the guest's interest.",
                ),
            ],
        ),
        Doc(
            "delight/larkspur-moments-2025.pdf",
            "Larkspur Moments: surprise and delight initiatives 2025",
            "Head of Guest Experience",
            _d("2025-11-24"),
            "en",
            [
                (
                    "p",
                    "Larkspur Moments are deliberate surprises designed with front-line teams for the moments "
                    "of truth in our journey map. Each is tested in one hotel, and guest feedback decides "
                    "whether it spreads.",
                ),
                (
                    "table",
                    [
                        ["Moment", "Surprise", "Cost per guest", "Guest reaction", "Decision"],
                        [
                            "Arrival for an occasion",
                            "Handwritten card and a small gift linked to the occasion",
                            "GBP 6",
                            "delight score 4.8/5; 41 % mention it in reviews",
                            "all hotels",
                        ],
                        [
                            "Room problem",
                            "Manager visit and a surprise breakfast in bed",
                            "GBP 18",
                            "complaint guests' NPS +38 after recovery",
                            "all hotels",
                        ],
                        [
                            "Rainy day",
                            "Umbrella and a local indoor guide left in the room",
                            "GBP 4",
                            "positive feedback in 62 % of comments that mention it",
                            "6 hotels",
                        ],
                        [
                            "Departure",
                            "Local treat for the journey home",
                            "GBP 3",
                            "reaction neutral: most guests did not notice",
                            "stopped",
                        ],
                    ],
                ),
                ("h", "What we learned"),
                ("p", "Surprises work when they show we listened; generic gifts do not delight anyone."),
            ],
        ),
        Doc(
            "delight/innovation-pipeline-2025.xlsx",
            "Service innovation pipeline 2025",
            "Head of Guest Experience",
            _d("2025-11-03"),
            "en",
            sheets={
                "Pipeline": [
                    ["Idea", "Stage", "Owner", "Pilot hotel", "Result", "Decision date"],
                    [
                        "Digital key and skip-the-desk arrival",
                        "launched",
                        "Front office lead",
                        "Oxford",
                        "check-in time -70 %",
                        "2025-05-12",
                    ],
                    [
                        "Pre-arrival occasion message",
                        "launched",
                        "Guest experience",
                        "York",
                        "delight +9 pts",
                        "2025-03-31",
                    ],
                    [
                        "Dog-friendly stays",
                        "launched",
                        "Reservations",
                        "St Ives",
                        "bookings +12 % off season",
                        "2025-07-07",
                    ],
                    ["Breakfast to take away", "pilot", "Food and beverage", "Cork", "in test", "2026-01-31"],
                    ["Guest-chosen playlist in the room", "idea", "Guest panel", "", "", ""],
                ]
            },
        ),
        Doc(
            "delight/guest-panel-co-creation-2025.docx",
            "Guest panel: co-creation workshops 2025",
            "Head of Guest Experience",
            _d("2025-10-20"),
            "en",
            [
                (
                    "p",
                    "Our customer panel of 40 guests takes part in co-creation workshops and beta tests of new "
                    "services before launch.",
                ),
                ("h", "What guests changed"),
                (
                    "ul",
                    [
                        "Digital key (beta test with 25 guests, March): guests asked to keep a person at the "
                        "desk on arrival; we kept a host in the lobby instead of removing the desk.",
                        "Dog-friendly stays (June workshop): guests asked for walk maps rather than toys.",
                        "Breakfast to take away (October): guests chose the menu.",
                    ],
                ),
                ("p", "Each participant receives a note saying what their input changed."),
            ],
        ),
        Doc(
            "delight/experience-renewal-roadmap-2026.md",
            "Experience renewal roadmap 2026",
            "Head of Guest Experience",
            _d("2025-11-28"),
            "en",
            [
                (
                    "p",
                    "Yesterday's surprise is today's expectation: the welcome card is now expected by returning "
                    "guests. This roadmap renews our signature experiences and records the benchmark we ran "
                    "outside hotels.",
                ),
                ("h", "Benchmark outside the sector"),
                (
                    "p",
                    "In September we benchmarked a theatre, an airline lounge and a bookshop chain on how they "
                    "recognise returning customers.",
                ),
                ("h", "Roadmap"),
                (
                    "table",
                    [
                        ["Experience", "Redesign", "Quarter"],
                        ["Welcome card", "replaced by a conversation-based welcome for returning guests", "Q1 2026"],
                        ["Room problem recovery", "text updates every 30 minutes", "Q2 2026"],
                        ["Departure", "new idea from the guest panel", "Q3 2026"],
                    ],
                ),
            ],
        ),
        Doc(
            "delight/guest-stories-2025.html",
            "Guest stories 2025",
            "Internal communications",
            _d("2025-12-12"),
            "en",
            [
                (
                    "p",
                    "Each month we share a customer story in the colleague newsletter and at the executive team "
                    "meeting, which opens with one.",
                ),
                ("h", "A proposal in the rain (York)"),
                (
                    "p",
                    "A guest wrote: thank you to Priya at the front desk, who moved our dinner to the conservatory "
                    "when it rained and had the pianist play our song.",
                ),
                ("h", "Bramble's birthday (St Ives)"),
                (
                    "p",
                    "Housekeeping noticed a birthday on the booking and left a card for the dog. The owners sent "
                    "a thank-you letter and booked again for next year.",
                ),
            ],
        ),
        Doc(
            "minutes/management-review-2025-q3.docx",
            "Management review — Q3 2025",
            "Chief Operating Officer",
            _d("2025-10-09"),
            "en",
            [
                (
                    "p",
                    "Present: Chief Executive, Chief Operating Officer, People Director, Head of Guest Experience, "
                    "Head of Guest Relations, two hotel managers.",
                ),
                ("h", "Results reviewed"),
                (
                    "ul",
                    [
                        "Customer satisfaction 88 % (top-2-box), NPS rising each month since June.",
                        "Delight: 38 % top box; 31 % say we exceeded their expectations.",
                        "Compliments: 1,240 in Q3, led by arrival and room-problem recovery.",
                        "Complaints: 412 logged in Q3 since the central log started; acknowledgement times are not "
                        "recorded, so the 24-hour promise cannot be checked.",
                    ],
                ),
                ("h", "Decisions and action plan"),
                (
                    "ul",
                    [
                        "Add an acknowledgement time and a satisfaction question to the complaint log "
                        "(owner: Head of Guest Relations, due March 2026).",
                        "Spread the room-problem surprise to all hotels (owner: Head of Guest Experience).",
                        "Record whether a request was solved at first contact in the request tool (owner: IT).",
                    ],
                ),
                ("h", "Learning from delight"),
                ("p", "What guests praise most is being recognised on arrival; this practice is now standard."),
            ],
        ),
        Doc(
            "quality/root-cause-review-2025.md",
            "Root cause review of guest complaints and reviews 2025",
            "Head of Guest Relations",
            _d("2025-11-14"),
            "en",
            [
                ("p", "Root cause analysis of 9,000 review comments and the complaint log (June–October)."),
                (
                    "table",
                    [
                        ["Cause", "Share of negative comments", "Corrective action", "Owner", "Effect"],
                        [
                            "Noise from events",
                            "18 %",
                            "event end times and quiet floors",
                            "Events Director",
                            "noise comments -35 %",
                        ],
                        [
                            "Room not ready at 3pm",
                            "14 %",
                            "housekeeping schedule by arrival time",
                            "Housekeeping",
                            "-22 %",
                        ],
                        ["Bill errors", "9 %", "one bill checked at check-out", "Front office", "-40 %"],
                    ],
                ),
            ],
        ),
        Doc(
            "people/team-briefing-2025-10.md",
            "Daily briefing pack — October 2025",
            "Guest Relations",
            _d("2025-10-31"),
            "en",
            [
                (
                    "p",
                    "Read at the start of every shift in the team meeting: yesterday's guest verbatims, one "
                    "compliment and one problem, and what we changed.",
                ),
                (
                    "ul",
                    [
                        'Verbatim: "The porter remembered our names from last year."',
                        'Verbatim: "Breakfast queue too long on Sunday." Change: two more tables from 8am.',
                        "Customer comments this week: 212, of which 9 negative.",
                    ],
                ),
            ],
        ),
    ]


def generate(names: Iterable[str] = ("public-service-fr", "hotel-group")) -> list[Path]:
    written: list[Path] = []
    makers = {"public-service-fr": water_documents, "hotel-group": hotel_documents}
    for name in names:
        for doc in makers[name]():
            written.append(write(doc, ROOT / name))
    return written


def main(argv: Sequence[str] | None = None) -> None:
    for path in generate():
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
