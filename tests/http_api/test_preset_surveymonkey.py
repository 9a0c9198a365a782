"""SurveyMonkey preset against a local bulk-responses API: `links.next` paging, `simple=true` answer
text, SurveyMonkey's per-minute window in X-Ratelimit-App-Global-Minute-* headers; faults at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import RateWindow, Reply, Request, Vendor, VendorFaults, json_reply

TOKEN = "sm-Secret-Access-Token-qXz93"
SURVEY, NPS, CSAT = "405817322", "153722881", "153722882"


def _responses(n: int) -> list[dict[str, Any]]:
    rng = random.Random(17)
    out = []
    for i in range(n):
        created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 90 * 86400))
        questions = [{"id": NPS, "answers": [{"choice_id": str(9000 + i % 11), "simple_text": str(rng.randrange(11))}]}]
        if rng.random() < 0.6:
            questions.append({"id": CSAT, "answers": [{"choice_id": "77", "simple_text": str(rng.randrange(1, 6))}]})
        out.append(
            {
                "id": str(11400000000 + i),
                "date_created": created.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                "response_status": "completed",
                "collector_id": "4050001",
                "pages": [{"id": "42", "questions": questions[:1]}, {"id": "43", "questions": questions[1:]}],
                "_created": created,
            }
        )
    return out


class FakeSurveyMonkey(Vendor):
    unauthorised = json_reply(
        {
            "error": {
                "id": "1011",
                "name": "Authorization Error",
                "message": "The authorization token was not provided.",
            }
        },
        401,
    )

    def __init__(self, faults: VendorFaults) -> None:
        window = RateWindow(
            4, 0.25, "X-Ratelimit-App-Global-Minute-Remaining", "X-Ratelimit-App-Global-Minute-Reset", "seconds"
        )
        super().__init__(faults, window=window)
        self.rows = _responses(240)

    def authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == f"Bearer {TOKEN}"

    def route(self, req: Request) -> Reply:
        if req.path != f"/v3/surveys/{SURVEY}/responses/bulk":
            return json_reply({"error": {"id": "1020", "name": "Resource Not Found"}}, 404)
        assert req.query["simple"] == "true"
        lo, hi = (
            datetime.fromisoformat(req.query[k].replace("Z", "+00:00")) for k in ("start_created_at", "end_created_at")
        )
        rows = [r for r in self.rows if lo <= r["_created"] <= hi]
        page, size = int(req.query.get("page", 1)), int(req.query["per_page"])
        chunk = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[(page - 1) * size : page * size]]
        links = {"self": req.base + req.path}
        if page * size < len(rows):
            links["next"] = f"{req.base}{req.path}?{urlencode({**req.query, 'page': page + 1})}"
        return json_reply({"data": chunk, "per_page": size, "page": page, "total": len(rows), "links": links})


def _expected(api: FakeSurveyMonkey) -> dict[str, dict[str, Any]]:
    out = {}
    for r in api.rows:
        answers = {q["id"]: float(q["answers"][0]["simple_text"]) for p in r["pages"] for q in p["questions"]}
        out[r["id"]] = {
            "responded_at": stamp(r["_created"]),
            "recommend_score": answers[NPS],
            "satisfaction_score": answers.get(CSAT),
        }
    return out


def test_responses_exactly_once_with_their_answers(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="surveymonkey",
        config={
            "token_env": "SM_TOKEN",
            "survey_id": SURVEY,
            "nps_question": NPS,
            "csat_question": CSAT,
            "page_size": 20,
        },
        vendor=FakeSurveyMonkey,
        env={"SM_TOKEN": TOKEN},
        expected={"survey": _expected(FakeSurveyMonkey(VendorFaults()))},
    )
    assert api.exhausted > 0
