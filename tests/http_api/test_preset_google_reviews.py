"""Google reviews preset against a local Business Profile API: OAuth2 refresh-token grant (client id and
secret in the form, tokens that expire mid-run and a refresh token the server rotates), `pageToken`
paging, star ratings as words, owner replies; faults at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Collect
from connector_checks import check_connector, stamp
from vendor_server import OAuth, Reply, Request, Vendor, VendorFaults, json_reply

CLIENT_ID, SECRET, REFRESH = "1234-gbp.apps.googleusercontent.com", "GOCSPX-g00gle-Secret", "1//0g-Refresh-Token-77"
_PATH = "/v4/accounts/1098765432101234567/locations/9876543210123456789/reviews"
_STARS = ["ONE", "TWO", "THREE", "FOUR", "FIVE"]


def _reviews(n: int) -> list[dict[str, Any]]:
    rng = random.Random(21)
    out = []
    for i in range(n):
        created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(-30 * 86400, 95 * 86400))
        review: dict[str, Any] = {
            "name": f"accounts/1/locations/2/reviews/AbFvOq{i:08d}",
            "reviewId": f"AbFvOq{i:08d}",
            "reviewer": {"displayName": f"Reviewer {i}", "isAnonymous": False},
            "starRating": rng.choice(_STARS),
            "createTime": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "updateTime": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "_created": created,
        }
        if rng.random() < 0.8:
            review["comment"] = rng.choice(["Quick and friendly", "Waited too long", "Fixed at once, thanks"])
        if rng.random() < 0.6:
            replied = created + timedelta(hours=rng.randrange(1, 200))
            review["reviewReply"] = {
                "comment": "Thank you for your feedback",
                "updateTime": replied.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        out.append(review)
    return sorted(out, key=lambda r: r["updateTime"], reverse=True)


class FakeGoogle(Vendor):
    unauthorised = json_reply(
        {
            "error": {
                "code": 401,
                "message": "Request had invalid authentication credentials.",
                "status": "UNAUTHENTICATED",
            }
        },
        401,
    )

    def __init__(self, faults: VendorFaults) -> None:
        oauth = OAuth("/token", CLIENT_ID, SECRET, refresh_token=REFRESH, client_auth="body", token_uses=3, rotate=True)
        super().__init__(faults, oauth=oauth)
        self.reviews = _reviews(180)

    def route(self, req: Request) -> Reply:
        if req.path != _PATH:
            return json_reply(
                {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}, 404
            )
        size = int(req.query.get("pageSize", 50))
        at = int(req.query["pageToken"].removeprefix("tok")) if "pageToken" in req.query else 0
        body: dict[str, Any] = {
            "reviews": [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.reviews[at : at + size]],
            "averageRating": 3.9,
            "totalReviewCount": len(self.reviews),
        }
        if at + size < len(self.reviews):
            body["nextPageToken"] = f"tok{at + size}"
        return json_reply(body)


def _expected(api: FakeGoogle) -> dict[str, dict[str, Any]]:
    out = {}
    for r in api.reviews:
        if not "2026-01-01" <= r["createTime"][:10] <= "2026-03-31":
            continue
        reply = r.get("reviewReply") or {}
        out[r["reviewId"]] = {
            "responded_at": stamp(r["_created"]),
            "satisfaction_score": float(_STARS.index(r["starRating"]) + 1),
            "comment": r.get("comment"),
            "channel": "google_reviews",
            "reply": reply.get("comment"),
            "replied_at": reply["updateTime"].replace("T", " ").rstrip("Z") if reply else None,
        }
    return out


def test_reviews_and_replies_exactly_once_with_a_rotating_refresh_token(
    collect: Collect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, api = check_connector(
        collect,
        monkeypatch,
        tmp_path,
        name="google_reviews",
        config=lambda url: {
            "account_id": "1098765432101234567",
            "location_id": "9876543210123456789",
            "client_id_env": "GBP_CLIENT_ID",
            "client_secret_env": "GBP_CLIENT_SECRET",
            "refresh_token_env": "GBP_REFRESH_TOKEN",
            "token_url": f"{url}/token",
        },
        vendor=FakeGoogle,
        env={"GBP_CLIENT_ID": CLIENT_ID, "GBP_CLIENT_SECRET": SECRET, "GBP_REFRESH_TOKEN": REFRESH},
        expected={"survey": _expected(FakeGoogle(VendorFaults()))},
    )
    assert api.oauth is not None and len(api.oauth.rotated) >= 2  # each renewal used the newest refresh token
