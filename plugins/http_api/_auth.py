"""Credentials come from environment variables named in the manifest, never from the manifest itself,
and every secret value is remembered so it can be scrubbed from anything servex writes."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from servex import CollectionError

from ._oauth import OAUTH_PROPERTIES, TokenSource

__all__ = ["AUTH_SCHEMA", "Auth", "load_auth"]

AUTH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {"enum": ["none", "bearer", "basic", "header", "query", "oauth2"]},
        "token_env": {"type": "string", "description": "bearer: variable holding the token"},
        "username": {"type": "string", "description": "basic: user name (not secret), e.g. agent@example.com/token"},
        "username_env": {"type": "string"},
        "password_env": {"type": "string"},
        "password": {"enum": ["X"], "description": "basic: fixed non-secret password (Freshdesk uses X)"},
        "header": {"type": "string", "description": "header: name of the API-key header"},
        "param": {"type": "string", "description": "query: name of the API-key query parameter"},
        "value_env": {"type": "string", "description": "header/query: variable holding the key"},
        **OAUTH_PROPERTIES,
    },
}


@dataclass(frozen=True)
class Auth:
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    token: TokenSource | None = None  #: oauth2: hands out (and renews) the bearer token

    def all_secrets(self) -> tuple[str, ...]:
        return self.secrets + (self.token.secrets() if self.token else ())

    def redact(self, url: str) -> str:
        """The URL with secret query values (and any secret text) replaced: safe for cache keys and logs."""
        parts = urlsplit(url)
        query = [
            (k, "REDACTED" if k in self.params or v in self.all_secrets() else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        clean = urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, urlencode(query), ""))
        return self.scrub(clean)

    def scrub(self, text: str) -> str:
        for secret in sorted(self.all_secrets(), key=len, reverse=True):
            if secret:
                text = text.replace(secret, "REDACTED")
        return text


def _env(name: str | None, what: str, offline: bool) -> str:
    if not name:
        raise CollectionError(f"auth: {what} needs the name of an environment variable")
    value = os.environ.get(name)
    if value is None:
        if offline:  # replay needs no credentials
            return ""
        raise CollectionError(f"auth: environment variable {name} is not set")
    return value


def load_auth(config: Mapping[str, Any] | None, *, offline: bool = False) -> Auth:
    spec = dict(config or {"type": "none"})
    kind = spec.get("type", "none")
    if kind == "bearer":
        token = _env(spec.get("token_env"), "token_env", offline)
        return Auth(headers={"Authorization": f"Bearer {token}"}, secrets=(token,))
    if kind == "basic":
        user = spec.get("username") or _env(spec.get("username_env"), "username_env", offline)
        password = spec.get("password") or _env(spec.get("password_env"), "password_env", offline)
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        return Auth(headers={"Authorization": f"Basic {pair}"}, secrets=(pair, password if password != "X" else user))
    if kind == "header":
        value = _env(spec.get("value_env"), "value_env", offline)
        return Auth(headers={str(spec.get("header") or "X-API-Key"): value}, secrets=(value,))
    if kind == "query":
        value = _env(spec.get("value_env"), "value_env", offline)
        return Auth(params={str(spec.get("param") or "api_key"): value}, secrets=(value,))
    if kind == "oauth2":
        if offline:  # replay needs no token, and must not ask for one
            return Auth()
        return Auth(token=TokenSource(spec, lambda name, what: _env(name, what, offline)))
    return Auth()
