"""Typeform (a `before` cursor taken from the last response of each page, answers by question ref) and
Trustpilot (OAuth2 client credentials, numbered pages fetched concurrently, company replies) presets
against local emulations with faults at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply

TF_TOKEN = "tfp_Secret-Typeform-Token-2c9d"
TP_KEY, TP_SECRET = "tp-api-key-81f2", "tp-Secr3t-Api-Secret-55"
UNIT = "46d6a890000064000500e0c3"


def _moments(n: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    return [
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-5 * 86400, 95 * 86400)) for _ in range(n)
    ]


class FakeTypeform(Vendor):
    unauthorised = json_reply(
        {"code": "AUTHENTICATION_FAILED", "description": "Authentication credentials not found"}, 403
    )

    def __init__(self, faults: VendorFaults) -> None:
        super().__init__(faults)
        rng = random.Random(3)
        self.items = []
        for i, submitted in enumerate(_moments(230, 3)):
            answers = [
                {
                    "field": {"id": "Xy", "ref": "nps", "type": "opinion_scale"},
                    "type": "number",
                    "number": rng.randrange(11),
                }
            ]
            if rng.random() < 0.5:
                answers.append(
                    {
                        "field": {"id": "Zq", "ref": "satisfaction", "type": "rating"},
                        "type": "number",
                        "number": rng.randrange(1, 6),
                    }
                )
            self.items.append(
                {
                    "landed_at": (submitted - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "submitted_at": submitted.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "token": f"tok{i:06d}x",
                    "response_id": f"tok{i:06d}x",
                    "metadata": {"platform": rng.choice(["mobile", "other"])},
                    "answers": answers,
                    "_at": submitted,
                }
            )
        self.items.sort(key=lambda r: (r["_at"], r["token"]), reverse=True)  # newest first, as Typeform answers

    def authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == f"Bearer {TF_TOKEN}"

    def route(self, req: Request) -> Reply:
        if req.path != "/forms/u6nXL7/responses":
            return json_reply({"code": "FORM_NOT_FOUND", "description": "Non existing form"}, 404)
        lo, hi = (datetime.fromisoformat(req.query[k].replace("Z", "+00:00")) for k in ("since", "until"))
        rows = [r for r in self.items if lo <= r["_at"] <= hi]
        if "before" in req.query:
            at = next(i for i, r in enumerate(rows) if r["token"] == req.query["before"]) + 1
        else:
            at = 0
        size = int(req.query["page_size"])
        chunk = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[at : at + size]]
        return json_reply({"total_items": len(rows), "page_count": -(-len(rows) // size), "items": chunk})


class FakeTrustpilot(Vendor):
    unauthorised = json_reply(
        {
            "fault": {
                "faultstring": "Invalid Access Token",
                "detail": {"errorcode": "keymanagement.service.invalid_access_token"},
            }
        },
        401,
    )

    def __init__(self, faults: VendorFaults) -> None:
        path = "/v1/oauth/oauth-business-users-for-applications/accesstoken"
        super().__init__(faults, oauth=OAuth(path, TP_KEY, TP_SECRET, token_uses=5))
        rng = random.Random(8)
        self.reviews = []
        for i, created in enumerate(sorted(_moments(210, 8))):
            review: dict[str, Any] = {
                "id": f"5f{i:022x}",
                "stars": rng.randrange(1, 6),
                "title": "Service",
                "text": rng.choice(["Helpful staff", "Slow refund", "Sorted in one call"]),
                "createdAt": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "_at": created,
            }
            if rng.random() < 0.5:
                review["companyReply"] = {
                    "text": "Thanks",
                    "createdAt": (created + timedelta(hours=rng.randrange(1, 90))).strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            self.reviews.append(review)

    def route(self, req: Request) -> Reply:
        if req.path != f"/v1/private/business-units/{UNIT}/reviews":
            return json_reply({"message": "Not found"}, 404)
        lo, hi = (datetime.fromisoformat(req.query[k].replace("Z", "+00:00")) for k in ("startDateTime", "endDateTime"))
        rows = [r for r in self.reviews if lo <= r["_at"] <= hi]
        page, size = int(req.query["page"]), int(req.query["perPage"])
        chunk = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[(page - 1) * size : page * size]]
        links = (
            [{"href": f"{req.base}{req.path}?page={page + 1}", "method": "GET", "rel": "next-page"}]
            if page * size < len(rows)
            else []
        )
        return json_reply({"reviews": chunk, "links": links})


def test_typeform_responses_exactly_once(collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    api = FakeTypeform(VendorFaults())
    truth = {
        r["token"]: {
            "responded_at": stamp(r["_at"]),
            "recommend_score": float(r["answers"][0]["number"]),
            "satisfaction_score": float(r["answers"][1]["number"]) if len(r["answers"]) > 1 else None,
            "channel": r["metadata"]["platform"],
        }
        for r in api.items
        if "2026-01-01" <= stamp(r["_at"])[:10] <= "2026-03-31"  # type: ignore[index]
    }
    check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="typeform",
        config={
            "token_env": "TF_TOKEN",
            "form_id": "u6nXL7",
            "nps_ref": "nps",
            "csat_ref": "satisfaction",
            "page_size": 25,
        },
        vendor=FakeTypeform,
        env={"TF_TOKEN": TF_TOKEN},
        expected={"survey": truth},
    )


def test_trustpilot_reviews_and_replies_exactly_once(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    api = FakeTrustpilot(VendorFaults())
    truth = {
        r["id"]: {
            "responded_at": stamp(r["_at"]),
            "satisfaction_score": float(r["stars"]),
            "comment": r["text"],
            "channel": "trustpilot",
            "reply": r.get("companyReply", {}).get("text"),
            "replied_at": r["companyReply"]["createdAt"].replace("T", " ").rstrip("Z") if "companyReply" in r else None,
        }
        for r in api.reviews
        if "2026-01-01" <= stamp(r["_at"])[:10] <= "2026-03-31"  # type: ignore[index]
    }
    _, served = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="trustpilot",
        config={
            "business_unit_id": UNIT,
            "client_id_env": "TP_KEY",
            "client_secret_env": "TP_SECRET",
            "page_size": 20,
            "concurrency": 3,
        },
        vendor=FakeTrustpilot,
        env={"TP_KEY": TP_KEY, "TP_SECRET": TP_SECRET},
        expected={"survey": truth},
    )
    assert served.oauth is not None and len(served.oauth.issued) >= 2
