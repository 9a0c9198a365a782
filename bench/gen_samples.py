"""Generate the data exports of the sample organisations in evidence_samples/ (fixed seed).

Why a script: samples need thousands of rows with the seasonality and noise of real service data, and
anyone must be able to see how they were made. The files are committed; re-running the script gives
the same bytes.
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


def _season(day: int) -> float:
    """More contacts in January (bills) and September (back to school), fewer in August."""
    month = (START + timedelta(days=day)).month
    return {1: 1.35, 2: 1.1, 7: 0.9, 8: 0.7, 9: 1.3, 12: 1.15}.get(month, 1.0)


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def telecom_tickets(rng: random.Random, profile: dict[str, float]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    customers = [f"C{n:05d}" for n in range(1800)]
    for day in range(DAYS):
        for _ in range(int(rng.gauss(9 * _season(day), 2)) or 1):
            created = START + timedelta(days=day, minutes=rng.randint(7 * 60, 21 * 60))
            channel = rng.choices(["email", "chat", "phone", "web"], [3, 3, 2, 2])[0]
            priority = rng.choices(["low", "normal", "high", "urgent"], [2, 6, 2, 0.5])[0]
            late = rng.random() < profile["late_reply"] * _season(day)
            reply = created + timedelta(minutes=rng.expovariate(1 / (300 if late else 70)))
            hours = {"urgent": 8, "high": 24, "normal": 48, "low": 96}[priority]
            resolved = reply + timedelta(hours=rng.expovariate(1 / (hours * profile["slowness"])))
            unresolved = day > DAYS - 4 and rng.random() < 0.5
            rows.append(
                {
                    "Ticket": f"T{len(rows) + 1:06d}",
                    "Opened": _ts(created),
                    "First response": _ts(reply),
                    "Solved": "" if unresolved else _ts(resolved),
                    "SLA due": _ts(created + timedelta(hours=hours)),
                    "Channel": channel,
                    "Priority": priority,
                    "Status": "open" if unresolved else "solved",
                    "Reopened": "yes" if rng.random() < profile["reopen"] else "no",
                    "Customer": rng.choice(customers),
                    "CSAT": rng.choices(["", "1", "2", "3", "4", "5"], profile["csat"])[0],
                    "Solved first contact": "yes" if rng.random() < profile["fcr"] else "no",
                }
            )
    return rows


def complaints(rng: random.Random, per_day: float, ack_hours: float) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for day in range(DAYS):
        for _ in range((rng.random() < per_day and 1) or 0):
            received = START + timedelta(days=day, hours=rng.randint(8, 19))
            ack = received + timedelta(hours=rng.expovariate(1 / ack_hours))
            resolved = ack + timedelta(days=rng.expovariate(1 / 9))
            rows.append(
                {
                    "id": f"R{len(rows) + 1:05d}",
                    "received_at": _ts(received),
                    "acknowledged_at": _ts(ack),
                    "resolved_at": _ts(resolved),
                    "due_at": _ts(received + timedelta(days=30)),
                    "channel": rng.choice(["email", "letter", "phone", "web"]),
                    "category": rng.choice(["billing", "network", "contract", "service"]),
                    "outcome": rng.choice(["upheld", "partly upheld", "not upheld"]),
                    "timely_response": "yes" if resolved - received <= timedelta(days=30) else "no",
                    "satisfaction_score": rng.choices(["", "1", "2", "3", "4", "5"], [4, 1, 1, 2, 3, 2])[0],
                }
            )
    return rows


def survey(rng: random.Random, n: int, mood: float) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(n):
        day = rng.randrange(DAYS)
        drift = 0.4 * math.sin(day / DAYS * 2 * math.pi)  # a dip in summer, as staffing thins
        base = max(0.0, min(1.0, rng.gauss(mood + drift * 0.1, 0.18)))
        rows.append(
            {
                "id": f"S{index + 1:05d}",
                "responded_at": _ts(START + timedelta(days=day, hours=rng.randint(8, 22))),
                "satisfaction_score": 1 + round(base * 4),
                "recommend_score": round(base * 10),
                "effort_score": 1 + round(base * 6),
                "exceeded_expectations": "yes" if base > 0.85 else "no",
                "delight_score": 1 + round(base**1.5 * 4),
                "channel": rng.choice(["email", "chat", "phone", "web"]),
            }
        )
    return rows


def calls(rng: random.Random, per_day: float, answer_rate: float) -> list[dict[str, object]]:
    """Phone and chat sessions, some started with the voice or chat bot."""
    rows: list[dict[str, object]] = []
    for day in range(DAYS):
        for _ in range(max(1, int(rng.gauss(per_day * _season(day), 3)))):
            started = START + timedelta(days=day, seconds=rng.randint(8 * 3600, 21 * 3600))
            bot = rng.random() < 0.3
            wait = int(rng.expovariate(1 / (18 * _season(day))))
            abandoned = rng.random() > answer_rate * (1.0 if wait < 60 else 0.8)
            rows.append(
                {
                    "id": f"K{len(rows) + 1:06d}",
                    "started_at": _ts(started),
                    "answered_at": "" if abandoned else _ts(started + timedelta(seconds=wait)),
                    "abandoned": "yes" if abandoned else "no",
                    "wait_seconds": wait,
                    "channel": rng.choice(["phone", "chat"]),
                    "bot_handled": "yes" if bot else "no",
                    "escalated_to_human": "yes" if bot and rng.random() < 0.45 else "no",
                }
            )
    return rows


def employee_survey(rng: random.Random, n: int, engagement: float) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(n):
        base = max(0.0, min(1.0, rng.gauss(engagement, 0.2)))
        rows.append(
            {
                "id": f"E{index + 1:04d}",
                "responded_at": _ts(START + timedelta(days=rng.randrange(DAYS), hours=10)),
                "recommend_score": round(base * 10),
                "empowerment_score": 1 + round(base * 4),
                "training_hours": round(rng.gauss(26, 6), 1),
                "team": rng.choice(["chat", "phone", "email", "field"]),
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, object]], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.sort(key=lambda r: str(next(iter(r.values()))))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(23592)
    telecom = ROOT / "telecom-operator" / "data"
    profile = {"late_reply": 0.08, "slowness": 0.35, "reopen": 0.05, "fcr": 0.74, "csat": [30, 2, 3, 7, 25, 33]}
    _write(telecom / "tickets.csv", telecom_tickets(rng, profile))
    _write(telecom / "complaints.csv", complaints(rng, 0.9, 20))
    _write(telecom / "survey.csv", survey(rng, 1400, 0.72), delimiter=";")
    _write(telecom / "calls.csv", calls(rng, 16, 0.95))
    _write(telecom / "employee-survey.csv", employee_survey(rng, 240, 0.7))


if __name__ == "__main__":
    main()
