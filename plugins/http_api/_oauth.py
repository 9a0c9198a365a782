"""OAuth2 access tokens (RFC 6749): the client-credentials grant (§4.4) and the refresh-token grant (§6).

Salesforce, Genesys Cloud, Medallia, Qualtrics and Google hand out short-lived access tokens instead of
API keys. The client id, secret and refresh token come from environment variables; the access token is
fetched when the first request needs it, renewed shortly before it expires or when the API answers 401,
and every one of these values is scrubbed from anything servex writes. Token answers are never cached:
offline replay needs no token at all.

Why not authlib or httpx-auth: the exchange is one form POST, and it has to run through servex's own
transport (retries, secret scrubbing, no redirects) rather than a second HTTP stack.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from servex import CollectionError

__all__ = ["OAUTH_PROPERTIES", "TokenSource"]

OAUTH_PROPERTIES: dict[str, Any] = {
    "token_url": {"type": "string", "pattern": "^https?://", "description": "oauth2: the token endpoint"},
    "grant": {"enum": ["client_credentials", "refresh_token"], "description": "oauth2: grant type"},
    "client_id_env": {"type": "string", "description": "oauth2: variable holding the client id"},
    "client_secret_env": {"type": "string", "description": "oauth2: variable holding the client secret"},
    "refresh_token_env": {"type": "string", "description": "oauth2 refresh_token: variable holding it"},
    "scope": {"type": "string", "description": "oauth2: space-separated scopes to ask for"},
    "audience": {"type": "string", "description": "oauth2: audience parameter (some vendors want one)"},
    "client_auth": {
        "enum": ["basic", "body"],
        "description": "oauth2: client id/secret as HTTP Basic (default, RFC 6749) or in the form",
    },
}

#: Exchange = (token_url, form fields, extra headers) -> parsed JSON answer (raises CollectionError).
Exchange = Callable[[str, Mapping[str, str], Mapping[str, str]], Any]

_EARLY = 60.0  # renew this many seconds before the announced expiry


class TokenSource:
    def __init__(self, spec: Mapping[str, Any], env: Callable[[str | None, str], str]) -> None:
        if not spec.get("token_url"):
            raise CollectionError("auth: oauth2 needs token_url")
        self.url = str(spec["token_url"])
        self.grant = str(spec.get("grant", "client_credentials"))
        self.client_id = env(spec.get("client_id_env"), "client_id_env")
        self.client_secret = env(spec.get("client_secret_env"), "client_secret_env")
        self.refresh = env(spec.get("refresh_token_env"), "refresh_token_env") if self.grant == "refresh_token" else ""
        self.extra = {k: str(spec[k]) for k in ("scope", "audience") if spec.get(k)}
        self.in_body = spec.get("client_auth") == "body"
        self._token = ""
        self._expires = 0.0
        self._old: list[str] = []  # earlier access and refresh tokens: still secrets
        self._lock = threading.Lock()

    def secrets(self) -> tuple[str, ...]:
        basic = base64.b64encode(f"{quote(self.client_id)}:{quote(self.client_secret)}".encode()).decode()
        values = (self.client_secret, self.refresh, self._token, basic, *self._old)
        return tuple(v for v in values if v)

    def token(self, exchange: Exchange) -> str:
        with self._lock:
            if not self._token or time.monotonic() >= self._expires:
                self._fetch(exchange)
            return self._token

    def invalidate(self, stale: str) -> None:
        """The API refused `stale` (401): the next request fetches a new token (once per stale token)."""
        with self._lock:
            if self._token == stale:
                self._old.append(stale)
                self._token = ""

    def _fetch(self, exchange: Exchange) -> None:
        form = {"grant_type": self.grant, **self.extra}
        if self.grant == "refresh_token":
            form["refresh_token"] = self.refresh
        headers: dict[str, str] = {}
        if self.in_body:
            form.update(client_id=self.client_id, client_secret=self.client_secret)
        else:  # RFC 6749 §2.3.1: form-encode, then Basic
            pair = f"{quote(self.client_id)}:{quote(self.client_secret)}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        answer = exchange(self.url, form, headers)
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise CollectionError(f"oauth2: {self.url} answered without an access_token")
        if self._token:
            self._old.append(self._token)
        self._token = token
        rotated = answer.get("refresh_token")
        if isinstance(rotated, str) and rotated and rotated != self.refresh:
            self._old.append(self.refresh)  # the vendor rotates refresh tokens: use the new one from now on
            self.refresh = rotated
        try:
            lifetime = float(answer.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._expires = time.monotonic() + max(lifetime - _EARLY, lifetime / 2)
