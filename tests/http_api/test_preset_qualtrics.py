"""Qualtrics preset against a local response-export API: OAuth2 client credentials (HTTP Basic client
auth, a scope), an export job that takes several polls to finish, a zip of JSON to download and
unpack, faults at random; and a job that fails or never finishes."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import FAST, check_connector, stamp
from servex import CollectionError
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply, running

CLIENT_ID, SECRET = "qualtrics-client-7f1e", "qx-Secr3t-Client-9090"
SURVEY = "SV_3kTzP8qgO1l2oHA"
_PREFIX = f"/API/v3/surveys/{SURVEY}/export-responses"


def _responses(n: int) -> list[dict[str, Any]]:
    rng = random.Random(12)
    out = []
    for i in range(n):
        recorded = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-9 * 86400, 95 * 86400))
        values: dict[str, Any] = {
            "startDate": (recorded - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endDate": recorded.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "recordedDate": recorded.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            "finished": 1,
            "distributionChannel": rng.choice(["email", "anonymous", "sms"]),
            "QID1": rng.randrange(0, 11),
            "QID1_NPS_GROUP": 3,
        }
        if rng.random() < 0.7:
            values["QID2"] = rng.randrange(1, 6)
        out.append({"responseId": f"R_{i:015d}", "values": values, "labels": {}, "_recorded": recorded})
    return out


class FakeQualtrics(Vendor):
    unauthorised = json_reply(
        {"meta": {"httpStatus": "401 - Unauthorized", "error": {"errorMessage": "Invalid token"}}}, 401
    )

    def __init__(self, faults: VendorFaults, polls: int = 3, outcome: str = "complete") -> None:
        super().__init__(faults, oauth=OAuth("/oauth2/token", CLIENT_ID, SECRET, client_auth="basic"))
        self.rows = _responses(260)
        self.polls, self.outcome = polls, outcome
        self.jobs: dict[str, dict[str, Any]] = {}
        self.scopes: list[str] = []

    def _token(self, req: Request) -> Reply:
        self.scopes.append(req.form().get("scope", ""))
        return super()._token(req)

    def route(self, req: Request) -> Reply:
        meta = {"requestId": "0b2a8d", "httpStatus": "200 - OK"}
        if req.method == "POST" and req.path == _PREFIX:
            body = req.json()
            assert body["format"] == "json"
            lo, hi = (datetime.fromisoformat(body[k]) for k in ("startDate", "endDate"))
            with self.lock:
                job = f"ES_{len(self.jobs):010d}"
                self.jobs[job] = {"polls": 0, "rows": [r for r in self.rows if lo <= r["_recorded"] <= hi]}
            return json_reply(
                {"result": {"progressId": job, "percentComplete": 0.0, "status": "inProgress"}, "meta": meta}
            )
        match = re.fullmatch(re.escape(_PREFIX) + r"/(ES_\d+)", req.path)
        if match and match.group(1) in self.jobs:
            job = self.jobs[match.group(1)]
            job["polls"] += 1
            if job["polls"] < self.polls:
                status = {"result": {"percentComplete": 100.0 * job["polls"] / self.polls, "status": "inProgress"}}
            elif self.outcome == "failed":
                status = {"result": {"percentComplete": 0.0, "status": "failed"}}
            else:
                status = {
                    "result": {"percentComplete": 100.0, "status": "complete", "fileId": f"{match.group(1)}-file"}
                }
            return json_reply({**status, "meta": meta})
        match = re.fullmatch(re.escape(_PREFIX) + r"/(ES_\d+)-file/file", req.path)
        if match and match.group(1) in self.jobs:
            rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.jobs[match.group(1)]["rows"]]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                member = zipfile.ZipInfo("Customer experience survey.json", date_time=(2026, 4, 1, 0, 0, 0))
                archive.writestr(member, json.dumps({"responses": rows}), zipfile.ZIP_DEFLATED)
            return 200, {"Content-Type": "application/octet-stream"}, buffer.getvalue()
        return json_reply({"meta": {"httpStatus": "404 - Not Found"}}, 404)


def _expected(api: FakeQualtrics) -> dict[str, dict[str, Any]]:
    return {
        r["responseId"]: {
            "responded_at": stamp(r["_recorded"]),
            "recommend_score": float(r["values"]["QID1"]),
            "satisfaction_score": float(r["values"]["QID2"]) if "QID2" in r["values"] else None,
            "channel": r["values"]["distributionChannel"],
        }
        for r in api.rows
        if "2026-01-01" <= r["_recorded"].strftime("%Y-%m-%d") <= "2026-03-31"
    }


CONFIG = {
    "survey_id": SURVEY,
    "client_id_env": "QX_CLIENT_ID",
    "client_secret_env": "QX_CLIENT_SECRET",
    "nps_question": "QID1",
    "csat_question": "QID2",
    "poll_interval": 0.01,
}
ENV = {"QX_CLIENT_ID": CLIENT_ID, "QX_CLIENT_SECRET": SECRET}


def test_responses_exactly_once_through_an_export_job(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    items, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="qualtrics",
        config=CONFIG,
        vendor=FakeQualtrics,
        env=ENV,
        expected={"survey": _expected(FakeQualtrics(VendorFaults()))},
    )
    assert isinstance(api, FakeQualtrics) and set(api.scopes) == {"read:survey_responses"}
    assert max(job["polls"] for job in api.jobs.values()) >= 3  # polled until complete
    log = json.loads(
        (tmp_path / "cache" / "http_api" / "datasets" / items["survey"].attributes["response_log"]).read_text()
    )
    assert [e.get("request", "GET")[:4] for e in log] == ["POST", "GET", "GET"]  # create, last poll, file
    assert "effort_score" not in items["survey"].attributes["columns"]  # no effort question given


@pytest.mark.parametrize(
    ("outcome", "polls", "message"), [("failed", 2, "failed (status failed)"), ("complete", 10**6, "not finished")]
)
def test_a_failed_or_endless_job_fails_the_source(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, outcome: str, polls: int, message: str
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    api = FakeQualtrics(VendorFaults(), polls=polls, outcome=outcome)
    with running(api) as url, pytest.raises(CollectionError, match=re.escape(message)):
        collect("qualtrics", {**FAST, **CONFIG, "base_url": url, "poll_timeout": 0.2})
