"""Generate the data exports of two more sample organisations (fixed seed, same bytes on every run).

- ``public-service-fr`` (Eaux du Val de Serre, a fictional public water utility): French exports as a
  French tool writes them (``;`` separator, day-first dates, French headers and ``oui``/``non``), a
  complaint register kept in Excel. The request tool records **no deadline per request**, so the
  resolution commitment of the charter cannot be measured: that is the sample's L1 knock-out.
- ``hotel-group`` (Larkspur Hotels, a fictional group of nine hotels): rich guest-survey and staff data,
  but a complaint log that only began in June 2025 and never records when a complaint was acknowledged,
  and a request tool without a first-contact-resolution flag: L2 cannot be measured.

Monthly seasonality and noise follow each sector: water bills in January and July, drought notices and
leaks in summer, moves in September; hotels busy in summer and at Christmas, quiet in January.

    python bench/gen_samples_more.py          # writes evidence_samples/{public-service-fr,hotel-group}/data/
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "evidence_samples"
START = datetime(2025, 1, 1)
DAYS = 365
FIXED_STAMP = datetime(2026, 1, 5, 9, 0, 0)  # workbook metadata: the day the export was taken

Row = dict[str, object]


def _month(day: int) -> int:
    return (START + timedelta(days=day)).month


def _water_season(day: int) -> float:
    """Bills in January and July, drought notices and leaks in summer, moves in September."""
    return {1: 1.4, 2: 1.05, 6: 1.1, 7: 1.45, 8: 1.2, 9: 1.3, 12: 0.8}.get(_month(day), 1.0)


def _hotel_season(day: int) -> float:
    """Summer holidays and the Christmas season are busy; January and February are quiet."""
    return {1: 0.6, 2: 0.7, 3: 0.85, 4: 1.0, 5: 1.1, 6: 1.25, 7: 1.5, 8: 1.55, 9: 1.1, 10: 0.95, 11: 0.85, 12: 1.3}.get(
        _month(day), 1.0
    )


def _fr(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _office_hours(rng: random.Random, day: int, first: int = 8, last: int = 18) -> datetime:
    moment = START + timedelta(days=day, minutes=rng.randint(first * 60, last * 60))
    return moment


# ---------------------------------------------------------------- public-service-fr (Eaux du Val de Serre)
def water_requests(rng: random.Random) -> list[Row]:
    """Requests from subscribers: no deadline column (the tool was never configured with the charter's
    delays), a first-contact flag, and re-contacts ("relances") from subscribers whose answer was late."""
    rows: list[Row] = []
    subscribers = [f"AB{n:06d}" for n in range(4200)]
    motifs = ["facture", "relève compteur", "fuite", "abonnement", "qualité de l'eau", "coupure", "échéancier"]
    for day in range(DAYS):
        weekday = (START + timedelta(days=day)).weekday()
        if weekday == 6:
            continue
        base = 12 * _water_season(day) * (0.45 if weekday == 5 else 1.0)
        for _ in range(max(0, int(rng.gauss(base, 2.5)))):
            created = _office_hours(rng, day)
            channel = rng.choices(["téléphone", "courriel", "formulaire web", "accueil", "courrier"], [5, 3, 3, 1, 1])[
                0
            ]
            motif = rng.choices(motifs, [5, 2, 2, 3, 1, 1, 1])[0]
            priority = "urgente" if motif in ("fuite", "coupure") and rng.random() < 0.6 else "normale"
            backlog = 1.6 if _month(day) in (1, 7, 8) else 1.0
            reply_h = (
                rng.lognormvariate(math.log(18 * backlog), 0.9) if channel != "téléphone" else rng.expovariate(1 / 3)
            )
            if priority == "urgente":
                reply_h = min(reply_h, rng.expovariate(1 / 2))
            reply = created + timedelta(hours=reply_h)
            fcr = (channel in ("téléphone", "accueil") and rng.random() < 0.82) or rng.random() < 0.38
            solve_h = 0.0 if fcr else rng.lognormvariate(math.log(95 * backlog), 0.85)
            resolved = reply + timedelta(hours=solve_h)
            open_at_end = (START + timedelta(days=DAYS)) < resolved and rng.random() < 0.8
            customer = rng.choice(subscribers)
            rows.append(
                {
                    "N° demande": f"DEM-25-{len(rows) + 1:05d}",
                    "Date de création": _fr(created),
                    "Date première réponse": _fr(reply),
                    "Date de clôture": "" if open_at_end else _fr(resolved),
                    "Canal": channel,
                    "Motif": motif,
                    "Priorité": priority,
                    "Statut": "en cours" if open_at_end else "clôturée",
                    "Rouverte": "oui" if rng.random() < 0.065 else "non",
                    "N° abonné": customer,
                    "Réglée au 1er contact": "oui" if fcr else "non",
                }
            )
            if not fcr and rng.random() < 0.11:  # a "relance": the subscriber writes again within the week
                again = created + timedelta(days=rng.uniform(1, 6), hours=rng.uniform(0, 3))
                rows.append(
                    {
                        "N° demande": f"DEM-25-{len(rows) + 1:05d}",
                        "Date de création": _fr(again),
                        "Date première réponse": _fr(again + timedelta(hours=rng.expovariate(1 / 10))),
                        "Date de clôture": _fr(again + timedelta(hours=rng.expovariate(1 / 40) + 1)),
                        "Canal": rng.choice(["téléphone", "courriel"]),
                        "Motif": motif,
                        "Priorité": "normale",
                        "Statut": "clôturée",
                        "Rouverte": "non",
                        "N° abonné": customer,
                        "Réglée au 1er contact": "non",
                    }
                )
    rows.sort(key=lambda r: datetime.strptime(str(r["Date de création"]), "%d/%m/%Y %H:%M"))
    for index, row in enumerate(rows, start=1):
        row["N° demande"] = f"DEM-25-{index:05d}"
    return rows


def water_complaints(rng: random.Random) -> list[list[object]]:
    """The complaint register (Excel): acknowledged promptly, answered within the 30 days announced,
    but no satisfaction question is ever sent to complainants."""
    rows: list[list[object]] = []
    for day in range(DAYS):
        if (START + timedelta(days=day)).weekday() >= 5:
            continue
        for _ in range(max(0, round(rng.gauss(3.9 * _water_season(day), 1.3)))):
            received = _office_hours(rng, day, 8, 17)
            ack = received + timedelta(hours=rng.expovariate(1 / 10) if rng.random() < 0.95 else rng.uniform(50, 140))
            days = rng.lognormvariate(math.log(11), 0.55)
            resolved = received + timedelta(days=days)
            rows.append(
                [
                    None,
                    received,
                    ack,
                    resolved if resolved < START + timedelta(days=DAYS) else None,
                    received + timedelta(days=30),
                    rng.choices(["courrier", "courriel", "formulaire web", "accueil"], [3, 4, 3, 1])[0],
                    rng.choices(["facturation", "compteur", "travaux", "qualité de l'eau", "accueil"], [5, 2, 2, 1, 1])[
                        0
                    ],
                    rng.choices(["fondée", "partiellement fondée", "non fondée"], [3, 2, 4])[0],
                    "oui" if rng.random() < 0.04 else "non",
                ]
            )
    rows.sort(key=lambda r: r[1])  # type: ignore[arg-type,return-value]
    for index, row in enumerate(rows, start=1):
        row[0] = f"REC-2025-{index:04d}"
    return rows


_FR_COMMENTS_GOOD = [
    "Conseillère aimable et efficace.",
    "Réponse claire à ma question de facture.",
    "Intervention rapide pour la fuite.",
    "Bon accueil au guichet.",
]
_FR_COMMENTS_BAD = [
    "Trop d'attente au téléphone.",
    "J'ai dû relancer deux fois.",
    "Courrier incompréhensible.",
    "Personne ne m'a rappelé.",
]


def water_survey(rng: random.Random) -> list[Row]:
    """Monthly satisfaction barometer: satisfaction 1-5 and ease 1-7, no recommendation question."""
    rows: list[Row] = []
    for index in range(1500):
        day = rng.randrange(DAYS)
        dip = 0.06 if _month(day) in (1, 7, 8) else 0.0
        base = max(0.0, min(1.0, rng.gauss(0.75 - dip, 0.2)))
        sat = 1 + round(base * 4)
        rows.append(
            {
                "Identifiant": f"BAR-{index + 1:05d}",
                "Date de réponse": _fr(
                    START + timedelta(days=day, hours=rng.randint(9, 21), minutes=rng.randint(0, 59))
                ),
                "Satisfaction globale (1-5)": sat,
                "Facilité des démarches (1-7)": max(1, min(7, round(1 + rng.gauss(base - 0.1, 0.12) * 6))),
                "Canal du dernier contact": rng.choice(["téléphone", "courriel", "formulaire web", "accueil"]),
                "Commentaire": rng.choice(_FR_COMMENTS_GOOD if sat >= 4 else _FR_COMMENTS_BAD)
                if rng.random() < 0.3
                else "",
            }
        )
    rows.sort(key=lambda r: datetime.strptime(str(r["Date de réponse"]), "%d/%m/%Y %H:%M"))
    return rows


def water_calls(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for day in range(DAYS):
        if (START + timedelta(days=day)).weekday() >= 5:
            continue
        season = _water_season(day)
        for _ in range(max(1, int(rng.gauss(24 * season, 4)))):
            started = START + timedelta(days=day, seconds=rng.randint(8 * 3600, 18 * 3600))
            wait = int(rng.expovariate(1 / (32 * season)))
            abandoned = rng.random() < (0.05 if wait < 60 else 0.3)
            rows.append(
                {
                    "Identifiant appel": f"APP-{len(rows) + 1:06d}",
                    "Début": _fr(started),
                    "Décroché": "" if abandoned else _fr(started + timedelta(seconds=wait)),
                    "Abandon": "oui" if abandoned else "non",
                    "Attente (s)": wait,
                    "File": rng.choice(["abonnés", "urgences techniques"]),
                }
            )
    return rows


def water_staff(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for index in range(130):
        base = max(0.0, min(1.0, rng.gauss(0.68, 0.2)))
        rows.append(
            {
                "Réf": f"AG-{index + 1:03d}",
                "Date": _fr(START + timedelta(days=rng.randrange(DAYS), hours=11)),
                "Recommandation employeur (0-10)": round(base * 10),
                "Autonomie (1-5)": 1 + round(max(0.0, base - 0.15) * 4),
                "Heures de formation": round(max(0.0, rng.gauss(17, 5)), 1),
                "Service": rng.choice(["relation abonnés", "accueil", "facturation", "interventions"]),
            }
        )
    rows.sort(key=lambda r: datetime.strptime(str(r["Date"]), "%d/%m/%Y %H:%M"))
    return rows


# ---------------------------------------------------------------- hotel-group (Larkspur Hotels)
HOTELS = ["Bath", "Bristol", "Cork", "Edinburgh", "Galway", "Harrogate", "Oxford", "St Ives", "York"]


def hotel_requests(rng: random.Random) -> list[Row]:
    """Guest requests (booking changes, special requests, lost property, invoices) with a due time per
    priority; the tool has no first-contact-resolution flag."""
    rows: list[Row] = []
    guests = [f"G{n:06d}" for n in range(5200)]
    for day in range(DAYS):
        for _ in range(max(0, int(rng.gauss(10.5 * _hotel_season(day), 2.5)))):
            created = START + timedelta(days=day, minutes=rng.randint(6 * 60, 23 * 60))
            channel = rng.choices(["email", "chat", "phone", "web", "app"], [4, 2, 2, 1, 1])[0]
            priority = rng.choices(["low", "normal", "high", "urgent"], [3, 6, 2, 0.5])[0]
            hours = {"urgent": 4, "high": 12, "normal": 48, "low": 96}[priority]
            reply = created + timedelta(minutes=rng.expovariate(1 / (55 if channel != "email" else 150)))
            resolved = reply + timedelta(hours=rng.expovariate(1 / (hours * 0.3)))
            unresolved = day > DAYS - 3 and rng.random() < 0.5
            guest = rng.choice(guests)
            rows.append(
                {
                    "Request ID": "",
                    "Opened": _iso(created),
                    "First reply": _iso(reply),
                    "Resolved": "" if unresolved else _iso(resolved),
                    "Due": _iso(created + timedelta(hours=hours)),
                    "Channel": channel,
                    "Hotel": rng.choice(HOTELS),
                    "Type": rng.choices(
                        ["booking change", "special request", "invoice", "lost property", "event"], [5, 3, 2, 1, 1]
                    )[0],
                    "Priority": priority,
                    "Status": "open" if unresolved else "solved",
                    "Reopened": "yes" if rng.random() < 0.03 else "no",
                    "Guest": guest,
                }
            )
            if rng.random() < 0.06:
                again = created + timedelta(days=rng.uniform(0.5, 6))
                rows.append(
                    {
                        **rows[-1],
                        "Opened": _iso(again),
                        "First reply": _iso(again + timedelta(minutes=40)),
                        "Resolved": _iso(again + timedelta(hours=6)),
                        "Due": _iso(again + timedelta(hours=48)),
                        "Priority": "normal",
                        "Status": "solved",
                        "Reopened": "no",
                    }
                )
    rows.sort(key=lambda r: str(r["Opened"]))
    for index, row in enumerate(rows, start=1):
        row["Request ID"] = f"LRK-{index:06d}"
    return rows


def hotel_complaints(rng: random.Random) -> list[Row]:
    """The central complaint log started on 2 June 2025; it records receipt, a target date and closure,
    never the acknowledgement, and no satisfaction question is sent after a complaint."""
    rows: list[Row] = []
    first = (datetime(2025, 6, 2) - START).days
    for day in range(first, DAYS):
        for _ in range(max(0, round(rng.gauss(3.3 * _hotel_season(day), 1.2)))):
            received = START + timedelta(days=day, minutes=rng.randint(7 * 60, 22 * 60))
            closed = received + timedelta(days=rng.lognormvariate(math.log(6), 0.7))
            rows.append(
                {
                    "Case": "",
                    "Logged": _iso(received),
                    "Hotel": rng.choice(HOTELS),
                    "Category": rng.choices(
                        ["room condition", "noise", "billing", "food and drink", "staff", "booking"], [4, 2, 2, 2, 1, 2]
                    )[0],
                    "Target date": _iso(received + timedelta(days=14)),
                    "Closed": _iso(closed) if closed < START + timedelta(days=DAYS) else "",
                    "Compensation (GBP)": rng.choice([0, 0, 0, 25, 40, 60, 90, 150]),
                    "Outcome": rng.choice(["resolved", "resolved", "resolved", "goodwill gesture", "no fault found"]),
                }
            )
    rows.sort(key=lambda r: str(r["Logged"]))
    for index, row in enumerate(rows, start=1):
        row["Case"] = f"GR-{index:04d}"
    return rows


def hotel_survey(rng: random.Random) -> list[Row]:
    """Post-stay survey: satisfaction, recommendation, ease, delight and "exceeded expectations". The
    'moments' programme, rolled out over the year, lifts scores from the spring on."""
    rows: list[Row] = []
    for _ in range(2600):
        while True:
            day = rng.randrange(DAYS)
            if rng.random() < _hotel_season(day) / 1.6:
                break
        lift = 0.07 * day / DAYS
        base = max(0.0, min(1.0, rng.gauss(0.81 + lift, 0.15)))
        rows.append(
            {
                "Response": "",
                "Submitted": _iso(START + timedelta(days=day, hours=rng.randint(8, 22), minutes=rng.randint(0, 59))),
                "Hotel": rng.choice(HOTELS),
                "Overall satisfaction (1-5)": 1 + round(base * 4),
                "Likely to recommend (0-10)": min(10, round(base * 10 + rng.gauss(0.3, 0.6))),
                "Ease of stay (1-7)": max(1, min(7, 1 + round(rng.gauss(base, 0.1) * 6))),
                "Delight (1-5)": max(1, min(5, 1 + round(base**1.4 * 4 + rng.gauss(0, 0.3)))),
                "Exceeded expectations": "yes" if base + rng.gauss(0, 0.06) > 0.9 else "no",
            }
        )
    rows.sort(key=lambda r: str(r["Submitted"]))
    for index, row in enumerate(rows, start=1):
        row["Response"] = f"PS-{index:05d}"
    return rows


def hotel_calls(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for day in range(DAYS):
        for _ in range(max(1, int(rng.gauss(15 * _hotel_season(day), 3)))):
            started = START + timedelta(days=day, seconds=rng.randint(7 * 3600, 22 * 3600))
            wait = int(rng.expovariate(1 / 9))
            abandoned = rng.random() < (0.03 if wait < 40 else 0.2)
            rows.append(
                {
                    "id": f"RC-{len(rows) + 1:06d}",
                    "started_at": _iso(started),
                    "answered_at": "" if abandoned else _iso(started + timedelta(seconds=wait)),
                    "abandoned": "yes" if abandoned else "no",
                    "wait_seconds": wait,
                    "channel": rng.choices(["phone", "chat"], [3, 1])[0],
                }
            )
    return rows


def hotel_staff(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for index in range(340):
        base = max(0.0, min(1.0, rng.gauss(0.8, 0.15)))
        rows.append(
            {
                "id": f"SP-{index + 1:04d}",
                "responded_at": _iso(START + timedelta(days=rng.randrange(DAYS), hours=15)),
                "recommend_score": min(10, round(base * 10 + 0.4)),
                "empowerment_score": 1 + round(min(1.0, base + 0.05) * 4),
                "training_hours": round(max(0.0, rng.gauss(24, 6)), 1),
                "team": rng.choice(
                    ["front desk", "housekeeping", "food and beverage", "guest relations", "reservations"]
                ),
            }
        )
    rows.sort(key=lambda r: str(r["responded_at"]))
    return rows


# ---------------------------------------------------------------- writing
def _write_csv(path: Path, rows: list[Row], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_register(path: Path, header: list[str], rows: list[list[object]]) -> None:
    from gen_sample_documents import normalise_office_file
    from openpyxl import Workbook  # only needed here; the rest of the script is standard library

    book = Workbook()
    sheet = book.active
    sheet.title = "Registre"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for column in "BCDE":
        for cell in sheet[column][1:]:
            cell.number_format = "dd/mm/yyyy hh:mm"
    book.properties.creator = "Service relations usagers"
    book.properties.created = FIXED_STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    normalise_office_file(path, FIXED_STAMP)


def main() -> None:
    rng = random.Random(23592_2)
    water = ROOT / "public-service-fr" / "data"
    _write_csv(water / "demandes-usagers-2025.csv", water_requests(rng), delimiter=";")
    _write_register(
        water / "registre-reclamations-2025.xlsx",
        [
            "Référence",
            "Reçue le",
            "Accusé de réception le",
            "Clôturée le",
            "Échéance",
            "Canal",
            "Catégorie",
            "Avis",
            "Saisine du médiateur",
        ],
        water_complaints(rng),
    )
    _write_csv(water / "barometre-satisfaction-2025.csv", water_survey(rng), delimiter=";")
    _write_csv(water / "appels-2025.csv", water_calls(rng), delimiter=";")
    _write_csv(water / "enquete-interne-2025.csv", water_staff(rng), delimiter=";")

    rng = random.Random(23592_3)
    hotel = ROOT / "hotel-group" / "data"
    _write_csv(hotel / "guest-requests-2025.csv", hotel_requests(rng))
    _write_csv(hotel / "complaints-log-2025.csv", hotel_complaints(rng))
    _write_csv(hotel / "post-stay-survey-2025.csv", hotel_survey(rng))
    _write_csv(hotel / "reservations-calls-2025.csv", hotel_calls(rng))
    _write_csv(hotel / "staff-pulse-2025.csv", hotel_staff(rng))


if __name__ == "__main__":
    main()
