"""Generate the data exports of evidence_samples/harbour-cycles, a 14-person bike repair and rental shop.

Why a script: the sample must look like a small firm's real year (a few hundred jobs, a couple of dozen
complaints, spring and summer busy, winter quiet) and anyone must be able to see how it was made. The
files are committed; re-running the script gives the same bytes (fixed seed, no clock).
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "evidence_samples" / "harbour-cycles" / "data"
START = datetime(2025, 1, 1)
DAYS = 365
#: busy from April to August, quiet in winter
SEASON = {1: 0.45, 2: 0.5, 3: 0.9, 4: 1.4, 5: 1.6, 6: 1.7, 7: 1.8, 8: 1.6, 9: 1.1, 10: 0.8, 11: 0.5, 12: 0.45}


def _ts(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def _open_hours(moment: datetime) -> datetime:
    """Replies and counter visits happen while the shop is open (Tuesday to Saturday, 9:00-18:00)."""
    while True:
        if moment.weekday() in (0, 6) or moment.hour >= 18:
            moment = (moment + timedelta(days=1)).replace(hour=9, minute=0)
        elif moment.hour < 9:
            moment = moment.replace(hour=9, minute=0)
        else:
            return moment


def _write(name: str, rows: list[dict[str, object]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def jobs(rng: random.Random) -> list[dict[str, object]]:
    """Repair bookings, rental bookings and questions: about 210 a year, each with a promised date."""
    rows: list[dict[str, object]] = []
    customers = [f"HC{n:04d}" for n in range(150)]
    for day in range(DAYS):
        created_day = START + timedelta(days=day)
        if rng.random() > 0.45 * SEASON[created_day.month]:
            continue
        created = created_day + timedelta(minutes=rng.randint(7 * 60, 22 * 60))
        kind = rng.choices(["repair", "rental", "question"], [6, 3, 1])[0]
        channel = rng.choices(["counter", "email", "web", "phone"], [4, 3, 2, 1])[0]
        if channel == "counter":
            created = _open_hours(created)
            reply = created + timedelta(minutes=rng.randint(1, 10))
        else:
            reply = _open_hours(created + timedelta(minutes=rng.expovariate(1 / 200)))
        days = {"repair": 3, "rental": 2, "question": 1}[kind]
        due = created + timedelta(days=days)
        late = rng.random() < 0.08
        hours = rng.uniform(4, 20) if kind != "repair" else rng.uniform(12, 60)
        resolved = created + timedelta(hours=hours)
        if late:
            resolved = due + timedelta(hours=rng.uniform(4, 48))
        rows.append(
            {
                "id": f"J{len(rows) + 1:04d}",
                "created_at": _ts(created),
                "first_reply_at": _ts(reply),
                "resolved_at": _ts(resolved),
                "due_at": _ts(due),
                "channel": channel,
                "category": kind,
                "status": "solved",
                "reopened": "yes" if rng.random() < 0.025 else "no",
                "customer_id": rng.choice(customers),
                "first_contact_resolution": "yes" if rng.random() < (0.8 if channel == "counter" else 0.5) else "no",
            }
        )
    return rows


def complaints(rng: random.Random) -> list[dict[str, object]]:
    """About two complaints a month; the promise is an answer within 14 days (shop/how-to-complain.md).
    In the summer peak the workshop falls behind and some answers come late."""
    rows: list[dict[str, object]] = []
    for day in range(4, DAYS, 14):
        received = START + timedelta(days=day + rng.randint(0, 6), hours=rng.randint(9, 17))
        acknowledged = received + timedelta(hours=rng.uniform(1, 30) if rng.random() < 0.93 else rng.uniform(60, 120))
        due = received + timedelta(days=14)
        late = rng.random() < (0.4 if received.month in (6, 7, 8) else 0.04)  # the summer peak
        resolved = received + timedelta(days=rng.uniform(15, 25) if late else rng.uniform(2, 11))
        rows.append(
            {
                "id": f"C{len(rows) + 1:03d}",
                "received_at": _ts(received),
                "acknowledged_at": _ts(acknowledged),
                "resolved_at": _ts(resolved),
                "due_at": _ts(due),
                "channel": rng.choice(["email", "counter", "web"]),
                "category": rng.choice(["repair quality", "delay", "rental bike", "price"]),
                "outcome": rng.choice(["upheld", "partly upheld", "not upheld"]),
                "satisfaction_score": rng.choices([1, 2, 3, 4, 5], [1, 2, 3, 6, 5])[0] if rng.random() < 0.8 else "",
            }
        )
    return rows


def survey(rng: random.Random) -> list[dict[str, object]]:
    """A text-message survey after collection: about 80 answers a year."""
    rows: list[dict[str, object]] = []
    for day in range(DAYS):
        moment = START + timedelta(days=day)
        if rng.random() > 0.21 * SEASON[moment.month]:
            continue
        rows.append(
            {
                "id": f"S{len(rows) + 1:03d}",
                "responded_at": _ts(moment + timedelta(hours=rng.randint(10, 20))),
                "satisfaction_score": rng.choices([1, 2, 3, 4, 5], [1, 1, 2, 9, 15])[0],
                "recommend_score": rng.choices(range(11), [1, 0, 0, 1, 1, 2, 2, 4, 8, 12, 14])[0],
                "effort_score": rng.choices(range(1, 8), [1, 1, 2, 3, 6, 9, 10])[0],
                "exceeded_expectations": "yes" if rng.random() < 0.27 else "no",
                "delight_score": rng.choices([1, 2, 3, 4, 5], [1, 2, 5, 9, 7])[0],
                "channel": rng.choice(["sms", "email"]),
            }
        )
    return rows


def team_pulse(rng: random.Random) -> list[dict[str, object]]:
    """A short team survey each quarter (March, June, September, December), 9 to 12 of 14 answering."""
    rows: list[dict[str, object]] = []
    for month in (3, 6, 9, 12):
        for _ in range(rng.randint(9, 12)):
            rows.append(
                {
                    "id": f"T{len(rows) + 1:03d}",
                    "responded_at": _ts(datetime(2025, month, rng.randint(10, 20), 17, 30)),
                    "recommend_score": rng.choices(range(11), [0, 0, 0, 0, 1, 1, 2, 3, 5, 5, 4])[0],
                    "empowerment_score": rng.choices([1, 2, 3, 4, 5], [0, 1, 2, 6, 5])[0],
                    "training_hours": round(rng.uniform(8, 24), 1),
                    "team": rng.choice(["workshop", "counter", "rentals"]),
                }
            )
    return rows


def calls(rng: random.Random) -> list[dict[str, object]]:
    """The shop phone's call log (a hosted phone line's export): about 700 calls a year."""
    rows: list[dict[str, object]] = []
    for day in range(DAYS):
        moment = START + timedelta(days=day)
        if moment.weekday() in (0, 6):
            continue
        for _ in range(rng.randint(0, round(4 * SEASON[moment.month]))):
            started = moment + timedelta(minutes=rng.randint(9 * 60, 18 * 60 - 1))
            busy = rng.random() < 0.3 * SEASON[moment.month] / 1.8
            abandoned = rng.random() < (0.18 if busy else 0.05)
            wait = rng.randint(25, 90) if busy else rng.randint(3, 25)
            rows.append(
                {
                    "id": f"K{len(rows) + 1:04d}",
                    "started_at": _ts(started),
                    "answered_at": "" if abandoned else _ts(started + timedelta(seconds=wait)),
                    "abandoned": "yes" if abandoned else "no",
                    "wait_seconds": wait,
                    "channel": "phone",
                }
            )
    return rows


def main() -> None:
    rng = random.Random(2025)
    _write("jobs-2025.csv", jobs(rng))
    _write("complaints-2025.csv", complaints(rng))
    _write("after-collection-survey-2025.csv", survey(rng))
    _write("team-pulse-2025.csv", team_pulse(rng))
    _write("phone-log-2025.csv", calls(rng))


if __name__ == "__main__":
    main()
